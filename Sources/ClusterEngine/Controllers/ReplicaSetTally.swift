import KubeModel

/// What the ReplicaSet controller knows about one ReplicaSet's pods, kept up to date from
/// watch events: per-pod facts and the counts its status reports.
struct ReplicaSetTally {
  /// What matters about one owned pod.
  struct PodFacts: Equatable {
    /// Neither finished nor terminating.
    var active: Bool
    /// Active and matched by the selector: a replica.
    var counted: Bool
    var fullyLabeled: Bool
    /// When it became ready (absolute microseconds), if it is.
    var readySince: Int64?
    var nodeName: String
  }

  var key: ObjectKey
  var selector: Selector
  var templateLabels: [String: String]
  var minReadySeconds: Int32
  var ownerUID: String?
  var pods: [ObjectKey: PodFacts] = [:]
  var replicas = 0
  var fullyLabeled = 0
  var ready = 0
  /// Orphans the selector may match.
  var adoptionCandidates: Set<ObjectKey> = []
  /// Owned active pods the selector no longer matches.
  var mismatched: Set<ObjectKey> = []
  /// The last labels `refresh` tested, with whether the selector matches them and whether
  /// they carry the template's labels: the pods of a ReplicaSet share their template's
  /// label dictionary, so the next pod's labels are mostly the same storage (one pointer
  /// comparison). Forgotten when the selector or the template labels change.
  private var lastLabels: (labels: [String: String], matches: Bool, fullyLabeled: Bool)?

  init(key: ObjectKey, selector: Selector, templateLabels: [String: String], minReadySeconds: Int32) {
    self.key = key
    self.selector = selector
    self.templateLabels = templateLabels
    self.minReadySeconds = minReadySeconds
  }

  func facts(of pod: Pod) -> PodFacts {
    let labels = pod.metadata.labels ?? [:]
    return withUnsafePointer(to: pod) {
      facts(of: $0, matches: selector.matches(labels), fullyLabeled: carriesTemplateLabels(labels))
    }
  }

  private func facts(of pod: UnsafePointer<Pod>, matches: Bool, fullyLabeled: Bool) -> PodFacts {
    let active = pod.pointee.isActive
    return PodFacts(
      active: active, counted: active && matches, fullyLabeled: fullyLabeled,
      readySince: pod.pointee.readySinceMicros, nodeName: pod.pointee.spec?.nodeName ?? "")
  }

  private func carriesTemplateLabels(_ labels: [String: String]) -> Bool {
    templateLabels.allSatisfy { labels[$0.key] == $0.value }
  }

  /// `facts(of:)`, testing the labels only when they differ from the last ones tested.
  private mutating func memoizedFacts(of pod: UnsafePointer<Pod>) -> PodFacts {
    let labels = pod.pointee.metadata.labels ?? [:]
    if let last = lastLabels, last.labels == labels {
      return facts(of: pod, matches: last.matches, fullyLabeled: last.fullyLabeled)
    }
    let tested = (labels: labels, matches: selector.matches(labels), fullyLabeled: carriesTemplateLabels(labels))
    lastLabels = tested
    return facts(of: pod, matches: tested.matches, fullyLabeled: tested.fullyLabeled)
  }

  /// Adds a pod with its facts worked out from its state (the labels test reused as
  /// `refresh` reuses it); returns the facts. The pod is read where the caller holds it
  /// (see `StoreEvent.readingPod`): a `Pod` parameter would be a copy of it.
  mutating func insert(_ key: ObjectKey, from pod: UnsafePointer<Pod>) -> PodFacts {
    let facts = memoizedFacts(of: pod)
    insert(key, facts)
    return facts
  }

  mutating func insert(_ key: ObjectKey, _ facts: PodFacts) {
    pods[key] = facts
    apply(key, facts, sign: 1)
  }

  /// Recomputes the facts of a tracked pod from its new state, in place: the same counts as
  /// `remove` then `insert`, without taking the pod out of the table or hashing its key
  /// twice. Nil when the pod is not tracked; else whether its facts changed.
  mutating func refresh(_ key: ObjectKey, from pod: UnsafePointer<Pod>) -> Bool? {
    guard let index = pods.index(forKey: key) else { return nil }
    let old = pods.values[index]
    let new = memoizedFacts(of: pod)
    if new == old { return false }
    apply(key, old, sign: -1)
    pods.values[index] = new
    apply(key, new, sign: 1)
    return true
  }

  @discardableResult
  mutating func remove(_ key: ObjectKey) -> PodFacts? {
    guard let facts = pods.removeValue(forKey: key) else { return nil }
    apply(key, facts, sign: -1)
    return facts
  }

  private mutating func apply(_ key: ObjectKey, _ facts: PodFacts, sign: Int) {
    if facts.counted {
      replicas += sign
      if facts.fullyLabeled { fullyLabeled += sign }
      if facts.readySince != nil { ready += sign }
    }
    if facts.active && !facts.counted {
      if sign > 0 { mismatched.insert(key) } else { mismatched.remove(key) }
    }
  }

  /// Recomputes every pod's facts after the selector, template labels or minReadySeconds changed.
  mutating func reconfigure(selector: Selector, templateLabels: [String: String], minReadySeconds: Int32, store: ObjectStore?) {
    self.selector = selector
    self.templateLabels = templateLabels
    self.minReadySeconds = minReadySeconds
    lastLabels = nil
    let keys = Array(pods.keys)
    for key in keys {
      remove(key)
      if let pod = store?.get(Pod.self, key) { insert(key, facts(of: pod)) }
    }
  }

  /// Replicas ready for longer than minReadySeconds.
  func availableCount(nowMicros: Int64) -> Int {
    if minReadySeconds == 0 { return ready }
    return pods.values.reduce(0) { count, facts in
      guard facts.counted, let since = facts.readySince else { return count }
      return Pod.available(readySince: since, minReadySeconds: minReadySeconds, nowMicros: nowMicros) ? count + 1 : count
    }
  }

  /// The next instant (absolute microseconds) a ready replica becomes available.
  func nextAvailability(nowMicros: Int64) -> Int64? {
    pods.values.compactMap { facts -> Int64? in
      guard facts.counted, let since = facts.readySince else { return nil }
      let due = since + Int64(minReadySeconds) * 1_000_000 + 1
      return due > nowMicros ? due : nil
    }.min()
  }
}
