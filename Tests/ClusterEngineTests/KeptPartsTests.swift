import KubeModel
import Testing

@testable import ClusterEngine

/// What a change says it kept of the previous version, the components that pass over such
/// changes, and the API server's memo of the last pod defaulted.
@Suite struct KeptPartsTests {
  static func pod(_ name: String, labels: [String: String]? = ["app": "web"]) -> Pod {
    var pod = Pod()
    pod.metadata = ObjectMeta(name: name, namespace: "default", labels: labels)
    pod.spec = PodSpec(containers: [Container(name: "app", image: "nginx:1.14")])
    return pod
  }

  @Test func aChangeSaysWhichPartsItKept() throws {
    let store = ObjectStore()
    let created = store.put(Self.pod("a"))
    var status = created
    status.status = PodStatus()
    status.status?.phase = "Running"
    store.put(status)
    var relabeled = status
    relabeled.metadata.labels = ["app": "api"]
    store.put(relabeled)
    var respec = relabeled
    respec.spec?.activeDeadlineSeconds = 5
    store.put(respec)
    // Equal content in new storage is not said to be kept.
    var rebuilt = respec
    rebuilt.metadata = ObjectMeta(name: "a", namespace: "default", labels: ["app": "api"])
    store.put(rebuilt)
    var node = Node()
    node.metadata.name = "n"
    let stored = store.put(node)
    var nodeStatus = stored
    nodeStatus.status = NodeStatus()
    store.put(nodeStatus)
    store.remove(Pod.self, ObjectKey(namespace: "default", name: "a"))
    let kept = try store.events(after: 0).map(\.kept)
    #expect(kept == [[], [.metadata, .podSpec], [.podSpec], [.metadata], [.podSpec], [], [.metadata], []])
  }

  @Test func theSchedulerFollowsABoundPodBackFromFinished() throws {
    let fixture = try SchedulerFixture()
    try fixture.addNode("n1")
    try fixture.create(try fixture.pod("web", cpu: "1"))
    let key = ObjectKey(namespace: "default", name: "web")
    let bound = try #require(fixture.stored("web"))
    #expect(bound.spec?.nodeName == "n1")
    #expect(fixture.scheduler.cache.pods[key] != nil)
    // Status writes keep the metadata and spec: running, finished, then (written back by
    // hand) running again.
    for phase in ["Running", "Succeeded", "Running"] {
      var pod = try #require(fixture.stored("web"))
      pod.status?.phase = phase
      let written = try fixture.cluster.api.updateStatus(pod)
      #expect(written.sharesSpec(with: bound))
      fixture.cluster.settle()
      #expect((fixture.scheduler.cache.pods[key] != nil) == (phase == "Running"))
      #expect(fixture.scheduler.finishedBound.contains(key) == (phase == "Succeeded"))
    }
    // A finished pod is remembered until it is deleted.
    var pod = try #require(fixture.stored("web"))
    pod.status?.phase = "Failed"
    try fixture.cluster.api.updateStatus(pod)
    fixture.cluster.settle()
    #expect(fixture.scheduler.finishedBound.contains(key))
    try fixture.cluster.api.delete(Pod.self, namespace: "default", name: "web", options: DeleteOptions(gracePeriodSeconds: 0))
    fixture.cluster.settle()
    #expect(fixture.stored("web") == nil)
    #expect(fixture.scheduler.cache.pods[key] == nil)
    #expect(fixture.scheduler.finishedBound.isEmpty)
  }

  @Test func aBurstOfPodsIsDefaultedOnceAndSharesTheResult() throws {
    var memo = PodDefaultsMemo()
    let template = Self.pod("t")
    var expected = template
    expected.applyDefaults()
    var first = template
    try memo.applyDefaults(&first, classes: 0) { _ in }
    var second = template
    second.metadata.name = "u"
    try memo.applyDefaults(&second, classes: 0) { _ in }
    #expect(first.spec == expected.spec && first.status == expected.status)
    #expect(second.spec == expected.spec && second.status == expected.status)
    #expect(second.sharesSpec(with: first) && second.sharesStatus(with: first))
    // Another spec is defaulted on its own, not given the remembered result.
    var other = Self.pod("o")
    other.spec?.restartPolicy = "Never"
    try memo.applyDefaults(&other, classes: 0) { _ in }
    #expect(other.spec?.restartPolicy == "Never")
    #expect(!other.sharesSpec(with: first))
    // A pod changed after a copy holds new storage and is defaulted again.
    var changed = template
    changed.spec?.dnsPolicy = "Default"
    try memo.applyDefaults(&changed, classes: 0) { _ in }
    #expect(changed.spec?.dnsPolicy == "Default")
    // Once the priority classes change, the template's pods are admitted again.
    var afterClassChange = template
    try memo.applyDefaults(&afterClassChange, classes: 1) { $0.spec?.priority = 7 }
    #expect(afterClassChange.spec?.priority == 7)
    #expect(!afterClassChange.sharesSpec(with: first))
  }

  @Test func labelsFoundValidOnceDoNotExcuseInvalidOnes() throws {
    let fixture = try SchedulerFixture()
    try fixture.cluster.api.create(Self.pod("a"))
    try fixture.cluster.api.create(Self.pod("b"))
    #expect(throws: Status.self) { try fixture.cluster.api.create(Self.pod("c", labels: ["app": "-bad-"])) }
    try fixture.cluster.api.create(Self.pod("d"))
    #expect(throws: Status.self) { try fixture.cluster.api.create(Self.pod("e", labels: ["app": "-bad-"])) }
  }
}
