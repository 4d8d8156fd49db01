import KubeModel
import Testing

@testable import ClusterEngine

/// Records the kinds of the changes it is given.
final class KindProbe: ClusterComponent {
  let kinds: [any KubeObject.Type]?
  var seen: [String] = []

  init(kinds: [any KubeObject.Type]?) { self.kinds = kinds }

  var observedKinds: [any KubeObject.Type]? { kinds }
  func attach(to cluster: Cluster) {}
  func observe(_ event: StoreEvent) { seen.append(event.resource.plural) }
  var hasPendingWork: Bool { false }
  func reconcile() {}
}

@Suite struct ObservedKindsTests {
  @Test func componentsAreGivenOnlyTheKindsTheyObserve() throws {
    let cluster = Cluster()
    let pods = KindProbe(kinds: [Pod.self])
    let nothing = KindProbe(kinds: [])
    let everything = KindProbe(kinds: nil)
    for probe in [pods, nothing, everything] { cluster.install(probe) }
    var pod = Pod()
    pod.metadata.namespace = "default"
    pod.metadata.name = "web"
    cluster.store.put(pod)
    var config = ConfigMap()
    config.metadata.namespace = "default"
    config.metadata.name = "settings"
    cluster.store.put(config)
    cluster.api.recordEvent(about: pod, reason: "Scheduled", message: "placed", component: "test")
    cluster.settle()
    #expect(pods.seen == ["pods"])
    #expect(nothing.seen.isEmpty)
    #expect(everything.seen == ["pods", "configmaps", "events"])
  }

  @Test func aComponentInstalledLaterIsGivenTheKindsItObserves() throws {
    let cluster = Cluster()
    let first = KindProbe(kinds: [Pod.self])
    cluster.install(first)
    var pod = Pod()
    pod.metadata.namespace = "default"
    pod.metadata.name = "web"
    cluster.store.put(pod)
    cluster.settle()
    let second = KindProbe(kinds: [Pod.self])
    cluster.install(second)
    cluster.store.put(pod)
    cluster.settle()
    #expect(first.seen == ["pods", "pods"])
    #expect(second.seen == ["pods"])
  }
}
