import KubeModel
import Testing

@testable import ClusterEngine

@Suite struct DaemonSetControllerTests {
  func clusterWithControlPlane() throws -> ControllerTestCluster {
    let test = try ControllerTestCluster(nodes: ["worker-1", "worker-2", "worker-3"])
    try test.addNode(
      "control-plane", labels: ["node-role.kubernetes.io/control-plane": ""],
      taints: [Taint(key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule")])
    test.cluster.settle()
    return test
  }

  func makeDaemonSet(tolerations: [Toleration]? = nil, image: String = "registry.k8s.io/kube-proxy:v1.32.4") -> DaemonSet {
    var set = DaemonSet()
    set.metadata.name = "kube-proxy"
    set.metadata.namespace = "kube-system"
    var spec = DaemonSetSpec()
    spec.selector = LabelSelector(matchLabels: ["k8s-app": "kube-proxy"])
    var template = PodTemplateSpec(
      metadata: ObjectMeta(labels: ["k8s-app": "kube-proxy"]),
      spec: PodSpec(containers: [Container(name: "kube-proxy", image: image)]))
    template.spec?.tolerations = tolerations
    spec.template = template
    set.spec = spec
    return set
  }

  func status(_ test: ControllerTestCluster) throws -> DaemonSetStatus? {
    try test.api.get(DaemonSet.self, namespace: "kube-system", name: "kube-proxy").status
  }

  /// The API server stamps the template's generation in an annotation, as `kubectl get ds
  /// -o yaml` shows on a real cluster: 1 when created, raised when the template changes,
  /// kept when only other fields do.
  @Test func theTemplateGenerationAnnotationFollowsTemplateChanges() throws {
    let test = try clusterWithControlPlane()
    let key = "deprecated.daemonset.template.generation"
    #expect(try test.api.create(makeDaemonSet()).metadata.annotations?[key] == "1")
    let relabelled = try test.api.modify(DaemonSet.self, namespace: "kube-system", name: "kube-proxy") {
      $0.metadata.labels = ["tier": "node"]
    }
    #expect(relabelled.metadata.annotations?[key] == "1")
    let updated = try test.api.modify(DaemonSet.self, namespace: "kube-system", name: "kube-proxy") {
      $0.spec?.template?.spec?.containers?[0].image = "registry.k8s.io/kube-proxy:v1.33.0"
    }
    #expect(updated.metadata.annotations?[key] == "2")
    #expect(updated.metadata.generation == 2)
  }

  @Test func onePodPerEligibleNodeSkippingTheTaintedControlPlane() throws {
    let test = try clusterWithControlPlane()
    try test.api.create(makeDaemonSet())
    test.cluster.settle()
    let pods = test.pods("kube-system")
    #expect(pods.count == 3)
    let targets = pods.compactMap { DaemonSetPlacement.targetNode(of: $0) }.sorted()
    #expect(targets == ["worker-1", "worker-2", "worker-3"])
    let pod = try #require(pods.first)
    #expect(pod.spec?.nodeName == nil)
    let term = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms
    #expect(term?.count == 1 && term?.first?.matchFields?.first?.key == "metadata.name")
    let tolerations = pod.spec?.tolerations ?? []
    #expect(tolerations.contains(Toleration(key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute")))
    #expect(tolerations.contains(Toleration(key: "node.kubernetes.io/unschedulable", operator: "Exists", effect: "NoSchedule")))
    #expect(!tolerations.contains { $0.tolerationSeconds != nil })
    #expect(tolerations.count == 6)
    #expect(try status(test)?.desiredNumberScheduled == 3)
    #expect(try status(test)?.currentNumberScheduled == 3)
    #expect(try status(test)?.numberUnavailable == 3)
    try test.bindAndReadyAll()
    let ready = try status(test)
    #expect(ready?.numberReady == 3 && ready?.numberAvailable == 3 && ready?.updatedNumberScheduled == 3)
    #expect(ready?.numberUnavailable == nil)
    #expect(test.events(reason: "SuccessfulCreate").count == 3)
  }

  @Test func aTolerationAddsTheControlPlaneAndNewNodesGetPods() throws {
    let test = try clusterWithControlPlane()
    try test.api.create(makeDaemonSet(tolerations: [Toleration(key: "node-role.kubernetes.io/control-plane", operator: "Exists", effect: "NoSchedule")]))
    test.cluster.settle()
    #expect(test.pods("kube-system").count == 4)
    try test.addNode("worker-4")
    test.cluster.settle()
    #expect(test.pods("kube-system").count == 5)
    try test.api.delete(Node.self, name: "worker-4")
    test.cluster.settle()
    #expect(test.pods("kube-system").count == 4)
    #expect(try status(test)?.desiredNumberScheduled == 4)
  }

  @Test func rollingUpdateReplacesOnePodAtATime() throws {
    let test = try clusterWithControlPlane()
    try test.api.create(makeDaemonSet())
    test.cluster.settle()
    try test.bindAndReadyAll()
    try test.api.modify(DaemonSet.self, namespace: "kube-system", name: "kube-proxy") {
      $0.spec?.template?.spec?.containers?[0].image = "registry.k8s.io/kube-proxy:v1.33.0"
    }
    test.cluster.settle()
    var rounds = 0
    while rounds < 10 {
      let pods = test.pods("kube-system")
      #expect(pods.filter { $0.metadata.deletionTimestamp != nil }.count <= 1)
      if pods.count == 3, pods.allSatisfy({ $0.spec?.containers?.first?.image == "registry.k8s.io/kube-proxy:v1.33.0" && $0.isReady }) {
        break
      }
      rounds += 1
      try test.finishDeletions()
      try test.bindAndReadyAll()
    }
    #expect(rounds == 3)
    #expect(try status(test)?.updatedNumberScheduled == 3)
    // The remembered template hash followed the change: every pod carries the new one.
    let hashes = Set(test.pods("kube-system").compactMap { $0.metadata.labels?["controller-revision-hash"] })
    let template = try #require(test.api.get(DaemonSet.self, namespace: "kube-system", name: "kube-proxy").spec?.template)
    #expect(hashes == [PodTemplateHash.compute(template, collisionCount: nil)])
  }

  @Test func newNoScheduleTaintsKeepPodsAndNoExecuteTaintsEvictThem() throws {
    let test = try clusterWithControlPlane()
    try test.api.create(makeDaemonSet())
    test.cluster.settle()
    try test.bindAndReadyAll()
    try test.api.modify(Node.self, name: "worker-1") { $0.spec?.taints = [Taint(key: "maintenance", effect: "NoSchedule")] }
    try test.api.modify(Node.self, name: "worker-2") { $0.spec?.taints = [Taint(key: "maintenance", effect: "NoExecute")] }
    test.cluster.settle()
    let live = test.livePods("kube-system").compactMap { DaemonSetPlacement.targetNode(of: $0) }.sorted()
    #expect(live == ["worker-1", "worker-3"])
    try test.finishDeletions()
    let status = try status(test)
    #expect(status?.desiredNumberScheduled == 1)
    #expect(status?.numberMisscheduled == 1)
    #expect(test.events(reason: "SuccessfulDelete").count == 1)
  }

  @Test func nodeHeartbeatsCostNoWrites() throws {
    let test = try clusterWithControlPlane()
    try test.api.create(makeDaemonSet())
    test.cluster.settle()
    try test.bindAndReadyAll()
    let before = test.cluster.store.revision
    try test.api.modify(Node.self, name: "worker-1", status: true) {
      $0.status = NodeStatus()
      $0.status?.conditions = [NodeCondition(type: "Ready", status: "True", reason: "KubeletReady", message: nil, lastHeartbeatTime: test.cluster.clock.now, lastTransitionTime: nil)]
    }
    test.cluster.settle()
    test.cluster.advance(by: 600)
    #expect(test.cluster.store.revision == before + 1)
  }
}
