import KubeModel
import Testing

@testable import ClusterEngine

@Suite struct MaintenanceTests {
  @Test func cordonAndUncordonPrintKubectlLines() throws {
    let cluster = Fixture.cluster()
    try cluster.api.create(Fixture.node("worker-2"))
    #expect(try cluster.cordon(node: "worker-2") == "node/worker-2 cordoned")
    #expect(try cluster.api.get(Node.self, name: "worker-2").spec?.unschedulable == true)
    #expect(try cluster.cordon(node: "worker-2") == "node/worker-2 already cordoned")
    #expect(try cluster.uncordon(node: "worker-2") == "node/worker-2 uncordoned")
    // kubectl's uncordon patch removes the field rather than writing false.
    #expect(try cluster.api.get(Node.self, name: "worker-2").spec?.unschedulable == nil)
    #expect(try cluster.uncordon(node: "worker-2") == "node/worker-2 already uncordoned")
    #expect(throws: Status.notFound(.nodes, name: "worker-9")) { try cluster.cordon(node: "worker-9") }
  }

  @Test func clientSetUnschedulableCordons() async throws {
    let cluster = Fixture.cluster()
    try cluster.api.create(Fixture.node("worker-1"))
    let host = EmbeddedCluster(cluster)
    let node = try await host.setUnschedulable(node: "worker-1", true)
    #expect(node.spec?.unschedulable == true)
    let back = try await host.setUnschedulable(node: "worker-1", false)
    #expect(back.spec?.unschedulable == nil)
  }
}
