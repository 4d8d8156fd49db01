import KubeModel
import Testing

@testable import ClusterEngine

/// A small cluster with the default and kube-system namespaces and the components under
/// test; pods are bound, started and finished by hand, as the scheduler and kubelets would.
struct StudyGuideFixture {
  let cluster: Cluster

  init(_ components: [any ClusterComponent] = [], seed: UInt64 = 1) throws {
    cluster = Cluster(configuration: ClusterConfiguration(seed: seed))
    for name in ["default", "kube-system"] {
      var namespace = Namespace()
      namespace.metadata.name = name
      try cluster.api.create(namespace)
    }
    for component in components { cluster.install(component) }
    cluster.settle()
  }

  var api: APIServer { cluster.api }

  static func quantity(_ text: String) -> Quantity {
    (try? Quantity(parsing: text)) ?? .zero
  }

  /// An nginx pod with labels and a CPU request.
  func makePod(_ name: String, labels: [String: String], cpu: String = "100m", namespace: String = "default") -> Pod {
    var container = Container(name: "nginx", image: "nginx:1.14", ports: [ContainerPort(containerPort: 80, name: "http")])
    container.resources = ResourceRequirements(requests: ["cpu": Self.quantity(cpu)])
    var pod = Pod(metadata: ObjectMeta(name: name, namespace: namespace, labels: labels), spec: PodSpec(containers: [container]))
    pod.spec?.restartPolicy = "Always"
    return pod
  }

  @discardableResult
  func createPod(_ name: String, labels: [String: String], cpu: String = "100m") throws -> Pod {
    try api.create(makePod(name, labels: labels, cpu: cpu))
  }

  /// A Deployment of nginx pods labelled `app: <name>` (no controller makes its pods here).
  @discardableResult
  func createDeployment(_ name: String, replicas: Int32) throws -> Deployment {
    var deployment = Deployment()
    deployment.metadata = ObjectMeta(name: name, namespace: "default")
    var spec = DeploymentSpec()
    spec.replicas = replicas
    spec.selector = LabelSelector(matchLabels: ["app": name])
    var template = PodTemplateSpec()
    template.metadata = ObjectMeta(labels: ["app": name])
    template.spec = makePod("template", labels: [:]).spec
    spec.template = template
    deployment.spec = spec
    return try api.create(deployment)
  }

  /// Binds a pod to a node (the scheduler's part).
  func bind(_ name: String, to node: String = "worker-1", namespace: String = "default") throws {
    try api.bind(pod: name, namespace: namespace, node: node)
  }

  /// Makes a pod Running with an IP, Ready or not (the kubelet's part).
  func start(_ name: String, ip: String, ready: Bool = true, namespace: String = "default") throws {
    var pod = try api.get(Pod.self, namespace: namespace, name: name)
    if (pod.spec?.nodeName ?? "").isEmpty { try bind(name, namespace: namespace) }
    pod = try api.get(Pod.self, namespace: namespace, name: name)
    var status = pod.status ?? PodStatus()
    status.phase = "Running"
    status.podIP = ip
    status.podIPs = [PodIP(ip: ip)]
    status.startTime = status.startTime ?? cluster.clock.now
    status.conditions = [
      PodCondition(type: "Ready", status: ready ? "True" : "False", lastTransitionTime: cluster.clock.now)
    ]
    pod.status = status
    try api.updateStatus(pod)
  }

  /// Sets a pod's Ready condition.
  func setReady(_ name: String, _ ready: Bool, namespace: String = "default") throws {
    try api.modify(Pod.self, namespace: namespace, name: name, status: true) { pod in
      pod.status?.conditions = [
        PodCondition(type: "Ready", status: ready ? "True" : "False", lastTransitionTime: cluster.clock.now)
      ]
    }
  }

  /// Ends a pod's containers with `phase` (`Succeeded` or `Failed`).
  func finish(_ name: String, _ phase: String, namespace: String = "default") throws {
    try api.modify(Pod.self, namespace: namespace, name: name, status: true) { pod in
      if (pod.spec?.nodeName ?? "").isEmpty { pod.spec?.nodeName = "worker-1" }
      pod.status?.phase = phase
      pod.status?.conditions = [PodCondition(type: "Ready", status: "False", reason: "PodCompleted")]
    }
  }

  /// Deletes a pod at once (grace 0), as the kubelet finishes a deletion.
  func deletePod(_ name: String, namespace: String = "default") throws {
    try api.delete(Pod.self, namespace: namespace, name: name, options: DeleteOptions(gracePeriodSeconds: 0))
  }

  /// Pods in `namespace` whose labels include `labels`, sorted by name.
  func pods(_ labels: [String: String] = [:], namespace: String = "default") -> [Pod] {
    api.list(Pod.self, namespace: namespace, labelSelector: Selector(matchingLabels: labels))
  }

  /// Events with `reason` about the object named `name`, oldest first.
  func events(_ reason: String, about name: String? = nil) -> [Event] {
    cluster.store.all(Event.self).filter { $0.reason == reason && (name == nil || $0.involvedObject.name == name) }
      .sorted { ($0.firstTimestamp?.seconds ?? 0, $0.name) < ($1.firstTimestamp?.seconds ?? 0, $1.name) }
  }

  /// The messages of events with `reason`.
  func messages(_ reason: String, about name: String? = nil) -> [String] {
    events(reason, about: name).compactMap(\.message)
  }
}
