extension MetricSpec {
  /// A Resource metric on CPU with a Utilization target (`--cpu-percent=P`).
  public static func cpuUtilization(_ percent: Int32) -> MetricSpec {
    var metric = MetricSpec()
    metric.type = "Resource"
    metric.resource = ResourceMetricSource()
    metric.resource?.name = "cpu"
    metric.resource?.target = MetricTarget()
    metric.resource?.target?.type = "Utilization"
    metric.resource?.target?.averageUtilization = percent
    return metric
  }
}
