import KubeModel

/// One scheduling cycle of kube-scheduler's framework, over the cache: PreFilter, Filter
/// (in upstream order, stopping at the first failing plugin per node, from
/// `nextStartNodeIndex` until `numFeasibleNodesToFind` nodes fit), PreScore, Score,
/// NormalizeScore, weights, and the pick of the best node with ties broken at random.
final class SchedulingAlgorithm {
  let cache: SchedulerCache
  var strategy: ScoringStrategy = .leastAllocated
  /// 0 means adaptive, as upstream's default.
  var percentageOfNodesToScore = 0
  var random: SeededRandom
  private(set) var nextStartNodeIndex = 0
  private var candidates: [Int] = []
  /// For `selectHost`'s draws: `next() % ties == 0` without a division.
  var divisibility = DivisibilityTable()
  /// Reused by the tie scans (`withRankingBuffers`): the nodes at the maximum so far.
  var selectTopIndices: [Int] = []
  /// Per slot, the last resource score computed for pods of the current signature (and
  /// whether the node passes their quick filter).
  var resourceMemo = ResourceMemo()
  /// Reused by `prioritize`: its totals, raw and normalised scores.
  var scoreBuffers = ScoreBuffers()

  init(cache: SchedulerCache, seed: UInt64) {
    self.cache = cache
    self.random = SeededRandom(seed: seed)
  }

  /// What a cycle found.
  struct Outcome {
    var selected: Int?
    var numAllNodes: Int
    /// The FitError text when nothing fit: `filterMessage`, then `postFilterMessage`, each
    /// closed by a period as upstream's FitError writes them.
    var message: String? {
      guard let filterMessage else { return noNodesMessage }
      return filterMessage + "." + (postFilterMessage.map { " \($0)." } ?? "")
    }
    /// `0/N nodes are available: <reasons>` when nothing fit (a FitError).
    var filterMessage: String?
    /// What DefaultPreemption says when no pod of lower priority can be evicted.
    var postFilterMessage: String?
    /// Set when there was no node at all (not a FitError: nothing to preempt).
    var noNodesMessage: String?
    /// Nodes left out by the PreFilter result (NodeAffinity's node names).
    var absent = 0
    /// Plugins that rejected at least one node.
    var rejectors: Set<PluginName> = []
    var failures: [(slot: Int, failure: FilterFailure)] = []
    var feasible: [Int] = []
    /// Per score plugin that ran: raw and final (normalised × weight) scores, by feasible index.
    var scores: [(plugin: PluginName, weight: Int64, raw: [Int64], final: [Int64])] = []
    var totals: [Int64] = []
  }

  /// `numFeasibleNodesToFind`: all nodes below 100, otherwise a percentage (adaptive
  /// `50 − n/125`, at least 5 %) but never fewer than 100.
  func numFeasibleNodesToFind(_ numAllNodes: Int) -> Int {
    if numAllNodes < 100 { return numAllNodes }
    var percentage = percentageOfNodesToScore
    if percentage <= 0 { percentage = max(50 - numAllNodes / 125, 5) }
    return max(numAllNodes * percentage / 100, 100)
  }

  /// Runs one cycle for `pod`. With `detailed`, the outcome keeps every failure and score.
  func schedule(_ pod: PodInfo, detailed: Bool) -> Outcome {
    let order = cache.nodeOrder
    var outcome = Outcome(numAllNodes: order.count)
    guard !order.isEmpty else {
      outcome.noNodesMessage = "no nodes available to schedule pods"
      outcome.rejectors = Set(PluginName.allCases)
      return outcome
    }
    // PreFilter.
    var nodes = order
    var absent = 0
    if let names = pod.preFilterNodeNames {
      if names.isEmpty {
        outcome.filterMessage = "0/\(order.count) nodes are available: pod affinity terms conflict"
        outcome.postFilterMessage = Self.postFilterMessage(numAllNodes: order.count, [Self.notHelpful: order.count])
        outcome.rejectors = [.nodeAffinity]
        return outcome
      }
      candidates.removeAll(keepingCapacity: true)
      if names.count * 8 < order.count {
        // A few names (a DaemonSet pod names one node): look their slots up rather than
        // hash every node's name, then keep them in the walk's order.
        let positions = cache.orderPositions
        for name in names {
          if let slot = cache.slotOf[name], slot < positions.count, positions[slot] >= 0 { candidates.append(slot) }
        }
        candidates.sort { positions[$0] < positions[$1] }
      } else {
        for slot in order where names.contains(cache.names[slot]) { candidates.append(slot) }
      }
      absent = order.count - candidates.count
      nodes = candidates
    }
    let affinityState = InterPodAffinity.preFilter(pod, cache)
    let spreadState = PodTopologySpread.preFilter(pod, cache)
    // Filter.
    let quick = QuickFilter(pod, hasFilterState: affinityState != nil || spreadState != nil)
    let toFind = numFeasibleNodesToFind(nodes.count)
    let count = nodes.count
    var failures: [(slot: Int, failure: FilterFailure)] = []
    let table = cache.nodes
    /// The plugins on a node the quick check did not pass; records the failure.
    func slow(_ slot: Int) -> Bool {
      guard let failure = runFilters(pod, table, slot, affinityState, spreadState) else { return true }
      failures.append((slot, failure))
      return false
    }
    let start = nextStartNodeIndex % max(count, 1)
    let feasible: [Int]
    if !detailed, let quick, ranksByResourcesOnly(pod, table) {
      let ranked = filterAndSelectByResources(pod, quick, table, nodes, start: start, toFind: toFind, slow: slow)
      if count > 0 { nextStartNodeIndex = (nextStartNodeIndex + ranked.processed) % count }
      if let selected = ranked.selected {
        outcome.selected = selected
        return outcome
      }
      feasible = []
    } else {
      let walked = QuickFilter.walk(quick, table.fit, nodes, start: start, toFind: toFind, slow: slow)
      feasible = walked.feasible
      if count > 0 { nextStartNodeIndex = (nextStartNodeIndex + walked.processed) % count }
    }
    if feasible.isEmpty {
      (outcome.filterMessage, outcome.postFilterMessage) = fitErrorMessage(
        pod, numAllNodes: order.count, failures: failures, absent: absent)
      outcome.absent = absent
      outcome.rejectors = Set(failures.map(\.failure.plugin))
      if absent > 0 { outcome.rejectors.insert(.nodeAffinity) }
      outcome.failures = failures
      return outcome
    }
    if detailed {
      outcome.failures = failures
      outcome.feasible = feasible
    }
    if feasible.count == 1 {
      outcome.selected = feasible[0]
      return outcome
    }
    outcome.selected = prioritize(pod, feasible, &outcome, detailed: detailed, table: table)
    return outcome
  }

  /// The filter plugins in upstream order on one node: the first failure, or nil when all pass.
  @inline(__always)
  func runFilters(
    _ pod: PodInfo, _ table: NodeTable, _ slot: Int, _ affinity: InterPodAffinity.FilterState?, _ spread: PodTopologySpread.FilterState?
  ) -> FilterFailure? {
    if let failure = NodeUnschedulable.filter(pod, table, slot) { return failure }
    if let failure = NodeName.filter(pod, table, slot) { return failure }
    if let failure = TaintToleration.filter(pod, table, slot) { return failure }
    if let failure = NodeAffinity.filter(pod, table, slot) { return failure }
    if let failure = NodePorts.filter(pod, table, slot) { return failure }
    if let failure = NodeResourcesFit.filter(pod, table, slot) { return failure }
    if let spread, let failure = PodTopologySpread.filter(spread, table, slot) { return failure }
    if let affinity, let failure = InterPodAffinity.filter(affinity, table, slot) { return failure }
    return nil
  }

  /// The FitError's parts: `0/N nodes are available: <count> <reason>, …` with the parts
  /// sorted as strings, and DefaultPreemption's message when it finds no victims.
  func fitErrorMessage(
    _ pod: PodInfo, numAllNodes: Int, failures: [(slot: Int, failure: FilterFailure)], absent: Int
  ) -> (filters: String, postFilter: String) {
    var byFailure: [FilterFailure: Int] = [:]
    for (_, failure) in failures { byFailure[failure, default: 0] += 1 }
    var histogram: [String: Int] = [:]
    let scalarNames = pod.requested.scalar.map(\.name)
    for (failure, count) in byFailure {
      for reason in failure.reasons(scalarNames: scalarNames) { histogram[reason, default: 0] += count }
    }
    if absent > 0 { histogram["node(s) didn't satisfy plugin(s) [NodeAffinity]", default: 0] += absent }
    // DefaultPreemption ran after the filters: it finds no pod of lower priority to evict
    // where removing pods could help, and knows removing pods cannot help elsewhere.
    var preemption: [String: Int] = [:]
    for (failure, count) in byFailure {
      preemption[failure.preemptionMightHelp ? Self.noVictims : Self.notHelpful, default: 0] += count
    }
    if absent > 0 { preemption[Self.notHelpful, default: 0] += absent }
    return (
      "0/\(numAllNodes) nodes are available: " + Self.sortedCounts(histogram),
      Self.postFilterMessage(numAllNodes: numAllNodes, preemption)
    )
  }

  static let noVictims = "No preemption victims found for incoming pod"
  static let notHelpful = "Preemption is not helpful for scheduling"

  /// `<count> <reason>` parts, sorted as strings and joined.
  static func sortedCounts(_ histogram: [String: Int]) -> String {
    histogram.map { "\($0.value) \($0.key)" }.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.joined(separator: ", ")
  }

  /// DefaultPreemption's message when it found no node: `preemption: ` and its own FitError
  /// sentence (with its period; the outer FitError adds another, so the event's text ends
  /// in two periods, `… for incoming pod..`, as upstream's does).
  static func postFilterMessage(numAllNodes: Int, _ counts: [String: Int]) -> String {
    "preemption: 0/\(numAllNodes) nodes are available: " + sortedCounts(counts) + "."
  }
}
