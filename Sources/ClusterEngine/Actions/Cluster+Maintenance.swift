import KubeModel

/// Node maintenance as `kubectl cordon`, `uncordon` and `drain` do it, with their output.
extension Cluster {
  /// Marks a node unschedulable (`spec.unschedulable: true`, the patch kubectl sends) and
  /// returns kubectl's line: `node/worker-2 cordoned` or `node/worker-2 already cordoned`.
  /// The node lifecycle controller then adds the `node.kubernetes.io/unschedulable` taint.
  @discardableResult
  public func cordon(node name: String) throws(Status) -> String {
    try setUnschedulable(node: name, true)
  }

  /// Makes a node schedulable again (kubectl's patch removes `spec.unschedulable`) and
  /// returns `node/worker-2 uncordoned` or `node/worker-2 already uncordoned`.
  @discardableResult
  public func uncordon(node name: String) throws(Status) -> String {
    try setUnschedulable(node: name, false)
  }

  private func setUnschedulable(node name: String, _ unschedulable: Bool) throws(Status) -> String {
    let node = try api.get(Node.self, name: name)
    guard (node.spec?.unschedulable ?? false) != unschedulable else {
      return cordonLine(name, cordon: unschedulable, already: true)
    }
    try api.modify(Node.self, name: name) { node in
      var spec = node.spec ?? NodeSpec()
      spec.unschedulable = unschedulable ? true : nil
      node.spec = spec
    }
    return cordonLine(name, cordon: unschedulable, already: false)
  }

  /// Joins a machine to the cluster through its simulated kubelet, which registers the Node
  /// (capacity, allocatable, labels, taints), its Lease and heartbeats.
  @discardableResult
  public func joinNode(_ configuration: NodeConfiguration) throws(Status) -> Node {
    guard let kubelet = component(Kubelet.self) else {
      throw Status.unavailable("the server is currently unable to handle the request (no simulated kubelet is running)")
    }
    return try kubelet.register(configuration)
  }

  /// Drains a node as `kubectl drain` does: cordons it, applies kubectl's filters
  /// (DaemonSet, mirror, local storage, unreplicated pods), and when nothing is refused,
  /// evicts every remaining pod through the Eviction subresource (so disruption budgets
  /// hold) or deletes it with `disableEviction`.
  ///
  /// A refusal throws kubectl's aggregated message and evicts nothing; the node stays
  /// cordoned, as with kubectl. Evictions a budget refuses are reported per pod as
  /// `.refused`; kubectl would retry them every 5 s, callers may call `drain` again.
  public func drain(node name: String, options: DrainOptions = DrainOptions()) throws(DrainError) -> DrainReport {
    let cordoned: String
    do {
      cordoned = try cordon(node: name)
    } catch {
      throw DrainError(node: name, problems: [error.description])
    }
    let pods = store.all(Pod.self).filter { $0.spec?.nodeName == name }
    let plan = DrainFilter.plan(pods: pods, options: options) { namespace, daemonSet in
      store.get(DaemonSet.self, namespace: namespace, name: daemonSet) != nil
    }
    guard plan.errors.isEmpty else {
      throw DrainError(node: name, problems: plan.errors, cordonLine: cordoned)
    }
    return DrainReport(
      node: name, wasCordoned: cordoned == cordonLine(name, already: true), plan: plan,
      evictions: plan.toEvict.map { removeForDrain($0, options: options) })
  }

  /// Evicts (or deletes) one pod for a drain; a pod already gone counts as evicted.
  private func removeForDrain(_ pod: Pod, options: DrainOptions) -> DrainReport.Outcome {
    let deleteOptions = DeleteOptions(gracePeriodSeconds: options.gracePeriodSeconds)
    do {
      if options.disableEviction {
        try api.delete(Pod.self, namespace: pod.namespace, name: pod.name, options: deleteOptions)
      } else {
        try api.evict(namespace: pod.namespace, pod: pod.name, deleteOptions: deleteOptions)
      }
      return .evicted
    } catch {
      if error.reason == .notFound { return .evicted }
      return .refused(error.description)
    }
  }
}
