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

  /// The current value of a Resource metric: its average, its utilization, or both.
  public static func resource(_ name: String, averageValue: Quantity? = nil, averageUtilization: Int32? = nil) -> MetricStatus {
    var value = MetricValueStatus()
    value.averageValue = averageValue
    value.averageUtilization = averageUtilization
    var resource = ResourceMetricStatus()
    resource.name = name
    resource.current = value
    var status = MetricStatus()
    status.type = "Resource"
    status.resource = resource
    return status
  }
}
