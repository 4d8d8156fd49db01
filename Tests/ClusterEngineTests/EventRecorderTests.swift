import KubeModel
import Testing

@testable import ClusterEngine

extension APIServer {
  /// `occurrence(_:message:)` of an event reported without a host, of type Normal.
  static func occurrence(
    of reference: ObjectReference, reason: String, message: String, component: String
  ) -> Prehashed<Int> {
    occurrence(similarDigest(of: reference, type: "Normal", reason: reason, component: component, host: nil), message: message)
  }
}

@Suite struct EventRecorderTests {
  /// `object` named `name` in `default`, with `uid`.
  func named<T: KubeObject>(_ object: T, _ name: String, uid: String) -> T {
    var object = object
    object.metadata.namespace = "default"
    object.metadata.name = name
    object.metadata.uid = uid
    return object
  }

  func pod() -> Pod { named(Pod(), "web", uid: "uid-1") }

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

  @Test func eventsAreNamedByTheirUnixTimeSoNameOrderIsTimeOrder() {
    let cluster = Cluster()
    let pod = pod()
    // Steps of very different sizes: a name with a shorter number would sort wrongly.
    for (index, step) in [0.0, 0.5, 9.0, 300.0].enumerated() {
      cluster.advance(by: step)
      cluster.api.recordEvent(about: pod, reason: "Step", message: "step \(index)", component: "kubelet")
    }
    let events = cluster.store.list(Event.self)
    #expect(events.compactMap(\.message) == ["step 0", "step 1", "step 2", "step 3"])
    let first = events[0].name
    #expect(first.hasPrefix("web.") && first.count == "web.".count + 16)
    // Unix nanoseconds: the cluster's epoch, in hex.
    let nanos = UInt64(first.dropFirst(4), radix: 16) ?? 0
    #expect(nanos / 1_000_000_000 == UInt64(cluster.configuration.epochSeconds))
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

  /// The Event changes the store's log holds, as "type message" lines.
  func eventChanges(_ cluster: Cluster) throws -> [String] {
    try cluster.store.events(after: 0).compactMap { change in
      change.object(as: Event.self).map { "\(change.type.rawValue) \($0.message ?? "")" }
    }
  }

  @Test func aBurstBeyondTheLimitWithinOneStepWritesOnlyTheEventsKept() throws {
    let cluster = Cluster(configuration: ClusterConfiguration(eventLimit: 3))
    let pod = pod()
    cluster.api.recordEvent(about: pod, reason: "Step", message: "before", component: "kubelet")
    cluster.schedule(after: 1) { cluster in
      for index in 0..<6 {
        cluster.api.recordEvent(about: pod, reason: "Step", message: "step \(index)", component: "kubelet")
      }
    }
    cluster.advance(by: 2)
    // The three newest are kept; the three before them would have gone at once, so they
    // were never written, and the Event written before the step went as the limit says.
    #expect(cluster.store.list(Event.self).compactMap(\.message).sorted() == ["step 3", "step 4", "step 5"])
    #expect(try eventChanges(cluster) == ["ADDED before", "DELETED before", "ADDED step 3", "ADDED step 4", "ADDED step 5"])
    // Written when the step ended, with the instant each was recorded at.
    #expect(cluster.store.list(Event.self).allSatisfy { $0.firstTimestamp?.seconds == cluster.configuration.epochSeconds + 1 })
  }

  @Test func aRepeatWithinOneStepIsCountedBeforeItsEventIsWritten() throws {
    let cluster = Cluster()
    let pod = pod()
    cluster.schedule(after: 1) { cluster in
      cluster.api.recordEvent(about: pod, type: "Warning", reason: "BackOff", message: "Back-off", component: "kubelet", host: "w1")
    }
    cluster.schedule(after: 3) { cluster in
      cluster.api.recordEvent(about: pod, type: "Warning", reason: "BackOff", message: "Back-off", component: "kubelet", host: "w1")
    }
    cluster.advance(by: 5)
    let event = try #require(cluster.store.list(Event.self).first)
    #expect(event.count == 2)
    #expect(event.firstTimestamp?.seconds == cluster.configuration.epochSeconds + 1)
    #expect(event.lastTimestamp?.seconds == cluster.configuration.epochSeconds + 3)
    #expect(try eventChanges(cluster) == ["ADDED Back-off"])
    // Once written, a repeat updates it.
    cluster.api.recordEvent(about: pod, type: "Warning", reason: "BackOff", message: "Back-off", component: "kubelet", host: "w1")
    #expect(cluster.store.list(Event.self).map(\.count) == [3])
    #expect(try eventChanges(cluster) == ["ADDED Back-off", "MODIFIED Back-off"])
  }

  @Test func eventsOfAStepWhoseStoreWasLostAreNotWritten() {
    let cluster = Cluster()
    let pod = pod()
    cluster.schedule(after: 1) { cluster in
      cluster.api.recordEvent(about: pod, reason: "Pulled", message: "before the outage", component: "kubelet")
    }
    cluster.schedule(after: 2) { cluster in cluster.api.writesRefused = "etcdserver: request timed out" }
    cluster.advance(by: 3)
    #expect(cluster.store.list(Event.self).isEmpty)
    cluster.api.writesRefused = nil
    cluster.api.recordEvent(about: pod, reason: "Pulled", message: "after it", component: "kubelet")
    #expect(cluster.store.list(Event.self).compactMap(\.message) == ["after it"])
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
    cluster.api.eventNames[second] = ObjectKey(namespace: "default", name: first.name)
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

  // MARK: The correlator: aggregation and the spam filter

  func replicaSet() -> ReplicaSet { named(ReplicaSet(), "web-5d8c", uid: "uid-rs") }

  @Test func similarEventsAreCombinedAfterNineAndLimitedToABurstOf25() throws {
    let cluster = Cluster()
    let set = replicaSet()
    for index in 1...30 {
      cluster.api.recordEvent(
        about: set, reason: "SuccessfulCreate", message: "Created pod: web-5d8c-\(index)", component: "replicaset-controller")
    }
    var events = cluster.store.list(Event.self)
    // Nine Events of their own, then one that combines the rest: 16 written (the burst of
    // 25 is spent), 5 dropped.
    #expect(events.count == 10)
    #expect(events.filter { $0.count == 1 && !($0.message ?? "").hasPrefix("(combined") }.count == 9)
    var combined = try #require(events.first { ($0.message ?? "").hasPrefix("(combined from similar events): ") })
    #expect(combined.count == 16)
    #expect(combined.message == "(combined from similar events): Created pod: web-5d8c-25")

    // One token comes back every five minutes; the next write carries the dropped ones.
    cluster.advance(by: 299)
    cluster.api.recordEvent(about: set, reason: "SuccessfulCreate", message: "Created pod: web-5d8c-31", component: "replicaset-controller")
    combined = try #require(cluster.store.list(Event.self).first { ($0.message ?? "").hasPrefix("(combined") })
    #expect(combined.count == 16)
    cluster.advance(by: 2)
    cluster.api.recordEvent(about: set, reason: "SuccessfulCreate", message: "Created pod: web-5d8c-32", component: "replicaset-controller")
    events = cluster.store.list(Event.self)
    combined = try #require(events.first { ($0.message ?? "").hasPrefix("(combined") })
    #expect(combined.count == 23)
    #expect(combined.message == "(combined from similar events): Created pod: web-5d8c-32")
    #expect(events.count == 10)
  }

  @Test func theBurstIsPerObjectTypeAndReasonAndEachSource() {
    let cluster = Cluster()
    let set = replicaSet()
    for _ in 0..<40 {
      cluster.api.recordEvent(about: set, type: "Warning", reason: "FailedCreate", message: "forbidden", component: "replicaset-controller")
    }
    // Another reason, and another source, have their own budgets.
    cluster.api.recordEvent(about: set, reason: "SuccessfulCreate", message: "Created pod: p", component: "replicaset-controller")
    cluster.api.recordEvent(about: set, type: "Warning", reason: "FailedCreate", message: "forbidden", component: "garbage-collector")
    let events = cluster.store.list(Event.self)
    #expect(events.count == 3)
    #expect(events.first { $0.source?.component == "replicaset-controller" && $0.reason == "FailedCreate" }?.count == 25)
    #expect(events.first { $0.reason == "SuccessfulCreate" }?.count == 1)
    #expect(events.first { $0.source?.component == "garbage-collector" }?.count == 1)
  }

  @Test func aKubeletsRepeatsAreCountedButNotHeldBack() {
    let cluster = Cluster()
    let pod = pod()
    for _ in 0..<40 {
      cluster.api.recordEvent(about: pod, type: "Warning", reason: "BackOff", message: "Back-off", component: "kubelet", host: "node-1")
    }
    #expect(cluster.store.list(Event.self).map(\.count) == [40])
  }

  @Test func theSchedulerIsNotSpamFiltered() {
    let cluster = Cluster()
    let pod = pod()
    for index in 0..<30 {
      cluster.api.recordEvent(
        about: pod, type: "Warning", reason: "FailedScheduling", message: "0/\(index) nodes are available", component: Scheduler.name)
    }
    let events = cluster.store.list(Event.self)
    #expect(events.count == 30)
    #expect(events.allSatisfy { !($0.message ?? "").hasPrefix("(combined") && $0.count == 1 })
  }

  @Test func aQuietTenMinutesStartsTheAggregationAfresh() {
    let cluster = Cluster()
    let set = replicaSet()
    for index in 1...9 {
      cluster.api.recordEvent(about: set, reason: "SuccessfulDelete", message: "Deleted pod: p\(index)", component: "replicaset-controller")
    }
    cluster.advance(by: 601)
    cluster.api.recordEvent(about: set, reason: "SuccessfulDelete", message: "Deleted pod: p10", component: "replicaset-controller")
    let messages = cluster.store.list(Event.self).compactMap(\.message)
    #expect(messages.count == 10)
    #expect(messages.allSatisfy { !$0.hasPrefix("(combined") })
  }

  @Test func theCorrelatorKeepsTwoGenerationsOfRecords() {
    var correlator = EventCorrelator()
    let spent = Prehashed(ownDigest: -1)
    for _ in 0..<25 { _ = correlator.correlate(similar: spent, message: 1, now: 0) }
    #expect(correlator.correlate(similar: spent, message: 1, now: 0).accepted == false)
    // Filling the newer generation twice over forgets the record: its budget is whole again.
    for index in 0..<(2 * EventCorrelator.capacity) { _ = correlator.correlate(similar: Prehashed(ownDigest: index), message: 1, now: 0) }
    #expect(correlator.correlate(similar: spent, message: 1, now: 0).accepted)
  }
  /// The waiting Events leave oldest first, as many as went in, through a burst trimmed to
  /// the newest 3,000 (the ring grows, then wraps many times), and a count kept on one stays
  /// on it.
  @Test func pendingEventsLeaveInTheOrderTheyCameIn() {
    func event(_ number: Int) -> PendingEvent {
      PendingEvent(
        involvedObject: ObjectReference(kind: "Pod", namespace: "default", name: "pod-\(number)"), namespace: "default",
        type: "Normal", reason: "Started", message: "Started container \(number)", component: "kubelet", host: nil,
        occurrence: Prehashed(ownDigest: number), stamp: UInt64(number), createdAt: Int64(number),
        firstTimestamp: Time(seconds: 0), lastTimestamp: Time(seconds: 0))
    }
    var queue = PendingEventQueue()
    var next = 0
    var expected = 0
    // A burst of 10,000 kept at the newest 3,000, as trimming keeps them.
    for _ in 0..<10_000 {
      queue.append(event(next))
      next += 1
      while queue.count > 3_000 {
        #expect(queue.popFirst()?.createdAt == Int64(expected))
        expected += 1
      }
    }
    #expect(queue.count == 3_000 && queue.firstCreatedAt == Int64(expected))
    queue[10].count += 4
    #expect(queue[10].count == 5 && queue[10].message == "Started container \(expected + 10)")
    while let popped = queue.popFirst() {
      #expect(popped.createdAt == Int64(expected))
      if popped.createdAt == Int64(next - 3_000 + 10) { #expect(popped.count == 5) }
      expected += 1
    }
    #expect(expected == next && queue.isEmpty && queue.firstCreatedAt == nil)
    queue.append(event(1))
    queue.removeAll()
    #expect(queue.isEmpty && queue.popFirst() == nil)
  }
}
