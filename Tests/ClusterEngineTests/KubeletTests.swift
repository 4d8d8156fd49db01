import KubeModel
import Testing

@testable import ClusterEngine

/// Builds a cluster with the kubelet and one or more nodes, for the kubelet's tests.
struct KubeletFixture {
  let cluster: Cluster
  let kubelet: Kubelet

  init(nodes: [String] = ["worker-1"], seed: UInt64 = 1) throws {
    cluster = Cluster(configuration: ClusterConfiguration(seed: seed))
    kubelet = Kubelet()
    cluster.install(kubelet)
    for name in ["default", "kube-system", "kube-node-lease"] {
      var namespace = Namespace()
      namespace.metadata.name = name
      try cluster.api.create(namespace)
    }
    for name in nodes { try kubelet.register(.sized(name, cpu: 4, memoryGiB: 8)) }
  }

  /// Creates a pod bound to `node`.
  @discardableResult
  func run(_ name: String, on node: String = "worker-1", _ containers: [Container], init initContainers: [Container] = [],
    restartPolicy: String? = nil, namespace: String = "default") throws -> Pod {
    var pod = Pod()
    pod.metadata.name = name
    pod.metadata.namespace = namespace
    var spec = PodSpec(containers: containers)
    spec.initContainers = initContainers.isEmpty ? nil : initContainers
    spec.nodeName = node
    spec.restartPolicy = restartPolicy
    pod.spec = spec
    return try cluster.api.create(pod)
  }

  func pod(_ name: String, namespace: String = "default") -> Pod? {
    cluster.store.get(Pod.self, namespace: namespace, name: name)
  }

  func status(_ name: String, container: Int = 0) -> ContainerStatus? {
    pod(name)?.status?.containerStatuses?[container]
  }

  /// Events about `object`, oldest first, as `reason: message`.
  func events(about name: String) -> [String] {
    cluster.store.list(Event.self).filter { $0.involvedObject.name == name }
      .sorted { ($0.firstTimestamp ?? Time(seconds: 0), $0.name) < ($1.firstTimestamp ?? Time(seconds: 0), $1.name) }
      .map { "\($0.reason ?? ""): \($0.message ?? "")" }
  }

  static func container(_ name: String, _ image: String, command: [String]? = nil) -> Container {
    var container = Container(name: name, image: image)
    container.command = command
    return container
  }
}

@Suite struct KubeletTests {
  @Test func registersNodeWithLeaseAndHealthyConditions() throws {
    let fixture = try KubeletFixture()
    let node = try #require(fixture.cluster.store.get(Node.self, name: "worker-1"))
    #expect(node.spec?.podCIDR == "10.244.0.0/24")
    #expect(node.status?.condition("Ready")?.status == "True")
    #expect(node.status?.condition("Ready")?.message == "kubelet is posting ready status")
    #expect(node.status?.condition("MemoryPressure")?.reason == "KubeletHasSufficientMemory")
    #expect(node.status?.capacity?["cpu"] == Quantity(4))
    #expect(node.status?.allocatable?["cpu"] == .milli(3900))
    #expect(node.status?.nodeInfo?.kubeletVersion == "v1.32.4")
    #expect(node.status?.nodeInfo?.containerRuntimeVersion?.hasPrefix("containerd://1.7.") == true)
    #expect(node.status?.addresses?.map { $0.type ?? "" } == ["InternalIP", "Hostname"])
    #expect(node.metadata.labels?["kubernetes.io/hostname"] == "worker-1")
    let lease = try #require(fixture.cluster.store.get(Lease.self, namespace: "kube-node-lease", name: "worker-1"))
    #expect(lease.spec?.leaseDurationSeconds == 40)
    fixture.cluster.advance(by: 25)
    let renewed = try #require(fixture.cluster.store.get(Lease.self, namespace: "kube-node-lease", name: "worker-1"))
    #expect(renewed.spec?.renewTime == MicroTime(micros: (1_767_225_600 + 20) * 1_000_000))
  }

  @Test func nginxPodTimeline() throws {
    let fixture = try KubeletFixture()
    try fixture.run("nginx", [KubeletFixture.container("nginx", "nginx:1.14")])
    fixture.cluster.settle()
    #expect(fixture.pod("nginx")?.status?.phase == "Pending")
    #expect(fixture.status("nginx")?.state?.waiting?.reason == "ContainerCreating")
    #expect(fixture.pod("nginx")?.status?.condition("PodScheduled")?.status == "True")
    #expect(fixture.pod("nginx")?.status?.hostIP == "172.18.0.2")
    fixture.cluster.advance(by: 1)
    #expect(fixture.pod("nginx")?.status?.podIP == "10.244.0.2")
    #expect(fixture.pod("nginx")?.status?.condition("PodReadyToStartContainers")?.status == "True")
    #expect(fixture.status("nginx")?.state?.waiting?.reason == "ContainerCreating")
    fixture.cluster.advance(by: 10)
    let pod = try #require(fixture.pod("nginx"))
    #expect(pod.status?.phase == "Running")
    #expect(pod.status?.condition("Ready")?.status == "True")
    #expect(fixture.status("nginx")?.ready == true)
    #expect(fixture.status("nginx")?.image == "docker.io/library/nginx:1.14")
    let events = fixture.events(about: "nginx")
    #expect(events.first == "Pulling: Pulling image \"nginx:1.14\"")
    #expect(events.contains { $0.hasPrefix("Pulled: Successfully pulled image \"nginx:1.14\" in ") && $0.hasSuffix(" bytes.") })
    #expect(events.suffix(2) == ["Created: Created container: nginx", "Started: Started container nginx"])
  }
}
