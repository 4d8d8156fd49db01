import KubeModel
import Testing

@testable import ClusterEngine

@Suite struct GarbageCollectorTests {
  func runningReplicaSet() throws -> ControllerTestCluster {
    let test = try ControllerTestCluster()
    try test.api.create(makeReplicaSet(replicas: 3))
    test.cluster.settle()
    try test.bindAndReadyAll()
    return test
  }

  @Test func backgroundDeletionRemovesTheDependents() throws {
    let test = try runningReplicaSet()
    try test.api.delete(ReplicaSet.self, namespace: "default", name: "web")
    test.cluster.settle()
    #expect(test.replicaSet(named: "web") == nil)
    #expect(test.livePods().isEmpty)
    #expect(test.pods().count == 3)
    try test.finishDeletions()
    #expect(test.pods().isEmpty)
  }

  @Test func orphanDeletionKeepsThePodsWithoutOwners() throws {
    let test = try runningReplicaSet()
    try test.api.delete(ReplicaSet.self, namespace: "default", name: "web", options: DeleteOptions(propagationPolicy: "Orphan"))
    test.cluster.settle()
    #expect(test.replicaSet(named: "web") == nil)
    #expect(test.livePods().count == 3)
    #expect(test.pods().allSatisfy { $0.metadata.ownerReferences == nil })
  }

  @Test func foregroundDeletionWaitsForTheDependents() throws {
    let test = try runningReplicaSet()
    try test.api.delete(ReplicaSet.self, namespace: "default", name: "web", options: DeleteOptions(propagationPolicy: "Foreground"))
    test.cluster.settle()
    let owner = try #require(test.replicaSet(named: "web"))
    #expect(owner.metadata.deletionTimestamp != nil)
    #expect(owner.metadata.finalizers == ["foregroundDeletion"])
    #expect(test.livePods().isEmpty)
    try test.finishDeletions()
    #expect(test.pods().isEmpty)
    #expect(test.replicaSet(named: "web") == nil)
  }

  @Test func deletingADeploymentCascadesToReplicaSetsAndPods() throws {
    let test = try ControllerTestCluster()
    try test.api.create(makeDeployment(replicas: 2))
    test.cluster.settle()
    try test.bindAndReadyAll()
    try test.api.delete(Deployment.self, namespace: "default", name: "web")
    test.cluster.settle()
    try test.finishDeletions()
    #expect(test.api.list(ReplicaSet.self, namespace: "default").isEmpty)
    #expect(test.pods().isEmpty)
  }

  @Test func dependentsOfAnOwnerThatNeverExistedAreDeleted() throws {
    let test = try ControllerTestCluster()
    var pod = Pod()
    pod.metadata.name = "dangling"
    pod.metadata.ownerReferences = [OwnerReference(apiVersion: "apps/v1", kind: "ReplicaSet", name: "gone", uid: "no-such-uid")]
    pod.spec = nginxTemplate().spec
    try test.api.create(pod)
    test.cluster.settle()
    #expect(test.pods().isEmpty)
  }

  @Test func aDanglingReferenceBesideALiveOwnerIsDroppedAmongQuietCandidates() throws {
    // The ReplicaSet's new pods are candidates that need nothing; the pod created beside
    // them with a dangling second owner must still lose that reference in the same pass.
    let test = try ControllerTestCluster()
    try test.api.create(makeReplicaSet(replicas: 3))
    test.cluster.settle()
    let owner = try #require(test.replicaSet(named: "web"))
    var pod = Pod()
    pod.metadata.name = "shared"
    pod.metadata.ownerReferences = [
      OwnerReference(apiVersion: "apps/v1", kind: "ReplicaSet", name: "web", uid: owner.metadata.uid ?? ""),
      OwnerReference(apiVersion: "apps/v1", kind: "ReplicaSet", name: "gone", uid: "no-such-uid"),
    ]
    pod.spec = nginxTemplate().spec
    try test.api.create(pod)
    test.cluster.settle()
    let kept = try #require(test.pods().first { $0.name == "shared" })
    #expect(kept.metadata.ownerReferences?.map(\.name) == ["web"])
    #expect(test.pods().count == 4)
  }
}

/// The collector passes over kinds outside its graph (Events above all) without looking
/// them up; a kind enters the graph when one of its objects has owners or is named as one.
@Suite struct GarbageCollectorPassOverTests {
  func configMap(_ name: String, owner: ConfigMap? = nil) -> ConfigMap {
    var map = ConfigMap()
    map.metadata = ObjectMeta(name: name, namespace: "default")
    map.data = ["key": "value"]
    if let owner {
      map.metadata.ownerReferences = [
        OwnerReference(apiVersion: "v1", kind: "ConfigMap", name: owner.name, uid: owner.metadata.uid ?? "")
      ]
    }
    return map
  }

  @Test func anOwnerCreatedBeforeItsKindEnteredTheGraphStillCascades() throws {
    let test = try ControllerTestCluster()
    let parent = try test.api.create(configMap("parent"))
    test.cluster.settle()
    var secret = Secret()
    secret.metadata = ObjectMeta(name: "child", namespace: "default")
    secret.metadata.ownerReferences = [
      OwnerReference(apiVersion: "v1", kind: "ConfigMap", name: "parent", uid: parent.metadata.uid ?? "")
    ]
    try test.api.create(secret)
    test.cluster.settle()
    #expect(test.cluster.store.get(Secret.self, namespace: "default", name: "child") != nil)
    try test.api.delete(ConfigMap.self, namespace: "default", name: "parent")
    test.cluster.settle()
    #expect(test.cluster.store.get(Secret.self, namespace: "default", name: "child") == nil)
  }

  @Test func orphanDeletionOfAKindOutsideTheGraphStillCompletes() throws {
    let test = try ControllerTestCluster()
    try test.api.create(configMap("alone"))
    test.cluster.settle()
    try test.api.delete(ConfigMap.self, namespace: "default", name: "alone", options: DeleteOptions(propagationPolicy: "Orphan"))
    test.cluster.settle()
    #expect(test.cluster.store.get(ConfigMap.self, namespace: "default", name: "alone") == nil)
  }

  @Test func eventsArePassedOverAndAKindJoinsOnceItHasOwners() throws {
    let test = try ControllerTestCluster()
    let collector = try #require(test.cluster.component(GarbageCollector.self))
    let parent = try test.api.create(configMap("first"))
    test.api.recordEvent(about: parent, reason: "Tested", message: "an event", component: "test")
    test.cluster.settle()
    #expect(collector.passedOver[KindKey(Event.self)] == true)
    #expect(collector.passedOver[KindKey(ConfigMap.self)] == true)
    try test.api.create(configMap("second", owner: parent))
    test.cluster.settle()
    #expect(collector.passedOver[KindKey(ConfigMap.self)] == false)
    try test.api.delete(ConfigMap.self, namespace: "default", name: "first")
    test.cluster.settle()
    #expect(test.cluster.store.get(ConfigMap.self, namespace: "default", name: "second") == nil)
  }
}
