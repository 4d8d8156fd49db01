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

  /// A pod whose owners the graph holds alive waits as a quiet candidate; one naming an
  /// owner the graph does not hold, or holds under another name, is decided as before.
  @Test func dependentsOfKnownLiveOwnersWaitQuietly() throws {
    let test = try ControllerTestCluster(components: [])
    let collector = GarbageCollector()
    test.cluster.install(collector)
    var root = ConfigMap()
    root.metadata.name = "root"
    let storedRoot = try test.api.create(root)
    let rootReference = OwnerReference(apiVersion: "v1", kind: "ConfigMap", name: "root", uid: storedRoot.metadata.uid ?? "")
    var middle = ConfigMap()
    middle.metadata.name = "middle"
    middle.metadata.ownerReferences = [rootReference]
    let storedMiddle = try test.api.create(middle)
    test.cluster.settle()
    let middleReference = OwnerReference(
      apiVersion: "v1", kind: "ConfigMap", name: "middle", uid: storedMiddle.metadata.uid ?? "")
    func added(_ name: String, _ reference: OwnerReference) -> StoreEvent {
      var pod = Pod()
      pod.metadata.name = name
      pod.metadata.namespace = "default"
      pod.metadata.uid = "uid-\(name)"
      pod.metadata.ownerReferences = [reference]
      return StoreEvent(revision: test.cluster.store.revision + 1, type: .added, object: pod)
    }
    collector.observe(added("quiet", middleReference))
    var renamed = middleReference
    renamed.name = "other"
    collector.observe(added("renamed", renamed))
    collector.observe(added("unknown", rootReference))
    #expect(collector.quietCandidates.map(\.key.name) == ["quiet"])
    #expect(Set(collector.attemptToDelete.map(\.key.name)) == ["renamed", "unknown"])
    #expect(collector.hasPendingWork)
    collector.reconcile()
    #expect(collector.quietCandidates.isEmpty && collector.attemptToDelete.isEmpty)
  }

  /// A pod noted quietly is still collected once its owner goes.
  @Test func quietDependentsAreCollectedWithTheirOwner() throws {
    let test = try ControllerTestCluster()
    let deployment = makeDeployment(replicas: 2)
    try test.api.create(deployment)
    test.cluster.settle()
    try test.bindAndReadyAll()
    #expect(test.livePods().count == 2)
    try test.api.delete(Deployment.self, namespace: "default", name: "web")
    test.cluster.settle()
    #expect(test.livePods().isEmpty)
  }

  /// An identity keeps its UID's hash: made from the UID or from its key, it is the same
  /// member of a set, and identities of other UIDs are not.
  @Test func identitiesHashByTheirKeptUIDDigest() {
    let key = ObjectKey(namespace: "default", name: "web-1")
    let fromUID = GarbageCollector.Identity(resource: Pod.resource, key: key, uid: "uid-1")
    let fromNode = GarbageCollector.Identity(resource: Pod.resource, key: key, node: GarbageCollector.UIDKey("uid-1"))
    let other = GarbageCollector.Identity(resource: Pod.resource, key: key, uid: "uid-2")
    #expect(fromUID == fromNode && fromUID.hashValue == fromNode.hashValue)
    #expect(fromUID.uid == "uid-1")
    let set: Set = [fromUID]
    #expect(set.contains(fromNode))
    #expect(!set.contains(other))
  }
}
