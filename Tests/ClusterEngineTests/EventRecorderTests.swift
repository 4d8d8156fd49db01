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

  @Test func eventNamesSpellTheStampInHex() {
    for stamp: UInt64 in [0, 1, 9, 10, 15, 16, 255, 4_096, 1_732_700_000_000_123, UInt64.max] {
      #expect(APIServer.eventName("web-7d4b9c-x2x9q", stamp: stamp) == "web-7d4b9c-x2x9q.\(String(stamp, radix: 16))")
    }
    #expect(APIServer.eventName("", stamp: 171) == ".ab")
    #expect(APIServer.eventName("웹", stamp: 3) == "웹.3")
  }
}
