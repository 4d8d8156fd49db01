import KubeModel

/// The control plane's etcd cluster: one member per control-plane node, a leader among
/// the healthy members, and quorum (a majority of members up).
///
/// With quorum everything works, even with a member down. Without it the API server
/// refuses every write with `etcdserver: request timed out` (what kube-apiserver returns
/// when etcd cannot commit), and the cluster's loop stops running controllers and the
/// scheduler (`Cluster.controlPlaneAvailable`), while kubelets keep the pods they run.
/// Reads are still served (from the API server's cache). A member coming back restores
/// quorum; a leader is elected and the control loop catches up on what it missed.
///
/// Members are the nodes labelled `node-role.kubernetes.io/control-plane`, found as they
/// join, or added with `addMember(node:)`. Power is reported with `setMemberUp(node:up:)`.
public final class ControlPlane: ClusterComponent {
  /// The error writes get while etcd has no quorum.
  public static let noQuorumMessage = "etcdserver: request timed out"
  static let controlPlaneLabel = "node-role.kubernetes.io/control-plane"

  /// One etcd member as the dashboard shows it.
  public struct Member: Hashable, Sendable {
    public var node: String
    public var healthy: Bool
    public var leader: Bool
  }

  private weak var cluster: Cluster?
  private var up: [String: Bool] = [:]
  /// The current leader's node, nil while there is none.
  public private(set) var leader: String?
  /// The election term, raised at every election.
  public private(set) var term: UInt64 = 0

  public init() {}

  public func attach(to cluster: Cluster) {
    self.cluster = cluster
    for node in cluster.store.all(Node.self) where Self.isControlPlane(node) { up[node.name] = up[node.name] ?? true }
    electIfNeeded()
  }

  public var observedKinds: [any KubeObject.Type]? { [Node.self] }

  public func observe(_ event: StoreEvent) {
    guard let node = event.object as? Node else { return }
    if event.type == .deleted {
      if up.removeValue(forKey: node.name) != nil { membershipChanged() }
    } else if Self.isControlPlane(node), up[node.name] == nil {
      up[node.name] = true
      membershipChanged()
    }
  }

  public var hasPendingWork: Bool { false }
  public func reconcile() {}

  static func isControlPlane(_ node: Node) -> Bool { node.metadata.labels?[controlPlaneLabel] != nil }

  // MARK: API

  /// Adds an etcd member on `node` (up).
  public func addMember(node: String) {
    guard up[node] == nil else { return }
    up[node] = true
    membershipChanged()
  }

  /// Powers a member's node off (`up: false`) or on. Losing the majority refuses writes;
  /// regaining it elects a leader and lets the control loop catch up.
  public func setMemberUp(node: String, up isUp: Bool) {
    guard up[node] != nil, up[node] != isUp else { return }
    up[node] = isUp
    membershipChanged()
    if isUp, hasQuorum { cluster?.settle() }
  }

  /// Every member, by node name: healthy or not, and which one leads.
  public func members() -> [Member] {
    up.keys.sorted().map { Member(node: $0, healthy: up[$0] ?? false, leader: $0 == leader) }
  }

  /// Whether a majority of members is up (always, with no members modelled).
  public var hasQuorum: Bool {
    let healthy = up.values.filter { $0 }.count
    return up.isEmpty || healthy * 2 > up.count
  }

  // MARK: Election

  private func membershipChanged() {
    if let leader, up[leader] != true { self.leader = nil }
    electIfNeeded()
    cluster?.api.writesRefused = hasQuorum ? nil : Self.noQuorumMessage
  }

  /// Raft elects one of the healthy members once a majority can vote; which one is seeded.
  private func electIfNeeded() {
    guard leader == nil, !up.isEmpty, hasQuorum else {
      if !hasQuorum { leader = nil }
      return
    }
    let candidates = up.keys.filter { up[$0] == true }.sorted()
    guard !candidates.isEmpty else { return }
    term += 1
    let seed = cluster?.configuration.seed ?? 0
    let pick = Int(SeededRandom.unit(hashing: seed, term) * Double(candidates.count))
    leader = candidates[min(pick, candidates.count - 1)]
  }
}
