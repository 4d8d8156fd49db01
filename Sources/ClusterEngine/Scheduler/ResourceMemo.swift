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

/// NodeResourcesFit's plus NodeResourcesBalancedAllocation's score per slot, for the pods of
/// one `ResourceSignature`: the pods of a workload share their requests, and between two of
/// them only the node that took the first one changed. An entry stays valid until the cache
/// touches its slot (`SchedulerCache.touch`), which the cache's touch log tells.
///
/// Prepared with a quick filter, an entry also says whether the node passes it (a node's fit
/// row changes only when it is touched): a score means it does, `failsQuick` that it does not.
struct ResourceMemo {
  /// Per slot, the memoised score, `failsQuick`, or `unknown`.
  var scores: [Int64] = []
  private var signature = ResourceSignature()
  private var quick: QuickFilter?
  /// The cache's touch sequence number up to which changes are reflected in `scores`.
  private var seen: UInt64 = 0

  /// No score memoised (real scores are never negative).
  static let unknown: Int64 = -1
  /// The node fails the quick filter the memo was prepared with (no score memoised).
  static let failsQuick: Int64 = -2

  /// Makes `scores` one entry per slot of `cache`, each either the score of a pod with
  /// `signature` on the slot as it is now, `failsQuick` when `quick` is given and the slot
  /// fails it, or `unknown`.
  mutating func prepare(_ signature: ResourceSignature, quick: QuickFilter?, _ cache: SchedulerCache) {
    let slots = cache.nodes.names.count
    if scores.count < slots { scores.append(contentsOf: repeatElement(Self.unknown, count: slots - scores.count)) }
    var next: UInt64 = 0
    var complete = signature == self.signature && quick == self.quick
    if complete {
      complete = cache.touchedSlots(since: seen, next: &next) { scores[$0] = Self.unknown }
    } else {
      self.signature = signature
      self.quick = quick
      next = cache.touchSequence
    }
    if !complete { scores.withUnsafeMutableBufferPointer { $0.update(repeating: Self.unknown) } }
    seen = next
  }
}
