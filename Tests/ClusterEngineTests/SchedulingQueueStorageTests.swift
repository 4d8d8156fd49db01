import KubeModel
import Testing

@testable import ClusterEngine

/// The queue's boxed pods and the cache's compact pod records: same answers as the values they replace.
struct SchedulingQueueStorageTests {
  private func pod(_ name: String, labels: [String: String]? = nil, cpu: String = "100m") throws -> Pod {
    var pod = Pod()
    pod.metadata = ObjectMeta(name: name, namespace: "default", labels: labels)
    pod.spec = PodSpec(containers: [
      Container(name: "c", image: "nginx", resources: ResourceRequirements(requests: ["cpu": try Quantity(parsing: cpu)]))
    ])
    return pod
  }

  @Test func onlyAStatusChangeLeavesAPodEqualForScheduling() throws {
    let base = try pod("a", labels: ["app": "web"])
    var statusChanged = base
    statusChanged.status = PodStatus()
    statusChanged.status?.phase = "Pending"
    #expect(Scheduler.equalButForStatus(base, statusChanged))
    var relabelled = base
    relabelled.metadata.labels = ["app": "api"]
    #expect(!Scheduler.equalButForStatus(base, relabelled))
    var respecced = base
    respecced.spec?.priority = 10
    #expect(!Scheduler.equalButForStatus(base, respecced))
    #expect(!Scheduler.equalButForStatus(base, try pod("a", labels: ["app": "web"], cpu: "200m")))
  }

  @Test func anUpdateReplacesTheBoxedPodAndKeepsTheQueuePosition() throws {
    var queue = SchedulingQueue()
    let first = try pod("a", labels: ["v": "1"])
    queue.add(PodInfo(first), object: first, now: 5)
    queue.add(PodInfo(try pod("b")), object: try pod("b"), now: 6)
    var updated = first
    updated.metadata.labels = ["v": "2"]
    queue.add(PodInfo(updated), object: updated, now: 7)
    #expect(queue.count == 2)
    let head = queue.pop()
    let popped = try #require(head)
    #expect(popped.info.key.name == "a" && popped.info.labels == ["v": "2"])
    #expect(popped.pod.object.metadata.labels == ["v": "2"] && popped.timestamp == 5 && popped.attempts == 1)
    let second = queue.pop()
    #expect(second?.info.key.name == "b")
  }

  @Test func aStatusWriteDoesNotRequeueButALabelChangeDoes() throws {
    let fixture = try SchedulerFixture()
    try fixture.addNode("n1", cpu: "1")
    try fixture.create(try fixture.pod("big", cpu: "8"))
    let key = ObjectKey(namespace: "default", name: "big")
    // The failed attempt wrote PodScheduled=False: the scheduler saw that status write.
    let parked = try #require(fixture.scheduler.queue.entries[key])
    #expect(parked.place == .unschedulable)
    #expect(fixture.stored("big")?.status?.conditions?.first?.reason == "Unschedulable")
    var stored = try #require(fixture.stored("big"))
    stored.status?.message = "still waiting"
    _ = try fixture.cluster.api.updateStatus(stored)
    fixture.cluster.settle()
    #expect(fixture.scheduler.queue.entries[key]?.pod === parked.pod)
    var relabelled = try #require(fixture.stored("big"))
    relabelled.metadata.labels = ["app": "big"]
    _ = try fixture.cluster.api.update(relabelled)
    fixture.cluster.settle()
    let requeued = try #require(fixture.scheduler.queue.entries[key])
    #expect(requeued.pod !== parked.pod && requeued.info.labels == ["app": "big"])
    #expect(requeued.pod.object.metadata.resourceVersion == nil)
  }

  @Test func aCachedPodKeepsItsSlotAndFlags() throws {
    let info = PodInfo(try pod("a", labels: ["app": "web"]))
    let cached = CachedPod(info, slot: 4_000, assumed: true, terminating: true)
    #expect(cached.slot == 4_000 && cached.assumed && cached.terminating && cached.labels == ["app": "web"])
    #expect(cached.requested.milliCPU == 100)
    #expect(MemoryLayout<CachedPod>.stride < 128)
    #expect(MemoryLayout<SchedulingQueue.Entry>.stride <= 56)
  }

  @Test func theLabelIndexHoldsIDsAndReusesThoseOfRemovedPods() throws {
    let cache = SchedulerCache()
    let slot = cache.slot(for: "n1")
    let a = ObjectKey(namespace: "default", name: "a")
    let b = ObjectKey(namespace: "default", name: "b")
    let c = ObjectKey(namespace: "default", name: "c")
    cache.addPod(a, CachedPod(PodInfo(try pod("a", labels: ["app": "web"])), slot: slot, assumed: false))
    cache.addPod(b, CachedPod(PodInfo(try pod("b", labels: ["app": "web"])), slot: slot, assumed: false))
    let idOfA = try #require(cache.pods[a]).id
    let idOfB = try #require(cache.pods[b]).id
    #expect(idOfA != idOfB && cache.podsByLabel["app=web"] == [idOfA, idOfB])
    cache.removePod(a)
    #expect(cache.podsByLabel["app=web"] == [idOfB] && cache.podKeys[Int(idOfA)] == nil)
    cache.addPod(c, CachedPod(PodInfo(try pod("c", labels: ["app": "api"])), slot: slot, assumed: false))
    #expect(cache.pods[c]?.id == idOfA && cache.podKeys[Int(idOfA)] == c)
    #expect(cache.podsByLabel["app=api"] == [idOfA])
    let matcher = TermMatcher(
      selector: Selector(matchingLabels: ["app": "web"]), namespaces: ["default"], namespaceSelector: nil,
      excludesTerminating: false)
    let web = cache.counter([matcher])
    #expect(web.total == 1)
    cache.removePod(b)
    cache.removePod(c)
    #expect(cache.podsByLabel.isEmpty && web.total == 0)
  }
}
