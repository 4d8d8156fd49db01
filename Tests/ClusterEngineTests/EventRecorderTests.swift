import KubeModel
import Testing

@testable import ClusterEngine

@Suite struct EventRecorderTests {
  func pod() -> Pod {
    var pod = Pod()
    pod.metadata.namespace = "default"
    pod.metadata.name = "web"
    pod.metadata.uid = "uid-1"
    return pod
  }

  @Test func repeatsAreCountedAndMessagesOfTheSameLengthKeptApart() {
    let cluster = Cluster()
    let pod = pod()
    cluster.api.recordEvent(about: pod, reason: "BackOff", message: "restart aaa", component: "kubelet")
    cluster.api.recordEvent(about: pod, reason: "BackOff", message: "restart aaa", component: "kubelet")
    cluster.api.recordEvent(about: pod, reason: "BackOff", message: "restart bbb", component: "kubelet")
    let events = cluster.store.list(Event.self)
    #expect(events.count == 2)
    #expect(events.map { $0.count ?? 0 }.sorted() == [1, 2])
  }

  @Test func theOldestEventsGoBeyondTheLimit() {
    let cluster = Cluster(configuration: ClusterConfiguration(eventLimit: 3))
    let pod = pod()
    for index in 0..<5 {
      cluster.api.recordEvent(about: pod, reason: "Step", message: "step \(index)", component: "kubelet")
    }
    let messages = cluster.store.list(Event.self).compactMap(\.message).sorted()
    #expect(messages == ["step 2", "step 3", "step 4"])
  }
}
