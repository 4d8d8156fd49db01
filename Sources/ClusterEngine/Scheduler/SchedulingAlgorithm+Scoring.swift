import KubeModel

/// What NodeResourcesFit's and NodeResourcesBalancedAllocation's scores read of a pod: two
/// pods with the same signature score every node alike.
struct ResourceSignature: Equatable {
  var nonZeroCPU: Int64 = -1
  var nonZeroMemory: Int64 = -1
  var milliCPU: Int64 = -1
  var memory: Int64 = -1
  var strategy: ScoringStrategy = .leastAllocated

  init() {}

  init(_ pod: PodInfo, strategy: ScoringStrategy) {
    nonZeroCPU = pod.nonZeroCPU
    nonZeroMemory = pod.nonZeroMemory
    milliCPU = pod.requested.milliCPU
    memory = pod.requested.memory
    self.strategy = strategy
  }
}

/// One slot's memoised resource score: valid while the slot's version and the memo's epoch
/// (bumped when the pod's `ResourceSignature` changes) are those recorded.
struct ResourceMemo {
  var version: UInt64 = 0
  var epoch: UInt32 = 0
  var score: Int64 = 0
}

extension SchedulingAlgorithm {
  /// Scores the feasible nodes and picks the best one (ties broken at random, uniformly).
  ///
  /// With `detailed`, every plugin's raw and final scores are kept for the explanation.
  /// Without, a plugin whose score is the same on every node is skipped (a constant added to
  /// every total changes neither the best node nor the ties), and the resource scores come
  /// from a per-node memo: the pods of a workload share their requests, and between two of
  /// them only the node that took the first one changed.
  func prioritize(_ pod: PodInfo, _ nodes: [Int], _ outcome: inout Outcome, detailed: Bool) -> Int {
    let table = cache.nodes
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
  /// weight 1); resource scores come from the memo where the node and the pod's signature are
  /// unchanged.
  ///
  /// It draws what `selectHost` draws, without drawing one by one: a tie below the maximum
  /// only advances the generator (whichever it picked is replaced later), and among the `T`
  /// ties at the maximum the winner is the last `k` whose draw is divisible by `k`, so they are
  /// tested from the last one back (about half of them on average), each draw read at its
  /// position in the sequence.
  private func selectHostAddingResourceScores(_ pod: PodInfo, _ table: NodeTable, _ nodes: [Int], others: [Int64]) -> Int {
    let signature = ResourceSignature(pod, strategy: strategy)
    if signature != resourceMemoSignature {
      resourceMemoSignature = signature
      resourceMemoEpoch &+= 1
    }
    let epoch = resourceMemoEpoch
    let strategy = self.strategy
    let count = nodes.count
    // Taken out of the object for the loops, so that they are updated in place.
    var memo = resourceMemo
    resourceMemo = []
    defer { resourceMemo = memo }
    if memo.count < table.version.count {
      memo.append(contentsOf: repeatElement(ResourceMemo(), count: table.version.count - memo.count))
    }
    var totals = selectTotals
    selectTotals = []
    defer { selectTotals = totals }
    if totals.count < count { totals.append(contentsOf: repeatElement(0, count: count - totals.count)) }
    var top = selectTopIndices
    selectTopIndices = []
    defer { selectTopIndices = top }
    if top.count < count { top.append(contentsOf: repeatElement(0, count: count - top.count)) }
    let balanced = !pod.isBestEffort
    let hasOthers = !others.isEmpty
    // Totals and their maximum.
    let maximum = memo.withUnsafeMutableBufferPointer { memo in
      table.version.withUnsafeBufferPointer { versions in
        nodes.withUnsafeBufferPointer { nodes in
          others.withUnsafeBufferPointer { others in
            totals.withUnsafeMutableBufferPointer { totals in
              var maximum = Int64.min
              for index in 0..<count {
                let slot = nodes[index]
                let version = versions[slot]
                var total: Int64
                if memo[slot].version == version && memo[slot].epoch == epoch {
                  total = memo[slot].score
                } else {
                  total = NodeResourcesFit.score(pod, table, slot, strategy: strategy)
                  if balanced { total += NodeResourcesBalancedAllocation.score(pod, table, slot) }
                  memo[slot] = ResourceMemo(version: version, epoch: epoch, score: total)
                }
                if hasOthers { total += others[index] }
                totals[index] = total
                maximum = max(maximum, total)
              }
              return maximum
            }
          }
        }
      }
    }
    // The draws `selectHost` makes before its running best reaches the maximum, and the ties at it.
    var drawsBefore = 0
    var topCount = 0
    totals.withUnsafeBufferPointer { totals in
      top.withUnsafeMutableBufferPointer { top in
        var ties = 0
        var bestTotal = totals[0]
        var index = 0
        while index < count {
          let total = totals[index]
          if total == maximum { break }
          if total > bestTotal {
            bestTotal = total
            ties = 1
          } else if total == bestTotal {
            ties += 1
            if ties > 1 { drawsBefore += 1 }
          }
          index += 1
        }
        while index < count {
          top[topCount] = index
          topCount += totals[index] == maximum ? 1 : 0
          index += 1
        }
      }
    }
    divisibility.reserve(upTo: topCount)
    let divisibility = self.divisibility
    let random = self.random
    var winner = top[0]
    if topCount > 1 {
      // Tie number k (from 2) draws the generator's (drawsBefore + k − 2)-th value.
      for ties in stride(from: topCount, through: 2, by: -1)
      where divisibility.divides(random.peek(ahead: drawsBefore + ties - 2), by: ties) {
        winner = top[ties - 1]
        break
      }
    }
    self.random.skip(drawsBefore + topCount - 1)
    return nodes[winner]
  }
}
