import KubeModel
import Testing

@testable import ClusterEngine

@Suite struct PodGarbageCollectorTests {
  /// `kubectl delete node` under a running kubelet: the Node stays gone, its pods are
  /// collected 40 s later (Failed, DisruptionTarget by PodGC, deleted) and the
  /// ReplicaSet's replacements run on the nodes that exist.
  @Test func podsOfADeletedNodeAreCollectedAndReplaced() throws {
    let cluster = try ClusterFactory.make(seed: 5)
    cluster.advance(by: 60)
    func webserverNodes() -> [String] {
      cluster.store.list(Pod.self, namespace: "default").filter { $0.name.hasPrefix("webserver-") }.compactMap(\.spec?.nodeName).sorted()
    }
    func pods(on node: String) -> [String] {
      // The DaemonSet controller removes its own pod from a node that is gone, at once.
      cluster.store.list(Pod.self).filter { $0.spec?.nodeName == node && !$0.name.hasPrefix("kube-proxy-") }.map(\.name)
    }
    let victim = try #require(webserverNodes().first)
    let orphans = pods(on: victim)
    #expect(!orphans.isEmpty)
    try cluster.api.delete(Node.self, name: victim)
    cluster.advance(by: 39)
    #expect(pods(on: victim) == orphans)
    cluster.advance(by: 2)
    #expect(pods(on: victim).isEmpty)
    cluster.advance(by: 60)
    #expect(webserverNodes().count == 2)
    #expect(!webserverNodes().contains(victim))
    cluster.advance(by: 600)
    #expect(cluster.store.get(Node.self, name: victim) == nil)
  }
}
