import KubeModel
import Testing

@testable import ClusterEngine

@Suite struct ControlPlaneTests {
  func fixture() throws -> (StudyGuideFixture, ControlPlane, FixedPodUsage) {
    let controlPlane = ControlPlane()
    let usage = FixedPodUsage()
    let autoscaler = HorizontalPodAutoscalerController()
    autoscaler.usageSource = usage
    let fixture = try StudyGuideFixture([controlPlane, EndpointsController(), autoscaler])
    for name in ["cp-1", "cp-2", "cp-3", "worker-1"] {
      var node = Node()
      node.metadata = ObjectMeta(name: name, labels: name.hasPrefix("cp") ? ["node-role.kubernetes.io/control-plane": ""] : [:])
      try fixture.api.create(node)
    }
    fixture.cluster.settle()
    try fixture.createDeployment("web", replicas: 2)
    for index in 0..<2 {
      try fixture.createPod("web-\(index)", labels: ["app": "web"])
      try fixture.start("web-\(index)", ip: "10.244.0.\(index + 1)")
      usage.cpu["web-\(index)"] = 100
    }
    var hpa = HorizontalPodAutoscaler()
    hpa.metadata = ObjectMeta(name: "web", namespace: "default")
    hpa.spec = HorizontalPodAutoscalerSpec()
    hpa.spec?.scaleTargetRef = CrossVersionObjectReference(kind: "Deployment", name: "web")
    hpa.spec?.maxReplicas = 10
    try fixture.api.create(hpa)
    return (fixture, controlPlane, usage)
  }

  @Test func oneMemberDownKeepsQuorum() throws {
    let (fixture, controlPlane, _) = try fixture()
    #expect(controlPlane.members().map(\.node) == ["cp-1", "cp-2", "cp-3"])
    #expect(controlPlane.members().filter(\.leader).count == 1)
    let leader = try #require(controlPlane.leader)
    controlPlane.setMemberUp(node: leader, up: false)
    #expect(controlPlane.hasQuorum)
    #expect(controlPlane.members().first { $0.node == leader }?.healthy == false)
    let newLeader = try #require(controlPlane.leader)
    #expect(newLeader != leader)
    #expect(fixture.api.writesRefused == nil)
    try fixture.createPod("extra", labels: [:])
  }

  @Test func losingQuorumRefusesWritesAndRecoveryCatchesUp() throws {
    let (fixture, controlPlane, _) = try fixture()
    controlPlane.setMemberUp(node: "cp-1", up: false)
    controlPlane.setMemberUp(node: "cp-2", up: false)
    #expect(!controlPlane.hasQuorum)
    #expect(controlPlane.leader == nil)
    #expect(!fixture.cluster.controlPlaneAvailable)
    do {
      try fixture.createPod("new", labels: [:])
      Issue.record("expected the write to be refused")
    } catch let error as Status {
      #expect(error.message == "etcdserver: request timed out")
      #expect(error.code == 503)
    }
    // Time passes: at 100 % against the default 80 % the autoscaler would scale 2 → 3, but it cannot act.
    fixture.cluster.advance(by: 60)
    #expect(try fixture.api.get(Deployment.self, namespace: "default", name: "web").spec?.replicas == 2)
    #expect(fixture.pods(["app": "web"]).allSatisfy { $0.status?.phase == "Running" })
    controlPlane.setMemberUp(node: "cp-2", up: true)
    #expect(controlPlane.hasQuorum)
    #expect(controlPlane.leader != nil)
    // The queued sync runs as soon as quorum is back.
    #expect(try fixture.api.get(Deployment.self, namespace: "default", name: "web").spec?.replicas == 3)
    #expect(fixture.messages("SuccessfulRescale") == ["New size: 3; reason: cpu resource utilization (percentage of request) above target"])
  }
}
