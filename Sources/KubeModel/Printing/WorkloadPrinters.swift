/// Deployments as `kubectl get deployments` prints them.
public enum DeploymentPrinter: TablePrinter {
  public static let columns: [ResourceTable.ColumnDefinition] = [
    nameColumn,
    .init("Ready", description: "Number of the pod with ready state"),
    .init("Up-to-date", type: "integer", description: "Total number of non-terminating pods targeted by this deployment that have the desired template spec."),
    .init("Available", type: "integer", description: "Total number of available non-terminating pods (ready for at least minReadySeconds) targeted by this deployment."),
    ageColumn,
    .init("Containers", description: "Names of each container in the template.", priority: 1),
    .init("Images", description: "Images referenced by each container in the template.", priority: 1),
    .init("Selector", description: "Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.", priority: 1),
  ]

  public static func cells(_ deployment: Deployment, now: Time) -> [JSONValue] {
    let status = deployment.status
    let (containers, images) = containersAndImages(deployment.spec?.template?.spec)
    return [
      .string(deployment.name), .string("\(status?.readyReplicas ?? 0)/\(deployment.spec?.replicas ?? 0)"),
      .int(Int64(status?.updatedReplicas ?? 0)), .int(Int64(status?.availableReplicas ?? 0)),
      .string(HumanDuration.since(deployment.metadata.creationTimestamp, now: now)), .string(containers),
      .string(images), .string(selectorText(deployment.spec?.selector)),
    ]
  }
}

/// ReplicaSets as `kubectl get replicasets` prints them.
public enum ReplicaSetPrinter: TablePrinter {
  public static let columns: [ResourceTable.ColumnDefinition] = [
    nameColumn,
    .init("Desired", type: "integer", description: "Replicas is the number of desired pods. This is a pointer to distinguish between explicit zero and unspecified. Defaults to 1. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicaset/#how-a-replicaset-works"),
    .init("Current", type: "integer", description: "Replicas is the most recently observed number of non-terminating pods. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicaset/#how-a-replicaset-works"),
    .init("Ready", type: "integer", description: "The number of non-terminating pods targeted by this ReplicaSet with a Ready Condition."),
    ageColumn,
    .init("Containers", description: "Names of each container in the template.", priority: 1),
    .init("Images", description: "Images referenced by each container in the template.", priority: 1),
    .init("Selector", description: "Selector is a label query over pods that should match the replica count. Label keys and values that must match in order to be controlled by this replica set. It must match the pod template's labels. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors", priority: 1),
  ]

  public static func cells(_ replicaSet: ReplicaSet, now: Time) -> [JSONValue] {
    let (containers, images) = containersAndImages(replicaSet.spec?.template?.spec)
    return [
      .string(replicaSet.name), .int(Int64(replicaSet.spec?.replicas ?? 0)), .int(Int64(replicaSet.status?.replicas ?? 0)),
      .int(Int64(replicaSet.status?.readyReplicas ?? 0)),
      .string(HumanDuration.since(replicaSet.metadata.creationTimestamp, now: now)), .string(containers), .string(images),
      .string(selectorText(replicaSet.spec?.selector)),
    ]
  }
}

/// DaemonSets as `kubectl get daemonsets` prints them.
public enum DaemonSetPrinter: TablePrinter {
  public static let columns: [ResourceTable.ColumnDefinition] = [
    nameColumn,
    .init("Desired", type: "integer", description: "The total number of nodes that should be running the daemon pod (including nodes correctly running the daemon pod). More info: https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/"),
    .init("Current", type: "integer", description: "The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod. More info: https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/"),
    .init("Ready", type: "integer", description: "numberReady is the number of nodes that should be running the daemon pod and have one or more of the daemon pod running with a Ready Condition."),
    .init("Up-to-date", type: "integer", description: "The total number of nodes that are running updated daemon pod"),
    .init("Available", type: "integer", description: "The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds)"),
    .init("Node Selector", description: "NodeSelector is a selector which must be true for the pod to fit on a node. Selector which must match a node's labels for the pod to be scheduled on that node. More info: https://kubernetes.io/docs/concepts/configuration/assign-pod-node/"),
    ageColumn,
    .init("Containers", description: "Names of each container in the template.", priority: 1),
    .init("Images", description: "Images referenced by each container in the template.", priority: 1),
    .init("Selector", description: "A label query over pods that are managed by the daemon set. Must match in order to be controlled. It must match the pod template's labels. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors", priority: 1),
  ]

  public static func cells(_ daemonSet: DaemonSet, now: Time) -> [JSONValue] {
    let status = daemonSet.status
    let (containers, images) = containersAndImages(daemonSet.spec?.template?.spec)
    return [
      .string(daemonSet.name), .int(Int64(status?.desiredNumberScheduled ?? 0)),
      .int(Int64(status?.currentNumberScheduled ?? 0)), .int(Int64(status?.numberReady ?? 0)),
      .int(Int64(status?.updatedNumberScheduled ?? 0)), .int(Int64(status?.numberAvailable ?? 0)),
      .string(labelsText(daemonSet.spec?.template?.spec?.nodeSelector)),
      .string(HumanDuration.since(daemonSet.metadata.creationTimestamp, now: now)), .string(containers),
      .string(images), .string(selectorText(daemonSet.spec?.selector)),
    ]
  }
}

/// StatefulSets as `kubectl get statefulsets` prints them.
public enum StatefulSetPrinter: TablePrinter {
  public static let columns: [ResourceTable.ColumnDefinition] = [
    nameColumn,
    .init("Ready", description: "Number of the pod with ready state"),
    ageColumn,
    .init("Containers", description: "Names of each container in the template.", priority: 1),
    .init("Images", description: "Images referenced by each container in the template.", priority: 1),
  ]

  public static func cells(_ statefulSet: StatefulSet, now: Time) -> [JSONValue] {
    let (containers, images) = containersAndImages(statefulSet.spec?.template?.spec)
    return [
      .string(statefulSet.name), .string("\(statefulSet.status?.readyReplicas ?? 0)/\(statefulSet.spec?.replicas ?? 0)"),
      .string(HumanDuration.since(statefulSet.metadata.creationTimestamp, now: now)), .string(containers), .string(images),
    ]
  }
}

/// Jobs as `kubectl get jobs` prints them.
public enum JobPrinter: TablePrinter {
  public static let columns: [ResourceTable.ColumnDefinition] = [
    nameColumn,
    .init("Status", description: "Status of the job."),
    .init("Completions", description: "The desired number of successfully finished pods the job should be run with."),
    .init("Duration", description: "Time required to complete the job."),
    ageColumn,
    .init("Containers", description: "Names of each container in the template.", priority: 1),
    .init("Images", description: "Images referenced by each container in the template.", priority: 1),
    .init("Selector", description: "A label query over pods that should match the pod count. Normally, the system sets this field for you. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors", priority: 1),
  ]

  public static func cells(_ job: Job, now: Time) -> [JSONValue] {
    let status = job.status
    let completions: String
    if let wanted = job.spec?.completions {
      completions = "\(status?.succeeded ?? 0)/\(wanted)"
    } else {
      let parallelism = job.spec?.parallelism ?? 0
      completions = parallelism > 1 ? "\(status?.succeeded ?? 0)/1 of \(parallelism)" : "\(status?.succeeded ?? 0)/1"
    }
    var duration = ""
    if let start = status?.startTime {
      let end = status?.completionTime ?? now
      duration = HumanDuration.format(seconds: Double(end.seconds - start.seconds))
    }
    let (containers, images) = containersAndImages(job.spec?.template?.spec)
    return [
      .string(job.name), .string(jobStatus(job)), .string(completions), .string(duration),
      .string(HumanDuration.since(job.metadata.creationTimestamp, now: now)), .string(containers), .string(images),
      .string(selectorText(job.spec?.selector)),
    ]
  }

  /// `Complete`, `Failed`, `Suspended`, `FailureTarget`, `SuccessCriteriaMet`, `Terminating` or `Running`.
  static func jobStatus(_ job: Job) -> String {
    let conditions = (job.status?.conditions ?? []).filter { $0.status == "True" }
    for type in ["Failed", "Complete", "Suspended", "FailureTarget", "SuccessCriteriaMet"]
    where conditions.contains(where: { $0.type == type }) {
      return type
    }
    if job.metadata.deletionTimestamp != nil { return "Terminating" }
    return "Running"
  }
}

/// CronJobs as `kubectl get cronjobs` prints them.
public enum CronJobPrinter: TablePrinter {
  public static let columns: [ResourceTable.ColumnDefinition] = [
    nameColumn,
    .init("Schedule", description: "The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron."),
    .init("Timezone", description: "The time zone name for the given schedule, see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones. If not specified, this will default to the time zone of the kube-controller-manager process. The set of valid time zone names and the time zone offset is loaded from the system-wide time zone database by the API server during CronJob validation and the controller manager during execution. If no system-wide time zone database can be found a bundled version of the database is used instead. If the time zone name becomes invalid during the lifetime of a CronJob or due to a change in host configuration, the controller will stop creating new new Jobs and will create a system event with the reason UnknownTimeZone. More information can be found in https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#time-zones"),
    .init("Suspend", type: "boolean", description: "This flag tells the controller to suspend subsequent executions, it does not apply to already started executions.  Defaults to false."),
    .init("Active", type: "integer", description: "A list of pointers to currently running jobs."),
    .init("Last Schedule", description: "Information when was the last time the job was successfully scheduled."),
    ageColumn,
    .init("Containers", description: "Names of each container in the template.", priority: 1),
    .init("Images", description: "Images referenced by each container in the template.", priority: 1),
    .init("Selector", description: "A label query over pods that should match the pod count. Normally, the system sets this field for you. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors", priority: 1),
  ]

  public static func cells(_ cronJob: CronJob, now: Time) -> [JSONValue] {
    let lastSchedule = cronJob.status?.lastScheduleTime.map { HumanDuration.since($0, now: now) } ?? "<none>"
    let (containers, images) = containersAndImages(cronJob.spec?.jobTemplate?.spec?.template?.spec)
    return [
      .string(cronJob.name), .string(cronJob.spec?.schedule ?? ""), .string(orNone(cronJob.spec?.timeZone)),
      .bool(cronJob.spec?.suspend ?? false), .int(Int64(cronJob.status?.active?.count ?? 0)), .string(lastSchedule),
      .string(HumanDuration.since(cronJob.metadata.creationTimestamp, now: now)), .string(containers), .string(images),
      .string(selectorText(cronJob.spec?.jobTemplate?.spec?.selector)),
    ]
  }
}
