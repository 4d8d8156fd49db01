import KubeModel

/// DefaultPreemption, the PostFilter plugin: when a pod fits nowhere, find a node where
/// evicting pods of lower priority makes room, evict the fewest and least important of them
/// and nominate the node, so the pod is placed there once they are gone.
///
/// As upstream: the nodes where eviction might help (those rejected for resources, ports,
/// spreading or anti-affinity, not for taints, labels or a cordon) are tried from a random
/// offset until enough candidates are found; on each, every lower-priority pod is taken away
/// and, if the pod then fits, they are given back one by one, the most important first
/// (those whose eviction would break a PodDisruptionBudget before the others), keeping
/// away only those without which it does not fit. Of the candidates, the node with the
/// fewest budget violations, then the lowest highest victim priority, the lowest sum of
/// priorities, the fewest victims, the latest start among its most important victims wins.
///
/// The dry run takes the victims out of the spreading and inter-pod affinity counts as well
/// (upstream's RemovePod / AddPod PreFilter extensions), so evicting pods that a required
/// anti-affinity or a DoNotSchedule spread constraint counts can make room too. What it does
/// not redo: nominated pods of other pods.
extension Scheduler {
  /// What DefaultPreemption decided for a pod that fit nowhere.
  struct PreemptionResult {
    /// The PostFilter part of the FailedScheduling message (`preemption: …`), nil when
    /// preemption succeeded (the message then ends with the filters' reasons).
    var message: String?
    /// The node nominated for the pod; "" clears an earlier nomination; nil keeps it.
    var nominatedNode: String?
    /// The pods evicted to make room, most important first.
    var victims: [ObjectKey] = []
  }

  /// upstream's `minCandidateNodesPercentage` and `minCandidateNodesAbsolute`.
  static let minCandidateNodesPercentage = 10
  static let minCandidateNodesAbsolute = 100

  /// A node where evicting `victims` makes room for the pod.
  struct Candidate {
    var slot: Int
    /// Most important first.
    var victims: [Victim]
    var pdbViolations: Int
  }

  /// A pod preemption would evict.
  struct Victim {
    var key: ObjectKey
    var cached: CachedPod
    var pod: Pod
    /// When it started (its creation when it has not), for `MoreImportantPod`.
    var started: Time?
  }

  /// Runs DefaultPreemption for `info` (the stored `pod`) after `outcome` found no node.
  func preempt(_ info: PodInfo, _ pod: Pod, _ outcome: SchedulingAlgorithm.Outcome) -> PreemptionResult {
    let numAllNodes = outcome.numAllNodes
    let defaultMessage = outcome.postFilterMessage
    if pod.spec?.preemptionPolicy == "Never" {
      return PreemptionResult(message: "preemption: not eligible due to preemptionPolicy=Never.")
    }
    if let nominated = nominatedNodes[info.key], let slot = cache.slotOf[nominated], nodeExists(slot),
      !nominatedNodeUnresolvable(outcome, slot),
      podsOnNode(cache.names[slot]).contains(where: { $0.cached.priority < info.priority && Self.terminatingByPreemption($0.pod) })
    {
      return PreemptionResult(message: "preemption: not eligible due to a terminating pod on the nominated node.")
    }
    // Finding no candidate clears an earlier nomination.
    let clear: String? = nominatedNodes[info.key] != nil ? "" : nil
    let potential = outcome.failures.filter { $0.failure.preemptionMightHelp }.map(\.slot)
    guard !potential.isEmpty else { return PreemptionResult(message: defaultMessage, nominatedNode: clear) }
    // No bound pod of lower priority anywhere: no node has a victim (the common case, all
    // pods at priority 0), and the message says so without a dry run.
    guard let lowest = cache.priorityCounts.keys.min(), lowest < info.priority else {
      return PreemptionResult(message: defaultMessage, nominatedNode: clear)
    }
    let budgets = cluster?.store.list(PodDisruptionBudget.self) ?? []
    let toFind = min(max(potential.count * Self.minCandidateNodesPercentage / 100, Self.minCandidateNodesAbsolute), potential.count)
    let offset = Int(algorithm.random.next() % UInt64(potential.count))
    let (affinity, spread) = filterStates(info)
    var nonViolating: [Candidate] = []
    var violating: [Candidate] = []
    // Each node's verdict in the dry run, counted by reason for the message.
    var verdicts: [String: Int] = [:]
    let scalarNames = info.requested.scalar.map(\.name)
    for index in 0..<potential.count {
      let slot = potential[(offset + index) % potential.count]
      switch selectVictims(info, slot: slot, budgets: budgets, affinity: affinity, spread: spread) {
      case .candidate(let candidate):
        if candidate.pdbViolations == 0 { nonViolating.append(candidate) } else { violating.append(candidate) }
      case .noVictims:
        verdicts[SchedulingAlgorithm.noVictims, default: 0] += 1
      case .rejected(let failure):
        for reason in failure.reasons(scalarNames: scalarNames) { verdicts[reason, default: 0] += 1 }
      }
      if !nonViolating.isEmpty, nonViolating.count + violating.count >= toFind { break }
    }
    guard let best = pickOne(nonViolating + violating) else {
      for (_, failure) in outcome.failures where !failure.preemptionMightHelp {
        verdicts[SchedulingAlgorithm.notHelpful, default: 0] += 1
      }
      if outcome.absent > 0 { verdicts[SchedulingAlgorithm.notHelpful, default: 0] += outcome.absent }
      return PreemptionResult(message: SchedulingAlgorithm.postFilterMessage(numAllNodes: numAllNodes, verdicts), nominatedNode: clear)
    }
    evict(best, for: pod, priority: info.priority)
    return PreemptionResult(message: nil, nominatedNode: cache.names[best.slot], victims: best.victims.map(\.key))
  }

  /// Being deleted by an earlier preemption (upstream's `IsPodTerminatingByPreemption`).
  static func terminatingByPreemption(_ pod: Pod) -> Bool {
    guard pod.metadata.deletionTimestamp != nil, let condition = pod.status?.condition("DisruptionTarget") else { return false }
    return condition.status == "True" && condition.reason == "PreemptionByScheduler"
  }

  /// Whether the nominated node rejected the pod for a reason no eviction changes (the pod
  /// is then eligible again: upstream looks for another node).
  private func nominatedNodeUnresolvable(_ outcome: SchedulingAlgorithm.Outcome, _ slot: Int) -> Bool {
    outcome.failures.contains { $0.slot == slot && !$0.failure.preemptionMightHelp }
  }

  private enum NodeVerdict {
    case candidate(Candidate)
    case noVictims
    case rejected(FilterFailure)
  }

  /// upstream's `SelectVictimsOnNode`.
  private func selectVictims(
    _ info: PodInfo, slot: Int, budgets: [PodDisruptionBudget], affinity: InterPodAffinity.FilterState?,
    spread: PodTopologySpread.FilterState?
  ) -> NodeVerdict {
    var potential = podsOnNode(cache.names[slot]).filter { $0.cached.priority < info.priority }
    guard !potential.isEmpty else { return .noVictims }
    // Copies of the cycle's PreFilter states, for this node's dry run: the pods taken away
    // leave their counts, and those given back return to them, as in the node's resources.
    var affinity = affinity
    var spread = spread
    func move(_ victim: Victim, adding: Bool) {
      cache.nodes.account(victim.cached, adding: adding)
      let namespace = victim.key.namespace
      if affinity != nil {
        InterPodAffinity.update(
          &affinity!, for: info, existing: victim.cached, namespace: namespace, slot: slot, delta: adding ? 1 : -1, cache)
      }
      if spread != nil {
        PodTopologySpread.update(
          &spread!, for: info, existing: victim.cached, namespace: namespace, slot: slot, delta: adding ? 1 : -1, cache.nodes)
      }
    }
    for victim in potential { move(victim, adding: false) }
    if let failure = algorithm.runFilters(info, cache.nodes, slot, affinity, spread) {
      for victim in potential { cache.nodes.account(victim.cached, adding: true) }
      return .rejected(failure)
    }
    potential.sort(by: Self.moreImportant)
    let (violatingPods, others) = Self.splitByBudgetViolation(potential, budgets)
    var victims: [Victim] = []
    var violations = 0
    for (group, violates) in [(violatingPods, true), (others, false)] {
      for victim in group {
        move(victim, adding: true)
        if algorithm.runFilters(info, cache.nodes, slot, affinity, spread) != nil {
          move(victim, adding: false)
          victims.append(victim)
          if violates { violations += 1 }
        }
      }
    }
    for victim in victims { cache.nodes.account(victim.cached, adding: true) }
    guard !victims.isEmpty else { return .noVictims }
    victims.sort(by: Self.moreImportant)
    return .candidate(Candidate(slot: slot, victims: victims, pdbViolations: violations))
  }

  /// The pods the cache accounts on node `name`, with their stored objects.
  private func podsOnNode(_ name: String) -> [Victim] {
    guard let store = cluster?.store else { return [] }
    var found: [Victim] = []
    for key in store.keys(Pod.self, index: "node", value: name).sorted() {
      guard let cached = cache.pods[key], cache.names[cached.slot] == name, let pod = store.get(Pod.self, key) else { continue }
      // A pod not started yet counts as starting now (upstream's `GetPodStartTime`).
      found.append(Victim(key: key, cached: cached, pod: pod, started: pod.status?.startTime ?? cluster?.clock.now))
    }
    return found
  }

  /// upstream's `MoreImportantPod`: the higher priority, then the earlier start.
  static func moreImportant(_ a: Victim, _ b: Victim) -> Bool {
    if a.cached.priority != b.cached.priority { return a.cached.priority > b.cached.priority }
    switch (a.started, b.started) {
    case (let x?, let y?) where x != y: return x < y
    case (.some, nil): return true
    case (nil, .some): return false
    default: return a.key < b.key
    }
  }

  /// upstream's `filterPodsWithPDBViolation`: walking the pods in order, a pod whose
  /// eviction takes a budget that selects it below zero allowed disruptions violates it.
  static func splitByBudgetViolation(_ pods: [Victim], _ budgets: [PodDisruptionBudget]) -> (violating: [Victim], others: [Victim]) {
    var allowed = budgets.map { Int($0.status?.disruptionsAllowed ?? 0) }
    let selectors = budgets.map { budget -> Selector? in
      // A budget with an empty selector selects nothing here, as upstream.
      guard let selector = budget.spec?.selector, let parsed = try? Selector(selector), !parsed.requirements.isEmpty else { return nil }
      return parsed
    }
    var violating: [Victim] = []
    var others: [Victim] = []
    for victim in pods {
      var violates = false
      for (index, budget) in budgets.enumerated() where budget.namespace == victim.key.namespace {
        guard let selector = selectors[index], selector.matches(victim.pod.metadata.labels) else { continue }
        if budget.status?.disruptedPods?[victim.key.name] != nil { continue }
        allowed[index] -= 1
        if allowed[index] < 0 { violates = true }
      }
      if violates { violating.append(victim) } else { others.append(victim) }
    }
    return (violating, others)
  }

  /// upstream's `pickOneNodeForPreemption`: each criterion keeps the candidates that are
  /// best at it; the first left wins.
  private func pickOne(_ candidates: [Candidate]) -> Candidate? {
    guard candidates.count > 1 else { return candidates.first }
    var left = candidates
    func keepMinimum(_ value: (Candidate) -> Int64) {
      guard let minimum = left.map(value).min() else { return }
      left = left.filter { value($0) == minimum }
    }
    keepMinimum { Int64($0.pdbViolations) }
    if left.count > 1 { keepMinimum { Int64($0.victims.first?.cached.priority ?? 0) } }
    // The sum of priorities shifted to be positive, as upstream sums them.
    if left.count > 1 { keepMinimum { $0.victims.reduce(0) { $0 + Int64($1.cached.priority) + Int64(Int32.max) + 1 } } }
    if left.count > 1 { keepMinimum { Int64($0.victims.count) } }
    if left.count > 1 {
      // The latest start among each node's highest-priority victims' earliest start.
      func earliestOfTop(_ candidate: Candidate) -> Int64 {
        let top = candidate.victims.first?.cached.priority
        let starts = candidate.victims.filter { $0.cached.priority == top }.compactMap { $0.started?.seconds }
        return starts.min() ?? 0
      }
      keepMinimum { -earliestOfTop($0) }
    }
    return left.first
  }

  /// upstream's `prepareCandidate`: each victim is marked as disrupted, deleted gracefully,
  /// and told by an Event who took its place; pods of lower priority nominated to the node
  /// lose their nomination (they may no longer fit there).
  private func evict(_ candidate: Candidate, for pod: Pod, priority: Int32) {
    guard let cluster else { return }
    let node = cache.names[candidate.slot]
    let uid = pod.metadata.uid ?? ""
    let schedulerName = pod.spec?.schedulerName ?? Self.name
    for victim in candidate.victims {
      if let marked = PodChecks.markedForDisruption(
        victim.pod, reason: "PreemptionByScheduler", message: "\(schedulerName): preempting to accommodate a higher priority pod",
        at: cluster.clock.now)
      {
        _ = try? cluster.api.updateStatus(marked)
      }
      _ = try? cluster.api.delete(Pod.self, namespace: victim.key.namespace, name: victim.key.name)
      cluster.api.recordEvent(
        about: victim.pod, reason: "Preempted", message: "Preempted by pod \(uid) on node \(node)", component: Self.name)
    }
    let displaced = nominatedNodes.filter { key, nominated in
      nominated == node && (queue.entries[key]?.info.priority ?? priority) < priority
    }.keys.sorted()
    for key in displaced {
      nominatedNodes[key] = nil
      unreserve(key)
      _ = try? cluster.api.modify(Pod.self, namespace: key.namespace, name: key.name, status: true) { pod in
        pod.status?.nominatedNodeName = nil
      }
    }
  }

  /// The PreFilter states the filters of one node need, for a check outside a full cycle.
  func filterStates(_ pod: PodInfo) -> (InterPodAffinity.FilterState?, PodTopologySpread.FilterState?) {
    (InterPodAffinity.preFilter(pod, cache), PodTopologySpread.preFilter(pod, cache))
  }

  // MARK: Nominated pods

  /// Records `node` as `pod`'s nominated node ("" clears it) and moves its reservation there.
  func nominate(_ pod: PodInfo, node: String) {
    unreserve(pod.key)
    guard !node.isEmpty, let slot = cache.slotOf[node] else {
      nominatedNodes[pod.key] = nil
      return
    }
    nominatedNodes[pod.key] = node
    let record = CachedPod(pod, slot: slot, assumed: false)
    cache.nodes.account(record, adding: true)
    cache.touch(slot)
    reservations[pod.key] = record
  }

  /// Drops `key`'s reservation (and its accounting, unless lifted at the moment).
  func unreserve(_ key: ObjectKey) {
    guard let record = reservations.removeValue(forKey: key) else { return }
    if liftedReservations.remove(key) == nil { unaccount(record) }
  }

  /// Takes off the node table the reservations that do not hold `pod` back: its own, and
  /// those of pods of lower priority (upstream counts nominated pods of equal or higher
  /// priority only).
  func liftReservations(for pod: PodInfo) {
    for (key, record) in reservations where key == pod.key || record.priority < pod.priority {
      unaccount(record)
      liftedReservations.insert(key)
    }
  }

  /// Puts back the reservations lifted for the pod just scheduled (those still held).
  func restoreReservations() {
    for key in liftedReservations {
      guard let record = reservations[key], nodeExists(record.slot) else { continue }
      cache.nodes.account(record, adding: true)
      cache.touch(record.slot)
    }
    liftedReservations.removeAll()
  }

  private func unaccount(_ record: CachedPod) {
    guard nodeExists(record.slot) else { return }
    cache.nodes.account(record, adding: false)
    cache.touch(record.slot)
  }

  /// Whether the cache holds a node at `slot`.
  func nodeExists(_ slot: Int) -> Bool { slot < cache.nodes.exists.count && cache.nodes.exists[slot] }
}
