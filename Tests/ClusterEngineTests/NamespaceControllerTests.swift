import KubeModel
import Testing

@testable import ClusterEngine

@Suite struct NamespaceControllerTests {
  @Test func theClustersOwnNamespacesMayNotBeDeleted() throws {
    let test = try ControllerTestCluster()
    for name in ["default", "kube-system", "kube-public"] {
      if test.api.list(Namespace.self).contains(where: { $0.name == name }) == false {
        var namespace = Namespace()
        namespace.metadata.name = name
        try test.api.create(namespace)
      }
      do {
        try test.api.delete(Namespace.self, name: name)
        Issue.record("\(name) was deleted")
      } catch {
        #expect(error.message == "namespaces \"\(name)\" is forbidden: this namespace may not be deleted")
        #expect(error.code == 403)
      }
      #expect(try test.api.get(Namespace.self, name: name).metadata.deletionTimestamp == nil)
    }
  }

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
