import KubeModel
import Testing

@testable import ClusterEngine

/// The scheduler's derived data stays equal to what it is derived from: the quick filter's
/// fit rows to the node table's columns, the division-free tie draws to `%`, and byte-wise
/// image names to the Character-wise rule.
@Suite struct SchedulerFastPathTests {
  /// Every slot's fit row as the columns give it.
  static func expectFitRowsMatch(_ cache: SchedulerCache, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(cache.nodes.fit.count == cache.nodes.names.count, sourceLocation: sourceLocation)
    for slot in cache.nodes.names.indices {
      #expect(cache.nodes.fit[slot] == cache.nodes.computedFit(slot), sourceLocation: sourceLocation)
    }
  }

  @Test func fitRowsFollowNodesAndPods() {
    let cache = SchedulerCache()
    for index in 0..<30 { cache.setNode(SchedulerEquivalenceTests.node(index)) }
    Self.expectFitRowsMatch(cache)
    // A pod bound to a node the cache has not seen makes a slot without a node.
    let early = PodInfo(SchedulerEquivalenceTests.pod("early", cpu: 300, memory: 1 << 28))
    cache.addPod(early.key, CachedPod(early, slot: cache.slot(for: "node-late"), assumed: false))
    Self.expectFitRowsMatch(cache)
    var keys: [ObjectKey] = []
    for index in 0..<120 {
      let info = PodInfo(SchedulerEquivalenceTests.workloadPod(index))
      cache.addPod(info.key, CachedPod(info, slot: index % 30, assumed: true))
      keys.append(info.key)
    }
    Self.expectFitRowsMatch(cache)
    #expect(cache.nodes.fit[0].freePods == cache.nodes.allocatablePods[0] - 4)
    // Replacing a pod's state and removing pods.
    let again = PodInfo(SchedulerEquivalenceTests.workloadPod(7))
    cache.addPod(again.key, CachedPod(again, slot: 3, assumed: false))
    for key in keys.prefix(40) { cache.removePod(key) }
    Self.expectFitRowsMatch(cache)
    // Cordons, taints and allocatable changes.
    var cordoned = SchedulerEquivalenceTests.node(2)
    cordoned.spec?.unschedulable = true
    cache.setNode(cordoned)
    var tainted = SchedulerEquivalenceTests.node(4)
    tainted.spec?.taints = [Taint(key: "k", value: "v", effect: "NoExecute")]
    tainted.status?.allocatable?["cpu"] = Quantity(16)
    cache.setNode(tainted)
    cache.setNode(SchedulerEquivalenceTests.node(35))
    cache.removeNode("node-6")
    Self.expectFitRowsMatch(cache)
    let slot2 = cache.slotOf["node-2"] ?? -1
    let slot4 = cache.slotOf["node-4"] ?? -1
    #expect(cache.nodes.fit[slot2].blockers == FitRow.unschedulableBit)
    #expect(cache.nodes.fit[slot4].blockers == FitRow.hardTaintsBit)
    cache.setNode(SchedulerEquivalenceTests.node(2))
    #expect(cache.nodes.fit[slot2].blockers == 0)
    Self.expectFitRowsMatch(cache)
  }

  @Test func walkFindsWhatTheQuickCheckAndPluginsPass() {
    let cache = SchedulerCache()
    for index in 0..<40 {
      var node = SchedulerEquivalenceTests.node(index)
      if index % 7 == 3 { node.spec?.unschedulable = true }
      cache.setNode(node)
    }
    let info = PodInfo(SchedulerEquivalenceTests.pod("p", cpu: 3_000, memory: 1 << 30))
    let quick = QuickFilter(info, hasFilterState: false)
    let order = cache.nodeOrder
    for start in [0, 17, 39] {
      var slowCalls = 0
      let walked = QuickFilter.walk(quick, cache.nodes.fit, order, start: start, toFind: 9) { _ in
        slowCalls += 1
        return false
      }
      let expected = (0..<order.count).map { order[(start + $0) % order.count] }.filter { quick?.passes(cache.nodes, $0) == true }
      #expect(walked.feasible == Array(expected.prefix(9)))
      #expect(walked.processed - walked.feasible.count == slowCalls)
      let everything = QuickFilter.walk(nil, cache.nodes.fit, order, start: start, toFind: 100) { _ in true }
      #expect(everything.processed == order.count)
      #expect(everything.feasible == (0..<order.count).map { order[(start + $0) % order.count] })
    }
  }

  @Test func divisibilityTableAgreesWithRemainder() {
    var table = DivisibilityTable()
    table.reserve(upTo: 700)
    var random = SeededRandom(seed: 3)
    for divisor in 1...700 {
      let step = UInt64(divisor)
      var values: [UInt64] = [0, 1, UInt64.max, UInt64.max - 1, step, step &- 1, step + 1, step * 12_345, step * 12_345 + 1]
      values.append((UInt64.max / step) * step)
      for _ in 0..<200 { values.append(random.next()) }
      for _ in 0..<50 { values.append((random.next() / step) * step) }
      for value in values {
        #expect(table.divides(value, by: divisor) == (value % step == 0), "\(value) % \(divisor)")
      }
    }
  }

  @Test func imageNamesGetTheLatestTagAsBefore() {
    let cases: [(String, String)] = [
      ("nginx", "nginx:latest"), ("nginx:1.14", "nginx:1.14"), ("localhost:5000/app", "localhost:5000/app:latest"),
      ("registry.k8s.io/pause:3.10", "registry.k8s.io/pause:3.10"), ("", ":latest"), ("a/b/c", "a/b/c:latest"),
      ("ünï:5000/app", "ünï:5000/app:latest"), ("régistry/app:v1", "régistry/app:v1"), ("app:\u{301}", "app:\u{301}:latest"),
    ]
    for (image, expected) in cases {
      #expect(PodInfo.normalizedImageName(image) == expected, "\(image)")
    }
  }
}

/// Reading a draw ahead and skipping draws agree with drawing one by one.
@Suite struct SeededRandomSkipTests {
  @Test func peekAndSkipMatchNext() {
    for seed: UInt64 in [0, 7, 0x5C4E_D01E, .max] {
      var sequential = SeededRandom(seed: seed)
      let values = (0..<64).map { _ in sequential.next() }
      let start = SeededRandom(seed: seed)
      #expect((0..<64).map { start.peek(ahead: $0) } == values)
      for count in [0, 1, 5, 63] {
        var skipped = SeededRandom(seed: seed)
        skipped.skip(count)
        #expect(skipped.next() == values[count])
      }
    }
  }
}
