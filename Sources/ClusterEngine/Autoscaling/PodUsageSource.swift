import KubeModel

/// What a pod uses now, as metrics-server reports it (summed over its containers).
public struct PodUsage: Hashable, Sendable {
  public var cpuMillicores: Double
  public var memoryBytes: Double

  public init(cpuMillicores: Double, memoryBytes: Double) {
    self.cpuMillicores = cpuMillicores
    self.memoryBytes = memoryBytes
  }
}

/// Where the autoscaler reads pod usage from (the resource metrics API). The kubelets'
/// workload model conforms; nil means the pod has no metrics (not running, node down).
public protocol PodUsageSource: AnyObject {
  /// The pod's usage now, or nil when metrics-server has none for it.
  func podUsage(namespace: String, pod: String) -> PodUsage?
}

/// The usage model used when no workload model is wired in: a running pod idles at 1–3
/// millicores and 8 MiB per container (seeded per pod), plus whatever `ServiceTraffic`
/// sends it, capped at its CPU limits. Simulated.
public final class SimulatedPodUsage: PodUsageSource {
  private unowned let cluster: Cluster

  public init(cluster: Cluster) {
    self.cluster = cluster
  }

  public func podUsage(namespace: String, pod name: String) -> PodUsage? {
    guard let pod = cluster.store.get(Pod.self, namespace: namespace, name: name), pod.status?.phase == "Running",
      !(pod.status?.podIP ?? "").isEmpty
    else { return nil }
    let containers = pod.spec?.containers ?? []
    let identity = SeededRandom.stableHash(pod.metadata.uid ?? "\(namespace)/\(name)")
    let idle = Double(containers.count) * (1 + 2 * SeededRandom.unit(hashing: cluster.configuration.seed, identity))
    let load = cluster.component(ServiceTraffic.self)?.load(namespace: namespace, pod: name) ?? 0
    var cpu = idle + load
    let limits = containers.compactMap { $0.resources?.limits?["cpu"]?.milliValue }
    if limits.count == containers.count, !limits.isEmpty { cpu = min(cpu, Double(limits.reduce(0, +))) }
    let memory = Double(containers.count) * 8 * 1_048_576 + load * 65_536
    return PodUsage(cpuMillicores: cpu, memoryBytes: memory)
  }
}
