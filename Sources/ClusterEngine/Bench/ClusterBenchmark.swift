import Foundation
import KubeModel

/// Measures the engine at scale: a cluster built through Deployments from empty to every
/// pod Running, then the cost of one simulated second in steady state. Reads the real
/// clock (the one place that does) only to time the engine; the engine itself stays
/// virtual-time only.
public enum ClusterBenchmark {
  /// What one run measured.
  public struct Result: Sendable, Hashable {
    public var nodes: Int
    public var pods: Int
    public var runningPods: Int
    /// Wall seconds from an empty cluster to every pod Running.
    public var emptyToRunningSeconds: Double
    /// Virtual seconds that took.
    public var virtualSeconds: Double
    /// Wall milliseconds of CPU one simulated second costs once the cluster is steady.
    public var simSecondMilliseconds: Double
  }

  /// Builds `nodes` workers, creates Deployments totalling `pods` replicas, steps virtual
  /// time until they all run (or `virtualLimit` passes), then times steady-state seconds.
  public static func run(nodes: Int, pods: Int, replicasPerDeployment: Int = 100, virtualLimit: Double = 900) throws -> (Result, Cluster) {
    let configuration = ClusterConfiguration(seed: 7, eventLimit: 5_000)
    let clock = ContinuousClock()
    let start = clock.now
    let cluster = try DemoCluster.make(
      configuration: configuration, nodes: nodes, components: ClusterFactory.standardComponents())
    ClusterFactory.wire(cluster)
    cluster.component(Scheduler.self)?.explanationLimit = 0
    var remaining = pods
    var index = 0
    while remaining > 0 {
      let replicas = min(replicasPerDeployment, remaining)
      try cluster.api.create(deployment(name: "bench-\(index)", replicas: replicas))
      remaining -= replicas
      index += 1
    }
    var virtual = 0.0
    var running = 0
    while virtual < virtualLimit {
      cluster.advance(by: 1)
      virtual += 1
      // Counting Running pods walks every pod: do it only once the ReplicaSets report
      // enough ready replicas (a ready pod is a running one), not every simulated second.
      guard readyReplicas(cluster, prefix: "bench-") >= pods else { continue }
      running = runningPods(cluster, prefix: "bench-")
      if running >= pods { break }
    }
    if running < pods { running = runningPods(cluster, prefix: "bench-") }
    let elapsed = clock.now - start
    // Steady state: let pending work settle, then time ten simulated seconds.
    cluster.advance(by: 5)
    let steadyStart = clock.now
    for _ in 0..<10 { cluster.advance(by: 1) }
    let steady = clock.now - steadyStart
    let result = Result(
      nodes: nodes, pods: pods, runningPods: running, emptyToRunningSeconds: seconds(elapsed), virtualSeconds: virtual,
      simSecondMilliseconds: seconds(steady) * 1000 / 10)
    return (result, cluster)
  }

  /// Ready replicas the bench's ReplicaSets report: a cheap lower bound of Running pods.
  static func readyReplicas(_ cluster: Cluster, prefix: String) -> Int {
    var count = 0
    for set in cluster.store.all(ReplicaSet.self) where set.name.hasPrefix(prefix) {
      count += Int(set.status?.readyReplicas ?? 0)
    }
    return count
  }

  static func runningPods(_ cluster: Cluster, prefix: String) -> Int {
    var count = 0
    for pod in cluster.store.all(Pod.self) where pod.status?.phase == "Running" && pod.name.hasPrefix(prefix) {
      count += 1
    }
    return count
  }

  static func deployment(name: String, replicas: Int) -> Deployment {
    var deployment = Deployment()
    deployment.metadata = ObjectMeta(name: name, namespace: "default")
    var spec = DeploymentSpec()
    spec.replicas = Int32(replicas)
    spec.selector = LabelSelector(matchLabels: ["app": name])
    var container = Container(name: "nginx", image: "nginx:1.14")
    container.resources = ResourceRequirements(
      requests: ["cpu": Quantity.milli(10), "memory": Quantity(16 << 20, format: .binarySI)])
    spec.template = PodTemplateSpec(metadata: ObjectMeta(labels: ["app": name]), spec: PodSpec(containers: [container]))
    deployment.spec = spec
    return deployment
  }

  static func seconds(_ duration: Duration) -> Double {
    let parts = duration.components
    return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
  }

  /// The process's peak resident memory in MiB.
  public static func peakResidentMiB() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
  }
}
