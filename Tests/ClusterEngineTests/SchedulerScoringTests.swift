import KubeModel
import Testing

@testable import ClusterEngine

@Suite struct SchedulerScoringTests {
  /// node-a: 4 cpu / 8Gi, node-b: 2 cpu / 8Gi; the pod asks 1 cpu / 2Gi.
  ///
  /// TaintToleration: no taints → raw 0, reverse-normalised 100 × 3 = 300 on both.
  /// NodeResourcesFit (LeastAllocated): a = ((4000−1000)·100/4000 = 75 + (8−2)·100/8 = 75) / 2 = 75;
  ///   b = ((2000−1000)·100/2000 = 50 + 75) / 2 = 62.
  /// BalancedAllocation: a = fractions 0.25, 0.25 → std 0 → 100; b = 0.5, 0.25 → std 0.125 → 87.
  /// ImageLocality: no images → 0. Totals a = 475, b = 449 → node-a.
  @Test func leastAllocatedAndBalancedByHand() throws {
    let fixture = try SchedulerFixture()
    try fixture.addNode("node-a", cpu: "4", memory: "8Gi")
    try fixture.addNode("node-b", cpu: "2", memory: "8Gi")
    try fixture.create(try fixture.pod("web", cpu: "1", memory: "2Gi"))
    #expect(fixture.node(of: "web") == "node-a")
    let explanation = try #require(fixture.scheduler.explanation(namespace: "default", pod: "web"))
    #expect(explanation.selectedNode == "node-a")
    #expect(explanation.numAllNodes == 2)
    #expect(
      explanation.scorePlugins.map(\.plugin) == [
        "TaintToleration", "NodeResourcesFit", "NodeResourcesBalancedAllocation", "ImageLocality",
      ])
    let a = try #require(explanation.row("node-a"))
    let b = try #require(explanation.row("node-b"))
    #expect(a.filter == .passed)
    #expect(a.scores.map(\.raw) == [0, 75, 100, 0])
    #expect(a.scores.map(\.final) == [300, 75, 100, 0])
    #expect(b.scores.map(\.raw) == [0, 62, 87, 0])
    #expect(a.totalScore == 475)
    #expect(b.totalScore == 449)
  }

  /// As above, but node-b already has the pod's image, 900Mi: on 1 of 2 nodes it counts
  /// 450Mi, so ImageLocality = 100 × (450 − 23) / (1000 − 23) = 43 and b totals 492 > 475.
  @Test func imageLocalityTipsTheBalance() throws {
    let fixture = try SchedulerFixture()
    try fixture.addNode("node-a", cpu: "4", memory: "8Gi")
    try fixture.addNode(
      "node-b", cpu: "2", memory: "8Gi",
      images: [ContainerImage(names: ["nginx:1.14"], sizeBytes: 900 * 1024 * 1024)])
    try fixture.create(try fixture.pod("web", cpu: "1", memory: "2Gi", image: "nginx:1.14"))
    #expect(fixture.node(of: "web") == "node-b")
    let b = try #require(fixture.scheduler.explanation(namespace: "default", pod: "web")?.row("node-b"))
    #expect(b.scores.last?.raw == 43)
    #expect(b.totalScore == 492)
  }

  /// Two 4 cpu / 8Gi nodes; node-b already runs 2 cpu / 2Gi. A 1 cpu / 1Gi pod:
  /// LeastAllocated: a = (75 + 87)/2 = 81, b = (25 + 62)/2 = 43 → a.
  /// MostAllocated: a = (25 + 12)/2 = 18, b = (75 + 37)/2 = 56; Balanced a 93, b 81;
  /// totals a = 300+18+93 = 411, b = 300+56+81 = 437 → b (bin packing).
  @Test func mostAllocatedPacksOntoTheFullestNode() throws {
    let fixture = try SchedulerFixture()
    try fixture.addNode("node-a")
    try fixture.addNode("node-b")
    var existing = try fixture.pod("existing", cpu: "2", memory: "2Gi")
    existing.spec?.nodeName = "node-b"
    try fixture.create(existing)
    try fixture.create(try fixture.pod("first", cpu: "1", memory: "1Gi"))
    #expect(fixture.node(of: "first") == "node-a")
    let least = try #require(fixture.scheduler.explanation(namespace: "default", pod: "first"))
    #expect(least.row("node-a")?.scores.first { $0.plugin == "NodeResourcesFit" }?.raw == 81)
    #expect(least.row("node-b")?.scores.first { $0.plugin == "NodeResourcesFit" }?.raw == 43)

    fixture.scheduler.scoringStrategy = .mostAllocated
    try fixture.cluster.api.delete(Pod.self, namespace: "default", name: "first", options: DeleteOptions(gracePeriodSeconds: 0))
    fixture.cluster.settle()
    try fixture.create(try fixture.pod("second", cpu: "1", memory: "1Gi"))
    #expect(fixture.node(of: "second") == "node-b")
    let most = try #require(fixture.scheduler.explanation(namespace: "default", pod: "second"))
    #expect(most.row("node-a")?.totalScore == 411)
    #expect(most.row("node-b")?.totalScore == 437)
    try fixture.create(try fixture.pod("third", cpu: "1", memory: "1Gi"))
    #expect(fixture.node(of: "third") == "node-b")
  }

  /// A PreferNoSchedule taint the pod does not tolerate: raw 1 on node-b, reverse-normalised
  /// to 0 (a: 100 × 3 = 300, b: 0).
  @Test func preferNoScheduleTaintsScoreInReverse() throws {
    let fixture = try SchedulerFixture()
    try fixture.addNode("node-a")
    try fixture.addNode("node-b", taints: [Taint(key: "spot", value: "true", effect: "PreferNoSchedule")])
    try fixture.create(try fixture.pod("web", cpu: "1", memory: "1Gi"))
    #expect(fixture.node(of: "web") == "node-a")
    let explanation = try #require(fixture.scheduler.explanation(namespace: "default", pod: "web"))
    #expect(explanation.row("node-b")?.scores.first?.raw == 1)
    #expect(explanation.row("node-b")?.scores.first?.final == 0)
    #expect(explanation.row("node-a")?.scores.first?.final == 300)
  }

  @Test func explanationRecordsFilterVerdicts() throws {
    let fixture = try SchedulerFixture()
    try fixture.addNode("small", cpu: "500m")
    try fixture.addNode("tainted", taints: [Taint(key: "dedicated", value: "db", effect: "NoExecute")])
    try fixture.addNode("ok")
    try fixture.create(try fixture.pod("web", cpu: "1"))
    let explanation = try #require(fixture.scheduler.explanation(namespace: "default", pod: "web"))
    #expect(explanation.selectedNode == "ok")
    #expect(explanation.row("small")?.filter == .rejected(plugin: "NodeResourcesFit", reasons: ["Insufficient cpu"]))
    #expect(
      explanation.row("tainted")?.filter
        == .rejected(plugin: "TaintToleration", reasons: ["node(s) had untolerated taint {dedicated: db}"]))
    #expect(explanation.row("ok")?.filter == .passed)
  }

  @Test func numFeasibleNodesToFindIsAdaptive() {
    let algorithm = SchedulingAlgorithm(cache: SchedulerCache(), seed: 1)
    #expect(algorithm.numFeasibleNodesToFind(50) == 50)
    #expect(algorithm.numFeasibleNodesToFind(150) == 100)
    #expect(algorithm.numFeasibleNodesToFind(1000) == 420)
    #expect(algorithm.numFeasibleNodesToFind(5000) == 500)
    #expect(algorithm.numFeasibleNodesToFind(15000) == 750)
  }

  @Test func benchmarkSchedulesEveryPod() {
    let result = SchedulerBenchmark.run(nodes: 120, pods: 300, antiAffinityPods: 200, groupSize: 10)
    #expect(result.podsPerSecond > 0)
    #expect(result.antiAffinityPodsPerSecond > 0)
  }
}
