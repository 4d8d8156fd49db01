import KubeModel
import Testing

@testable import ClusterEngine

/// Watches every committed pod change and records the extremes of live and ready pods.
final class PodCountProbe: ClusterComponent {
  var live: Set<ObjectKey> = []
  var ready: Set<ObjectKey> = []
  var maxLive = 0
  var minReady = Int.max
  var images: [ObjectKey: String] = [:]
  /// Whether pods of two images ever existed at once.
  var mixedImages = false

  func attach(to cluster: Cluster) {}
  var hasPendingWork: Bool { false }
  func reconcile() {}

  func reset() {
    maxLive = live.count
    minReady = ready.count
    mixedImages = false
  }

  func observe(_ event: StoreEvent) {
    guard let pod = event.object as? Pod else { return }
    let key = ObjectKey(namespace: pod.namespace, name: pod.name)
    if event.type == .deleted || pod.metadata.deletionTimestamp != nil {
      live.remove(key)
      ready.remove(key)
    } else {
      live.insert(key)
      if pod.isReady { ready.insert(key) } else { ready.remove(key) }
    }
    if event.type == .deleted { images[key] = nil } else { images[key] = pod.spec?.containers?.first?.image }
    if Set(images.values).count > 1 { mixedImages = true }
    maxLive = max(maxLive, live.count)
    minReady = min(minReady, ready.count)
  }
}

@Suite struct DeploymentControllerTests {
  func rolledOut(replicas: Int32, probe: PodCountProbe? = nil, configure: (inout Deployment) -> Void = { _ in }) throws
    -> ControllerTestCluster
  {
    var components: [any ClusterComponent] = [DeploymentController(), ReplicaSetController()]
    if let probe { components.append(probe) }
    let test = try ControllerTestCluster(components: components)
    var deployment = makeDeployment(replicas: replicas)
    configure(&deployment)
    try test.api.create(deployment)
    test.cluster.settle()
    try test.bindAndReadyAll()
    return test
  }

  func newSetName(_ test: ControllerTestCluster) throws -> String {
    let deployment = try test.api.get(Deployment.self, namespace: "default", name: "web")
    let hash = PodTemplateHash.compute(deployment.spec?.template ?? PodTemplateSpec(), collisionCount: nil)
    return "web-\(hash)"
  }

  @Test func createsAHashedReplicaSetAndReportsAvailability() throws {
    let test = try rolledOut(replicas: 3)
    let name = try newSetName(test)
    let set = try #require(test.replicaSet(named: name))
    let hash = String(name.dropFirst(4))
    #expect(hash.allSatisfy { "bcdfghjklmnpqrstvwxz2456789".contains($0) })
    #expect(set.metadata.labels == ["app": "web", "pod-template-hash": hash])
    #expect(set.spec?.selector?.matchLabels == ["app": "web", "pod-template-hash": hash])
    #expect(set.metadata.annotations?["deployment.kubernetes.io/revision"] == "1")
    #expect(set.metadata.annotations?["deployment.kubernetes.io/desired-replicas"] == "3")
    #expect(set.metadata.annotations?["deployment.kubernetes.io/max-replicas"] == "4")
    #expect(test.pods().allSatisfy { $0.metadata.labels?["pod-template-hash"] == hash && $0.name.hasPrefix(name + "-") })
    #expect(test.events(reason: "ScalingReplicaSet") == ["Scaled up replica set \(name) from 0 to 3"])
    let deployment = try test.api.get(Deployment.self, namespace: "default", name: "web")
    #expect(deployment.metadata.annotations?["deployment.kubernetes.io/revision"] == "1")
    let status = try #require(deployment.status)
    #expect(status.replicas == 3 && status.updatedReplicas == 3 && status.readyReplicas == 3)
    #expect(status.availableReplicas == 3 && status.unavailableReplicas == nil && status.observedGeneration == 1)
    let available = DeploymentUtil.condition(status, "Available")
    #expect(available?.reason == "MinimumReplicasAvailable")
    #expect(available?.message == "Deployment has minimum availability.")
    let progressing = DeploymentUtil.condition(status, "Progressing")
    #expect(progressing?.reason == "NewReplicaSetAvailable")
    #expect(progressing?.message == "ReplicaSet \"\(name)\" has successfully progressed.")
    #expect(try test.cluster.rolloutStatus(namespace: "default", name: "web") == "deployment \"web\" successfully rolled out")
  }

  @Test func rollingUpdateStaysWithinSurgeAndUnavailability() throws {
    let probe = PodCountProbe()
    let test = try rolledOut(replicas: 10, probe: probe)
    #expect(probe.ready.count == 10)
    probe.reset()
    try test.api.modify(Deployment.self, namespace: "default", name: "web") {
      $0.spec?.template?.spec?.containers?[0].image = "nginx:1.16"
    }
    test.cluster.settle()
    #expect(
      try test.cluster.rolloutStatus(namespace: "default", name: "web")
        == "Waiting for deployment \"web\" rollout to finish: 5 out of 10 new replicas have been updated...")
    var steps = 0
    while steps < 100 {
      steps += 1
      try test.bindAll()
      // One new pod becomes ready per step; deletions finish at once.
      let waiting = test.livePods().filter { !$0.isReady }.sorted { $0.name < $1.name }
      try test.makeReady(Array(waiting.prefix(1)))
      try test.finishDeletions()
      test.cluster.advance(by: 1)
      #expect(test.livePods().count <= 13)
      #expect(test.livePods().filter(\.isReady).count >= 8)
      if try test.cluster.rolloutStatus(namespace: "default", name: "web") == "deployment \"web\" successfully rolled out" {
        break
      }
    }
    #expect(steps < 100)
    #expect(probe.maxLive == 13)
    #expect(probe.minReady == 8)
    let pods = test.pods()
    #expect(pods.count == 10)
    #expect(pods.allSatisfy { $0.spec?.containers?.first?.image == "nginx:1.16" })
    let sets = test.api.list(ReplicaSet.self, namespace: "default")
    #expect(sets.count == 2)
    #expect(sets.map { $0.spec?.replicas ?? -1 }.sorted() == [0, 10])
    let newName = try newSetName(test)
    #expect(test.replicaSet(named: newName)?.metadata.annotations?["deployment.kubernetes.io/revision"] == "2")
    let events = test.events(reason: "ScalingReplicaSet")
    #expect(events.contains("Scaled up replica set \(newName) from 0 to 3"))
    #expect(events.contains { $0.hasPrefix("Scaled down replica set web-") && $0.hasSuffix("from 10 to 8") })
  }

  @Test func recreateRemovesOldPodsBeforeCreatingNewOnes() throws {
    let probe = PodCountProbe()
    let test = try rolledOut(replicas: 3, probe: probe) { $0.spec?.strategy = { var s = DeploymentStrategy(); s.type = "Recreate"; return s }() }
    probe.reset()
    try test.api.modify(Deployment.self, namespace: "default", name: "web") {
      $0.spec?.template?.spec?.containers?[0].image = "nginx:1.16"
    }
    test.cluster.settle()
    #expect(test.livePods().isEmpty)
    #expect(test.pods().count == 3)
    try test.finishDeletions()
    #expect(test.pods().count == 3)
    #expect(test.pods().allSatisfy { $0.spec?.containers?.first?.image == "nginx:1.16" })
    #expect(!probe.mixedImages)
  }

  @Test func rollbackCopiesTheRevisionBack() throws {
    let test = try rolledOut(replicas: 2)
    #expect(
      throws: Status.badRequest("no rollout history found for deployment \"web\"")
    ) { try test.cluster.rolloutUndo(namespace: "default", name: "web") }
    try test.api.modify(Deployment.self, namespace: "default", name: "web") {
      $0.spec?.template?.spec?.containers?[0].image = "nginx:1.16"
      $0.metadata.annotations = ["kubernetes.io/change-cause": "kubectl set image deployment/web nginx=nginx:1.16"]
    }
    test.cluster.settle()
    try test.bindAndReadyAll()
    try test.finishDeletions()
    #expect(
      try test.cluster.rolloutHistory(namespace: "default", name: "web").map { "\($0.revision) \($0.changeCause ?? "<none>")" }
        == ["1 <none>", "2 kubectl set image deployment/web nginx=nginx:1.16"])
    #expect(
      try test.cluster.rolloutUndo(namespace: "default", name: "web", toRevision: 2)
        == "deployment.apps/web skipped rollback (current template already matches revision 2)")
    #expect(
      throws: Status.badRequest("unable to find specified revision 7 in history")
    ) { try test.cluster.rolloutUndo(namespace: "default", name: "web", toRevision: 7) }
    #expect(try test.cluster.rolloutUndo(namespace: "default", name: "web") == "deployment.apps/web rolled back")
    test.cluster.settle()
    try test.bindAndReadyAll()
    try test.finishDeletions()
    #expect(test.pods().allSatisfy { $0.spec?.containers?.first?.image == "nginx:1.14" })
    let history = try test.cluster.rolloutHistory(namespace: "default", name: "web")
    #expect(history.map(\.revision) == [2, 3])
    let deployment = try test.api.get(Deployment.self, namespace: "default", name: "web")
    #expect(deployment.metadata.annotations?["deployment.kubernetes.io/revision"] == "3")
    let restored = test.api.list(ReplicaSet.self, namespace: "default").first { $0.spec?.replicas == 2 }
    #expect(restored?.metadata.annotations?["deployment.kubernetes.io/revision-history"] == "1")
  }

  @Test func oldReplicaSetsBeyondTheHistoryLimitAreDeleted() throws {
    let test = try rolledOut(replicas: 1) { $0.spec?.revisionHistoryLimit = 2 }
    for version in 15...19 {
      try test.api.modify(Deployment.self, namespace: "default", name: "web") {
        $0.spec?.template?.spec?.containers?[0].image = "nginx:1.\(version)"
      }
      test.cluster.settle()
      for _ in 0..<3 {
        try test.bindAndReadyAll()
        try test.finishDeletions()
      }
    }
    let revisions = try test.cluster.rolloutHistory(namespace: "default", name: "web").map(\.revision)
    #expect(revisions == [4, 5, 6])
  }

  @Test func progressDeadlineExceeded() throws {
    let test = try ControllerTestCluster(components: [DeploymentController(), ReplicaSetController()])
    var deployment = makeDeployment(replicas: 2)
    deployment.spec?.progressDeadlineSeconds = 60
    try test.api.create(deployment)
    test.cluster.settle()
    try test.bindAll()
    let name = try newSetName(test)
    test.cluster.advance(by: 30)
    let early = DeploymentUtil.condition(try test.api.get(Deployment.self, namespace: "default", name: "web").status, "Progressing")
    #expect(early?.status == "True")
    #expect(early?.reason == "ReplicaSetUpdated")
    #expect(early?.message == "ReplicaSet \"\(name)\" is progressing.")
    test.cluster.advance(by: 40)
    let status = try test.api.get(Deployment.self, namespace: "default", name: "web").status
    let progressing = DeploymentUtil.condition(status, "Progressing")
    #expect(progressing?.status == "False")
    #expect(progressing?.reason == "ProgressDeadlineExceeded")
    #expect(progressing?.message == "ReplicaSet \"\(name)\" has timed out progressing.")
    #expect(DeploymentUtil.condition(status, "Available")?.message == "Deployment does not have minimum availability.")
    #expect(throws: Status.badRequest("deployment \"web\" exceeded its progress deadline")) {
      try test.cluster.rolloutStatus(namespace: "default", name: "web")
    }
  }

  @Test func pauseHoldsTheRolloutAndResumeReleasesIt() throws {
    let test = try rolledOut(replicas: 2)
    #expect(try test.cluster.rolloutPause(namespace: "default", name: "web") == "deployment.apps/web paused")
    #expect(throws: Status.badRequest("deployments.apps \"web\" is already paused")) {
      try test.cluster.rolloutPause(namespace: "default", name: "web")
    }
    #expect(throws: Status.badRequest("deployments.apps \"web\" can't restart paused deployment (run rollout resume first)")) {
      try test.cluster.rolloutRestart(namespace: "default", name: "web")
    }
    #expect(
      throws: Status.badRequest(
        "you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again")
    ) { try test.cluster.rolloutUndo(namespace: "default", name: "web") }
    try test.api.modify(Deployment.self, namespace: "default", name: "web") {
      $0.spec?.template?.spec?.containers?[0].image = "nginx:1.16"
    }
    test.cluster.settle()
    #expect(test.api.list(ReplicaSet.self, namespace: "default").count == 1)
    let paused = DeploymentUtil.condition(try test.api.get(Deployment.self, namespace: "default", name: "web").status, "Progressing")
    #expect(paused?.status == "Unknown" && paused?.reason == "DeploymentPaused" && paused?.message == "Deployment is paused")
    #expect(try test.cluster.rolloutResume(namespace: "default", name: "web") == "deployment.apps/web resumed")
    test.cluster.settle()
    #expect(test.api.list(ReplicaSet.self, namespace: "default").count == 2)
  }

  @Test func restartRollsOutAFreshReplicaSet() throws {
    let test = try rolledOut(replicas: 2)
    let before = Set(test.pods().map(\.name))
    #expect(try test.cluster.rolloutRestart(namespace: "default", name: "web") == "deployment.apps/web restarted")
    test.cluster.settle()
    for _ in 0..<4 {
      try test.bindAndReadyAll()
      try test.finishDeletions()
    }
    let deployment = try test.api.get(Deployment.self, namespace: "default", name: "web")
    #expect(deployment.spec?.template?.metadata?.annotations?["kubectl.kubernetes.io/restartedAt"] == "2026-01-01T00:00:00Z")
    #expect(before.isDisjoint(with: test.pods().map(\.name)))
    #expect(test.pods().count == 2)
  }

  @Test func scalingDuringARolloutIsProportional() throws {
    let test = try rolledOut(replicas: 10)
    try test.api.modify(Deployment.self, namespace: "default", name: "web") {
      $0.spec?.template?.spec?.containers?[0].image = "nginx:does-not-exist"
    }
    test.cluster.settle()
    try test.finishDeletions()
    let newName = try newSetName(test)
    let oldName = try #require(test.api.list(ReplicaSet.self, namespace: "default").first { $0.name != newName }?.name)
    #expect(test.replicaSet(named: oldName)?.spec?.replicas == 8)
    #expect(test.replicaSet(named: newName)?.spec?.replicas == 5)
    #expect(try test.cluster.scale(.deployments, namespace: "default", name: "web", replicas: 15) == "deployment.apps/web scaled")
    test.cluster.settle()
    #expect(test.replicaSet(named: oldName)?.spec?.replicas == 12)
    #expect(test.replicaSet(named: newName)?.spec?.replicas == 7)
    let events = test.events(reason: "ScalingReplicaSet")
    #expect(events.contains("Scaled up replica set \(oldName) from 8 to 12"))
    #expect(events.contains("Scaled up replica set \(newName) from 5 to 7"))
  }

  @Test func storeWritesAreProportionalToPodsAndIdleSyncsWriteNothing() throws {
    let test = try ControllerTestCluster(components: [DeploymentController(), ReplicaSetController()])
    let start = test.cluster.store.revision
    try test.api.create(makeDeployment(replicas: 10_000))
    test.cluster.settle()
    #expect(test.pods().count == 10_000)
    let writes = test.cluster.store.revision - start
    // Each pod: its create. Its SuccessfulCreate event is one of the ReplicaSet's: after a
    // burst of 25 (nine of their own, then one combined, counted up) the replicaset-controller's
    // spam filter drops the rest. The rest is a few status updates.
    #expect(writes >= 10_000 + 25)
    #expect(writes < 10_000 + 200)
    let created = test.cluster.store.list(Event.self).filter { $0.reason == "SuccessfulCreate" }
    #expect(created.count == 10)
    #expect(created.reduce(0) { $0 + Int($1.count ?? 0) } == 25)
    try test.bindAndReadyAll()
    #expect(try test.cluster.rolloutStatus(namespace: "default", name: "web") == "deployment \"web\" successfully rolled out")
    let settled = test.cluster.store.revision
    test.cluster.advance(by: 3600)
    #expect(test.cluster.store.revision == settled)
  }
}

/// Records, for each Deployment change, whether the Deployment controller had noted it as
/// the echo of its own quiet status write (installed before the controller, it sees the
/// change first).
final class DeploymentEchoProbe: ClusterComponent {
  let controller: DeploymentController
  var quietEchoes = 0
  var otherChanges = 0

  init(_ controller: DeploymentController) { self.controller = controller }
  func attach(to cluster: Cluster) {}
  var hasPendingWork: Bool { false }
  func reconcile() {}

  func observe(_ event: StoreEvent) {
    guard let deployment = event.object(as: Deployment.self) else { return }
    if event.type == .modified, controller.ownStatusWrites[deployment.key] == deployment.metadata.resourceVersion {
      quietEchoes += 1
    } else {
      otherChanges += 1
    }
  }
}

@Suite struct DeploymentEchoTests {
  /// Pods turning ready one by one each bring a status write whose echo needs no sync; the
  /// rollout still ends complete, with nothing left remembered.
  @Test func theEchoOfAQuietStatusWriteIsPassedOver() throws {
    let controller = DeploymentController()
    let probe = DeploymentEchoProbe(controller)
    let test = try ControllerTestCluster(components: [probe, controller, ReplicaSetController()])
    try test.api.create(makeDeployment(replicas: 3))
    test.cluster.settle()
    try test.bindAll()
    for pod in test.pods() { try test.makeReady([pod]) }
    #expect(probe.quietEchoes > 0)
    #expect(controller.ownStatusWrites.isEmpty)
    #expect(!controller.hasPendingWork)
    #expect(try test.cluster.rolloutStatus(namespace: "default", name: "web") == "deployment \"web\" successfully rolled out")
  }

  /// A Recreate Deployment's writes are always synced again (its sync waits on old pods).
  @Test func recreateStatusWritesAreSyncedAgain() throws {
    let controller = DeploymentController()
    let probe = DeploymentEchoProbe(controller)
    let test = try ControllerTestCluster(components: [probe, controller, ReplicaSetController()])
    var deployment = makeDeployment(replicas: 2)
    var strategy = DeploymentStrategy()
    strategy.type = "Recreate"
    deployment.spec?.strategy = strategy
    try test.api.create(deployment)
    test.cluster.settle()
    try test.bindAndReadyAll()
    #expect(probe.quietEchoes == 0)
    #expect(probe.otherChanges > 0)
  }
}

@Suite struct DeploymentFencepostTests {
  @Test func theDefaultQuarterMatchesParsingIt() {
    for total in [0, 1, 2, 3, 4, 7, 10, 99, 100, 101, 1_000_003] {
      for roundUp in [true, false] {
        let parsed = IntOrString.string("25%").scaledValue(total: total, roundUp: roundUp) ?? -1
        #expect(DeploymentUtil.scaled(nil, total: total, roundUp: roundUp) == parsed)
        #expect(DeploymentUtil.scaled(.string("25%"), total: total, roundUp: roundUp) == parsed)
      }
    }
    #expect(DeploymentUtil.scaled(.string("30%"), total: 10, roundUp: true) == 3)
    #expect(DeploymentUtil.scaled(.int(2), total: 10, roundUp: false) == 2)
    #expect(DeploymentUtil.scaled(.string("bad"), total: 10, roundUp: false) == 0)
  }
}

@Suite struct DeploymentProgressingMessageTests {
  private func condition(_ message: String?) -> DeploymentCondition {
    var condition = DeploymentCondition()
    condition.message = message
    return condition
  }

  @Test func theCurrentTextIsReusedOnlyWhenItIsTheOneThatWouldBeBuilt() {
    let name = "web-5d8c7b9f4"
    let built = "ReplicaSet \"\(name)\" is progressing."
    #expect(DeploymentController.progressingMessage(condition(built), newSetName: name) == built)
    #expect(DeploymentController.progressingMessage(condition(built), newSetName: "web-6f7d8b9c5") == nil)
    #expect(DeploymentController.progressingMessage(condition(built), newSetName: "web-5d8c7b9f") == nil)
    #expect(DeploymentController.progressingMessage(condition("ReplicaSet \"\(name)\" has successfully progressed."), newSetName: name) == nil)
    #expect(DeploymentController.progressingMessage(condition("Created new replica set \"\(name)\""), newSetName: name) == nil)
    #expect(DeploymentController.progressingMessage(condition(nil), newSetName: name) == nil)
    #expect(DeploymentController.progressingMessage(nil, newSetName: name) == nil)
  }
}
