import KubeModel
import Testing

@testable import ClusterEngine

@Suite struct NamespaceControllerTests {
  @Test func deletingANamespaceEmptiesItThenRemovesIt() throws {
    let test = try ControllerTestCluster()
    var namespace = Namespace()
    namespace.metadata.name = "shop"
    try test.api.create(namespace)
    var deployment = makeDeployment(replicas: 2)
    deployment.metadata.namespace = "shop"
    try test.api.create(deployment)
    var config = ConfigMap()
    config.metadata.name = "settings"
    config.metadata.namespace = "shop"
    try test.api.create(config)
    test.cluster.settle()
    try test.bindAndReadyAll()
    #expect(test.pods("shop").count == 2)
    try test.api.delete(Namespace.self, name: "shop")
    test.cluster.settle()
    let terminating = try test.api.get(Namespace.self, name: "shop")
    #expect(terminating.status?.phase == "Terminating")
    #expect(terminating.spec?.finalizers == ["kubernetes"])
    #expect(throws: Status.self) { try test.api.create(config) }
    #expect(test.api.list(Deployment.self, namespace: "shop").isEmpty)
    #expect(test.api.list(ConfigMap.self, namespace: "shop").isEmpty)
    #expect(test.livePods("shop").isEmpty)
    try test.finishDeletions()
    #expect(test.pods("shop").isEmpty)
    #expect(test.cluster.store.get(Namespace.self, name: "shop") == nil)
  }
}
