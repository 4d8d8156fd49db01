import KubeModel
import Testing

@testable import ClusterEngine

/// The Deployment controller's in-place status helpers answer as the copying forms did.
@Suite struct DeploymentStatusHelperTests {
  func condition(_ type: String, _ status: String, _ reason: String, at seconds: Int64) -> DeploymentCondition {
    DeploymentUtil.newCondition(type: type, status: status, reason: reason, message: "m", now: Time(seconds: seconds))
  }

  @Test func setConditionKeepsTheSameAndReplacesAtTheEnd() {
    var status = DeploymentStatus()
    DeploymentUtil.setCondition(&status, condition("Progressing", "True", "A", at: 1))
    DeploymentUtil.setCondition(&status, condition("Available", "False", "B", at: 1))
    // Same status and reason: left as it is.
    DeploymentUtil.setCondition(&status, condition("Progressing", "True", "A", at: 5))
    #expect(status.conditions?.map(\.type) == ["Progressing", "Available"])
    #expect(status.conditions?[0].lastUpdateTime == Time(seconds: 1))
    // Same status, new reason: moved to the end, the transition time kept.
    DeploymentUtil.setCondition(&status, condition("Progressing", "True", "C", at: 7))
    #expect(status.conditions?.map(\.type) == ["Available", "Progressing"])
    #expect(status.conditions?[1].reason == "C")
    #expect(status.conditions?[1].lastTransitionTime == Time(seconds: 1))
    #expect(status.conditions?[1].lastUpdateTime == Time(seconds: 7))
    // A new status: a new transition time.
    DeploymentUtil.setCondition(&status, condition("Available", "True", "D", at: 9))
    #expect(status.conditions?.map(\.type) == ["Progressing", "Available"])
    #expect(status.conditions?[1].lastTransitionTime == Time(seconds: 9))
  }

  @Test func removeConditionLeavesOthersAndEmptiesToNil() {
    var status = DeploymentStatus()
    DeploymentUtil.removeCondition(&status, "ReplicaFailure")
    #expect(status.conditions == nil)
    status.conditions = []
    DeploymentUtil.removeCondition(&status, "ReplicaFailure")
    #expect(status.conditions == nil)
    status.conditions = [condition("Available", "True", "A", at: 1)]
    DeploymentUtil.removeCondition(&status, "ReplicaFailure")
    #expect(status.conditions?.map(\.type) == ["Available"])
    #expect(DeploymentUtil.hasCondition(status, "Available"))
    #expect(!DeploymentUtil.hasCondition(status, "ReplicaFailure"))
    DeploymentUtil.removeCondition(&status, "Available")
    #expect(status.conditions == nil)
    #expect(!DeploymentUtil.hasCondition(nil, "Available"))
  }

  @Test func replicaSumsAddEachSet() {
    var a = makeReplicaSet(replicas: 3)
    var statusA = ReplicaSetStatus()
    statusA.replicas = 3
    statusA.readyReplicas = 2
    statusA.availableReplicas = 1
    a.status = statusA
    let b = makeReplicaSet(replicas: 2)
    var sums = DeploymentUtil.ReplicaSums([a])
    sums.add(b)
    #expect(sums.spec == 5 && sums.actual == 3 && sums.ready == 2 && sums.available == 1)
    #expect(sums.spec == DeploymentUtil.specReplicas([a, b]))
    #expect(sums.available == DeploymentUtil.availableReplicas([a, b]))
  }

  @Test func readySinceReadsTheFirstReadyCondition() {
    var pod = Pod()
    #expect(pod.readySinceMicros == nil)
    var status = PodStatus()
    status.conditions = [
      PodCondition(type: "PodScheduled", status: "True", lastTransitionTime: Time(seconds: 1)),
      PodCondition(type: "Ready", status: "True", lastTransitionTime: Time(seconds: 4)),
    ]
    pod.status = status
    #expect(pod.readySinceMicros == 4_000_000)
    #expect(pod.statusConditions == status.conditions)
    pod.status?.conditions?[1].status = "False"
    #expect(pod.readySinceMicros == nil)
    pod.status?.conditions?.append(PodCondition(type: "Ready", status: "True", lastTransitionTime: Time(seconds: 9)))
    #expect(pod.readySinceMicros == nil)
  }
}
