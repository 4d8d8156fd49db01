import KubeModel
import Testing

@testable import ClusterEngine

/// The storage the engine shares between versions and records: what is shared must read
/// as a copy would, and change only where it is changed.
@Suite struct SharedStorageTests {
  @Test func aStoreEventNamesTheResourceOfItsObject() throws {
    let store = ObjectStore()
    var pod = Pod()
    pod.metadata = ObjectMeta(name: "a", namespace: "default")
    store.put(pod)
    var node = Node()
    node.metadata.name = "n"
    store.put(node)
    let events = try store.events(after: 0)
    #expect(events.map(\.resource) == [.pods, .nodes])
    #expect(try store.events(after: 0, resource: .nodes).map(\.revision) == [2])
  }

  @Test func aStatusWriteKeepsTheStoredSpecStorage() throws {
    let fixture = try KubeletFixture()
    let cluster = fixture.cluster
    var pod = Pod()
    pod.metadata = ObjectMeta(name: "web", namespace: "default")
    pod.spec = PodSpec(containers: [Container(name: "app", image: "nginx:1.14")])
    let created = try cluster.api.create(pod)
    var update = Pod(metadata: created.metadata, spec: PodSpec(containers: [Container(name: "other", image: "x")]))
    update.status = PodStatus()
    update.status?.phase = "Pending"
    let written = try cluster.api.updateStatus(update)
    #expect(written.sharesSpec(with: created))
    #expect(written.spec == created.spec)
    #expect(written.status?.phase == "Pending")
    var respec = written
    respec.spec?.activeDeadlineSeconds = 30
    respec.status = nil
    let updated = try cluster.api.update(respec)
    #expect(updated.status?.phase == "Pending")
    #expect(updated.spec?.activeDeadlineSeconds == 30)
  }

  @Test func kubeletStatusWritesShareWhatDidNotChange() throws {
    let fixture = try KubeletFixture()
    // A container that exits after a second: each restart is a status write.
    try fixture.run("web", [KubeletFixture.container("app", "busybox:1.36", command: ["sh", "-c", "sleep 1; exit 1"])])
    fixture.cluster.advance(by: 15)
    let first = try #require(fixture.pod("web"))
    fixture.cluster.advance(by: 60)
    let later = try #require(fixture.pod("web"))
    #expect(later.status?.containerStatuses?.first?.restartCount ?? 0 > first.status?.containerStatuses?.first?.restartCount ?? 0)
    let before = try #require(first.status?.podIPs)
    let after = try #require(later.status?.podIPs)
    #expect(before == after)
    before.withUnsafeBufferPointer { a in
      after.withUnsafeBufferPointer { b in #expect(a.baseAddress == b.baseAddress) }
    }
  }

  @Test func containerShapesAreSharedByDefinition() {
    var cache = ContainerShapeCache()
    let nginx = Container(name: "app", image: "nginx:1.14")
    let first = cache.shape(of: nginx, seed: 1)
    let again = cache.shape(of: Container(name: "app", image: "nginx:1.14"), seed: 1)
    let other = cache.shape(of: Container(name: "app", image: "redis:7"), seed: 1)
    #expect(first === again)
    #expect(first !== other)
    #expect(first.image == ImageReference("nginx:1.14"))
    #expect(first.profile == ContainerProfile.make(nginx, seed: 1))
  }

  @Test func aContainerRecordsTerminationsAreItsOwn() {
    var cache = ContainerShapeCache()
    let container = Container(name: "app", image: "busybox")
    var record = ContainerRuntime(
      name: "app", specs: [container], specIndex: 0, shape: cache.shape(of: container, seed: 1), isInit: false, identity: 1)
    #expect(record.last == nil && record.previous == nil)
    let first = ContainerTermination(
      startedAt: 0, finishedAt: 1, exitCode: 1, reason: "Error", containerID: "a", restartIndex: 0)
    record.last = first
    let copy = record
    var second = first
    second.exitCode = 2
    record.previous = record.last
    record.last = second
    #expect(copy.last == first && copy.previous == nil)
    #expect(record.last == second && record.previous == first)
    record.last = nil
    #expect(record.last == nil && record.previous == first)
  }

  @Test func anEmptiedSchedulingQueueGivesBackItsStorageAndWorksOn() throws {
    var queue = SchedulingQueue()
    func pod(_ name: String) -> Pod {
      var pod = Pod()
      pod.metadata = ObjectMeta(name: name, namespace: "default")
      pod.spec = PodSpec(containers: [Container(name: "c", image: "nginx")])
      return pod
    }
    for index in 0..<3_000 { queue.add(PodInfo(pod("p\(index)")), object: pod("p\(index)"), now: 0) }
    for index in 0..<3_000 { queue.remove(ObjectKey(namespace: "default", name: "p\(index)")) }
    queue.releaseStorageIfEmpty()
    #expect(queue.entries.capacity < 3_000)
    #expect(queue.pop() == nil)
    queue.add(PodInfo(pod("late")), object: pod("late"), now: 1)
    #expect(queue.pop()?.info.key.name == "late")
  }

  @Test func internedValuesAreEqualAndShareStorage() {
    var table = InternTable<[String]>(limit: 2)
    let first = table.intern(["a", "b"])
    let again = table.intern(Array(["a", "b"]))
    #expect(first == ["a", "b"] && again == first)
    first.withUnsafeBufferPointer { a in
      again.withUnsafeBufferPointer { b in #expect(a.baseAddress == b.baseAddress) }
    }
    #expect(table.intern(["c"]) == ["c"])
    #expect(table.count == 2)
    // Past the limit it starts over; what it handed out stays valid.
    #expect(table.intern(["d"]) == ["d"])
    #expect(table.count == 1)
    #expect(first == ["a", "b"])
  }

  @Test func podsOfOneNodeShareTheirHostIPsAndEqualConditions() throws {
    let fixture = try KubeletFixture()
    try fixture.run("a", [KubeletFixture.container("app", "nginx:1.14")])
    try fixture.run("b", [KubeletFixture.container("app", "nginx:1.14")])
    fixture.cluster.advance(by: 30)
    let a = try #require(fixture.pod("a")?.status?.conditions)
    let b = try #require(fixture.pod("b")?.status?.conditions)
    #expect(fixture.kubelet.internedConditions.count > 0)
    // Equal lists (same transition times) are one buffer.
    if a == b {
      a.withUnsafeBufferPointer { x in
        b.withUnsafeBufferPointer { y in #expect(x.baseAddress == y.baseAddress) }
      }
    }
    let ipsA = try #require(fixture.pod("a")?.status?.hostIPs)
    let ipsB = try #require(fixture.pod("b")?.status?.hostIPs)
    #expect(ipsA == ipsB)
    ipsA.withUnsafeBufferPointer { x in
      ipsB.withUnsafeBufferPointer { y in #expect(x.baseAddress == y.baseAddress) }
    }
  }

  @Test func kubeletEventsOfDifferentPodsShareTheirTexts() throws {
    let fixture = try KubeletFixture()
    try fixture.run("web-a", [KubeletFixture.container("app", "nginx:1.14")])
    try fixture.run("web-b", [KubeletFixture.container("app", "nginx:1.14")])
    fixture.cluster.advance(by: 30)
    let started = fixture.cluster.store.list(Event.self, namespace: "default").filter { $0.reason == "Started" }
    #expect(Set(started.map(\.involvedObject.name)) == ["web-a", "web-b"])
    let messages = started.compactMap(\.message)
    let paths = started.compactMap(\.involvedObject.fieldPath)
    #expect(messages == ["Started container app", "Started container app"])
    #expect(paths == ["spec.containers{app}", "spec.containers{app}"])
    func storage(_ text: String) -> UnsafeRawPointer? {
      text.utf8.withContiguousStorageIfAvailable { UnsafeRawPointer($0.baseAddress) } ?? nil
    }
    // Texts longer than a small string are one allocation, shared.
    #expect(storage(messages[0]) != nil && storage(messages[0]) == storage(messages[1]))
    #expect(storage(paths[0]) != nil && storage(paths[0]) == storage(paths[1]))
  }

  @Test func releasingFreeMemoryAfterABurstChangesNothingStored() throws {
    let fixture = try KubeletFixture()
    try fixture.run("web", [KubeletFixture.container("app", "nginx:1.14")])
    fixture.cluster.advance(by: 5)
    let before = fixture.pod("web")
    AllocatorTrim.releaseFreeMemory()
    #expect(fixture.pod("web") == before)
    #expect(AllocatorTrim.burstChanges > 1_000)
  }

  @Test func theUndispatchedBufferGivesBackItsCapacityOnlyOnceEmpty() throws {
    let store = ObjectStore()
    func put(_ name: String) {
      var pod = Pod()
      pod.metadata = ObjectMeta(name: name, namespace: "default")
      store.put(pod)
    }
    for index in 0..<5_000 { put("p\(index)") }
    store.releaseUndispatchedCapacity()
    #expect(store.undispatched.count == 5_000)
    store.undispatched.removeFirst(5_000)
    #expect(store.undispatched.capacity >= 5_000)
    store.releaseUndispatchedCapacity()
    #expect(store.undispatched.isEmpty && store.undispatched.capacity < 4_096)
    put("after")
    #expect(store.undispatched.map(\.revision) == [5_001])
    #expect(try store.events(after: 4_999).map(\.revision) == [5_000, 5_001])
  }

  @Test func conditionListsDifferingOnlyInTextStayApart() {
    func list(_ reason: String?, message: String?, at seconds: Int64) -> [PodCondition] {
      [
        PodCondition(type: "Ready", status: "False", reason: reason, message: message, lastTransitionTime: Time(seconds: seconds)),
        PodCondition(type: "PodScheduled", status: "True", lastTransitionTime: Time(seconds: 1)),
      ]
    }
    let a = ConditionList(list("ContainersNotReady", message: "containers with unready status: [a]", at: 5))
    let sameShape = ConditionList(list("ContainersNotReady", message: "containers with unready status: [b]", at: 5))
    let equal = ConditionList(list("ContainersNotReady", message: "containers with unready status: [a]", at: 5))
    #expect(a == equal && a.hashValue == equal.hashValue)
    #expect(a != sameShape)
    #expect(a != ConditionList(list("ContainersNotReady", message: "containers with unready status: [a]", at: 6)))
    var table = InternTable<ConditionList>()
    let first = table.intern(a)
    let other = table.intern(sameShape)
    #expect(other.conditions == sameShape.conditions)
    #expect(table.intern(equal).conditions == first.conditions)
    #expect(table.count == 2)
  }
}
