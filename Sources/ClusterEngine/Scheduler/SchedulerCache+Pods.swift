import KubeModel

/// A pod the cache accounts on a node: what it requests and what other pods' terms see of it.
/// Kept small (its namespace is its key's, its node slot 32 bits wide next to the flags): the
/// cache's table is sized for every bound pod of the cluster.
struct CachedPod {
  private var slotIndex: Int32
  /// The pod's id in the cache's label index, given by `SchedulerCache.addPod`.
  var id: Int32 = 0
  var terminating: Bool
  /// Bound by the scheduler and not yet seen back from the store.
  var assumed: Bool
  /// The pod's priority: what preemption weighs (in the padding after the flags).
  var priority: Int32
  var uid: String
  var labels: [String: String]
  var requested: ResourceRequest
  var nonZeroCPU: Int64
  var nonZeroMemory: Int64
  var hostPorts: [HostPort]
  var holderKeys: [HolderKey]

  /// The node's slot in the cache.
  var slot: Int { Int(slotIndex) }

  /// Whether a bound pod's new state leaves this record as it is: the same node (`names`
  /// gives each slot's node), uid (when given), labels and termination. Read in place, so
  /// the record is not copied out of the cache's table.
  func isUnchanged(nodeName: String, uid: String?, labels: [String: String], terminating: Bool, names: [String]) -> Bool {
    names[slot] == nodeName && self.uid == (uid ?? self.uid) && self.labels == labels && self.terminating == terminating
  }

  init(_ info: PodInfo, slot: Int, assumed: Bool, terminating: Bool = false) {
    slotIndex = Int32(slot)
    uid = info.uid
    labels = info.labels
    self.terminating = terminating
    priority = info.priority
    requested = info.requested
    nonZeroCPU = info.nonZeroCPU
    nonZeroMemory = info.nonZeroMemory
    hostPorts = info.hostPorts
    holderKeys = info.holderKeys
    self.assumed = assumed
  }
}

extension NodeTable {
  /// Adds `pod`'s requests, pod count and host ports to its node's columns (or, not
  /// `adding`, takes them away) and refreshes the node's fit row: one access to the table.
  mutating func account(_ pod: CachedPod, adding: Bool) {
    let slot = pod.slot
    let sign: Int64 = adding ? 1 : -1
    requestedCPU[slot] += sign * pod.requested.milliCPU
    requestedMemory[slot] += sign * pod.requested.memory
    requestedEphemeral[slot] += sign * pod.requested.ephemeralStorage
    for (name, value) in pod.requested.scalar { requestedScalar[slot][name, default: 0] += sign * value }
    nonZeroCPU[slot] += sign * pod.nonZeroCPU
    nonZeroMemory[slot] += sign * pod.nonZeroMemory
    podCount[slot] += sign
    if adding {
      if !pod.hostPorts.isEmpty { usedPorts[slot] += pod.hostPorts }
    } else {
      for port in pod.hostPorts {
        if let index = usedPorts[slot].firstIndex(of: port) { usedPorts[slot].remove(at: index) }
      }
    }
    refreshFit(slot)
  }
}

extension SchedulerCache {
  // MARK: Pods

  /// Accounts `pod` on its node (replacing an earlier state of the same pod).
  func addPod(_ key: ObjectKey, _ pod: CachedPod) {
    if pods[key] != nil { removePod(key) }
    var pod = pod
    if let free = freePodIDs.popLast() {
      pod.id = free
      podKeys[Int(free)] = key
    } else {
      pod.id = Int32(podKeys.count)
      podKeys.append(key)
    }
    let slot = pod.slot
    touch(slot)
    nodes.account(pod, adding: true)
    priorityCounts[pod.priority, default: 0] += 1
    pods[key] = pod
    let reach = counterReach(of: pod, namespace: key.namespace)
    for label in reach.labelKeys { podsByLabel[label, default: []].insert(pod.id) }
    for counter in reach.counters { counter.add(slot: slot, 1) }
    for holderKey in pod.holderKeys { addHolder(holderKey, slot: slot, delta: 1) }
  }

  /// Removes a pod's accounting; returns what was removed.
  @discardableResult
  func removePod(_ key: ObjectKey) -> CachedPod? {
    guard let pod = pods.removeValue(forKey: key) else { return nil }
    let slot = pod.slot
    touch(slot)
    nodes.account(pod, adding: false)
    if let count = priorityCounts[pod.priority], count > 1 {
      priorityCounts[pod.priority] = count - 1
    } else {
      priorityCounts[pod.priority] = nil
    }
    podKeys[Int(pod.id)] = nil
    freePodIDs.append(pod.id)
    let reach = counterReach(of: pod, namespace: key.namespace)
    for label in reach.labelKeys {
      podsByLabel[label]?.remove(pod.id)
      if podsByLabel[label]?.isEmpty == true { podsByLabel[label] = nil }
    }
    for counter in reach.counters { counter.add(slot: slot, -1) }
    for holderKey in pod.holderKeys { addHolder(holderKey, slot: slot, delta: -1) }
    return pod
  }

  // MARK: Match counters

  /// The counter of pods matching all of `matchers`, built from the cached pods when new.
  func counter(_ matchers: [TermMatcher]) -> MatchCounter {
    if let recent = recentCounter(matchers) { return recent }
    if let existing = counters[matchers] {
      rememberCounter(existing, for: matchers)
      return existing
    }
    let counter = MatchCounter(matchers: matchers)
    let candidates: [ObjectKey]
    if let label = matchers.first?.indexLabel {
      candidates = (podsByLabel[label] ?? []).compactMap { podKeys[Int($0)] }
    } else {
      candidates = Array(pods.keys)
    }
    for key in candidates {
      guard let pod = pods[key],
        counter.matches(namespace: key.namespace, labels: pod.labels, terminating: pod.terminating, namespaceLabels: namespaceLabels)
      else { continue }
      counter.add(slot: pod.slot, 1)
    }
    counters[matchers] = counter
    counterGeneration &+= 1
    rememberCounter(counter, for: matchers)
    if let label = matchers.first?.indexLabel {
      countersByLabel[label, default: []].append(counter)
    } else {
      unindexedCounters.append(counter)
    }
    return counter
  }

  /// The counter for `matchers` when the same key array (one storage) found it since the
  /// counters last changed: the pods of a workload share their compiled constraints
  /// (`PodInfoMemo`), so each asks with the array the one before asked with, and the
  /// dictionary's hashing and comparing of whole term lists is skipped.
  private func recentCounter(_ matchers: [TermMatcher]) -> MatchCounter? {
    guard !matchers.isEmpty else { return nil }
    let storage = matchers.withUnsafeBufferPointer { $0.baseAddress }
    for index in recentCounters.indices where recentCounters[index].generation == counterGeneration {
      if recentCounters[index].key.withUnsafeBufferPointer({ $0.baseAddress }) == storage {
        return recentCounters[index].counter
      }
    }
    return nil
  }

  private func rememberCounter(_ counter: MatchCounter, for matchers: [TermMatcher]) {
    guard !matchers.isEmpty else { return }
    let entry = RecentCounter(key: matchers, counter: counter, generation: counterGeneration)
    if recentCounters.count < 4 {
      recentCounters.append(entry)
    } else {
      recentCounters[recentCounterSlot] = entry
      recentCounterSlot = (recentCounterSlot + 1) % recentCounters.count
    }
  }

  /// Keeps the counters of a queued or cached pod's terms alive.
  func retain(_ keys: [[TermMatcher]]) {
    for key in keys { counter(key).references += 1 }
  }

  /// Releases counters retained with `retain`; unused counters are dropped.
  func release(_ keys: [[TermMatcher]]) {
    for key in keys {
      guard let counter = counters[key] else { continue }
      counter.references -= 1
      guard counter.references <= 0 else { continue }
      counters[key] = nil
      counterGeneration &+= 1
      if let label = key.first?.indexLabel {
        countersByLabel[label]?.removeAll { $0 === counter }
        if countersByLabel[label]?.isEmpty == true { countersByLabel[label] = nil }
      } else {
        unindexedCounters.removeAll { $0 === counter }
      }
    }
  }

  /// A pod's labels as `key=value` (the label index's keys) and the counters that match it,
  /// taken from `reachMemo` while the labels, namespace and termination are the last pod's
  /// and no counter came or went (`counterGeneration`): the pods of a workload are bound
  /// one after another with the same labels.
  func counterReach(of pod: CachedPod, namespace: String) -> CounterReach {
    if let memo = reachMemo, memo.generation == counterGeneration, memo.terminating == pod.terminating,
      memo.namespace == namespace, memo.labels == pod.labels
    {
      return memo
    }
    let labelKeys = pod.labels.map { "\($0.key)=\($0.value)" }
    var counters: [MatchCounter] = []
    if !self.counters.isEmpty {
      func visit(_ counter: MatchCounter) {
        if counter.matches(namespace: namespace, labels: pod.labels, terminating: pod.terminating, namespaceLabels: namespaceLabels) {
          counters.append(counter)
        }
      }
      for label in labelKeys {
        guard let list = countersByLabel[label] else { continue }
        for counter in list { visit(counter) }
      }
      for counter in unindexedCounters { visit(counter) }
    }
    let reach = CounterReach(
      labels: pod.labels, namespace: namespace, terminating: pod.terminating, generation: counterGeneration, labelKeys: labelKeys,
      counters: counters)
    reachMemo = reach
    return reach
  }

  // MARK: Holders (existing pods' terms)

  private func addHolder(_ key: HolderKey, slot: Int, delta: Int32) {
    let holder: HolderCounter
    if let existing = holderCounters[key] {
      holder = existing
    } else {
      guard delta > 0 else { return }
      holder = HolderCounter(key: key)
      holderCounters[key] = holder
      if let label = key.term.matcher.indexLabel {
        holdersByLabel[label, default: []].append(holder)
      } else {
        unindexedHolders.append(holder)
      }
    }
    holder.add(slot: slot, delta)
    if key.role == .requiredAntiAffinity { requiredAntiAffinityHolders += Int(delta) } else { scoringHolders += Int(delta) }
    guard holder.total <= 0 else { return }
    holderCounters[key] = nil
    if let label = key.term.matcher.indexLabel {
      holdersByLabel[label]?.removeAll { $0 === holder }
      if holdersByLabel[label]?.isEmpty == true { holdersByLabel[label] = nil }
    } else {
      unindexedHolders.removeAll { $0 === holder }
    }
  }

  /// Existing pods' terms that select a pod in `namespace` with `labels`, sorted for determinism.
  func holders(matching namespace: String, labels: [String: String]) -> [HolderCounter] {
    var found: [HolderCounter] = []
    func visit(_ holder: HolderCounter) {
      if holder.key.term.matcher.matches(namespace: namespace, labels: labels, terminating: false, namespaceLabels: namespaceLabels) {
        found.append(holder)
      }
    }
    for (key, value) in labels {
      guard let list = holdersByLabel["\(key)=\(value)"] else { continue }
      for holder in list { visit(holder) }
    }
    for holder in unindexedHolders { visit(holder) }
    return found
  }
}

/// What `SchedulerCache.counterReach(of:namespace:)` found for a pod, with what it depends on.
struct CounterReach {
  var labels: [String: String]
  var namespace: String
  var terminating: Bool
  /// `SchedulerCache.counterGeneration` when it was found.
  var generation: UInt64
  /// The labels as `key=value`.
  var labelKeys: [String]
  /// The counters that match the pod.
  var counters: [MatchCounter]
}

/// A counter `SchedulerCache.counter(_:)` found, with the key array it was asked with and
/// `SchedulerCache.counterGeneration` then: while the generation is the same no counter
/// came or went, and an array of the same storage holds the same terms (the entry keeps it
/// alive, so its address is not reused).
struct RecentCounter {
  var key: [TermMatcher]
  var counter: MatchCounter
  var generation: UInt64
}
