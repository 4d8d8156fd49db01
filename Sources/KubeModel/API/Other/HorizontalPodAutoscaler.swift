/// A horizontal pod autoscaler (`autoscaling/v2`): scales a workload to hold a metric at a target.
public struct HorizontalPodAutoscaler: KubeObject {
  public static let resource = ResourceType.horizontalpodautoscalers
  public var apiVersion: String? = "autoscaling/v2"
  public var kind: String? = "HorizontalPodAutoscaler"
  public var metadata = ObjectMeta()
  public var spec: HorizontalPodAutoscalerSpec?
  public var status: HorizontalPodAutoscalerStatus?
  public init() {}
}

/// What to scale, within which bounds, on which metrics.
public struct HorizontalPodAutoscalerSpec: Codable, Hashable, Sendable {
  public var scaleTargetRef: CrossVersionObjectReference?
  public var minReplicas: Int32?
  public var maxReplicas: Int32?
  public var metrics: [MetricSpec]?
  public var behavior: HorizontalPodAutoscalerBehavior?
  public init() {}
}

/// The workload an autoscaler scales.
public struct CrossVersionObjectReference: Codable, Hashable, Sendable {
  public var kind: String?
  public var name: String?
  public var apiVersion: String?
  public init(kind: String? = nil, name: String? = nil, apiVersion: String? = nil) {
    self.kind = kind
    self.name = name
    self.apiVersion = apiVersion
  }
}

/// One metric to scale on: `Resource`, `ContainerResource`, `Pods`, `Object` or `External`.
public struct MetricSpec: Codable, Hashable, Sendable {
  public var type: String?
  public var resource: ResourceMetricSource?
  public var containerResource: JSONValue?
  public var pods: JSONValue?
  public var object: JSONValue?
  public var external: JSONValue?
  public init() {}
}

/// A resource (`cpu`, `memory`) and its target.
public struct ResourceMetricSource: Codable, Hashable, Sendable {
  public var name: String?
  public var target: MetricTarget?
  public init() {}
}

/// `Utilization` (percent of requests), `AverageValue` or `Value`.
public struct MetricTarget: Codable, Hashable, Sendable {
  public var type: String?
  public var value: Quantity?
  public var averageValue: Quantity?
  public var averageUtilization: Int32?
  public init() {}
}

/// Scale-up and scale-down rules.
public struct HorizontalPodAutoscalerBehavior: Codable, Hashable, Sendable {
  public var scaleUp: HPAScalingRules?
  public var scaleDown: HPAScalingRules?
  public init() {}
}

/// A stabilisation window and rate policies.
public struct HPAScalingRules: Codable, Hashable, Sendable {
  public var stabilizationWindowSeconds: Int32?
  /// `Max` (default), `Min` or `Disabled`.
  public var selectPolicy: String?
  public var policies: [HPAScalingPolicy]?
  public var tolerance: Quantity?
  public init() {}
}

/// At most `value` pods or percent per `periodSeconds`.
public struct HPAScalingPolicy: Codable, Hashable, Sendable {
  /// `Pods` or `Percent`.
  public var type: String?
  public var value: Int32?
  public var periodSeconds: Int32?
  public init() {}
}

/// What is observed about an autoscaler.
public struct HorizontalPodAutoscalerStatus: Codable, Hashable, Sendable {
  public var observedGeneration: Int64?
  public var lastScaleTime: Time?
  public var currentReplicas: Int32?
  public var desiredReplicas: Int32?
  public var currentMetrics: [MetricStatus]?
  public var conditions: [HorizontalPodAutoscalerCondition]?
  public init() {}
}

/// The current value of one metric.
public struct MetricStatus: Codable, Hashable, Sendable {
  public var type: String?
  public var resource: ResourceMetricStatus?
  public var containerResource: JSONValue?
  public var pods: JSONValue?
  public var object: JSONValue?
  public var external: JSONValue?
  public init() {}
}

/// The current value of a resource metric.
public struct ResourceMetricStatus: Codable, Hashable, Sendable {
  public var name: String?
  public var current: MetricValueStatus?
  public init() {}
}

/// A current metric value.
public struct MetricValueStatus: Codable, Hashable, Sendable {
  public var value: Quantity?
  public var averageValue: Quantity?
  public var averageUtilization: Int32?
  public init() {}
}

/// A condition of an autoscaler: `AbleToScale`, `ScalingActive`, `ScalingLimited`.
public struct HorizontalPodAutoscalerCondition: Codable, Hashable, Sendable {
  public var type: String?
  public var status: String?
  public var lastTransitionTime: Time?
  public var reason: String?
  public var message: String?
  public init() {}
}
