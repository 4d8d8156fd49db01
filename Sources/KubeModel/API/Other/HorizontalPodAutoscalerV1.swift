/// A horizontal pod autoscaler in `autoscaling/v1`: one CPU utilization target.
///
/// Not stored: the cluster keeps autoscalers in `autoscaling/v2`, and the API converts at
/// its edge, as kube-apiserver converts between versions. Into v2, the CPU target becomes a
/// `Resource` metric (80% when none is given); out of v2, a CPU utilization metric becomes
/// the target and the current CPU utilization the status's percentage.
public struct HorizontalPodAutoscalerV1: KubeObject {
  public static let resource = ResourceType.horizontalpodautoscalersV1
  public var apiVersion: String? = "autoscaling/v1"
  public var kind: String? = "HorizontalPodAutoscaler"
  public var metadata = ObjectMeta()
  public var spec: Spec?
  public var status: Status?
  public init() {}

  public struct Spec: Codable, Hashable, Sendable {
    public var scaleTargetRef: CrossVersionObjectReference?
    public var minReplicas: Int32?
    public var maxReplicas: Int32?
    public var targetCPUUtilizationPercentage: Int32?
    public init() {}
  }

  public struct Status: Codable, Hashable, Sendable {
    public var observedGeneration: Int64?
    public var lastScaleTime: Time?
    public var currentReplicas: Int32?
    public var desiredReplicas: Int32?
    public var currentCPUUtilizationPercentage: Int32?
    public init() {}
  }

  /// The v1 form of a stored autoscaler.
  public init(_ autoscaler: HorizontalPodAutoscaler) {
    metadata = autoscaler.metadata
    if let source = autoscaler.spec {
      var spec = Spec()
      spec.scaleTargetRef = source.scaleTargetRef
      spec.minReplicas = source.minReplicas
      spec.maxReplicas = source.maxReplicas
      spec.targetCPUUtilizationPercentage = source.metrics?.first(where: \.isCPU)?.resource?.target?.averageUtilization
      self.spec = spec
    }
    if let source = autoscaler.status {
      var status = Status()
      status.observedGeneration = source.observedGeneration
      status.lastScaleTime = source.lastScaleTime
      status.currentReplicas = source.currentReplicas
      status.desiredReplicas = source.desiredReplicas
      status.currentCPUUtilizationPercentage = source.currentMetrics?.first(where: \.isCPU)?.resource?.current?.averageUtilization
      self.status = status
    }
  }

  /// The autoscaler as the cluster stores it (`autoscaling/v2`).
  public var v2: HorizontalPodAutoscaler {
    var autoscaler = HorizontalPodAutoscaler()
    autoscaler.metadata = metadata
    if let spec {
      var converted = HorizontalPodAutoscalerSpec()
      converted.scaleTargetRef = spec.scaleTargetRef
      converted.minReplicas = spec.minReplicas
      converted.maxReplicas = spec.maxReplicas
      converted.metrics = [
        .cpuUtilization(spec.targetCPUUtilizationPercentage ?? HorizontalPodAutoscaler.defaultCPUUtilization)
      ]
      autoscaler.spec = converted
    }
    if let status {
      var converted = HorizontalPodAutoscalerStatus()
      converted.observedGeneration = status.observedGeneration
      converted.lastScaleTime = status.lastScaleTime
      converted.currentReplicas = status.currentReplicas
      converted.desiredReplicas = status.desiredReplicas
      if let utilization = status.currentCPUUtilizationPercentage {
        converted.currentMetrics = [.resource("cpu", averageUtilization: utilization)]
      }
      autoscaler.status = converted
    }
    return autoscaler
  }
}
