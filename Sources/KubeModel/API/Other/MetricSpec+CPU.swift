extension HorizontalPodAutoscaler {
  /// The CPU target an autoscaler without metrics gets.
  public static let defaultCPUUtilization: Int32 = 80
}

extension MetricSpec {
  /// Whether this is a Resource metric on CPU (the one `autoscaling/v1` can say).
  public var isCPU: Bool { type == "Resource" && resource?.name == "cpu" }

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

extension MetricStatus {
  /// Whether this is the current value of a Resource metric on CPU.
  public var isCPU: Bool { type == "Resource" && resource?.name == "cpu" }
}
