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
///
/// It also plays kube-apiserver's lease endpoint reconciler: every API server that is up
/// renews a 15-second lease every 10 seconds and rewrites the `default/kubernetes` Endpoints
/// to list the InternalIP (port 6443) of each API server whose lease holds. One that starts
/// lists itself at once; one that goes down stays listed until the first renewal after its
/// lease lapsed, 10 to 20 seconds later.
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

  /// How long an API server's lease lasts, and how often each live one renews it.
  static let leaseTTLMicros: Int64 = 15_000_000
  static let leaseRenewalSeconds = 10.0

  private unowned var cluster: Cluster?
  private var up: [String: Bool] = [:]
  /// When each API server's lease lapses, in virtual microseconds.
  private var leaseExpiry: [String: Int64] = [:]
  /// The API servers the endpoints list: those whose lease held at the last renewal, and
  /// any that started since.
  private var listed: Set<String> = []
  /// Whether the `default/kubernetes` Endpoints may be out of date.
  private var endpointsStale = true
  /// The current leader's node, nil while there is none.
  public private(set) var leader: String?
  /// The election term, raised at every election.
  public private(set) var term: UInt64 = 0

  public init() {}

  public func attach(to cluster: Cluster) {
    self.cluster = cluster
    EndpointSliceWriter.installIndex(on: cluster.store)
    for node in cluster.store.all(Node.self) where Self.isControlPlane(node) { up[node.name] = up[node.name] ?? true }
    electIfNeeded()
    renewLeases()
  }

  /// The live API servers renew their leases and, as their reconcilers do, rewrite the
  /// endpoints (which drops any lease that lapsed); then again in 10 seconds.
  private func renewLeases() {
    guard let cluster else { return }
    let now = cluster.clock.micros
    for (node, isUp) in up where isUp { leaseExpiry[node] = now + Self.leaseTTLMicros }
    listed = Set(up.keys.filter { (leaseExpiry[$0] ?? 0) > now })
    endpointsStale = true
    cluster.schedule(after: Self.leaseRenewalSeconds) { [unowned self] _ in self.renewLeases() }
  }

  public var observedKinds: [any KubeObject.Type]? { [Node.self, Service.self, Endpoints.self] }

  public func observe(_ event: StoreEvent) {
    if event.object is Service || event.object is Endpoints {
      if event.object.namespace == "default" && event.object.name == "kubernetes" { endpointsStale = true }
      return
    }
    guard let node = event.object(as: Node.self) else { return }
    if Self.isControlPlane(node) { endpointsStale = true }
    if event.type == .deleted {
      leaseExpiry[node.name] = nil
      listed.remove(node.name)
      if up.removeValue(forKey: node.name) != nil { membershipChanged() }
    } else if Self.isControlPlane(node), up[node.name] == nil {
      addMember(node: node.name)
    }
  }

  public var hasPendingWork: Bool { endpointsStale }

  public func reconcile() {
    endpointsStale = false
    publishEndpoints()
  }

  static func isControlPlane(_ node: Node) -> Bool { node.metadata.labels?[controlPlaneLabel] != nil }

  // MARK: API

  /// Adds an etcd member on `node` (up).
  public func addMember(node: String) {
    guard up[node] == nil else { return }
    up[node] = true
    renewLease(node)
    membershipChanged()
  }

  /// An API server that starts takes its lease (and so its place in the endpoints) at once.
  private func renewLease(_ node: String) {
    guard let cluster else { return }
    leaseExpiry[node] = cluster.clock.micros + Self.leaseTTLMicros
    listed.insert(node)
  }

  /// Powers a member's node off (`up: false`) or on. Losing the majority refuses writes;
  /// regaining it elects a leader and lets the control loop catch up.
  public func setMemberUp(node: String, up isUp: Bool) {
    guard up[node] != nil, up[node] != isUp else { return }
    up[node] = isUp
    if isUp { renewLease(node) }
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
    endpointsStale = true
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

  // MARK: Endpoints

  /// Writes `default/kubernetes` when the set of API servers holding a lease has changed.
  private func publishEndpoints() {
    guard let cluster, !up.isEmpty,
      let service = cluster.store.get(Service.self, namespace: "default", name: "kubernetes")
    else { return }
    defer {
      let subsets = cluster.store.get(Endpoints.self, namespace: "default", name: "kubernetes")?.subsets
      EndpointSliceWriter.reconcile(ObjectKey(of: service), service: service, subsets: subsets ?? [], managedBy: nil, in: cluster)
    }
    let ips = listed.compactMap { name in
      cluster.store.get(Node.self, name: name)?.status?.addresses?.first { $0.type == "InternalIP" }?.address
    }.sorted()
    var subsets: [EndpointSubset] = []
    if !ips.isEmpty {
      var subset = EndpointSubset()
      subset.addresses = ips.map { ip in
        var address = EndpointAddress()
        address.ip = ip
        return address
      }
      var port = EndpointPort()
      port.name = "https"
      port.port = 6443
      port.protocol = "TCP"
      subset.ports = [port]
      subsets = [subset]
    }
    let labels = ["endpointslice.kubernetes.io/skip-mirror": "true"]
    if var existing = cluster.store.get(Endpoints.self, namespace: "default", name: "kubernetes") {
      guard (existing.subsets ?? []) != subsets || existing.metadata.labels != labels else { return }
      existing.subsets = subsets.isEmpty ? nil : subsets
      existing.metadata.labels = labels
      existing.metadata.resourceVersion = nil
      _ = try? cluster.api.update(existing)
    } else if !subsets.isEmpty {
      var endpoints = Endpoints()
      endpoints.metadata = ObjectMeta(name: "kubernetes", namespace: "default", labels: labels)
      endpoints.subsets = subsets
      _ = try? cluster.api.create(endpoints)
    }
  }
}
