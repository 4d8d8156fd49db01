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

  @Test func aRepeatAfterItsEventWasTrimmedStartsAFreshEvent() {
    let cluster = Cluster(configuration: ClusterConfiguration(eventLimit: 2))
    let pod = pod()
    for message in ["a", "b", "c", "a"] {
      cluster.api.recordEvent(about: pod, reason: "Step", message: message, component: "kubelet")
    }
    let events = cluster.store.list(Event.self)
    #expect(events.compactMap(\.message).sorted() == ["a", "c"])
    #expect(events.allSatisfy { $0.count == 1 })
    // The repeat of "c" still finds its Event.
    cluster.api.recordEvent(about: pod, reason: "Step", message: "c", component: "kubelet")
    #expect(cluster.store.list(Event.self).first { $0.message == "c" }?.count == 2)
  }

  @Test func anOccurrenceSharingAnotherOnesHashIsRecordedApart() throws {
    let cluster = Cluster()
    let pod = pod()
    cluster.api.recordEvent(about: pod, reason: "Pulled", message: "first", component: "kubelet")
    let first = try #require(cluster.store.list(Event.self).first)
    // Make the second occurrence's hash lead to the first Event, as a collision would.
    let second = APIServer.occurrence(of: pod.objectReference, reason: "Pulled", message: "second", component: "kubelet")
    cluster.api.eventNames[second] = StoreKey(ObjectKey(namespace: "default", name: first.name))
    cluster.api.recordEvent(about: pod, reason: "Pulled", message: "second", component: "kubelet")
    let events = cluster.store.list(Event.self)
    #expect(events.count == 2)
    #expect(events.allSatisfy { $0.count == 1 })
  }

  @Test func anOccurrenceKeyIsItsHashAndFindsOnlyItself() {
    let pod = pod()
    let a = APIServer.occurrence(of: pod.objectReference, reason: "Pulled", message: "a", component: "kubelet")
    let again = APIServer.occurrence(of: pod.objectReference, reason: "Pulled", message: "a", component: "kubelet")
    let b = APIServer.occurrence(of: pod.objectReference, reason: "Pulled", message: "b", component: "kubelet")
    #expect(a == again && a != b)
    #expect(a.value == again.value)
    var table: [Prehashed<Int>: String] = [:]
    for index in 0..<1_000 { table[Prehashed(ownDigest: index &* 0x9E37_79B9)] = "\(index)" }
    table[a] = "a"
    #expect(table[again] == "a" && table[b] == nil)
    for index in stride(from: 0, to: 1_000, by: 2) { table[Prehashed(ownDigest: index &* 0x9E37_79B9)] = nil }
    #expect(table[Prehashed(ownDigest: 999 &* 0x9E37_79B9)] == "999" && table[a] == "a" && table.count == 501)
  }

  @Test func eventNamesSpellTheStampInHex() {
    for stamp: UInt64 in [0, 1, 9, 10, 15, 16, 255, 4_096, 1_732_700_000_000_123, UInt64.max] {
      #expect(APIServer.eventName("web-7d4b9c-x2x9q", stamp: stamp) == "web-7d4b9c-x2x9q.\(String(stamp, radix: 16))")
    }
    #expect(APIServer.eventName("", stamp: 171) == ".ab")
    #expect(APIServer.eventName("웹", stamp: 3) == "웹.3")
  }
}
