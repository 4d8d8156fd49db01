import KubeModel

/// Makes the list view for a resource, optionally scoped by a drill-down.
public enum BrowserFactory {
  /// The resources that have a view, in the order `:` completion offers them.
  public static let supported: [ResourceType] = [
    .pods, .nodes, .deployments, .replicasets, .daemonsets, .statefulsets, .services, .endpoints, .events, .namespaces, .jobs,
    .cronjobs, .horizontalpodautoscalers, .poddisruptionbudgets, .configmaps, .secrets, .persistentvolumeclaims, .persistentvolumes,
    .storageclasses, .priorityclasses,
  ]

  /// A list of `resource` in `namespace` (nil: all).
  public static func make(_ resource: ResourceType, namespace: String?) -> (any Browser)? {
    switch resource {
    case .pods: return ResourceList<PodRenderer>(namespace: namespace)
    case .nodes: return ResourceList<NodeRenderer>()
    case .deployments: return ResourceList<DeploymentRenderer>(namespace: namespace)
    case .replicasets: return ResourceList<ReplicaSetRenderer>(namespace: namespace)
    case .daemonsets: return ResourceList<DaemonSetRenderer>(namespace: namespace)
    case .statefulsets: return ResourceList<StatefulSetRenderer>(namespace: namespace)
    case .services: return ResourceList<ServiceRenderer>(namespace: namespace)
    case .endpoints: return ResourceList<EndpointsRenderer>(namespace: namespace)
    case .events: return ResourceList<EventRenderer>(namespace: namespace)
    case .namespaces: return ResourceList<NamespaceRenderer>()
    case .jobs: return ResourceList<JobRenderer>(namespace: namespace)
    case .cronjobs: return ResourceList<CronJobRenderer>(namespace: namespace)
    case .horizontalpodautoscalers: return ResourceList<AutoscalerRenderer>(namespace: namespace)
    case .poddisruptionbudgets: return ResourceList<DisruptionBudgetRenderer>(namespace: namespace)
    case .configmaps: return ResourceList<ConfigMapRenderer>(namespace: namespace)
    case .secrets: return ResourceList<SecretRenderer>(namespace: namespace)
    case .persistentvolumeclaims: return ResourceList<ClaimRenderer>(namespace: namespace)
    case .persistentvolumes: return ResourceList<VolumeRenderer>()
    case .storageclasses: return ResourceList<StorageClassRenderer>()
    case .priorityclasses: return ResourceList<PriorityClassRenderer>()
    default: return nil
    }
  }

  /// The pods a drill-down on `object` shows (node, workload, service, job, disruption
  /// budget), or nil.
  public static func podsOf(_ object: any KubeObject) -> (any Browser)? {
    switch object {
    case let node as Node:
      let name = node.name
      return ResourceList<PodRenderer>(scopeTitle: "node/\(name)") { $0.spec?.nodeName == name }
    case let deployment as Deployment:
      return selected(deployment.spec?.selector, namespace: deployment.namespace, title: "deploy/\(deployment.name)")
    case let set as ReplicaSet:
      return owned(uid: set.metadata.uid, namespace: set.namespace, title: "rs/\(set.name)")
    case let set as DaemonSet:
      return owned(uid: set.metadata.uid, namespace: set.namespace, title: "ds/\(set.name)")
    case let set as StatefulSet:
      return owned(uid: set.metadata.uid, namespace: set.namespace, title: "sts/\(set.name)")
    case let job as Job:
      return owned(uid: job.metadata.uid, namespace: job.namespace, title: "job/\(job.name)")
    case let service as Service:
      let selector = Selector(matchingLabels: service.spec?.selector ?? [:])
      guard !(service.spec?.selector ?? [:]).isEmpty else { return nil }
      let namespace = service.namespace
      return ResourceList<PodRenderer>(scopeTitle: "svc/\(service.name)") {
        $0.namespace == namespace && selector.matches($0.labels)
      }
    case let budget as PodDisruptionBudget:
      return selected(budget.spec?.selector, namespace: budget.namespace, title: "pdb/\(budget.name)")
    default: return nil
    }
  }

  private static func selected(_ labelSelector: LabelSelector?, namespace: String, title: String) -> (any Browser)? {
    guard let labelSelector, let selector = try? Selector(labelSelector) else { return nil }
    return ResourceList<PodRenderer>(scopeTitle: title) { $0.namespace == namespace && selector.matches($0.labels) }
  }

  private static func owned(uid: String?, namespace: String, title: String) -> (any Browser)? {
    guard let uid else { return nil }
    return ResourceList<PodRenderer>(scopeTitle: title) { $0.namespace == namespace && $0.metadata.controllerRef?.uid == uid }
  }
}
