import KubeModel

/// A read-only, in-memory cluster of generated nodes and pods shaped like the engine's
/// benchmark cluster (Deployments of 100 replicas labelled `app=bench-N`, every pod Running),
/// so that `DashboardBenchmark.run(client:)` can be measured without running the engine.
///
/// Only listing and getting are served; every write fails with `MethodNotAllowed` and
/// watches end at once.
public struct SyntheticCluster: ClusterClient {
  /// The generated nodes.
  public let nodes: [Node]
  /// The generated pods.
  public let pods: [Pod]

  /// Generates `nodes` workers and `pods` pods spread over them, in groups of
  /// `replicasPerDeployment` sharing an `app` label.
  public init(nodes nodeCount: Int, pods podCount: Int, replicasPerDeployment: Int = 100) {
    let created = Time(seconds: 1_780_000_000)
    nodes = (0..<max(1, nodeCount)).map { SyntheticCluster.node(index: $0, created: created) }
    let workers = max(1, nodeCount)
    // Listed by name, as the engine's store lists.
    pods = (0..<podCount).map { index in
      SyntheticCluster.pod(
        index: index, deployment: index / max(1, replicasPerDeployment), node: "worker-\(index % workers + 1)",
        created: created)
    }.sorted { $0.name < $1.name }
  }

  static func node(index: Int, created: Time) -> Node {
    let name = "worker-\(index + 1)"
    var node = Node(metadata: ObjectMeta(name: name, labels: ["kubernetes.io/hostname": name, "kubernetes.io/os": "linux"]))
    node.metadata.creationTimestamp = created
    node.metadata.uid = "uid-node-\(index)"
    var status = NodeStatus()
    let resources: [String: Quantity] = ["cpu": Quantity.milli(4000), "memory": Quantity(16 << 30, format: .binarySI), "pods": Quantity(110, format: .decimalSI)]
    status.capacity = resources
    status.allocatable = resources
    status.conditions = [
      NodeCondition(type: "Ready", status: "True", reason: "KubeletReady", message: "kubelet is posting ready status", lastHeartbeatTime: created, lastTransitionTime: created)
    ]
    node.status = status
    return node
  }

  static func pod(index: Int, deployment: Int, node: String, created: Time) -> Pod {
    let app = "bench-\(deployment)"
    let hash = String(UInt32(truncatingIfNeeded: deployment &* 2_654_435_761), radix: 36)
    let name = "\(app)-\(hash)-\(String(UInt32(truncatingIfNeeded: index &* 40_503 &+ 977), radix: 36))"
    var container = Container(name: "nginx", image: "nginx:1.14")
    container.resources = ResourceRequirements(requests: ["cpu": Quantity.milli(10), "memory": Quantity(16 << 20, format: .binarySI)])
    var pod = Pod(
      metadata: ObjectMeta(name: name, namespace: "default", labels: ["app": app, "pod-template-hash": hash]),
      spec: PodSpec(containers: [container]))
    pod.metadata.creationTimestamp = Time(seconds: created.seconds + Int64(index % 600))
    pod.metadata.uid = "uid-pod-\(index)"
    pod.metadata.ownerReferences = [
      OwnerReference(apiVersion: "apps/v1", kind: "ReplicaSet", name: "\(app)-\(hash)", uid: "uid-rs-\(deployment)", controller: true)
    ]
    pod.spec?.nodeName = node
    var status = PodStatus()
    status.phase = "Running"
    status.podIP = "10.\(index >> 16 & 255).\(index >> 8 & 255).\(index & 255)"
    status.qosClass = "Burstable"
    status.startTime = pod.metadata.creationTimestamp
    status.conditions = [PodCondition(type: "Ready", status: "True"), PodCondition(type: "PodScheduled", status: "True")]
    var containerStatus = ContainerStatus()
    containerStatus.name = "nginx"
    containerStatus.image = "nginx:1.14"
    containerStatus.ready = true
    containerStatus.restartCount = Int32(index % 7 == 0 ? 1 : 0)
    containerStatus.state = ContainerState(running: ContainerStateRunning(startedAt: pod.metadata.creationTimestamp))
    status.containerStatuses = [containerStatus]
    pod.status = status
    return pod
  }

  public func info() async throws -> ClusterInfo {
    ClusterInfo(name: "synthetic", source: "generated", serverVersion: "v1.31.0", isSimulated: true)
  }

  public func list<T: KubeObject>(_ type: T.Type, namespace: String?, options: ListOptions) async throws -> ObjectList<T> {
    // Same-type arrays are reinterpreted rather than cast, which would copy every element.
    var items: [T] = []
    if T.self == Pod.self {
      items = unsafeBitCast(pods, to: [T].self)
    } else if T.self == Node.self {
      items = unsafeBitCast(nodes, to: [T].self)
    }
    if let namespace { items = items.filter { $0.namespace == namespace } }
    return ObjectList(items: items, metadata: ListMeta(resourceVersion: "1"))
  }

  public func get<T: KubeObject>(_ type: T.Type, namespace: String?, name: String) async throws -> T {
    let items = try await list(type, namespace: namespace, options: ListOptions()).items
    guard let found = items.first(where: { $0.name == name }) else { throw Status.notFound(T.resource, name: name) }
    return found
  }

  public func watch<T: KubeObject>(_ type: T.Type, namespace: String?, options: ListOptions) -> AsyncThrowingStream<WatchEvent<T>, any Error> {
    AsyncThrowingStream { $0.finish() }
  }

  private var readOnly: Status { Status.methodNotAllowed("the synthetic benchmark cluster is read-only") }

  public func create<T: KubeObject>(_ object: T, dryRun: Bool) async throws -> T { throw readOnly }
  public func update<T: KubeObject>(_ object: T, dryRun: Bool) async throws -> T { throw readOnly }
  public func patch<T: KubeObject>(_ type: T.Type, namespace: String?, name: String, patch: Patch, dryRun: Bool) async throws -> T {
    throw readOnly
  }
  public func delete<T: KubeObject>(_ type: T.Type, namespace: String?, name: String, options: DeleteOptions) async throws { throw readOnly }
  public func evict(namespace: String, pod: String) async throws { throw readOnly }
  public func scale(_ resource: ResourceType, namespace: String, name: String, replicas: Int32, dryRun: Bool) async throws -> Scale {
    throw readOnly
  }
  public func logs(namespace: String, pod: String, options: LogOptions) async throws -> [String] { [] }
  public func followLogs(namespace: String, pod: String, options: LogOptions) -> AsyncThrowingStream<String, any Error> {
    AsyncThrowingStream { $0.finish() }
  }
  public func checkExec(namespace: String, pod: String, container: String?) async throws { throw readOnly }
  public func execReadsInput(_ command: [String]) -> Bool { false }

  public func attachesToShell(namespace: String, pod: String, container: String?) async throws -> Bool { false }

  public func endShell(namespace: String, pod: String, container: String?, exitCode: Int32) async throws { throw readOnly }

  public func forward(namespace: String, pod: String, port: Int32, received: [UInt8]) async throws -> ForwardReply {
    .refused("port forwarding is not supported by this cluster")
  }

  public func exec(namespace: String, pod: String, container: String?, command: [String], stdin: String, workingDirectory: String?) async throws -> ExecResult { throw readOnly }
  public func nodeMetrics() async throws -> [NodeMetrics] { [] }
  public func podMetrics(namespace: String?) async throws -> [PodMetrics] { [] }
  public func setUnschedulable(node: String, _ unschedulable: Bool) async throws -> Node { throw readOnly }
  public func drain(node: String, options: DrainOptions) async throws -> DrainReport { throw readOnly }
}
