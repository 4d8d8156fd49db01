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
    // The cycle's score arrays reuse the last cycle's storage (taken, so it is not shared).
    var buffers = scoreBuffers
    scoreBuffers = ScoreBuffers()
    defer { scoreBuffers = buffers }
    // Without `detailed`, zeroed by the first plugin that adds scores (often none does).
    var totalsReady = false
    func prepareTotals() {
      guard !totalsReady else { return }
      totalsReady = true
      Self.resize(&buffers.totals, to: count)
      buffers.totals.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
    }
    if detailed { prepareTotals() }
    /// Makes `raw` one score per feasible node (every plugin then sets each of them).
    func prepareRaw() { Self.resize(&buffers.raw, to: count) }
    /// `normalized` made a copy of `raw`, for a plugin's NormalizeScore.
    func copyRaw() {
      buffers.normalized.removeAll(keepingCapacity: true)
      buffers.normalized.append(contentsOf: buffers.raw)
    }
    func accumulate(_ plugin: PluginName, _ weight: Int64, _ normalized: [Int64], _ rawScores: [Int64]) {
      prepareTotals()
      // Through buffers: indexing the captured array checks its uniqueness per element.
      buffers.totals.withUnsafeMutableBufferPointer { totals in
        normalized.withUnsafeBufferPointer { normalized in
          for index in 0..<count { totals[index] += normalized[index] * weight }
        }
      }
      if detailed { outcome.scores.append((plugin, weight, rawScores, normalized.map { $0 * weight })) }
    }
    // TaintToleration (3): every node scores 100 when none has a PreferNoSchedule taint.
    if detailed || cache.preferNoScheduleNodes > 0 {
      prepareRaw()
      for index in 0..<count { buffers.raw[index] = TaintToleration.score(pod, table, nodes[index]) }
      copyRaw()
      defaultNormalizeScore(&buffers.normalized, reverse: true)
      accumulate(.taintToleration, 3, buffers.normalized, buffers.raw)
    }
    // NodeAffinity (2), skipped without preferred terms.
    if !pod.preferredNodeTerms.isEmpty {
      prepareRaw()
      for index in 0..<count { buffers.raw[index] = NodeAffinity.score(pod, table, nodes[index]) }
      copyRaw()
      defaultNormalizeScore(&buffers.normalized, reverse: false)
      accumulate(.nodeAffinity, 2, buffers.normalized, buffers.raw)
    }
    // NodeResourcesFit (1).
    if detailed {
      prepareRaw()
      for index in 0..<count { buffers.raw[index] = NodeResourcesFit.score(pod, table, nodes[index], strategy: strategy) }
      accumulate(.nodeResourcesFit, 1, buffers.raw, buffers.raw)
    }
    // PodTopologySpread (2).
    if let state = PodTopologySpread.preScore(pod, cache, table, feasible: nodes) {
      prepareRaw()
      // Taken out of `buffers`, so that it and `raw` are written at once.
      var sums = buffers.sums
      buffers.sums = []
      if sums.count < count { sums.append(contentsOf: repeatElement(0, count: count - sums.count)) }
      // PreScore may have registered a topology key, which adds a column to the cache's table
      // (read again only then: a copy of the table retains each of its columns).
      let hasColumns = state.constraints.allSatisfy { $0.keyIndex < table.slotDomains.count }
      let range = buffers.raw.withUnsafeMutableBufferPointer { raw in
        sums.withUnsafeMutableBufferPointer { sums in
          if hasColumns {
            PodTopologySpread.scores(state, table, nodes, raw: raw, sums: sums)
          } else {
            PodTopologySpread.scores(state, cache.nodes, nodes, raw: raw, sums: sums)
          }
        }
      }
      buffers.sums = sums
      if detailed {
        copyRaw()
        PodTopologySpread.normalize(&buffers.normalized, ignored: state.ignored)
        accumulate(.podTopologySpread, 2, buffers.normalized, buffers.raw)
      } else if state.ignored.isEmpty {
        // Nothing reads the raw or normalised scores then: normalised, weighted and added
        // to the totals in one pass (setting them when no plugin added before).
        let assigning = !totalsReady
        if assigning {
          Self.resize(&buffers.totals, to: count)
          totalsReady = true
        }
        let raw = buffers.raw
        var spreadTable = buffers.spreadTable
        buffers.spreadTable = []
        raw.withUnsafeBufferPointer { raw in
          buffers.totals.withUnsafeMutableBufferPointer { totals in
            PodTopologySpread.addNormalized(
              raw, minimum: range.minimum, maximum: range.maximum, weight: 2, into: totals, assigning: assigning,
              table: &spreadTable)
          }
        }
        buffers.spreadTable = spreadTable
      } else {
        // Normalised in place, without the copy.
        PodTopologySpread.normalize(&buffers.raw, ignored: state.ignored)
        accumulate(.podTopologySpread, 2, buffers.raw, buffers.raw)
      }
    }
    // InterPodAffinity (2).
    if let state = InterPodAffinity.preScore(pod, cache) {
      let affinityTable = cache.nodes
      prepareRaw()
      for index in 0..<count { buffers.raw[index] = InterPodAffinity.score(state, affinityTable, nodes[index]) }
      copyRaw()
      InterPodAffinity.normalize(&buffers.normalized)
      accumulate(.interPodAffinity, 2, buffers.normalized, buffers.raw)
    }
    // NodeResourcesBalancedAllocation (1), skipped for BestEffort pods.
    if detailed && !pod.isBestEffort {
      prepareRaw()
      for index in 0..<count { buffers.raw[index] = NodeResourcesBalancedAllocation.score(pod, table, nodes[index]) }
      accumulate(.nodeResourcesBalancedAllocation, 1, buffers.raw, buffers.raw)
    }
    // ImageLocality (1): every node scores 0 when no node has any of the pod's images.
    if detailed || pod.images.contains(where: { (table.imageNodeCount[$0] ?? 0) > 0 }) {
      let totalNodes = cache.nodeCount
      prepareRaw()
      for index in 0..<count { buffers.raw[index] = ImageLocality.score(pod, table, nodes[index], totalNodes: totalNodes) }
      accumulate(.imageLocality, 1, buffers.raw, buffers.raw)
    }
    guard detailed else {
      return selectHostAddingResourceScores(pod, table, nodes, others: totalsReady ? buffers.totals : [])
    }
    outcome.totals = buffers.totals
    return selectHost(nodes, buffers.totals)
  }

  /// A prioritize cycle's score arrays, kept between cycles so that none allocates them.
  struct ScoreBuffers {
    var totals: [Int64] = []
    var raw: [Int64] = []
    var normalized: [Int64] = []
    /// PodTopologySpread's running sums (at least as long as the others).
    var sums: [Double] = []
    /// PodTopologySpread's weighted score of each raw score in the cycle's range.
    var spreadTable: [Int64] = []
  }

  /// Makes `array` `count` long, keeping its storage; new elements are 0, the others as they were.
  private static func resize(_ array: inout [Int64], to count: Int) {
    if array.count > count {
      array.removeLast(array.count - count)
    } else if array.count < count {
      array.append(contentsOf: repeatElement(0, count: count - array.count))
    }
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
  /// pod's signature are unchanged. One pass (`TopScan`) finds the maximum, the draws made
  /// before the running best first reached it and the ties at it; `pickTie` draws among them.
  private func selectHostAddingResourceScores(_ pod: PodInfo, _ table: NodeTable, _ nodes: [Int], others: [Int64]) -> Int {
    let strategy = self.strategy
    let count = nodes.count
    let balanced = !pod.isBestEffort
    let winner = withRankingBuffers(pod, quick: nil, capacity: count) { memo, top in
      nodes.withUnsafeBufferPointer { nodes in
        var scan = TopScan()
        // Two copies of the loop, so that the common one (no other plugin scored) reads nothing more.
        if others.isEmpty {
          for index in 0..<count {
            scan.add(Self.resourceScore(pod, table, nodes[index], strategy, balanced, memo), index, top)
          }
        } else {
          others.withUnsafeBufferPointer { others in
            for index in 0..<count {
              scan.add(Self.resourceScore(pod, table, nodes[index], strategy, balanced, memo) + others[index], index, top)
            }
          }
        }
        return pickTie(scan, top)
      }
    }
    return nodes[winner]
  }
}
