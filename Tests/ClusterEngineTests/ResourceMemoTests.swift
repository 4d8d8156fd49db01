import KubeModel
import Testing

@testable import ClusterEngine

/// The cache's touch log and the resource-score memo that reads it: an entry survives
/// exactly while its slot is untouched and the pods' signature stays the same.
@Suite struct ResourceMemoTests {
  static func cache(nodes: Int) -> SchedulerCache {
    let cache = SchedulerCache()
    for index in 0..<nodes { cache.setNode(SchedulerEquivalenceTests.node(index)) }
    return cache
  }

  static func signature(cpu: Int64) -> ResourceSignature {
    ResourceSignature(PodInfo(SchedulerEquivalenceTests.pod("p", cpu: cpu, memory: 1 << 28)), strategy: .leastAllocated)
  }

  @Test func touchLogKeepsItsLatestEntries() {
    var log = TouchLog()
    log.limit = 3
    for slot in [5, 6, 7, 8] { log.record(slot) }
    #expect(log.sequence == 4)
    #expect(log.start == 3)
    #expect(log.entries == [8])
    var next: UInt64 = 0
    var seen: [Int] = []
    #expect(!log.slots(since: 2, next: &next) { seen.append($0) })
    #expect(next == 4)
    #expect(log.slots(since: 3, next: &next) { seen.append($0) })
    #expect(seen == [8])
    #expect(log.slots(since: 4, next: &next) { seen.append($0) })
    #expect(seen == [8])
    #expect(!log.slots(since: 5, next: &next) { _ in })
  }

  @Test func touchLogListsTouchedSlotsInOrder() {
    let cache = Self.cache(nodes: 5)
    let start = cache.touchSequence
    let info = PodInfo(SchedulerEquivalenceTests.pod("a", cpu: 100, memory: 1 << 20))
    cache.addPod(info.key, CachedPod(info, slot: 3, assumed: true))
    cache.setNode(SchedulerEquivalenceTests.node(1))  // unchanged: not touched
    cache.removePod(info.key)
    var node = SchedulerEquivalenceTests.node(4)
    node.spec?.unschedulable = true
    cache.setNode(node)
    var seen: [Int] = []
    var next: UInt64 = 0
    #expect(cache.touchedSlots(since: start, next: &next) { seen.append($0) })
    #expect(seen == [3, 3, 4])
    #expect(next == cache.touchSequence)
    #expect(next == start + 3)
    // Nothing new since then.
    seen = []
    #expect(cache.touchedSlots(since: next, next: &next) { seen.append($0) })
    #expect(seen.isEmpty)
  }

  @Test func touchLogStartsOverWhenFull() {
    let cache = Self.cache(nodes: 2)
    let start = cache.touchSequence
    for index in 0..<3_000 {
      let info = PodInfo(SchedulerEquivalenceTests.pod("p\(index)", cpu: 1, memory: 1))
      cache.addPod(info.key, CachedPod(info, slot: index % 2, assumed: true))
    }
    var next: UInt64 = 0
    #expect(!cache.touchedSlots(since: start, next: &next) { _ in })
    #expect(next == cache.touchSequence)
    #expect(next == start + 3_000)
    // The latest touch is always in the log.
    var seen: [Int] = []
    #expect(cache.touchedSlots(since: next - 1, next: &next) { seen.append($0) })
    #expect(seen == [1])
  }

  @Test func memoForgetsTouchedSlotsAndOtherSignatures() {
    let cache = Self.cache(nodes: 6)
    var memo = ResourceMemo()
    let small = Self.signature(cpu: 100)
    memo.prepare(small, quick: nil, cache)
    #expect(memo.scores == [Int64](repeating: ResourceMemo.unknown, count: 6))
    for slot in 0..<6 { memo.scores[slot] = Int64(slot) }
    memo.prepare(small, quick: nil, cache)
    #expect(memo.scores == [0, 1, 2, 3, 4, 5])
    let info = PodInfo(SchedulerEquivalenceTests.pod("a", cpu: 100, memory: 1 << 20))
    cache.addPod(info.key, CachedPod(info, slot: 2, assumed: true))
    memo.prepare(small, quick: nil, cache)
    #expect(memo.scores == [0, 1, ResourceMemo.unknown, 3, 4, 5])
    // A new node's slot starts unknown.
    cache.setNode(SchedulerEquivalenceTests.node(6))
    memo.prepare(small, quick: nil, cache)
    #expect(memo.scores == [0, 1, ResourceMemo.unknown, 3, 4, 5, ResourceMemo.unknown])
    // Another signature knows nothing.
    memo.prepare(Self.signature(cpu: 200), quick: nil, cache)
    #expect(memo.scores == [Int64](repeating: ResourceMemo.unknown, count: 7))
    // A log that no longer reaches back forgets everything.
    for slot in 0..<7 { memo.scores[slot] = 9 }
    for index in 0..<2_000 {
      let pod = PodInfo(SchedulerEquivalenceTests.pod("p\(index)", cpu: 1, memory: 1))
      cache.addPod(pod.key, CachedPod(pod, slot: 0, assumed: true))
    }
    memo.prepare(Self.signature(cpu: 200), quick: nil, cache)
    #expect(memo.scores == [Int64](repeating: ResourceMemo.unknown, count: 7))
  }

  @Test func memoKeyedByAQuickFilterForgetsOtherFilters() {
    let cache = Self.cache(nodes: 4)
    let info = PodInfo(SchedulerEquivalenceTests.pod("p", cpu: 100, memory: 1 << 28))
    let signature = ResourceSignature(info, strategy: .leastAllocated)
    let quick = QuickFilter(info, hasFilterState: false)
    var tolerant = info
    tolerant.toleratesUnschedulable = true
    let other = QuickFilter(tolerant, hasFilterState: false)
    #expect(quick != nil && other != nil && quick != other)
    var memo = ResourceMemo()
    memo.prepare(signature, quick: quick, cache)
    memo.scores = [7, ResourceMemo.failsQuick, 9, ResourceMemo.unknown]
    memo.prepare(signature, quick: quick, cache)
    #expect(memo.scores == [7, ResourceMemo.failsQuick, 9, ResourceMemo.unknown])
    // Touching a slot forgets whether it passes, too.
    let bound = PodInfo(SchedulerEquivalenceTests.pod("a", cpu: 100, memory: 1 << 20))
    cache.addPod(bound.key, CachedPod(bound, slot: 1, assumed: true))
    memo.prepare(signature, quick: quick, cache)
    #expect(memo.scores == [7, ResourceMemo.unknown, 9, ResourceMemo.unknown])
    memo.prepare(signature, quick: other, cache)
    #expect(memo.scores == [Int64](repeating: ResourceMemo.unknown, count: 4))
    memo.scores[0] = 5
    memo.prepare(signature, quick: nil, cache)
    #expect(memo.scores == [Int64](repeating: ResourceMemo.unknown, count: 4))
  }

  @Test func topScanFindsTheMaximumItsTiesAndTheDrawsBeforeIt() {
    let totals: [Int64] = [3, 5, 5, 2, 5, 7, 1, 7]
    var top = [Int](repeating: -1, count: totals.count)
    var scan = TopScan()
    top.withUnsafeMutableBufferPointer { top in
      for (index, total) in totals.enumerated() { scan.add(total, index, top) }
    }
    #expect(scan.best == 7)
    #expect(scan.count == 2)
    #expect(Array(top.prefix(2)) == [5, 7])
    // Ties with the running best before 7: the second and third 5.
    #expect(scan.drawsBefore == 2)
    #expect(scan.draws == 3)
  }
}
