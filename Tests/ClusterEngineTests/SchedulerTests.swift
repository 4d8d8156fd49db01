import KubeModel
import Testing

@testable import ClusterEngine

@Suite struct SchedulerTests {
  @Test func bindsAndRecordsScheduledEvent() throws {
    let fixture = try SchedulerFixture()
    try fixture.addNode("worker-1")
    try fixture.create(try fixture.pod("nginx"))
    let pod = try #require(fixture.stored("nginx"))
    #expect(pod.spec?.nodeName == "worker-1")
    let condition = pod.status?.condition("PodScheduled")
    #expect(condition?.status == "True")
    let event = try #require(fixture.events(reason: "Scheduled", about: "nginx").first)
    #expect(event.message == "Successfully assigned default/nginx to worker-1")
    #expect(event.type == "Normal")
    #expect(event.source?.component == "default-scheduler")
  }

  @Test func bindingAnAssignedPodIsAConflict() throws {
    let fixture = try SchedulerFixture()
    try fixture.addNode("worker-1")
    try fixture.create(try fixture.pod("nginx"))
    #expect(
      throws: Status(
        message: "Operation cannot be fulfilled on pods/binding \"nginx\": pod nginx is already assigned to node \"worker-1\"",
        reason: .conflict, details: StatusDetails(name: "nginx", group: "", kind: "pods/binding"), code: 409)
    ) { try fixture.cluster.api.bind(pod: "nginx", namespace: "default", node: "worker-2") }
  }

  @Test func mixedClusterGivesUpstreamFailedSchedulingText() throws {
    let fixture = try SchedulerFixture()
    try fixture.addNode("n1", cpu: "8", unschedulable: true)
    try fixture.addNode("n2", cpu: "1")
    try fixture.addNode("n3", cpu: "1")
    try fixture.addNode("n4", cpu: "8", taints: [Taint(key: "dedicated", value: "gpu", effect: "NoSchedule")])
    try fixture.create(try fixture.pod("big", cpu: "2"))
    let message =
      "0/4 nodes are available: 1 node(s) had untolerated taint {dedicated: gpu}, 1 node(s) were unschedulable, 2 Insufficient cpu. preemption: 0/4 nodes are available: 2 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.."
    let pod = try #require(fixture.stored("big"))
    #expect(pod.spec?.nodeName == nil)
    #expect(pod.status?.phase == "Pending")
    let condition = pod.status?.condition("PodScheduled")
    #expect(condition?.status == "False")
    #expect(condition?.reason == "Unschedulable")
    #expect(condition?.message == message)
    let event = try #require(fixture.events(reason: "FailedScheduling", about: "big").first)
    #expect(event.type == "Warning")
    #expect(event.message == message)
    // Retries after the backoff aggregate into the same event.
    fixture.cluster.advance(by: 301)
    #expect(fixture.events(reason: "FailedScheduling", about: "big").count == 1)
    #expect((fixture.events(reason: "FailedScheduling", about: "big").first?.count ?? 0) >= 2)
  }

  @Test func severalInsufficientResourcesAtOnce() throws {
    let fixture = try SchedulerFixture()
    try fixture.addNode("n1", cpu: "1", memory: "1Gi")
    try fixture.create(try fixture.pod("big", cpu: "2", memory: "2Gi", extra: ["nvidia.com/gpu": "1"]))
    #expect(
      fixture.stored("big")?.status?.condition("PodScheduled")?.message
        == "0/1 nodes are available: 1 Insufficient cpu, 1 Insufficient memory, 1 Insufficient nvidia.com/gpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod..")
  }

  @Test func nodeSelectorLandsOnTheGpuNodeOnly() throws {
    let fixture = try SchedulerFixture()
    try fixture.addNode("worker-1")
    var pod = try fixture.pod("cuda", extra: ["nvidia.com/gpu": "1"])
    pod.spec?.nodeSelector = ["gpu": "true"]
    try fixture.create(pod)
    #expect(fixture.node(of: "cuda") == nil)
    #expect(
      fixture.stored("cuda")?.status?.condition("PodScheduled")?.message
        == "0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling..")
    try fixture.addNode("gpu-1", labels: ["gpu": "true"], extra: ["nvidia.com/gpu": "2"])
    fixture.cluster.advance(by: 2)
    #expect(fixture.node(of: "cuda") == "gpu-1")
  }

  @Test func requiredAntiAffinitySpreadsReplicasOnePerNode() throws {
    let fixture = try SchedulerFixture()
    for name in ["n1", "n2", "n3"] { try fixture.addNode(name) }
    for index in 0..<4 {
      var pod = try fixture.pod("web-\(index)", labels: ["app": "web"])
      pod.spec?.affinity = SchedulerFixture.antiAffinity(app: "web")
      try fixture.create(pod)
    }
    let nodes = (0..<3).compactMap { fixture.node(of: "web-\($0)") }
    #expect(Set(nodes) == ["n1", "n2", "n3"])
    #expect(fixture.node(of: "web-3") == nil)
    #expect(
      fixture.stored("web-3")?.status?.condition("PodScheduled")?.message
        == "0/3 nodes are available: 3 node(s) didn't match pod anti-affinity rules. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod..")
    // A pod without the term but matching an existing pod's anti-affinity is kept away too.
    try fixture.addNode("n4")
    fixture.cluster.advance(by: 2)
    #expect(fixture.node(of: "web-3") == "n4")
    try fixture.create(try fixture.pod("plain", labels: ["app": "web"]))
    #expect(
      fixture.stored("plain")?.status?.condition("PodScheduled")?.message
        == "0/4 nodes are available: 4 node(s) didn't satisfy existing pods anti-affinity rules. preemption: 0/4 nodes are available: 4 No preemption victims found for incoming pod..")
  }

  @Test func pendingPodIsScheduledAfterUncordon() throws {
    let fixture = try SchedulerFixture()
    try fixture.addNode("worker-1", unschedulable: true)
    try fixture.create(try fixture.pod("nginx"))
    #expect(fixture.node(of: "nginx") == nil)
    try fixture.cluster.api.modify(Node.self, name: "worker-1") { node in node.spec?.unschedulable = nil }
    fixture.cluster.advance(by: 1)
    #expect(fixture.node(of: "nginx") == "worker-1")
  }

  @Test func pendingPodIsScheduledWhenANodeJoins() throws {
    let fixture = try SchedulerFixture()
    try fixture.create(try fixture.pod("nginx"))
    #expect(fixture.stored("nginx")?.status?.condition("PodScheduled")?.message == "no nodes available to schedule pods")
    try fixture.addNode("worker-1")
    fixture.cluster.advance(by: 1)
    #expect(fixture.node(of: "nginx") == "worker-1")
  }

  @Test func daemonSetStylePinningReportsPreFilterResult() throws {
    let fixture = try SchedulerFixture()
    try fixture.addNode("n1")
    try fixture.addNode("n2", cpu: "100m")
    try fixture.addNode("n3")
    var pod = try fixture.pod("agent", cpu: "200m")
    var term = NodeSelectorTerm()
    term.matchFields = [NodeSelectorRequirement(key: "metadata.name", operator: "In", values: ["n2"])]
    var nodeAffinity = NodeAffinity()
    nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution = NodeSelector(nodeSelectorTerms: [term])
    var affinity = Affinity()
    affinity.nodeAffinity = nodeAffinity
    pod.spec?.affinity = affinity
    try fixture.create(pod)
    #expect(
      fixture.stored("agent")?.status?.condition("PodScheduled")?.message
        == "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) didn't satisfy plugin(s) [NodeAffinity]. preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling..")
  }

  @Test func pinningAFewNodesOfManyLooksThemUpByName() throws {
    let fixture = try SchedulerFixture()
    for index in 1...20 { try fixture.addNode("n\(index)", cpu: index == 5 ? "8" : index == 17 ? "100m" : "1") }
    /// A pod whose required node affinity names `nodes` with `metadata.name In`.
    func pinned(_ name: String, to nodes: [String]) throws -> Pod {
      var pod = try fixture.pod(name, cpu: "200m")
      var term = NodeSelectorTerm()
      term.matchFields = [NodeSelectorRequirement(key: "metadata.name", operator: "In", values: nodes)]
      var affinity = Affinity()
      affinity.nodeAffinity = NodeAffinity()
      affinity.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution = NodeSelector(nodeSelectorTerms: [term])
      pod.spec?.affinity = affinity
      return pod
    }
    try fixture.create(try pinned("small", to: ["n17"]))
    #expect(
      fixture.stored("small")?.status?.condition("PodScheduled")?.message
        == "0/20 nodes are available: 1 Insufficient cpu, 19 node(s) didn't satisfy plugin(s) [NodeAffinity]. preemption: 0/20 nodes are available: 1 No preemption victims found for incoming pod, 19 Preemption is not helpful for scheduling..")
    // Two live nodes and one that does not exist: the emptier of the two wins.
    try fixture.create(try pinned("agent", to: ["n12", "gone", "n5"]))
    #expect(fixture.node(of: "agent") == "n5")
    try fixture.create(try pinned("nowhere", to: ["gone"]))
    #expect(
      fixture.stored("nowhere")?.status?.condition("PodScheduled")?.message
        == "0/20 nodes are available: 20 node(s) didn't satisfy plugin(s) [NodeAffinity]. preemption: 0/20 nodes are available: 20 Preemption is not helpful for scheduling..")
  }

  @Test func backoffDoublesToTenSeconds() {
    #expect((1...6).map { SchedulingQueue.backoffDuration(attempts: $0) / 1_000_000 } == [1, 2, 4, 8, 10, 10])
  }
}
