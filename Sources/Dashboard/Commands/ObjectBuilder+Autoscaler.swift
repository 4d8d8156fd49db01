import KubeModel

extension ObjectBuilder {
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
    if let cpuPercent {
      var metric = MetricSpec()
      metric.type = "Resource"
      metric.resource = ResourceMetricSource()
      metric.resource?.name = "cpu"
      metric.resource?.target = MetricTarget()
      metric.resource?.target?.type = "Utilization"
      metric.resource?.target?.averageUtilization = cpuPercent
      spec.metrics = [metric]
    }
    hpa.spec = spec
    return hpa
  }
}
