import KubeModel
import Testing

@testable import ClusterEngine

@Suite struct ServiceAccountTests {
  /// Every namespace has its `default` ServiceAccount: the demo's, a new one, and again
  /// after it is deleted; a terminating namespace does not get it back.
  @Test func everyNamespaceHasItsDefaultServiceAccount() throws {
    let cluster = try ClusterFactory.make(seed: 3)
    cluster.advance(by: 1)
    func accounts(_ namespace: String) -> [String] {
      cluster.store.list(ServiceAccount.self, namespace: namespace).map(\.name)
    }
    for namespace in cluster.store.all(Namespace.self) {
      // kube-system also has the accounts its add-ons run as.
      let expected = namespace.name == "kube-system" ? ["coredns", "default", "kube-proxy"] : ["default"]
      #expect(accounts(namespace.name) == expected, "\(namespace.name)")
    }
    var team = Namespace()
    team.metadata.name = "team-a"
    try cluster.api.create(team)
    cluster.advance(by: 1)
    #expect(accounts("team-a") == ["default"])
    try cluster.api.delete(ServiceAccount.self, namespace: "team-a", name: "default")
    cluster.advance(by: 1)
    #expect(accounts("team-a") == ["default"])
    try cluster.api.delete(Namespace.self, name: "team-a")
    cluster.advance(by: 5)
    #expect(cluster.store.get(Namespace.self, name: "team-a") == nil)
    #expect(accounts("team-a").isEmpty)
  }
}
