/// Maps a served resource to its Swift type, so decoders can pick the type from `kind`.
public enum KubeObjectTypes {
  /// The Swift type of `resource`, or nil for kinds without a type.
  public static func type(for resource: ResourceType) -> (any KubeObject.Type)? {
    switch resource {
    case .namespaces: return Namespace.self
    case .nodes: return Node.self
    case .pods: return Pod.self
    case .services: return Service.self
    case .endpoints: return Endpoints.self
    case .endpointslices: return EndpointSlice.self
    case .configmaps: return ConfigMap.self
    case .secrets: return Secret.self
    case .serviceaccounts: return ServiceAccount.self
    case .events: return Event.self
    case .bindings: return Binding.self
    case .persistentvolumes: return PersistentVolume.self
    case .persistentvolumeclaims: return PersistentVolumeClaim.self
    case .deployments: return Deployment.self
    case .replicasets: return ReplicaSet.self
    case .daemonsets: return DaemonSet.self
    case .statefulsets: return StatefulSet.self
    case .jobs: return Job.self
    case .cronjobs: return CronJob.self
    case .horizontalpodautoscalers: return HorizontalPodAutoscaler.self
    case .horizontalpodautoscalersV1: return HorizontalPodAutoscalerV1.self
    case .scales: return Scale.self
    case .poddisruptionbudgets: return PodDisruptionBudget.self
    case .evictions: return Eviction.self
    case .leases: return Lease.self
    case .storageclasses: return StorageClass.self
    case .priorityclasses: return PriorityClass.self
    case .nodemetrics: return NodeMetrics.self
    case .podmetrics: return PodMetrics.self
    default: return nil
    }
  }
}
