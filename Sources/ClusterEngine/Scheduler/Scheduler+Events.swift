import KubeModel

/// How the scheduler follows pods and services: bound pods into the cache, pending pods into the queue.
extension Scheduler {
  /// Plugins whose verdicts a change of bound pods can turn (upstream's AssignedPod events).
  static let podAddHelps: Set<PluginName> = [.podTopologySpread, .interPodAffinity]
  static let podDeleteHelps: Set<PluginName> = [.nodeResourcesFit, .nodePorts, .podTopologySpread, .interPodAffinity]

  /// Whether a change of `pod` that kept its metadata and spec (a status write) leaves the
  /// scheduler as it is: the pod is bound, was seen bound with this metadata and spec, and
  /// is still running, so its cached record (node, uid, labels, termination) is unchanged
  /// and it is in no queue. A finished pod, or one back from finished, goes the full way.
  func keepsCachedState(_ pod: UnsafePointer<Pod>) -> Bool {
    guard let nodeName = pod.pointee.spec?.nodeName, !nodeName.isEmpty, !Self.isTerminal(pod.pointee.status?.phase) else {
      return false
    }
    return finishedBound.isEmpty
      || !finishedBound.contains(
        ObjectKey(namespace: pod.pointee.metadata.namespace ?? "default", name: pod.pointee.metadata.name ?? ""))
  }

  private static func isTerminal(_ phase: String?) -> Bool { phase == "Succeeded" || phase == "Failed" }

  func notePod(_ pod: Pod, deleted: Bool) {
    let key = ObjectKey(namespace: pod.metadata.namespace ?? "default", name: pod.name)
    let nodeName = pod.spec?.nodeName ?? ""
    let terminal = Self.isTerminal(pod.status?.phase)
    if deleted || (!nodeName.isEmpty && terminal) {
      if deleted {
        if !finishedBound.isEmpty { finishedBound.remove(key) }
      } else {
        finishedBound.insert(key)
      }
      dequeue(key)
      if cache.removePod(key) != nil { queue.moveUnschedulable(helping: Self.podDeleteHelps, now: now) }
      return
    }
    if !finishedBound.isEmpty { finishedBound.remove(key) }
    if !nodeName.isEmpty {
      dequeue(key)
      noteAssignedPod(pod, key: key, nodeName: nodeName)
      return
    }
    // Unassigned.
    guard (pod.spec?.schedulerName ?? Self.name) == Self.name, pod.metadata.deletionTimestamp == nil, !terminal,
      (pod.spec?.schedulingGates ?? []).isEmpty
    else {
      dequeue(key)
      return
    }
    var seen = pod
    seen.metadata.resourceVersion = nil
    let existing = queue.entries[key]?.pod
    if let previous = existing?.object, Self.equalButForStatus(previous, seen) { return }
    let info = podInfoMemo.info(
      for: pod, defaultSpreadSelector: defaultSpreadSelector(for: pod), systemDefaults: &systemDefaultSpread)
    if let existing { cache.release(existing.info.counterKeys) }
    cache.retain(info.counterKeys)
    queue.add(info, object: seen, now: now)
  }

  /// Whether two states of a pod differ only in their status (upstream's `isPodUpdated` is
  /// false): a status write does not requeue a pending pod. Both have resourceVersion cleared.
  static func equalButForStatus(_ lhs: Pod, _ rhs: Pod) -> Bool {
    lhs.metadata == rhs.metadata && lhs.apiVersion == rhs.apiVersion && lhs.kind == rhs.kind
      && (lhs.sharesSpec(with: rhs) || lhs.spec == rhs.spec)
  }

  private func noteAssignedPod(_ pod: Pod, key: ObjectKey, nodeName: String) {
    let terminating = pod.metadata.deletionTimestamp != nil
    let labels = pod.metadata.labels ?? [:]
    // Most changes of a bound pod are status writes that change nothing cached: one lookup
    // of the pod, read in place, settles them. (A slot's name is the node's: slots are
    // never reused for another name.)
    if let index = cache.pods.index(forKey: key),
      cache.pods.values[index].isUnchanged(
        nodeName: nodeName, uid: pod.metadata.uid, labels: labels, terminating: terminating, names: cache.nodes.names)
    {
      if cache.pods.values[index].assumed { cache.pods.values[index].assumed = false }
      return
    }
    let slot = cache.slot(for: nodeName)
    let isNew = cache.pods[key] == nil
    cache.addPod(key, CachedPod(PodInfo(pod), slot: slot, assumed: false, terminating: terminating))
    if isNew || cache.pods[key]?.labels != labels { queue.moveUnschedulable(helping: Self.podAddHelps, now: now) }
  }

  func noteService(_ service: Service, deleted: Bool) {
    let namespace = service.metadata.namespace ?? "default"
    let selector = service.spec?.selector ?? [:]
    if deleted || selector.isEmpty {
      serviceSelectors[namespace]?[service.name] = nil
    } else {
      serviceSelectors[namespace, default: [:]][service.name] = selector
    }
  }

  /// upstream's `helper.DefaultSelector`: the selectors of the Services selecting the pod,
  /// merged, plus its controlling ReplicaSet's or StatefulSet's selector.
  func defaultSpreadSelector(for pod: Pod) -> Selector? {
    let namespace = pod.metadata.namespace ?? "default"
    let labels = pod.metadata.labels ?? [:]
    var merged: [String: String] = [:]
    if let services = serviceSelectors[namespace], !services.isEmpty {
      for (_, selector) in services.sorted(by: { $0.key < $1.key }) where selector.allSatisfy({ labels[$0.key] == $0.value }) {
        merged.merge(selector) { _, new in new }
      }
    }
    var selector = Selector(matchingLabels: merged)
    guard let owner = pod.metadata.controllerRef, let store = cluster?.store else { return selector }
    let key = OwnerSelectorCache.Key(kind: owner.kind, namespace: namespace, name: owner.name)
    func entry<Owner: KubeObject>(_ kind: Owner.Type, _ selector: (Owner) -> LabelSelector?) -> OwnerSelectorCache.Entry? {
      ownerSelectors.entry(for: key, changes: store.changeCount(kind)) {
        store.get(kind, namespace: namespace, name: owner.name).flatMap(selector)
      }
    }
    let found: OwnerSelectorCache.Entry?
    switch owner.kind {
    case "ReplicaSet": found = entry(ReplicaSet.self) { $0.spec?.selector }
    case "StatefulSet": found = entry(StatefulSet.self) { $0.spec?.selector }
    default: found = nil
    }
    guard let entry = found else { return selector }
    if merged.isEmpty, let alone = entry.alone { return alone }
    if let parsed = entry.parsed {
      selector = Selector(requirements: selector.requirements + parsed.requirements)
    }
    return selector
  }
}
