import KubeModel
import Testing

@testable import ClusterEngine

/// A cluster with the workload controllers installed and small stand-ins for what the
/// scheduler and the kubelets do (bind, become ready, finish deletions).
struct ControllerTestCluster {
  let cluster: Cluster

  init(nodes: [String] = ["node-1", "node-2", "node-3"], components: [any ClusterComponent]? = nil) throws {
    cluster = Cluster()
    for name in ["default", "kube-system"] {
      var namespace = Namespace()
      namespace.metadata.name = name
      try cluster.api.create(namespace)
    }
    for name in nodes { try addNode(name) }
    let installed: [any ClusterComponent] =
      components ?? [
        DeploymentController(), ReplicaSetController(), DaemonSetController(), GarbageCollector(),
        NamespaceController(), DisruptionController(),
      ]
    for component in installed { cluster.install(component) }
    cluster.settle()
  }

  var api: APIServer { cluster.api }

  func addNode(_ name: String, labels: [String: String] = [:], taints: [Taint]? = nil) throws {
    var node = Node()
    node.metadata.name = name
    node.metadata.labels = labels.merging(["kubernetes.io/hostname": name]) { $1 }
    var spec = NodeSpec()
    spec.taints = taints
    node.spec = spec
    try cluster.api.create(node)
  }

  func pods(_ namespace: String = "default") -> [Pod] { cluster.api.list(Pod.self, namespace: namespace) }

  func livePods(_ namespace: String = "default") -> [Pod] { pods(namespace).filter { $0.metadata.deletionTimestamp == nil } }

  /// Binds every unbound pod (round robin over the nodes, or to its DaemonSet node).
  func bindAll() throws {
    let nodes = cluster.api.list(Node.self).map(\.name)
    var next = 0
    for pod in cluster.store.list(Pod.self) where (pod.spec?.nodeName ?? "").isEmpty && pod.metadata.deletionTimestamp == nil {
      let pinned = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?
        .nodeSelectorTerms?.first?.matchFields?.first?.values?.first
      try cluster.api.bind(pod: pod.name, namespace: pod.namespace, node: pinned ?? nodes[next % nodes.count])
      next += 1
    }
    cluster.settle()
  }

  /// Marks pods Running and Ready.
  func makeReady(_ pods: [Pod]) throws {
    for pod in pods {
      guard var current = cluster.store.get(Pod.self, namespace: pod.namespace, name: pod.name) else { continue }
      var status = current.status ?? PodStatus()
      status.phase = "Running"
      status.conditions = [
        PodCondition(type: "Ready", status: "True", lastTransitionTime: cluster.clock.now),
        PodCondition(type: "ContainersReady", status: "True", lastTransitionTime: cluster.clock.now),
      ]
      current.status = status
      try cluster.api.updateStatus(current)
    }
    cluster.settle()
  }

  /// Binds and readies every pod that is not ready yet.
  func bindAndReadyAll() throws {
    try bindAll()
    try makeReady(cluster.store.list(Pod.self).filter { !$0.isReady && $0.metadata.deletionTimestamp == nil })
  }

  /// Finishes the deletion of terminating pods, as their kubelets would.
  func finishDeletions() throws {
    for pod in cluster.store.list(Pod.self) where pod.metadata.deletionTimestamp != nil {
      try cluster.api.delete(Pod.self, namespace: pod.namespace, name: pod.name, options: DeleteOptions(gracePeriodSeconds: 0))
    }
    cluster.settle()
  }

  func events(reason: String) -> [String] {
    cluster.store.list(Event.self).filter { $0.reason == reason }
      .sorted { ($0.firstTimestamp?.seconds ?? 0, $0.name) < ($1.firstTimestamp?.seconds ?? 0, $1.name) }
      .compactMap(\.message)
  }

  func replicaSet(named name: String) -> ReplicaSet? { cluster.store.get(ReplicaSet.self, namespace: "default", name: name) }
}

/// A pod template of one nginx container labelled `app=<app>`.
func nginxTemplate(app: String = "web", image: String = "nginx:1.14") -> PodTemplateSpec {
  PodTemplateSpec(
    metadata: ObjectMeta(labels: ["app": app]),
    spec: PodSpec(containers: [Container(name: "nginx", image: image, ports: [ContainerPort(containerPort: 80)])]))
}

func makeReplicaSet(_ name: String = "web", replicas: Int32, app: String = "web") -> ReplicaSet {
  var set = ReplicaSet()
  set.metadata.name = name
  set.metadata.namespace = "default"
  var spec = ReplicaSetSpec()
  spec.replicas = replicas
  spec.selector = LabelSelector(matchLabels: ["app": app])
  spec.template = nginxTemplate(app: app)
  set.spec = spec
  return set
}

func makeDeployment(_ name: String = "web", replicas: Int32, image: String = "nginx:1.14") -> Deployment {
  var deployment = Deployment()
  deployment.metadata.name = name
  deployment.metadata.namespace = "default"
  var spec = DeploymentSpec()
  spec.replicas = replicas
  spec.selector = LabelSelector(matchLabels: ["app": name])
  spec.template = nginxTemplate(app: name, image: image)
  deployment.spec = spec
  return deployment
}
