@testable import Dashboard
import KubeModel
import Testing

@Suite struct PodIndexBulkTests {
  /// Pods in runs that share labels and requests, as a list in key order has them, broken by
  /// unscheduled, finished, multi-container and unlabelled pods.
  static func pods() -> [Pod] {
    var pods: [Pod] = []
    for index in 0..<120 {
      let app = "app-\(index / 10)"
      var pod = Fixtures.pod(
        "p-\(index)", node: index % 17 == 0 ? nil : "worker-\(index % 5)",
        labels: index % 23 == 0 ? [:] : ["app": app, "tier": index % 30 < 15 ? "front" : "back"],
        phase: ["Running", "Running", "Pending", "Succeeded", "Failed", "Running"][index % 6],
        cpu: index / 40 == 1 ? "250m" : "100m", memory: index % 11 == 0 ? "1Gi" : "128Mi")
      if index % 13 == 0 {
        var sidecar = Container(name: "sidecar", image: "busybox")
        sidecar.resources = ResourceRequirements(requests: ["cpu": Quantity.milli(50)])
        pod.spec?.containers?.append(sidecar)
      }
      if index % 19 == 0 {
        var setup = Container(name: "setup", image: "busybox")
        setup.resources = ResourceRequirements(requests: ["cpu": Quantity.milli(900)])
        pod.spec?.initContainers = [setup]
      }
      if index % 29 == 0 { pod.metadata.labels = nil }
      pods.append(pod)
    }
    return pods
  }

  @Test func bulkLoadedIndexEqualsIncrementallyBuiltIndex() {
    let pods = Self.pods()
    var incremental = PodIndex()
    for (slot, pod) in pods.enumerated() { incremental.insert(pod, slot: slot) }
    let bulk = PodIndex(listing: pods)
    #expect(bulk == incremental)
    #expect(bulk.runningCount == pods.filter { $0.status?.phase == "Running" }.count)
    #expect(bulk.byNode[""]?.count == pods.filter { $0.spec?.nodeName == nil }.count)
    #expect(!bulk.byLabel.isEmpty)
  }

  @Test func bulkLoadedIndexFollowsWatchEventsAsAnIncrementalOneDoes() {
    let pods = Self.pods()
    var incremental = PodIndex()
    for (slot, pod) in pods.enumerated() { incremental.insert(pod, slot: slot) }
    var bulk = PodIndex(listing: pods)
    for slot in stride(from: 0, to: pods.count, by: 7) {
      bulk.remove(pods[slot], slot: slot)
      incremental.remove(pods[slot], slot: slot)
    }
    #expect(bulk == incremental)
  }

  @Test func replacingPodsWithRepeatedKeysIndexesTheLaterObject() {
    let cache = InformerCache()
    cache.load(pods: [
      Fixtures.pod("a", labels: ["app": "web"]), Fixtures.pod("b"), Fixtures.pod("a", node: "worker-2", labels: ["app": "db"]),
    ])
    var expected = PodIndex()
    for case let entry? in cache.pods.bySlot { expected.insert(entry.object, slot: entry.slot) }
    #expect(cache.podIndex == expected)
    #expect(cache.podIndex.podCount(onNode: "worker-2") == 1)
  }

  @Test func aListFilledConcurrentlyEqualsOneFilledInTurn() {
    let pods = Self.pods() + [Fixtures.pod("p-3", node: "worker-4")]
    let concurrent = InformerCache()
    concurrent.replacePods(pods, concurrentFrom: 0)
    let sequential = InformerCache()
    sequential.replacePods(pods, concurrentFrom: Int.max)
    #expect(concurrent.podIndex == sequential.podIndex)
    #expect(concurrent.pods.entries.map(\.key) == sequential.pods.entries.map(\.key))
    #expect(concurrent.pods.entries.map(\.object) == sequential.pods.entries.map(\.object))
    #expect(concurrent.pods.generation == sequential.pods.generation)
    let unique = InformerCache()
    unique.replacePods(Self.pods(), concurrentFrom: 0)
    var expected = PodIndex()
    for (slot, pod) in Self.pods().enumerated() { expected.insert(pod, slot: slot) }
    #expect(unique.podIndex == expected)
  }

  @Test func emptyListGivesAnEmptyIndex() {
    #expect(PodIndex(listing: []) == PodIndex())
  }
}
