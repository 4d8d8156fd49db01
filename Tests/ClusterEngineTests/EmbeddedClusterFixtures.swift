import KubeModel

@testable import ClusterEngine

/// Small hand-built clusters for the host, action and shell tests: objects are created
/// through the API server and pod status is set by hand, so no scheduler or kubelet is
/// needed.
enum Fixture {
  static func cluster(watchLogCapacity: Int = 200_000) -> Cluster {
    let cluster = Cluster(configuration: ClusterConfiguration(watchLogCapacity: watchLogCapacity))
    for name in ["default", "kube-system"] {
      var namespace = Namespace()
      namespace.metadata.name = name
      _ = try? cluster.api.create(namespace)
    }
    return cluster
  }

  static func node(_ name: String, labels: [String: String] = [:]) -> Node {
    var node = Node(metadata: ObjectMeta(name: name, labels: ["kubernetes.io/hostname": name].merging(labels) { $1 }))
    var status = NodeStatus()
    status.allocatable = ["cpu": Quantity(4), "memory": Quantity(8 * 1024 * 1024 * 1024), "pods": Quantity(110)]
    status.capacity = status.allocatable
    node.status = status
    return node
  }

  static func pod(
    _ name: String, namespace: String = "default", image: String = "nginx:1.14", labels: [String: String] = [:],
    node: String? = nil, port: Int32? = 80
  ) -> Pod {
    var container = Container(name: image.split(separator: ":").first.map(String.init) ?? "app", image: image)
    if let port { container.ports = [ContainerPort(containerPort: port)] }
    var spec = PodSpec(containers: [container])
    spec.nodeName = node
    return Pod(metadata: ObjectMeta(name: name, namespace: namespace, labels: labels.isEmpty ? nil : labels), spec: spec)
  }

  /// Creates the pod on `node` and marks it Running and Ready with `ip`.
  @discardableResult
  static func runningPod(_ pod: Pod, on node: String, ip: String, in cluster: Cluster, ready: Bool = true) throws -> Pod {
    var pod = pod
    pod.spec?.nodeName = node
    try cluster.api.create(pod)
    return try cluster.api.modify(Pod.self, namespace: pod.namespace, name: pod.name, status: true) { pod in
      var status = pod.status ?? PodStatus()
      status.phase = "Running"
      status.podIP = ip
      status.hostIP = "192.168.0.10"
      status.startTime = cluster.clock.now
      status.conditions = [PodCondition(type: "Ready", status: ready ? "True" : "False")]
      status.containerStatuses = (pod.spec?.containers ?? []).map { container in
        var running = ContainerStatus()
        running.name = container.name
        running.image = container.image
        running.ready = ready
        running.started = true
        running.restartCount = 0
        running.state = ContainerState(running: ContainerStateRunning(startedAt: cluster.clock.now))
        return running
      }
      pod.status = status
    }
  }

  static func owner(kind: String, name: String, apiVersion: String = "apps/v1") -> OwnerReference {
    OwnerReference(apiVersion: apiVersion, kind: kind, name: name, uid: "uid-\(name)", controller: true, blockOwnerDeletion: true)
  }

  static func service(_ name: String, namespace: String = "default", selector: [String: String], port: Int32 = 80, clusterIP: String? = nil)
    -> Service
  {
    var service = Service()
    service.metadata = ObjectMeta(name: name, namespace: namespace)
    var spec = ServiceSpec()
    spec.selector = selector
    spec.ports = [ServicePort(port: port, targetPort: .int(Int(port)))]
    spec.clusterIP = clusterIP
    service.spec = spec
    return service
  }

  static func daemonSet(_ name: String, namespace: String = "kube-system") -> DaemonSet {
    var set = DaemonSet()
    set.metadata = ObjectMeta(name: name, namespace: namespace)
    var spec = DaemonSetSpec()
    spec.selector = LabelSelector(matchLabels: ["app": name])
    var template = PodTemplateSpec()
    template.metadata = ObjectMeta(labels: ["app": name])
    template.spec = PodSpec(containers: [Container(name: name, image: "registry.k8s.io/\(name):v1.32.4")])
    spec.template = template
    set.spec = spec
    return set
  }
}

/// Reads the next `count` events of a watch.
func next<T>(_ count: Int, from iterator: inout AsyncThrowingStream<WatchEvent<T>, any Error>.Iterator) async throws
  -> [WatchEvent<T>]
{
  var events: [WatchEvent<T>] = []
  for _ in 0..<count {
    guard let event = try await iterator.next() else { break }
    events.append(event)
  }
  return events
}
