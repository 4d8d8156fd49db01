import KubeModel

/// kube-controller-manager's pod garbage collector, for orphans: a pod bound to a node
/// that no longer exists is marked Failed with a `DisruptionTarget` condition
/// (`DeletionByPodGC`) and deleted at once, 40 s after the node went (the quarantine that
/// lets a node that was only being re-registered come back). Its controller then
/// replaces it on a node that exists.
public final class PodGarbageCollector: ClusterComponent {
  /// Upstream's `quarantineTime`.
  static let quarantineSeconds = 40.0

  private unowned var attached: Cluster?
  private var due: [String] = []

  public init() {}

  public func attach(to cluster: Cluster) {
    attached = cluster
    cluster.store.addPodNodeIndex()
  }

  public var observedKinds: [any KubeObject.Type]? { [Node.self] }

  public func observe(_ event: StoreEvent) {
    guard event.type == .deleted, let node = event.object(as: Node.self), let cluster = attached else { return }
    let name = node.name
    cluster.schedule(after: Self.quarantineSeconds) { [unowned self] _ in self.due.append(name) }
  }

  public var hasPendingWork: Bool { !due.isEmpty }

  public func reconcile() {
    guard let cluster = attached else { return }
    let nodes = due
    due.removeAll()
    for node in nodes where cluster.store.get(Node.self, name: node) == nil {
      for key in cluster.store.keys(Pod.self, index: "node", value: node).sorted() {
        guard let pod = cluster.store.get(Pod.self, key) else { continue }
        collect(pod, in: cluster)
      }
    }
  }

  private func collect(_ pod: Pod, in cluster: Cluster) {
    var updated =
      PodChecks.markedForDisruption(pod, reason: "DeletionByPodGC", message: "PodGC: node no longer exists", at: cluster.clock.now)
      ?? pod
    if !PodChecks.isTerminal(updated) { updated.status?.phase = "Failed" }
    _ = try? cluster.api.updateStatus(updated)
    var options = DeleteOptions()
    options.gracePeriodSeconds = 0
    _ = try? cluster.api.delete(Pod.self, namespace: pod.namespace, name: pod.name, options: options)
  }
}
