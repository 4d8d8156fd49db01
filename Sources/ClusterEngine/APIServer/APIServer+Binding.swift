import KubeModel

/// The `pods/binding` subresource: how the scheduler (or `POST …/pods/X/binding`) assigns a
/// pending pod to a node.
extension APIServer {
  /// Binds pod `name` to `node`: sets `spec.nodeName` and the condition PodScheduled=True.
  /// An already-bound, terminating or scheduling-gated pod is a Conflict with upstream's message.
  @discardableResult
  public func bind(pod name: String, namespace: String, node: String) throws(Status) -> Pod {
    try checkWritable()
    guard var pod = store.get(Pod.self, namespace: namespace, name: name) else {
      throw Status.notFound(.pods, name: name)
    }
    func conflict(_ why: String) -> Status {
      Status(
        message: "Operation cannot be fulfilled on pods/binding \"\(name)\": \(why)", reason: .conflict,
        details: StatusDetails(name: name, group: "", kind: "pods/binding"), code: 409)
    }
    if pod.metadata.deletionTimestamp != nil {
      throw conflict("pod \(name) is being deleted, cannot be assigned to a host")
    }
    // One read of the boxed spec for both checks (each read copies it out).
    if let spec = pod.spec {
      if let current = spec.nodeName, !current.isEmpty {
        throw conflict("pod \(name) is already assigned to node \"\(current)\"")
      }
      if !(spec.schedulingGates ?? []).isEmpty {
        throw conflict("pod \(name) has non-empty .spec.schedulingGates")
      }
    }
    // Spec and status are changed in place through their boxes (one copy each of the stored
    // values); reading them out and setting them back copied each twice more. The optional
    // chain is nil only when the pod has none yet.
    if (pod.spec?.nodeName = node) == nil {
      var spec = PodSpec()
      spec.nodeName = node
      pod.spec = spec
    }
    let scheduled = PodCondition(type: "PodScheduled", status: "True")
    if pod.status?.setCondition(scheduled, now: cluster.clock.now) == nil {
      var status = PodStatus()
      status.setCondition(scheduled, now: cluster.clock.now)
      pod.status = status
    }
    return store.put(pod)
  }

  /// Binds as a posted `Binding` object says: `metadata.name` is the pod, `target.name` the node.
  @discardableResult
  public func bind(_ binding: Binding, namespace: String) throws(Status) -> Pod {
    guard let node = binding.target.name, !node.isEmpty else {
      throw Status.invalid(.bindings, name: binding.name, errors: [.required(FieldPath("target", "name"))])
    }
    return try bind(pod: binding.name, namespace: binding.metadata.namespace ?? namespace, node: node)
  }
}

extension PodStatus {
  /// Sets a condition as `podutil.UpdatePodCondition` does: the transition time moves only
  /// when the status changes. Returns whether anything changed.
  @discardableResult
  mutating func setCondition(_ condition: PodCondition, now: Time) -> Bool {
    var condition = condition
    condition.lastTransitionTime = now
    var list = conditions ?? []
    guard let index = list.firstIndex(where: { $0.type == condition.type }) else {
      list.append(condition)
      conditions = list
      return true
    }
    let old = list[index]
    if old.status == condition.status { condition.lastTransitionTime = old.lastTransitionTime }
    guard old != condition else { return false }
    list[index] = condition
    conditions = list
    return true
  }
}
