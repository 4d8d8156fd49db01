import KubeModel
import Testing

@testable import ClusterEngine

@Suite struct EvictionTests {
  func guarded(replicas: Int32, minAvailable: IntOrString? = nil, maxUnavailable: IntOrString? = nil) throws -> ControllerTestCluster {
    let test = try ControllerTestCluster()
    try test.api.create(makeDeployment(replicas: replicas))
    var budget = PodDisruptionBudget()
    budget.metadata.name = "web-pdb"
    budget.metadata.namespace = "default"
    var spec = PodDisruptionBudgetSpec()
    spec.selector = LabelSelector(matchLabels: ["app": "web"])
    spec.minAvailable = minAvailable
    spec.maxUnavailable = maxUnavailable
    budget.spec = spec
    try test.api.create(budget)
    test.cluster.settle()
    try test.bindAndReadyAll()
    return test
  }

  func budget(_ test: ControllerTestCluster) throws -> PodDisruptionBudgetStatus? {
    try test.api.get(PodDisruptionBudget.self, namespace: "default", name: "web-pdb").status
  }

  @Test func budgetStatusFollowsThePods() throws {
    let test = try guarded(replicas: 4, maxUnavailable: .string("25%"))
    let status = try budget(test)
    #expect(status?.expectedPods == 4)
    #expect(status?.desiredHealthy == 3)
    #expect(status?.currentHealthy == 4)
    #expect(status?.disruptionsAllowed == 1)
    #expect(status?.observedGeneration == 1)
    #expect(status?.conditions?.first?.reason == "SufficientPods")
    let percent = try guarded(replicas: 3, minAvailable: .string("50%"))
    #expect(try budget(percent)?.desiredHealthy == 2)
  }

  @Test func evictionIsRefusedByTheBudgetAndAllowedOnceAnotherPodIsReady() throws {
    let test = try guarded(replicas: 3, minAvailable: .int(2))
    let names = test.pods().map(\.name)
    try test.api.evict(namespace: "default", pod: names[0])
    test.cluster.settle()
    let evicted = try test.api.get(Pod.self, namespace: "default", name: names[0])
    #expect(evicted.metadata.deletionTimestamp != nil)
    #expect(evicted.status?.condition("DisruptionTarget")?.reason == "EvictionByEvictionAPI")
    #expect(try budget(test)?.disruptionsAllowed == 0)
    do {
      try test.api.evict(namespace: "default", pod: names[1])
      Issue.record("expected the budget to refuse")
    } catch {
      #expect(error.code == 429)
      #expect(error.reason == .tooManyRequests)
      #expect(error.message == "Cannot evict pod as it would violate the pod's disruption budget.")
      #expect(
        error.details?.causes == [
          StatusCause(reason: "DisruptionBudget", message: "The disruption budget web-pdb needs 2 healthy pods and has 2 currently")
        ])
    }
    try test.finishDeletions()
    try test.bindAndReadyAll()
    #expect(try budget(test)?.currentHealthy == 3)
    try test.api.evict(namespace: "default", pod: names[1])
    test.cluster.settle()
    #expect(try test.api.get(Pod.self, namespace: "default", name: names[1]).metadata.deletionTimestamp != nil)
  }

  @Test func unhealthyPodsMayGoWhenThePolicyAllowsIt() throws {
    let test = try guarded(replicas: 2, minAvailable: .int(2))
    let victim = test.pods()[0]
    try test.api.modify(Pod.self, namespace: "default", name: victim.name, status: true) {
      $0.status?.conditions = [PodCondition(type: "Ready", status: "False")]
    }
    test.cluster.settle()
    #expect(try budget(test)?.currentHealthy == 1)
    #expect(throws: Status.self) { try test.api.evict(namespace: "default", pod: victim.name) }
    try test.api.modify(PodDisruptionBudget.self, namespace: "default", name: "web-pdb") {
      $0.spec?.unhealthyPodEvictionPolicy = "AlwaysAllow"
    }
    test.cluster.settle()
    try test.api.evict(namespace: "default", pod: victim.name)
    #expect(try test.api.get(Pod.self, namespace: "default", name: victim.name).metadata.deletionTimestamp != nil)
  }

  @Test func pendingPodsAndPodsWithTwoBudgets() throws {
    let test = try guarded(replicas: 2, minAvailable: .int(2))
    var pending = Pod()
    pending.metadata.name = "pending"
    pending.metadata.labels = ["app": "web"]
    pending.spec = nginxTemplate().spec
    try test.api.create(pending)
    try test.api.evict(namespace: "default", pod: "pending")
    #expect(test.cluster.store.get(Pod.self, namespace: "default", name: "pending") == nil)
    var second = try test.api.get(PodDisruptionBudget.self, namespace: "default", name: "web-pdb")
    second.metadata = ObjectMeta(name: "web-pdb-2", namespace: "default")
    second.status = nil
    try test.api.create(second)
    test.cluster.settle()
    #expect(
      throws: Status(
        message: "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.", code: 500)
    ) { try test.api.evict(namespace: "default", pod: test.pods()[0].name) }
  }
}

@Suite struct ScaleSubresourceTests {
  @Test func readsAndSetsReplicasThroughScale() throws {
    let test = try ControllerTestCluster()
    try test.api.create(makeDeployment(replicas: 2))
    test.cluster.settle()
    let scale = try test.api.scale(.deployments, namespace: "default", name: "web")
    #expect(scale.kind == "Scale" && scale.apiVersion == "autoscaling/v1")
    #expect(scale.spec?.replicas == 2)
    #expect(scale.status?.replicas == 2)
    #expect(scale.status?.selector == "app=web")
    let scaled = try test.api.setScale(.deployments, namespace: "default", name: "web", replicas: 5)
    #expect(scaled.spec?.replicas == 5)
    test.cluster.settle()
    #expect(test.pods().count == 5)
    let set = try #require(test.api.list(ReplicaSet.self, namespace: "default").first)
    #expect(try test.api.scale(.replicasets, namespace: "default", name: set.name).status?.selector?.contains("pod-template-hash=") == true)
    #expect(throws: Status.self) { try test.api.scale(.pods, namespace: "default", name: "web") }
    #expect(throws: Status.self) { try test.api.setScale(.deployments, namespace: "default", name: "web", replicas: -1) }
  }
}
