/// Resource usage of a node as metrics-server reports it (`metrics.k8s.io/v1beta1`).
public struct NodeMetrics: KubeObject {
  public static let resource = ResourceType.nodemetrics
  public var apiVersion: String? = "metrics.k8s.io/v1beta1"
  public var kind: String? = "NodeMetrics"
  public var metadata = ObjectMeta()
  public var timestamp: Time?
  /// The sampling window, e.g. `10s`.
  public var window: String?
  public var usage: [String: Quantity]?
  public init() {}
}

/// Resource usage of a pod's containers as metrics-server reports it.
public struct PodMetrics: KubeObject {
  public static let resource = ResourceType.podmetrics
  public var apiVersion: String? = "metrics.k8s.io/v1beta1"
  public var kind: String? = "PodMetrics"
  public var metadata = ObjectMeta()
  public var timestamp: Time?
  public var window: String?
  public var containers: [ContainerMetrics]?
  public init() {}
}

/// Usage of one container.
public struct ContainerMetrics: Codable, Hashable, Sendable {
  public var name: String?
  public var usage: [String: Quantity]?
  public init(name: String? = nil, usage: [String: Quantity]? = nil) {
    self.name = name
    self.usage = usage
  }
}
