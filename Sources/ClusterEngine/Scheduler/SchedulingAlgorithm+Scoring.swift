import KubeModel

extension SchedulingAlgorithm {
  /// Scores the feasible nodes and picks the best one (ties broken at random, uniformly).
  ///
  /// With `detailed`, every plugin's raw and final scores are kept for the explanation.
  /// Without, a plugin whose score is the same on every node is skipped (a constant added to
  /// every total changes neither the best node nor the ties), and the resource scores come
  /// from a per-node memo: the pods of a workload share their requests, and between two of
  /// them only the node that took the first one changed.
  ///
  /// `table` is the cache's node table as filtering read it (a copy retains each of its
  /// columns, so the cycle takes one).
  func prioritize(_ pod: PodInfo, _ nodes: [Int], _ outcome: inout Outcome, detailed: Bool, table: NodeTable) -> Int {
    let count = nodes.count
    // Without `detailed`, allocated by the first plugin that adds scores (often none does).
    var totals = detailed ? [Int64](repeating: 0, count: count) : []
    var raw = [Int64]()
    /// Makes `raw` one score per feasible node (allocated on first use: many cycles need none).
    func prepareRaw() {
      if raw.count != count { raw = [Int64](repeating: 0, count: count) }
    }
    func accumulate(_ plugin: PluginName, _ weight: Int64, _ normalized: [Int64], _ rawScores: [Int64]) {
      if totals.isEmpty { totals = [Int64](repeating: 0, count: count) }
      for index in 0..<count { totals[index] += normalized[index] * weight }
      if detailed { outcome.scores.append((plugin, weight, rawScores, normalized.map { $0 * weight })) }
    }
    // TaintToleration (3): every node scores 100 when none has a PreferNoSchedule taint.
    if detailed || cache.preferNoScheduleNodes > 0 {
      prepareRaw()
      for index in 0..<count { raw[index] = TaintToleration.score(pod, table, nodes[index]) }
      var normalized = raw
      defaultNormalizeScore(&normalized, reverse: true)
      accumulate(.taintToleration, 3, normalized, raw)
    }
    // NodeAffinity (2), skipped without preferred terms.
    if !pod.preferredNodeTerms.isEmpty {
      prepareRaw()
      for index in 0..<count { raw[index] = NodeAffinity.score(pod, table, nodes[index]) }
      var normalized = raw
      defaultNormalizeScore(&normalized, reverse: false)
      accumulate(.nodeAffinity, 2, normalized, raw)
    }
    // NodeResourcesFit (1).
    if detailed {
      prepareRaw()
      for index in 0..<count { raw[index] = NodeResourcesFit.score(pod, table, nodes[index], strategy: strategy) }
      accumulate(.nodeResourcesFit, 1, raw, raw)
    }
    // PodTopologySpread (2).
    if let state = PodTopologySpread.preScore(pod, cache, feasible: nodes) {
      // PreScore may register a topology key, which adds a column to the node table.
      let spreadTable = cache.nodes
      prepareRaw()
      for index in 0..<count { raw[index] = PodTopologySpread.score(state, spreadTable, index: index, slot: nodes[index]) }
      var normalized = raw
      PodTopologySpread.normalize(&normalized, ignored: state.ignored)
      accumulate(.podTopologySpread, 2, normalized, raw)
    }
    // InterPodAffinity (2).
    if let state = InterPodAffinity.preScore(pod, cache) {
      let affinityTable = cache.nodes
      prepareRaw()
      for index in 0..<count { raw[index] = InterPodAffinity.score(state, affinityTable, nodes[index]) }
      var normalized = raw
      InterPodAffinity.normalize(&normalized)
      accumulate(.interPodAffinity, 2, normalized, raw)
    }
    // NodeResourcesBalancedAllocation (1), skipped for BestEffort pods.
    if detailed && !pod.isBestEffort {
      prepareRaw()
      for index in 0..<count { raw[index] = NodeResourcesBalancedAllocation.score(pod, table, nodes[index]) }
      accumulate(.nodeResourcesBalancedAllocation, 1, raw, raw)
    }
    // ImageLocality (1): every node scores 0 when no node has any of the pod's images.
    if detailed || pod.images.contains(where: { (table.imageNodeCount[$0] ?? 0) > 0 }) {
      let totalNodes = cache.nodeCount
      prepareRaw()
      for index in 0..<count { raw[index] = ImageLocality.score(pod, table, nodes[index], totalNodes: totalNodes) }
      accumulate(.imageLocality, 1, raw, raw)
    }
    guard detailed else { return selectHostAddingResourceScores(pod, table, nodes, others: totals) }
    outcome.totals = totals
    return selectHost(nodes, totals)
  }

  /// selectHost: the node with the highest total, uniformly at random among equal totals
  /// (reservoir sampling, one draw per tie).
  private func selectHost(_ nodes: [Int], _ totals: [Int64]) -> Int {
    var random = self.random
    defer { self.random = random }
    divisibility.reserve(upTo: totals.count)
    let divisibility = self.divisibility
    let best = totals.withUnsafeBufferPointer { totals in
      var best = 0
      var ties = 0
      var bestTotal = totals[0]
      for index in 0..<totals.count {
        let total = totals[index]
        if total > bestTotal {
          best = index
          bestTotal = total
          ties = 1
        } else if total == bestTotal {
          ties += 1
          if ties > 1 && divisibility.divides(random.next(), by: ties) { best = index }
        }
      }
      return best
    }
    return nodes[best]
  }

  /// `selectHost` over the totals of `others` (the other plugins' weighted scores, empty when
  /// none scored) plus NodeResourcesFit's and NodeResourcesBalancedAllocation's scores (both
  /// weight 1); resource scores come from the memo (`ResourceMemo`) where the node and the
  /// pod's signature are unchanged.
  ///
  /// It draws what `selectHost` draws, without drawing one by one: a tie below the maximum
  /// only advances the generator (whichever it picked is replaced later), and among the `T`
  /// ties at the maximum the winner is the last `k` whose draw is divisible by `k`, so they are
  /// tested from the last one back (about half of them on average), each draw read at its
  /// position in the sequence. One pass finds the maximum, the draws made before the running
  /// best first reached it, and the ties at it.
  private func selectHostAddingResourceScores(_ pod: PodInfo, _ table: NodeTable, _ nodes: [Int], others: [Int64]) -> Int {
    resourceMemo.prepare(ResourceSignature(pod, strategy: strategy), cache)
    let strategy = self.strategy
    let count = nodes.count
    // Taken out of the object for the loop, so that they are updated in place.
    var memo = resourceMemo.scores
    resourceMemo.scores = []
    defer { resourceMemo.scores = memo }
    var top = selectTopIndices
    selectTopIndices = []
    defer { selectTopIndices = top }
    if top.count < count { top.append(contentsOf: repeatElement(0, count: count - top.count)) }
    let balanced = !pod.isBestEffort
    let scanned: (drawsBefore: Int, topCount: Int) = memo.withUnsafeMutableBufferPointer { memo in
      nodes.withUnsafeBufferPointer { nodes in
        top.withUnsafeMutableBufferPointer { top in
          /// A memoised score, or the plugins' scores of `slot` (then memoised).
          @inline(__always) func resourceScore(_ slot: Int) -> Int64 {
            let known = memo[slot]
            if known >= 0 { return known }
            var score = NodeResourcesFit.score(pod, table, slot, strategy: strategy)
            if balanced { score += NodeResourcesBalancedAllocation.score(pod, table, slot) }
            memo[slot] = score
            return score
          }
          // Two copies of the loop, so that the common one (no other plugin scored) reads nothing more.
          if others.isEmpty { return Self.scanTotals(count, nodes, top) { _, slot in resourceScore(slot) } }
          return others.withUnsafeBufferPointer { others in
            Self.scanTotals(count, nodes, top) { index, slot in resourceScore(slot) + others[index] }
          }
        }
      }
    }
    let drawsBefore = scanned.drawsBefore
    let topCount = scanned.topCount
    divisibility.reserve(upTo: topCount)
    let random = self.random
    // Tie number k (from 2) draws the generator's (drawsBefore + k − 2)-th value.
    let last = divisibility.lastDivisible(upTo: topCount) { random.peek(ahead: drawsBefore &+ $0 &- 2) }
    let winner = top[(last ?? 1) - 1]
    self.random.skip(drawsBefore + topCount - 1)
    return nodes[winner]
  }

  /// `selectHost`'s pass over the feasible nodes' totals (`total(index, slot)`): the indices
  /// of the nodes at the maximum, in order, into `top`, and how many draws were made before
  /// the running best first reached the maximum. A new best restarts the ties; an equal total
  /// is a tie, and every tie after the first node draws once.
  @inline(__always)
  private static func scanTotals(
    _ count: Int, _ nodes: UnsafeBufferPointer<Int>, _ top: UnsafeMutableBufferPointer<Int>, _ total: (Int, Int) -> Int64
  ) -> (drawsBefore: Int, topCount: Int) {
    var best = Int64.min
    var draws = 0
    var drawsBefore = 0
    var topCount = 0
    for index in 0..<count {
      let value = total(index, nodes[index])
      if value > best {
        best = value
        drawsBefore = draws
        top[0] = index
        topCount = 1
      } else if value == best {
        draws &+= 1
        top[topCount] = index
        topCount &+= 1
      }
    }
    return (drawsBefore, topCount)
  }
}
