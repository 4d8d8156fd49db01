import KubeModel

/// Fixture objects: three nodes (one with 한글 labels), pods in every interesting state,
/// and a deployment.
enum Fixtures {
  static let now = Time(seconds: 1_780_000_000)

  static func quantity(_ text: String) -> Quantity {
    (try? Quantity(parsing: text)) ?? .zero
  }

  static func node(_ name: String, ready: Bool = true, labels: [String: String] = [:], cordoned: Bool = false, taints: [Taint] = []) -> Node {
    var node = Node(metadata: ObjectMeta(name: name, labels: ["kubernetes.io/hostname": name].merging(labels) { $1 }))
    node.metadata.creationTimestamp = Time(seconds: now.seconds - 86_400 * 3 - 3600 * 5)
    node.metadata.uid = "uid-node-\(name)"
    var spec = NodeSpec()
    spec.unschedulable = cordoned ? true : nil
    spec.taints = taints.isEmpty ? nil : taints
    node.spec = spec
    var status = NodeStatus()
    status.allocatable = ["cpu": quantity("4"), "memory": quantity("8Gi"), "pods": quantity("110")]
    status.capacity = status.allocatable
    status.conditions = [NodeCondition(type: "Ready", status: ready ? "True" : "Unknown", reason: "KubeletReady", message: "kubelet is posting ready status", lastHeartbeatTime: now, lastTransitionTime: now)]
    status.addresses = [NodeAddress(type: "InternalIP", address: "10.0.0.\(name.count)")]
    var info = NodeSystemInfo()
    info.kubeletVersion = "v1.31.0"
    info.osImage = "Simulated Linux"
    info.kernelVersion = "6.1.0-sim"
    info.containerRuntimeVersion = "containerd://1.7.0"
    status.nodeInfo = info
    node.status = status
    return node
  }

  static let nodes: [Node] = [
    node("cp-1", labels: ["node-role.kubernetes.io/control-plane": ""], taints: [Taint(key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule")]),
    node("worker-1", labels: ["팀": "플랫폼", "zone": "서울"]),
    node("worker-2"),
  ]

  static func pod(
    _ name: String, namespace: String = "default", node: String? = "worker-1", labels: [String: String] = [:],
    phase: String = "Running", ready: Bool = true, waiting: String? = nil, terminated: String? = nil, restarts: Int32 = 0,
    cpu: String = "100m", memory: String = "128Mi", owner: String? = nil
  ) -> Pod {
    var container = Container(name: "main", image: "nginx:1.27")
    container.resources = ResourceRequirements(requests: ["cpu": quantity(cpu), "memory": quantity(memory)], limits: ["memory": quantity("256Mi")])
    var pod = Pod(metadata: ObjectMeta(name: name, namespace: namespace, labels: labels), spec: PodSpec(containers: [container]))
    pod.metadata.creationTimestamp = Time(seconds: now.seconds - 330)
    pod.metadata.uid = "uid-pod-\(name)"
    if let owner {
      pod.metadata.ownerReferences = [OwnerReference(apiVersion: "apps/v1", kind: "ReplicaSet", name: owner, uid: "uid-rs-\(owner)", controller: true)]
    }
    pod.spec?.nodeName = node
    var status = PodStatus()
    status.phase = phase
    status.podIP = node == nil ? nil : "10.244.1.\(name.count)"
    var containerStatus = ContainerStatus()
    containerStatus.name = "main"
    containerStatus.ready = ready && waiting == nil && terminated == nil
    containerStatus.restartCount = restarts
    if let waiting {
      containerStatus.state = ContainerState(waiting: ContainerStateWaiting(reason: waiting))
    } else if let terminated {
      var state = ContainerStateTerminated()
      state.reason = terminated
      state.exitCode = terminated == "Completed" ? 0 : 137
      containerStatus.state = ContainerState(terminated: state)
    } else {
      containerStatus.state = ContainerState(running: ContainerStateRunning(startedAt: Time(seconds: now.seconds - 300)))
    }
    if restarts > 0 {
      var last = ContainerStateTerminated()
      last.reason = "Error"
      last.exitCode = 1
      last.finishedAt = Time(seconds: now.seconds - 120)
      containerStatus.lastState = ContainerState(terminated: last)
    }
    if phase != "Pending" || waiting != nil { status.containerStatuses = [containerStatus] }
    pod.status = status
    return pod
  }

  static var pods: [Pod] {
    var terminating = pod("web-old", labels: ["app": "web"], owner: "web-1")
    terminating.metadata.deletionTimestamp = Time(seconds: now.seconds - 5)
    var initializing = pod("setup", node: "worker-2", phase: "Pending")
    initializing.spec?.initContainers = [Container(name: "init", image: "busybox")]
    var initStatus = ContainerStatus()
    initStatus.name = "init"
    initStatus.state = ContainerState(running: ContainerStateRunning())
    initializing.status?.initContainerStatuses = [initStatus]
    return [
      pod("web-1", labels: ["app": "web", "팀": "플랫폼"], owner: "web-1"),
      pod("web-2", node: "worker-2", labels: ["app": "web"], owner: "web-1"),
      pod("crash", labels: ["app": "crash"], waiting: "CrashLoopBackOff", restarts: 3),
      pod("pending", node: nil, phase: "Pending", cpu: "16"),
      pod("creating", node: "worker-2", phase: "Pending", waiting: "ContainerCreating"),
      pod("batch", node: "worker-2", phase: "Succeeded", terminated: "Completed"),
      pod("hog", namespace: "team-a", labels: ["app": "hog"], phase: "Running", terminated: "OOMKilled", restarts: 1),
      terminating,
      initializing,
    ]
  }

  static var web: Deployment {
    var deployment = Deployment()
    deployment.metadata = ObjectMeta(name: "web", namespace: "default", labels: ["app": "web"])
    deployment.metadata.creationTimestamp = Time(seconds: now.seconds - 7200)
    deployment.metadata.uid = "uid-deploy-web"
    var spec = DeploymentSpec()
    spec.replicas = 2
    spec.selector = LabelSelector(matchLabels: ["app": "web"])
    var template = PodTemplateSpec()
    template.metadata = ObjectMeta(labels: ["app": "web"])
    template.spec = PodSpec(containers: [Container(name: "nginx", image: "nginx:1.27", ports: [ContainerPort(containerPort: 80)])])
    spec.template = template
    deployment.spec = spec
    var status = DeploymentStatus()
    status.replicas = 2
    status.readyReplicas = 2
    status.updatedReplicas = 2
    status.availableReplicas = 2
    deployment.status = status
    return deployment
  }

  /// A cache loaded with the fixtures (no client).
  static func cache() -> InformerCacheBox {
    InformerCacheBox()
  }
}

import Dashboard

/// A cache holding the fixtures.
final class InformerCacheBox {
  let cache = InformerCache()
  init() {
    cache.load(nodes: Fixtures.nodes, pods: Fixtures.pods)
    cache.deployments.replace(with: [Fixtures.web], tick: 0)
  }
  var context: RenderContext { RenderContext(now: Fixtures.now, cache: cache) }
}
