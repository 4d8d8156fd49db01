import KubeModel

/// The kubelets carry on through a quorum loss: what runs keeps running.
extension Kubelet: NodeLocalComponent {}

/// The autoscaler reads pod usage where `kubectl top` does: the kubelets' workload model.
extension Kubelet: PodUsageSource {
  public func podUsage(namespace: String, pod: String) -> PodUsage? {
    let key = ObjectKey(namespace: namespace, name: pod)
    guard let runtime = self.runtime(at: key), nodes[runtime.node]?.powered == true else { return nil }
    let usage = containerUsage(runtime)
    guard !usage.isEmpty else { return nil }
    return PodUsage(cpuMillicores: usage.reduce(0) { $0 + $1.cpu }, memoryBytes: usage.reduce(0) { $0 + $1.memory })
  }
}

/// Service traffic raises the CPU of the pods that answer it, in the same model.
extension WorkloadModel: PodLoadSink {}

extension ClusterFactory {
  /// Connects the components that feed each other: traffic → workload model → metrics →
  /// autoscaler.
  public static func wire(_ cluster: Cluster) {
    guard let kubelet = cluster.component(Kubelet.self) else { return }
    cluster.component(HorizontalPodAutoscalerController.self)?.usageSource = kubelet
    cluster.component(ServiceTraffic.self)?.loadSink = kubelet.workload
  }
}
