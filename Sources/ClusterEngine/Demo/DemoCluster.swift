import KubeModel

/// The cluster `kubedeck` starts with no arguments: a control-plane node with its static
/// pods, workers of differing sizes (one with a GPU), the system namespaces, kube-proxy,
/// CoreDNS and the seed's workloads — or the nodes and objects of a cluster file.
public enum DemoCluster {
  /// Worker sizes (cores, GiB) that `nodes: N` cycles through.
  static let workerSizes: [(cpu: Int64, memoryGiB: Int64)] = [(4, 8), (8, 16), (2, 4), (4, 16)]
  static let zones = ["zone-a", "zone-b", "zone-c"]

  /// Builds the cluster: installs the kubelet, the node lifecycle and taint eviction
  /// controllers and then `components` (the scheduler, workload controllers, …), joins the
  /// nodes and creates the objects.
  ///
  /// - Parameters:
  ///   - nodes: how many workers (`worker-1` … `worker-N`); nil gives the default four
  ///     (`worker-1`, `worker-2`, `worker-3`, `worker-gpu`).
  ///   - clusterFile: a parsed cluster file; its nodes replace the default ones and its
  ///     manifests replace the seed's workloads.
  ///   - controlPlanes: how many control-plane nodes (`control-plane`, `control-plane2`, …,
  ///     as kind names them), each with its etcd member and static pods; 3 gives an HA
  ///     control plane that survives one node down.
  public static func make(
    configuration: ClusterConfiguration = ClusterConfiguration(), nodes: Int? = nil, clusterFile: ClusterFile? = nil,
    controlPlanes: Int = 1, components: [any ClusterComponent] = []
  ) throws -> Cluster {
    let cluster = Cluster(configuration: configuration)
    for name in ["default", "kube-system", "kube-public", "kube-node-lease"] {
      var namespace = Namespace()
      namespace.metadata.name = name
      try cluster.api.create(namespace)
    }
    // The API server's start-up hook creates the system priority classes.
    for priorityClass in PriorityClass.system { try cluster.api.create(priorityClass) }
    let kubelet = Kubelet()
    cluster.install(kubelet)
    cluster.install(NodeLifecycleController())
    cluster.install(TaintEvictionController())
    for component in components { cluster.install(component) }
    try createServices(cluster)
    let version = configuration.kubernetesVersion
    if let clusterFile {
      for entry in clusterFile.nodes {
        var node = entry.configuration
        if entry.isControlPlane { makeControlPlane(&node) }
        try kubelet.register(node, staticPods: entry.isControlPlane ? staticPods(version: version) : [])
      }
      try apply(clusterFile.objects, to: cluster)
    } else {
      for index in 0..<max(controlPlanes, 1) {
        var controlPlane = NodeConfiguration.sized(controlPlaneName(index), cpu: 4, memoryGiB: 8)
        makeControlPlane(&controlPlane)
        try kubelet.register(controlPlane, staticPods: staticPods(version: version, address: "172.18.0.\(index + 2)"))
      }
      for worker in workers(count: nodes, seed: configuration.seed) { try kubelet.register(worker) }
      try apply(systemWorkloads(version: version) + seedWorkloads(), to: cluster)
    }
    cluster.settle()
    return cluster
  }

  /// The default workers, or `count` of them with sizes cycling from a seeded start.
  static func workers(count: Int?, seed: UInt64) -> [NodeConfiguration] {
    func labels(_ index: Int) -> [String: String] {
      ["topology.kubernetes.io/zone": zones[index % zones.count], "topology.kubernetes.io/region": "local", "node-role.kubernetes.io/worker": ""]
    }
    guard let count else {
      var gpu = NodeConfiguration.sized("worker-gpu", cpu: 4, memoryGiB: 16, labels: labels(3))
      gpu.labels["gpu"] = "true"
      gpu.extendedResources["nvidia.com/gpu"] = Quantity(1)
      return [
        .sized("worker-1", cpu: 4, memoryGiB: 8, labels: labels(0)),
        .sized("worker-2", cpu: 8, memoryGiB: 16, labels: labels(1)),
        .sized("worker-3", cpu: 2, memoryGiB: 4, labels: labels(2)),
        gpu,
      ]
    }
    let offset = Int(seed % UInt64(workerSizes.count))
    return (0..<max(count, 0)).map { index in
      let size = workerSizes[(index + offset) % workerSizes.count]
      return .sized("worker-\(index + 1)", cpu: size.cpu, memoryGiB: size.memoryGiB, labels: labels(index))
    }
  }

  /// The `index`-th control-plane node's name: `control-plane`, then `control-plane2`, …
  public static func controlPlaneName(_ index: Int) -> String {
    index == 0 ? "control-plane" : "control-plane\(index + 1)"
  }

  /// Labels and taints a node as kubeadm does a control-plane node.
  static func makeControlPlane(_ node: inout NodeConfiguration) {
    node.labels["node-role.kubernetes.io/control-plane"] = ""
    node.labels["node.kubernetes.io/exclude-from-external-load-balancers"] = ""
    if !node.taints.contains(where: { $0.key == "node-role.kubernetes.io/control-plane" }) {
      node.taints.append(Taint(key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule"))
    }
  }

  /// Creates objects in order, namespaces first.
  static func apply(_ objects: [any KubeObject], to cluster: Cluster) throws {
    let ordered = objects.filter { $0 is Namespace } + objects.filter { !($0 is Namespace) }
    for object in ordered { try create(object, in: cluster) }
  }

  private static func create<T: KubeObject>(_ object: T, in cluster: Cluster) throws {
    try cluster.api.create(object)
  }

  private static func createServices(_ cluster: Cluster) throws {
    try cluster.api.create(ServiceAllocator.kubernetesService())
  }
}
