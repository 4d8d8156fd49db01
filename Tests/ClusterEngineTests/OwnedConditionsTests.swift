import KubeModel
import Testing

@testable import ClusterEngine

/// The kubelet's check that a stored condition list is the one it would build: true only
/// for exactly that list, so a sync that changes no condition keeps the stored list.
@Suite struct OwnedConditionsTests {
  private let time = Time(seconds: 1_700_000_000)

  /// The list the kubelet writes for a running pod whose only container is not ready.
  private func unreadyList() -> [PodCondition] {
    [
      PodCondition(type: "PodReadyToStartContainers", status: "True", lastTransitionTime: time),
      PodCondition(type: "Initialized", status: "True", lastTransitionTime: time),
      PodCondition(
        type: "Ready", status: "False", reason: "ContainersNotReady",
        message: "containers with unready status: [app]", lastTransitionTime: time),
      PodCondition(
        type: "ContainersReady", status: "False", reason: "ContainersNotReady",
        message: "containers with unready status: [app]", lastTransitionTime: time),
      PodCondition(type: "PodScheduled", status: "True", lastTransitionTime: time),
    ]
  }

  private let unready = OwnedConditions(
    sandboxReady: true, initialized: true, terminal: false, unready: "containers with unready status: [app]")

  @Test func theListItWouldBuildIsKept() {
    #expect(unready.areKept(in: unreadyList(), initializing: []))
    var completed = unreadyList()
    completed[2] = PodCondition(type: "Ready", status: "False", reason: "PodCompleted", lastTransitionTime: time)
    completed[3] = PodCondition(type: "ContainersReady", status: "False", reason: "PodCompleted", lastTransitionTime: time)
    let terminal = OwnedConditions(sandboxReady: true, initialized: true, terminal: true, unready: nil)
    #expect(terminal.areKept(in: completed, initializing: []))
    #expect(!unready.areKept(in: completed, initializing: []))
  }

  @Test func anyOwnedValueChangedIsNotKept() {
    let list = unreadyList()
    #expect(!OwnedConditions(sandboxReady: false, initialized: true, terminal: false, unready: unready.unready)
      .areKept(in: list, initializing: []))
    #expect(!OwnedConditions(sandboxReady: true, initialized: true, terminal: false, unready: nil)
      .areKept(in: list, initializing: []))
    #expect(!OwnedConditions(sandboxReady: true, initialized: true, terminal: false, unready: "containers with unready status: [a b]")
      .areKept(in: list, initializing: []))
    #expect(!OwnedConditions(sandboxReady: true, initialized: false, terminal: false, unready: unready.unready)
      .areKept(in: list, initializing: []))
  }

  @Test func aListTheBuildWouldReshapeIsNotKept() {
    // PodScheduled missing: the build inserts one.
    #expect(!unready.areKept(in: Array(unreadyList().prefix(4)) + [PodCondition(type: "DisruptionTarget", status: "True")], initializing: []))
    // An owned condition carried twice: the build drops the second.
    #expect(!unready.areKept(in: unreadyList() + [unreadyList()[0]], initializing: []))
    // Owned conditions out of order.
    var swapped = unreadyList()
    swapped.swapAt(2, 3)
    #expect(!unready.areKept(in: swapped, initializing: []))
    // No transition time, a probe time or a generation: the built condition differs.
    var untimed = unreadyList()
    untimed[0].lastTransitionTime = nil
    #expect(!unready.areKept(in: untimed, initializing: []))
    var probed = unreadyList()
    probed[1].lastProbeTime = time
    #expect(!unready.areKept(in: probed, initializing: []))
    var observed = unreadyList()
    observed[2].observedGeneration = 1
    #expect(!unready.areKept(in: observed, initializing: []))
    // Carried conditions after PodScheduled stay as they are.
    #expect(unready.areKept(in: unreadyList() + [PodCondition(type: "DisruptionTarget", status: "True")], initializing: []))
  }

  @Test func aPodStatusWriteTakesNothingFromTheStoredPodItHolds() throws {
    let fixture = try KubeletFixture()
    let cluster = fixture.cluster
    var pod = Pod()
    pod.metadata = ObjectMeta(name: "web", namespace: "default", labels: ["app": "web"])
    pod.spec = PodSpec(containers: [Container(name: "app", image: "nginx:1.14")])
    let created = try cluster.api.create(pod)
    var update = created
    var status = PodStatus()
    status.phase = "Pending"
    update.status = status
    let written = try cluster.api.updateStatus(update)
    #expect(written.status?.phase == "Pending")
    #expect(written.sharesSpec(with: created) && written.metadata.sharesFields(with: created.metadata))
    #expect(written.metadata.resourceVersion != created.metadata.resourceVersion)
    // The same status again is no write.
    #expect(try cluster.api.updateStatus(written).metadata.resourceVersion == written.metadata.resourceVersion)
    // A status write that changes labels keeps the stored ones.
    var relabelled = written
    relabelled.metadata.labels = ["app": "other"]
    relabelled.status?.phase = "Running"
    let kept = try cluster.api.updateStatus(relabelled)
    #expect(kept.metadata.labels == ["app": "web"] && kept.status?.phase == "Running")
  }
}
