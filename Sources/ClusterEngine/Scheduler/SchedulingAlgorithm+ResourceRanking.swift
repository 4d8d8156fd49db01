import KubeModel

/// `selectHost`'s running state over totals in feasible order: the maximum so far, the draws
/// made before the running best first reached it, and the items at it (kept in a buffer).
struct TopScan {
  var best = Int64.min
  var draws = 0
  var drawsBefore = 0
  /// How many items are at `best` (the first `count` of the buffer).
  var count = 0

  /// Feeds the next total. A new best restarts the ties; an equal total is a tie, and every
  /// tie after the first item draws once. `top` must have room for every item fed.
  @inline(__always)
  mutating func add(_ total: Int64, _ item: Int, _ top: UnsafeMutableBufferPointer<Int>) {
    if total > best {
      best = total
      drawsBefore = draws
      top[0] = item
      count = 1
    } else if total == best {
      draws &+= 1
      top[count] = item
      count &+= 1
    }
  }
}

extension SchedulingAlgorithm {
  /// Whether no score plugin but NodeResourcesFit and NodeResourcesBalancedAllocation ranks
  /// `pod`'s nodes: every other one is skipped by `prioritize` without `detailed` (no
  /// PreferNoSchedule taint, no preferred node or pod terms, no soft spread constraints, no
  /// existing pod's scoring terms, none of its images on any node).
  func ranksByResourcesOnly(_ pod: PodInfo, _ table: NodeTable) -> Bool {
    cache.preferNoScheduleNodes == 0 && pod.preferredNodeTerms.isEmpty && pod.softSpread.isEmpty
      && pod.preferredAffinity.isEmpty && pod.preferredAntiAffinity.isEmpty && cache.scoringHolders == 0
      && !pod.images.contains { (table.imageNodeCount[$0] ?? 0) > 0 }
  }

  /// Filter and pick in one pass, for a pod the quick filter answers and only the resource
  /// scores rank (`ranksByResourcesOnly`): each node that passes goes straight into
  /// `selectHost`'s scan instead of a list of feasible nodes. It picks what filtering then
  /// `prioritize` pick, with the same draws, and none when a single node fits (the cycle does
  /// not score then). Returns the node picked (nil when none fits) and how many nodes were processed.
  func filterAndSelectByResources(
    _ pod: PodInfo, _ quick: QuickFilter, _ table: NodeTable, _ nodes: [Int], start: Int, toFind: Int, slow: (Int) -> Bool
  ) -> (selected: Int?, processed: Int) {
    let strategy = self.strategy
    let balanced = !pod.isBestEffort
    let capacity = min(max(toFind, 0), nodes.count)
    return withRankingBuffers(pod, quick: quick, capacity: capacity) { memo, top in
      var scan = TopScan()
      /// The quick check from the memo: a memoised score means the node passes.
      func passesQuick(_ slot: Int) -> Bool {
        let known = memo[slot]
        if known >= 0 { return true }
        if known == ResourceMemo.failsQuick || !quick.passes(table.fit[slot]) {
          memo[slot] = ResourceMemo.failsQuick
          return false
        }
        memo[slot] = Self.resourceScores(pod, table, slot, strategy, balanced)
        return true
      }
      let visited = QuickFilter.visit(nodes, start: start, toFind: capacity, quick: passesQuick, slow: slow) { _, slot in
        // A node the plugins passed after the quick check failed is scored afresh.
        let known = memo[slot]
        scan.add(known >= 0 ? known : Self.resourceScores(pod, table, slot, strategy, balanced), slot, top)
      }
      switch visited.found {
      case 0: return (nil, visited.processed)
      case 1: return (top[0], visited.processed)
      default: return (pickTie(scan, top), visited.processed)
      }
    }
  }

  /// Prepares the resource memo for `pod` (and `quick`, see `ResourceMemo`) and calls `body`
  /// with the memo's scores and room for `capacity` ties, both taken out of the object for the
  /// call so that they are updated in place.
  @inline(__always)
  func withRankingBuffers<Result>(
    _ pod: PodInfo, quick: QuickFilter?, capacity: Int,
    _ body: (UnsafeMutableBufferPointer<Int64>, UnsafeMutableBufferPointer<Int>) -> Result
  ) -> Result {
    resourceMemo.prepare(ResourceSignature(pod, strategy: strategy), quick: quick, cache)
    var memo = resourceMemo.scores
    resourceMemo.scores = []
    defer { resourceMemo.scores = memo }
    var top = selectTopIndices
    selectTopIndices = []
    defer { selectTopIndices = top }
    if top.count < capacity { top.append(contentsOf: repeatElement(0, count: capacity - top.count)) }
    return memo.withUnsafeMutableBufferPointer { memo in
      top.withUnsafeMutableBufferPointer { top in body(memo, top) }
    }
  }

  /// The item `selectHost` picks among the ties at the maximum (`top`, as `scan` left them),
  /// advancing the generator past every draw `selectHost` makes.
  ///
  /// It draws what `selectHost` draws, without drawing one by one: a tie below the maximum
  /// only advances the generator (whichever it picked is replaced later), and among the `T`
  /// ties at the maximum the winner is the last `k` whose draw is divisible by `k`, so they are
  /// tested from the last one back (about half of them on average), each draw read at its
  /// position in the sequence.
  func pickTie(_ scan: TopScan, _ top: UnsafeMutableBufferPointer<Int>) -> Int {
    divisibility.reserve(upTo: scan.count)
    let random = self.random
    let drawsBefore = scan.drawsBefore
    // Tie number k (from 2) draws the generator's (drawsBefore + k − 2)-th value.
    let last = divisibility.lastDivisible(upTo: scan.count) { random.peek(ahead: drawsBefore &+ $0 &- 2) }
    self.random.skip(drawsBefore + scan.count - 1)
    return top[(last ?? 1) - 1]
  }

  /// NodeResourcesFit's plus NodeResourcesBalancedAllocation's (when `balanced`) score of
  /// `slot`: memoised in `memo`, computed and memoised when unknown.
  @inline(__always)
  static func resourceScore(
    _ pod: PodInfo, _ table: NodeTable, _ slot: Int, _ strategy: ScoringStrategy, _ balanced: Bool,
    _ memo: UnsafeMutableBufferPointer<Int64>
  ) -> Int64 {
    let known = memo[slot]
    if known >= 0 { return known }
    let score = resourceScores(pod, table, slot, strategy, balanced)
    memo[slot] = score
    return score
  }

  /// NodeResourcesFit's plus NodeResourcesBalancedAllocation's (when `balanced`) score of `slot`.
  static func resourceScores(
    _ pod: PodInfo, _ table: NodeTable, _ slot: Int, _ strategy: ScoringStrategy, _ balanced: Bool
  ) -> Int64 {
    var score = NodeResourcesFit.score(pod, table, slot, strategy: strategy)
    if balanced { score += NodeResourcesBalancedAllocation.score(pod, table, slot) }
    return score
  }
}
