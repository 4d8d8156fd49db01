import KubeModel

/// kube-controller-manager's taint eviction controller: deletes pods from nodes with a
/// `NoExecute` taint they do not tolerate — at once, or when the shortest
/// `tolerationSeconds` of the tolerations they use runs out (300 s by default for
/// `not-ready` and `unreachable`). A taint removed in time cancels the eviction.
public final class TaintEvictionController: ClusterComponent {
  private struct Scheduled {
    var start: Int64
    var due: Int64
    var token: UInt64
  }

  private unowned var attached: Cluster?
  private var nodeTaints: [String: [Taint]] = [:]
  private var scheduled: [ObjectKey: Scheduled] = [:]
  private var nextToken: UInt64 = 0
  private var dirtyNodes: [String] = []
  private var dirtyPods: [ObjectKey] = []
  private var dirtyPodSet: Set<ObjectKey> = []

  public init() {}

  private var cluster: Cluster {
    guard let attached else { fatalError("TaintEvictionController used before it was installed in a cluster") }
    return attached
  }

  public func attach(to cluster: Cluster) {
    attached = cluster
    cluster.store.addPodNodeIndex()
  }

  public var observedKinds: [any KubeObject.Type]? { [Node.self, Pod.self] }

  public func observe(_ event: StoreEvent) {
    if event.commonKind == .node, let node = event.object(as: Node.self) {
      let taints = event.type == .deleted ? [] : (node.spec?.taints ?? []).filter { $0.effect == "NoExecute" }
      if taints != (nodeTaints[node.name] ?? []) {
        nodeTaints[node.name] = taints.isEmpty ? nil : taints
        dirtyNodes.append(node.name)
      }
      return
    }
    // The pod read in place (see `StoreEvent.readingPod`).
    _ = event.readingPod { pod in
      // No node tainted NoExecute and no eviction planned (most of the time): no pod change
      // matters, and its key is not even made.
      if nodeTaints.isEmpty, scheduled.isEmpty { return }
      let key = ObjectKey(namespace: pod.pointee.namespace, name: pod.pointee.name)
      if event.type == .deleted {
        scheduled[key] = nil
        return
      }
      guard nodeTaints[pod.pointee.spec?.nodeName ?? ""] != nil || scheduled[key] != nil else { return }
      if dirtyPodSet.insert(key).inserted { dirtyPods.append(key) }
    }
  }

  public var hasPendingWork: Bool { !dirtyNodes.isEmpty || !dirtyPods.isEmpty }

  public func reconcile() {
    let nodes = dirtyNodes
    dirtyNodes.removeAll()
    for node in nodes {
      for key in cluster.store.keys(Pod.self, index: "node", value: node).sorted() where dirtyPodSet.insert(key).inserted {
        dirtyPods.append(key)
      }
    }
    let keys = dirtyPods
    dirtyPods.removeAll()
    dirtyPodSet.removeAll()
    for key in keys { process(key) }
  }

  /// Decides a pod's fate against its node's NoExecute taints.
  private func process(_ key: ObjectKey) {
    guard let pod = cluster.store.get(Pod.self, key), pod.metadata.deletionTimestamp == nil else {
      scheduled[key] = nil
      return
    }
    let taints = nodeTaints[pod.spec?.nodeName ?? ""] ?? []
    guard !taints.isEmpty else {
      cancel(pod)
      return
    }
    let tolerations = pod.spec?.tolerations ?? []
    var used: [Toleration] = []
    for taint in taints {
      guard let toleration = tolerations.first(where: { $0.tolerates(taint) }) else {
        evict(pod)
        return
      }
      used.append(toleration)
    }
    let seconds = used.compactMap(\.tolerationSeconds).min()
    guard let seconds else {
      cancel(pod)
      return
    }
    if seconds <= 0 {
      evict(pod)
      return
    }
    let now = cluster.clock.micros
    let start = scheduled[key]?.start ?? now
    let due = start + seconds * 1_000_000
    if let existing = scheduled[key], existing.due == due { return }
    if due <= now {
      evict(pod)
      return
    }
    nextToken += 1
    let token = nextToken
    scheduled[key] = Scheduled(start: start, due: due, token: token)
    cluster.schedule(atMicros: due) { [unowned self] cluster in
      guard self.scheduled[key]?.token == token else { return }
      self.scheduled[key] = nil
      if let current = cluster.store.get(Pod.self, key), current.metadata.uid == pod.metadata.uid { self.evict(current) }
    }
  }

  private func cancel(_ pod: Pod) {
    let key = ObjectKey(namespace: pod.namespace, name: pod.name)
    guard scheduled.removeValue(forKey: key) != nil else { return }
    cluster.api.recordEvent(
      about: pod, reason: "TaintManagerEviction", message: "Cancelling deletion of Pod \(pod.namespace)/\(pod.name)",
      component: "taint-eviction-controller")
  }

  /// Marks the pod with a `DisruptionTarget` condition and deletes it (gracefully).
  private func evict(_ pod: Pod) {
    let key = ObjectKey(namespace: pod.namespace, name: pod.name)
    scheduled[key] = nil
    cluster.api.recordEvent(
      about: pod, reason: "TaintManagerEviction", message: "Marking for deletion Pod \(pod.namespace)/\(pod.name)",
      component: "taint-eviction-controller")
    if let marked = PodChecks.markedForDisruption(
      pod, reason: "DeletionByTaintManager", message: "Taint manager: deleting due to NoExecute taint", at: cluster.clock.now)
    {
      _ = try? cluster.api.updateStatus(marked)
    }
    _ = try? cluster.api.delete(Pod.self, namespace: pod.namespace, name: pod.name)
  }
}
