import KubeModel

extension ObjectBuilder {
  /// `kubectl create job NAME --from=cronjob/CRONJOB`: the CronJob's job template, owned by
  /// the CronJob and annotated `cronjob.kubernetes.io/instantiate: manual`.
  public static func job(name: String, from cronJob: CronJob) -> Job {
    let template = cronJob.spec?.jobTemplate
    var job = Job()
    job.metadata = ObjectMeta(name: name, namespace: cronJob.namespace, labels: template?.metadata?.labels)
    var annotations = template?.metadata?.annotations ?? [:]
    annotations["cronjob.kubernetes.io/instantiate"] = "manual"
    job.metadata.annotations = annotations
    job.metadata.ownerReferences = [
      OwnerReference(
        apiVersion: "batch/v1", kind: "CronJob", name: cronJob.name, uid: cronJob.metadata.uid ?? "", controller: true)
    ]
    job.spec = template?.spec
    return job
  }

  /// `kubectl autoscale deployment NAME --max=N [--min=N] [--cpu-percent=P]`: an
  /// autoscaling/v2 HorizontalPodAutoscaler named after its Deployment (no metric given:
  /// the controller's default of 80 % CPU).
  public static func autoscaler(name: String, namespace: String, min: Int32?, max: Int32, cpuPercent: Int32?) -> HorizontalPodAutoscaler {
    var hpa = HorizontalPodAutoscaler()
    hpa.metadata = ObjectMeta(name: name, namespace: namespace)
    var spec = HorizontalPodAutoscalerSpec()
    spec.scaleTargetRef = CrossVersionObjectReference(kind: "Deployment", name: name, apiVersion: "apps/v1")
    spec.minReplicas = min
    spec.maxReplicas = max
    if let cpuPercent { spec.metrics = [.cpuUtilization(cpuPercent)] }
    hpa.spec = spec
    return hpa
  }
}
