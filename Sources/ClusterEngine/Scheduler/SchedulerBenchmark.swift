import KubeModel

/// Scheduling throughput of the scheduler's cache and plugins alone (no API server, no
/// kubelets), as `kubedeck bench` reports it. It is the one place in the engine that reads a
/// real clock: the measurement is not engine state.
public enum SchedulerBenchmark {
  /// What one run measured.
  public struct Result: Sendable, Hashable {
    public var nodes: Int
    public var pods: Int
    /// Basic pods (100m cpu, 500Mi memory, no constraints) scheduled per wall-clock second.
    public var podsPerSecond: Double
    public var antiAffinityPods: Int
    /// Pods with required anti-affinity on `kubernetes.io/hostname` (groups sharing a label) per second.
    public var antiAffinityPodsPerSecond: Double
  }

  /// Builds `nodes` nodes (4 cpu, 32Gi, 110 pods, 3 zones), schedules `pods` basic pods,
  /// then, on a fresh cache, `antiAffinityPods` pods whose required anti-affinity keeps each
  /// group of `groupSize` pods one per node.
  public static func run(nodes: Int = 5_000, pods: Int = 10_000, antiAffinityPods: Int = 5_000, groupSize: Int = 10) -> Result {
    let basic = (0..<pods).map { basicPod(index: $0) }
    let spread = (0..<antiAffinityPods).map { antiAffinityPod(index: $0, group: $0 / max(groupSize, 1)) }
    let basicRate = measure(nodes: nodes, pods: basic)
    let antiRate = measure(nodes: nodes, pods: spread)
    return Result(
      nodes: nodes, pods: pods, podsPerSecond: basicRate, antiAffinityPods: antiAffinityPods, antiAffinityPodsPerSecond: antiRate)
  }

  private static func measure(nodes: Int, pods: [Pod]) -> Double {
    guard !pods.isEmpty else { return 0 }
    let cache = SchedulerCache()
    for index in 0..<nodes { cache.setNode(node(index: index)) }
    let algorithm = SchedulingAlgorithm(cache: cache, seed: 42)
    let clock = ContinuousClock()
    let start = clock.now
    for pod in pods {
      let info = PodInfo(pod)
      cache.retain(info.counterKeys)
      let outcome = algorithm.schedule(info, detailed: false)
      if let slot = outcome.selected { cache.addPod(info.key, CachedPod(info, slot: slot, assumed: true)) }
      cache.release(info.counterKeys)
    }
    let elapsed = clock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    return Double(pods.count) / max(seconds, 1e-9)
  }

  static func node(index: Int) -> Node {
    let name = "node-\(index)"
    var node = Node(
      metadata: ObjectMeta(
        name: name,
        labels: [
          "kubernetes.io/hostname": name, "topology.kubernetes.io/zone": "zone-\(index % 3)",
          "kubernetes.io/os": "linux",
        ]))
    var status = NodeStatus()
    let resources: [String: Quantity] = [
      "cpu": Quantity(4), "memory": Quantity(32 * 1024 * 1024 * 1024, format: .binarySI), "pods": Quantity(110),
    ]
    status.capacity = resources
    status.allocatable = resources
    node.status = status
    node.spec = NodeSpec()
    return node
  }

  private static func basicPod(index: Int) -> Pod {
    var pod = Pod()
    pod.metadata = ObjectMeta(name: "pod-\(index)", namespace: "default")
    let resources = ResourceRequirements(requests: ["cpu": .milli(100), "memory": Quantity(500 * 1024 * 1024, format: .binarySI)])
    pod.spec = PodSpec(containers: [Container(name: "pause", image: "registry.k8s.io/pause:3.10", resources: resources)])
    return pod
  }

  private static func antiAffinityPod(index: Int, group: Int) -> Pod {
    var pod = basicPod(index: index)
    pod.metadata.labels = ["color": "group-\(group)"]
    var term = PodAffinityTerm()
    term.labelSelector = LabelSelector(matchLabels: ["color": "group-\(group)"])
    term.topologyKey = "kubernetes.io/hostname"
    var anti = PodAffinity()
    anti.requiredDuringSchedulingIgnoredDuringExecution = [term]
    var affinity = Affinity()
    affinity.podAntiAffinity = anti
    pod.spec?.affinity = affinity
    return pod
  }
}
