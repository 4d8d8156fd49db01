import KubeModel
import Testing

@testable import ClusterEngine

@Suite struct ReplicaSetControllerTests {
  @Test func createsPodsFromTheTemplate() throws {
    let test = try ControllerTestCluster()
    let set = try test.api.create(makeReplicaSet(replicas: 3))
    test.cluster.settle()
    let pods = test.pods()
    #expect(pods.count == 3)
    for pod in pods {
      #expect(pod.name.hasPrefix("web-"))
      #expect(pod.name.count == "web-".count + 5)
      #expect(pod.metadata.generateName == "web-")
      #expect(pod.metadata.labels == ["app": "web"])
      #expect(
        pod.metadata.ownerReferences == [
          OwnerReference(
            apiVersion: "apps/v1", kind: "ReplicaSet", name: "web", uid: set.metadata.uid ?? "", controller: true,
            blockOwnerDeletion: true)
        ])
    }
    #expect(Set(test.events(reason: "SuccessfulCreate")) == Set(pods.map { "Created pod: \($0.name)" }))
    let status = test.replicaSet(named: "web")?.status
    #expect(status?.replicas == 3)
    #expect(status?.fullyLabeledReplicas == 3)
    #expect(status?.readyReplicas == nil)
    #expect(status?.observedGeneration == 1)
  }

  /// A ReplicaSet whose name is near the 253-character limit still gets its pods: the
  /// generated names keep 58 characters of the prefix, as the apiserver's generator does,
  /// instead of failing validation on every attempt.
  @Test func longOwnerNamesGiveGeneratedNamesOf63Characters() throws {
    let test = try ControllerTestCluster()
    let name = String(repeating: "a", count: 240)
    try test.api.create(makeReplicaSet(name, replicas: 2))
    test.cluster.settle()
    let pods = test.pods()
    #expect(pods.count == 2)
    for pod in pods {
      #expect(pod.name.count == 63)
      #expect(pod.name.hasPrefix(String(repeating: "a", count: 58)))
      #expect(pod.metadata.generateName == name + "-")
    }
    #expect(test.events(reason: "FailedCreate").isEmpty)
    #expect(test.replicaSet(named: name)?.status?.replicas == 2)
  }

  @Test func replacesADeletedPodWithANewName() throws {
    let test = try ControllerTestCluster()
    try test.api.create(makeReplicaSet(replicas: 2))
    test.cluster.settle()
    try test.bindAndReadyAll()
    #expect(test.replicaSet(named: "web")?.status?.readyReplicas == 2)
    let victim = test.pods()[0].name
    try test.api.delete(Pod.self, namespace: "default", name: victim)
    test.cluster.settle()
    // The pod terminates gracefully; its replacement is created at once.
    #expect(test.livePods().count == 2)
    try test.finishDeletions()
    let names = test.pods().map(\.name)
    #expect(names.count == 2)
    #expect(!names.contains(victim))
    #expect(test.replicaSet(named: "web")?.status?.readyReplicas == 1)
  }

  @Test func scaleDownDeletesUnscheduledThenNotReadyPodsFirst() throws {
    let test = try ControllerTestCluster()
    try test.api.create(makeReplicaSet(replicas: 2))
    test.cluster.settle()
    try test.bindAndReadyAll()
    let ready = Set(test.pods().map(\.name))
    try test.api.modify(ReplicaSet.self, namespace: "default", name: "web") { $0.spec?.replicas = 4 }
    test.cluster.settle()
    // One new pod gets bound (not ready), the other stays unscheduled.
    let fresh = test.pods().filter { !ready.contains($0.name) }
    #expect(fresh.count == 2)
    try test.api.bind(pod: fresh[0].name, namespace: "default", node: "node-1")
    test.cluster.advance(by: 10)
    try test.api.modify(ReplicaSet.self, namespace: "default", name: "web") { $0.spec?.replicas = 2 }
    test.cluster.settle()
    #expect(Set(test.livePods().map(\.name)) == ready)
    #expect(Set(test.events(reason: "SuccessfulDelete")) == Set(fresh.map { "Deleted pod: \($0.name)" }))
    // Among ready pods, the more recently ready one goes first.
    try test.finishDeletions()
    let older = test.pods()[0].name
    test.cluster.advance(by: 100)
    try test.api.modify(ReplicaSet.self, namespace: "default", name: "web") { $0.spec?.replicas = 3 }
    test.cluster.settle()
    try test.bindAndReadyAll()
    test.cluster.advance(by: 1)
    try test.api.modify(ReplicaSet.self, namespace: "default", name: "web") { $0.spec?.replicas = 2 }
    test.cluster.settle()
    let newest = test.pods().filter { !ready.contains($0.name) }.map(\.name)
    #expect(test.livePods().count == 2)
    #expect(test.livePods().contains { $0.name == older })
    #expect(test.pods().first { newest.contains($0.name) }?.metadata.deletionTimestamp != nil)
  }

  @Test func adoptsMatchingOrphansAndReleasesPodsThatStopMatching() throws {
    let test = try ControllerTestCluster()
    var orphan = Pod()
    orphan.metadata.name = "stray"
    orphan.metadata.labels = ["app": "web"]
    orphan.spec = nginxTemplate().spec
    try test.api.create(orphan)
    let set = try test.api.create(makeReplicaSet(replicas: 2))
    test.cluster.settle()
    #expect(test.pods().count == 2)
    let adopted = try test.api.get(Pod.self, namespace: "default", name: "stray")
    #expect(adopted.metadata.controllerRef?.uid == set.metadata.uid)
    try test.api.modify(Pod.self, namespace: "default", name: "stray") { $0.metadata.labels = ["app": "debug"] }
    test.cluster.settle()
    let released = try test.api.get(Pod.self, namespace: "default", name: "stray")
    #expect(released.metadata.ownerReferences == nil)
    #expect(test.pods().filter { $0.metadata.controllerRef != nil }.count == 2)
    #expect(test.replicaSet(named: "web")?.status?.replicas == 2)
  }

  @Test func availableReplicasWaitForMinReadySeconds() throws {
    let test = try ControllerTestCluster()
    var set = makeReplicaSet(replicas: 2)
    set.spec?.minReadySeconds = 10
    try test.api.create(set)
    test.cluster.settle()
    try test.bindAndReadyAll()
    #expect(test.replicaSet(named: "web")?.status?.readyReplicas == 2)
    #expect(test.replicaSet(named: "web")?.status?.availableReplicas == nil)
    test.cluster.advance(by: 9)
    #expect(test.replicaSet(named: "web")?.status?.availableReplicas == nil)
    test.cluster.advance(by: 2)
    #expect(test.replicaSet(named: "web")?.status?.availableReplicas == 2)
  }

  @Test func idleSyncWritesNothing() throws {
    let test = try ControllerTestCluster()
    try test.api.create(makeReplicaSet(replicas: 3))
    test.cluster.settle()
    try test.bindAndReadyAll()
    let revision = test.cluster.store.revision
    test.cluster.advance(by: 600)
    #expect(test.cluster.store.revision == revision)
  }

  @Test func theEchoOfAStatusWriteIsNotSyncedAgain() throws {
    let controller = ReplicaSetController()
    let test = try ControllerTestCluster(components: [controller])
    try test.api.create(makeReplicaSet(replicas: 2))
    test.cluster.settle()
    #expect(test.replicaSet(named: "web")?.status?.replicas == 2)
    // The write was recorded and its echo passed over: nothing left to sync or remember.
    #expect(controller.ownStatusWrites.isEmpty)
    #expect(!controller.hasPendingWork)
    try test.bindAndReadyAll()
    #expect(test.replicaSet(named: "web")?.status?.readyReplicas == 2)
    #expect(controller.ownStatusWrites.isEmpty)
  }
}
