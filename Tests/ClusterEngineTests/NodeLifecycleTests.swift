import KubeModel
import Testing

@testable import ClusterEngine

@Suite struct NodeLifecycleTests {
  func fixture() throws -> KubeletFixture {
    let fixture = try KubeletFixture(nodes: ["worker-1", "worker-2"])
    fixture.cluster.install(NodeLifecycleController())
    fixture.cluster.install(TaintEvictionController())
    return fixture
  }

  @Test func poweredOffNodeGoesUnknownThenItsPodsAreEvicted() throws {
    let fixture = try fixture()
    try fixture.run("web", on: "worker-1", [KubeletFixture.container("nginx", "nginx:1.14")])
    // worker-1 renews its lease at every whole ten seconds; power it off just after one.
    fixture.cluster.advance(by: 30)
    try fixture.kubelet.powerOff("worker-1")
    fixture.cluster.advance(by: 50)
    #expect(fixture.cluster.store.get(Node.self, name: "worker-1")?.status?.condition("Ready")?.status == "True")
    fixture.cluster.advance(by: 5)
    let node = try #require(fixture.cluster.store.get(Node.self, name: "worker-1"))
    for type in ["Ready", "MemoryPressure", "DiskPressure", "PIDPressure"] {
      #expect(node.status?.condition(type)?.status == "Unknown")
      #expect(node.status?.condition(type)?.reason == "NodeStatusUnknown")
      #expect(node.status?.condition(type)?.message == "Kubelet stopped posting node status.")
    }
    let taints = (node.spec?.taints ?? []).map(\.summary)
    #expect(taints.contains("node.kubernetes.io/unreachable:NoExecute"))
    #expect(taints.contains("node.kubernetes.io/unreachable:NoSchedule"))
    #expect(fixture.pod("web")?.status?.condition("Ready")?.status == "False")
    #expect(fixture.events(about: "web").contains("NodeNotReady: Node is not ready"))
    #expect(fixture.cluster.store.get(Node.self, name: "worker-2")?.status?.condition("Ready")?.status == "True")
    // The default 300 s toleration runs out 300 s after the taint.
    fixture.cluster.advance(by: 299)
    #expect(fixture.pod("web")?.metadata.deletionTimestamp == nil)
    fixture.cluster.advance(by: 1)
    let evicted = try #require(fixture.pod("web"))
    #expect(evicted.metadata.deletionTimestamp != nil)
    #expect(evicted.status?.condition("DisruptionTarget")?.reason == "DeletionByTaintManager")
    #expect(fixture.events(about: "web").contains("TaintManagerEviction: Marking for deletion Pod default/web"))
    // The kubelet is down: the pod stays Terminating until the node comes back.
    fixture.cluster.advance(by: 60)
    #expect(fixture.pod("web") != nil)
    try fixture.kubelet.powerOn("worker-1")
    fixture.cluster.advance(by: 5)
    #expect(fixture.pod("web") == nil)
    let recovered = try #require(fixture.cluster.store.get(Node.self, name: "worker-1"))
    #expect(recovered.status?.condition("Ready")?.status == "True")
    #expect(recovered.spec?.taints == nil)
  }

  @Test func untoleratedNoExecuteTaintEvictsAtOnceAndDaemonPodsStay() throws {
    let fixture = try fixture()
    try fixture.run("plain", on: "worker-2", [KubeletFixture.container("nginx", "nginx:1.14")])
    var daemon = Pod()
    daemon.metadata = ObjectMeta(name: "agent", namespace: "default")
    var spec = PodSpec(containers: [KubeletFixture.container("agent", "busybox:1.36", command: ["sleep", "infinity"])])
    spec.nodeName = "worker-2"
    spec.tolerations = [Toleration(operator: "Exists")]
    daemon.spec = spec
    try fixture.cluster.api.create(daemon)
    fixture.cluster.advance(by: 15)
    try fixture.cluster.api.modify(Node.self, name: "worker-2") { node in
      node.spec?.taints = [Taint(key: "maintenance", effect: "NoExecute")]
    }
    fixture.cluster.settle()
    #expect(fixture.pod("plain")?.metadata.deletionTimestamp != nil || fixture.pod("plain") == nil)
    fixture.cluster.advance(by: 5)
    #expect(fixture.pod("plain") == nil)
    #expect(fixture.pod("agent")?.metadata.deletionTimestamp == nil)
  }

  @Test func cordonAddsTheUnschedulableTaint() throws {
    let fixture = try fixture()
    try fixture.cluster.api.modify(Node.self, name: "worker-1") { $0.spec?.unschedulable = true }
    fixture.cluster.settle()
    #expect(fixture.cluster.store.get(Node.self, name: "worker-1")?.spec?.taints?.map(\.summary) == ["node.kubernetes.io/unschedulable:NoSchedule"])
    try fixture.cluster.api.modify(Node.self, name: "worker-1") { $0.spec?.unschedulable = nil }
    fixture.cluster.settle()
    #expect(fixture.cluster.store.get(Node.self, name: "worker-1")?.spec?.taints == nil)
  }

  @Test func partitionedNodeKeepsRunningAndReportsWhenHealed() throws {
    let fixture = try fixture()
    try fixture.run("web", on: "worker-1", [KubeletFixture.container("nginx", "nginx:1.14")])
    fixture.cluster.advance(by: 30)
    try fixture.kubelet.setPartitioned("worker-1", true)
    fixture.cluster.advance(by: 60)
    #expect(fixture.cluster.store.get(Node.self, name: "worker-1")?.status?.condition("Ready")?.status == "Unknown")
    #expect(!fixture.kubelet.podMetrics(namespace: "default").isEmpty)
    try fixture.kubelet.setPartitioned("worker-1", false)
    fixture.cluster.settle()
    #expect(fixture.cluster.store.get(Node.self, name: "worker-1")?.status?.condition("Ready")?.status == "True")
    #expect(fixture.pod("web")?.status?.condition("Ready")?.status == "True")
  }
}
