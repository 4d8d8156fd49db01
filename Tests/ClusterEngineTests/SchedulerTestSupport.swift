import KubeModel
import Testing

@testable import ClusterEngine

/// A cluster with only the scheduler installed, and helpers that create nodes and pods
/// through the API (no kubelets: nodes are created Ready with the given capacity).
struct SchedulerFixture {
  let cluster: Cluster
  let scheduler: Scheduler

  init(seed: UInt64 = 7) throws {
    cluster = Cluster(configuration: ClusterConfiguration(seed: seed))
    var namespace = Namespace()
    namespace.metadata.name = "default"
    try cluster.api.create(namespace)
    scheduler = Scheduler()
    cluster.install(scheduler)
  }

  @discardableResult
  func addNode(
    _ name: String, cpu: String = "4", memory: String = "8Gi", pods: Int64 = 110, labels: [String: String] = [:],
    taints: [Taint] = [], unschedulable: Bool = false, images: [ContainerImage] = [], extra: [String: String] = [:]
  ) throws -> Node {
    var node = Node(metadata: ObjectMeta(name: name, labels: ["kubernetes.io/hostname": name].merging(labels) { $1 }))
    var spec = NodeSpec()
    spec.taints = taints.isEmpty ? nil : taints
    spec.unschedulable = unschedulable ? true : nil
    node.spec = spec
    var status = NodeStatus()
    var resources: [String: Quantity] = [
      "cpu": try Quantity(parsing: cpu), "memory": try Quantity(parsing: memory), "pods": Quantity(pods),
    ]
    for (key, value) in extra { resources[key] = try Quantity(parsing: value) }
    status.capacity = resources
    status.allocatable = resources
    status.images = images.isEmpty ? nil : images
    status.conditions = [
      NodeCondition(
        type: "Ready", status: "True", reason: "KubeletReady", message: "kubelet is posting ready status",
        lastHeartbeatTime: cluster.clock.now, lastTransitionTime: cluster.clock.now)
    ]
    node.status = status
    let created = try cluster.api.create(node)
    cluster.settle()
    return created
  }

  func pod(
    _ name: String, cpu: String? = nil, memory: String? = nil, image: String = "nginx:1.14", labels: [String: String] = [:],
    extra: [String: String] = [:]
  ) throws -> Pod {
    var requests: [String: Quantity] = [:]
    if let cpu { requests["cpu"] = try Quantity(parsing: cpu) }
    if let memory { requests["memory"] = try Quantity(parsing: memory) }
    for (key, value) in extra { requests[key] = try Quantity(parsing: value) }
    var pod = Pod()
    pod.metadata = ObjectMeta(name: name, namespace: "default", labels: labels.isEmpty ? nil : labels)
    pod.spec = PodSpec(containers: [
      Container(name: "main", image: image, resources: requests.isEmpty ? nil : ResourceRequirements(requests: requests))
    ])
    return pod
  }

  @discardableResult
  func create(_ pod: Pod) throws -> Pod {
    let created = try cluster.api.create(pod)
    cluster.settle()
    return created
  }

  func stored(_ name: String) -> Pod? { cluster.store.get(Pod.self, namespace: "default", name: name) }

  func node(of name: String) -> String? {
    let node = stored(name)?.spec?.nodeName ?? ""
    return node.isEmpty ? nil : node
  }

  func events(reason: String, about name: String) -> [Event] {
    cluster.store.list(Event.self, namespace: "default").filter { $0.reason == reason && $0.involvedObject.name == name }
  }

  static func antiAffinity(app: String, key: String = "kubernetes.io/hostname") -> Affinity {
    var term = PodAffinityTerm()
    term.labelSelector = LabelSelector(matchLabels: ["app": app])
    term.topologyKey = key
    var anti = PodAffinity()
    anti.requiredDuringSchedulingIgnoredDuringExecution = [term]
    var affinity = Affinity()
    affinity.podAntiAffinity = anti
    return affinity
  }
}
