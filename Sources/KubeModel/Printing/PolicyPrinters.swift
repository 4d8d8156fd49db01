/// HorizontalPodAutoscalers as `kubectl get hpa` prints them.
public enum HorizontalPodAutoscalerPrinter: TablePrinter {
  public static let columns: [ResourceTable.ColumnDefinition] = [
    nameColumn, .init("Reference"), .init("Targets"), .init("MinPods", type: "integer"), .init("MaxPods", type: "integer"),
    .init("Replicas", type: "integer"), ageColumn,
  ]

  public static func cells(_ hpa: HorizontalPodAutoscaler, now: Time) -> [JSONValue] {
    let target = hpa.spec?.scaleTargetRef
    let reference = "\(target?.kind ?? "")/\(target?.name ?? "")"
    let current = hpa.status?.currentMetrics ?? []
    let targets = (hpa.spec?.metrics ?? []).enumerated().map { index, metric -> String in
      guard metric.type == "Resource", let resource = metric.resource else { return "<unknown>" }
      let name = resource.name ?? ""
      let observed = current.indices.contains(index) ? current[index].resource?.current : nil
      if let utilization = resource.target?.averageUtilization {
        let value = observed?.averageUtilization.map { "\($0)%" } ?? "<unknown>"
        return "\(name): \(value)/\(utilization)%"
      }
      let wanted = resource.target?.averageValue?.description ?? resource.target?.value?.description ?? ""
      let value = observed?.averageValue?.description ?? "<unknown>"
      return "\(name): \(value)/\(wanted)"
    }
    return [
      .string(hpa.name), .string(reference), .string(targets.isEmpty ? "<none>" : targets.joined(separator: ", ")),
      .int(Int64(hpa.spec?.minReplicas ?? 1)), .int(Int64(hpa.spec?.maxReplicas ?? 0)),
      .int(Int64(hpa.status?.currentReplicas ?? 0)), .string(HumanDuration.since(hpa.metadata.creationTimestamp, now: now)),
    ]
  }
}

/// PodDisruptionBudgets as `kubectl get pdb` prints them.
public enum PodDisruptionBudgetPrinter: TablePrinter {
  public static let columns: [ResourceTable.ColumnDefinition] = [
    nameColumn, .init("Min Available"), .init("Max Unavailable"), .init("Allowed Disruptions", type: "integer"), ageColumn,
  ]

  public static func cells(_ budget: PodDisruptionBudget, now: Time) -> [JSONValue] {
    [
      .string(budget.name), .string(budget.spec?.minAvailable?.description ?? "N/A"),
      .string(budget.spec?.maxUnavailable?.description ?? "N/A"), .int(Int64(budget.status?.disruptionsAllowed ?? 0)),
      .string(HumanDuration.since(budget.metadata.creationTimestamp, now: now)),
    ]
  }
}

/// PriorityClasses as `kubectl get priorityclasses` prints them.
public enum PriorityClassPrinter: TablePrinter {
  public static let columns: [ResourceTable.ColumnDefinition] = [
    nameColumn, .init("Value", type: "integer"), .init("Global-Default", type: "boolean"), ageColumn,
    .init("PreemptionPolicy"),
  ]

  public static func cells(_ priorityClass: PriorityClass, now: Time) -> [JSONValue] {
    [
      .string(priorityClass.name), .int(Int64(priorityClass.value)), .bool(priorityClass.globalDefault ?? false),
      .string(HumanDuration.since(priorityClass.metadata.creationTimestamp, now: now)),
      .string(priorityClass.preemptionPolicy ?? ""),
    ]
  }
}

/// Leases as `kubectl get leases` prints them.
public enum LeasePrinter: TablePrinter {
  public static let columns: [ResourceTable.ColumnDefinition] = [nameColumn, .init("Holder"), ageColumn]

  public static func cells(_ lease: Lease, now: Time) -> [JSONValue] {
    [.string(lease.name), .string(lease.spec?.holderIdentity ?? ""), .string(HumanDuration.since(lease.metadata.creationTimestamp, now: now))]
  }
}

/// Picks the printer of a resource.
public enum ResourcePrinters {
  /// The table of `objects` of `resource`, or nil when the kind has no printer (callers
  /// then print NAME and AGE, as the API server's default table does).
  public static func table(for resource: ResourceType, objects: [any KubeObject], now: Time) -> ResourceTable? {
    func make<P: TablePrinter>(_ printer: P.Type) -> ResourceTable {
      P.table(objects.compactMap { $0 as? P.Object }, now: now)
    }
    switch resource {
    case .pods: return make(PodPrinter.self)
    case .nodes: return make(NodePrinter.self)
    case .services: return make(ServicePrinter.self)
    case .endpoints: return make(EndpointsPrinter.self)
    case .endpointslices: return make(EndpointSlicePrinter.self)
    case .events: return make(EventPrinter.self)
    case .namespaces: return make(NamespacePrinter.self)
    case .configmaps: return make(ConfigMapPrinter.self)
    case .secrets: return make(SecretPrinter.self)
    case .serviceaccounts: return make(ServiceAccountPrinter.self)
    case .deployments: return make(DeploymentPrinter.self)
    case .replicasets: return make(ReplicaSetPrinter.self)
    case .daemonsets: return make(DaemonSetPrinter.self)
    case .statefulsets: return make(StatefulSetPrinter.self)
    case .jobs: return make(JobPrinter.self)
    case .cronjobs: return make(CronJobPrinter.self)
    case .persistentvolumeclaims: return make(PersistentVolumeClaimPrinter.self)
    case .persistentvolumes: return make(PersistentVolumePrinter.self)
    case .storageclasses: return make(StorageClassPrinter.self)
    case .horizontalpodautoscalers: return make(HorizontalPodAutoscalerPrinter.self)
    case .poddisruptionbudgets: return make(PodDisruptionBudgetPrinter.self)
    case .leases: return make(LeasePrinter.self)
    case .priorityclasses: return make(PriorityClassPrinter.self)
    default: return nil
    }
  }

  /// The default table for kinds without a printer: NAME and AGE.
  public static func defaultTable(objects: [any KubeObject], now: Time) -> ResourceTable {
    ResourceTable(
      columns: [nameColumn, ageColumn],
      rows: objects.map {
        ResourceTable.Row(cells: [.string($0.name), .string(HumanDuration.since($0.metadata.creationTimestamp, now: now))])
      })
  }
}
