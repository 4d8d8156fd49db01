/// A service (`core/v1 Service`): a stable address in front of the pods its selector matches.
public struct Service: KubeObject {
  public static let resource = ResourceType.services
  public var apiVersion: String? = "v1"
  public var kind: String? = "Service"
  public var metadata = ObjectMeta()
  public var spec: ServiceSpec?
  public var status: ServiceStatus?
  public init() {}
}

/// How a service is exposed.
public struct ServiceSpec: Codable, Hashable, Sendable {
  public var ports: [ServicePort]?
  public var selector: [String: String]?
  public var clusterIP: String?
  public var clusterIPs: [String]?
  /// `ClusterIP` (default), `NodePort`, `LoadBalancer` or `ExternalName`.
  public var type: String?
  public var externalIPs: [String]?
  public var sessionAffinity: String?
  public var loadBalancerIP: String?
  public var loadBalancerSourceRanges: [String]?
  public var externalName: String?
  public var externalTrafficPolicy: String?
  public var healthCheckNodePort: Int32?
  public var publishNotReadyAddresses: Bool?
  public var sessionAffinityConfig: JSONValue?
  public var ipFamilies: [String]?
  public var ipFamilyPolicy: String?
  public var allocateLoadBalancerNodePorts: Bool?
  public var loadBalancerClass: String?
  public var internalTrafficPolicy: String?
  public var trafficDistribution: String?
  public init() {}
}

/// A port of a service and the pods' port it forwards to.
public struct ServicePort: Codable, Hashable, Sendable {
  public var name: String?
  public var `protocol`: String?
  public var appProtocol: String?
  public var port: Int32?
  public var targetPort: IntOrString?
  public var nodePort: Int32?

  public init() {}

  public init(port: Int32, targetPort: IntOrString? = nil, protocol: String? = "TCP", name: String? = nil) {
    self.port = port
    self.targetPort = targetPort
    self.protocol = `protocol`
    self.name = name
  }
}

/// What is observed about a service (load balancer ingress).
public struct ServiceStatus: Codable, Hashable, Sendable {
  public var loadBalancer: LoadBalancerStatus?
  public var conditions: [Condition]?
  public init() {}
}

/// Ingress points of a load balancer.
public struct LoadBalancerStatus: Codable, Hashable, Sendable {
  public var ingress: [JSONValue]?
  public init() {}
}

/// The addresses behind a service (`core/v1 Endpoints`).
public struct Endpoints: KubeObject {
  public static let resource = ResourceType.endpoints
  public var apiVersion: String? = "v1"
  public var kind: String? = "Endpoints"
  public var metadata = ObjectMeta()
  public var subsets: [EndpointSubset]?
  public init() {}
}

/// Addresses sharing a set of ports.
public struct EndpointSubset: Codable, Hashable, Sendable {
  public var addresses: [EndpointAddress]?
  public var notReadyAddresses: [EndpointAddress]?
  public var ports: [EndpointPort]?
  public init() {}
}

/// One endpoint address and the pod behind it.
public struct EndpointAddress: Codable, Hashable, Sendable {
  public var ip: String?
  public var hostname: String?
  public var nodeName: String?
  public var targetRef: ObjectReference?
  public init() {}
}

/// A port of an endpoint.
public struct EndpointPort: Codable, Hashable, Sendable {
  public var name: String?
  public var port: Int32?
  public var `protocol`: String?
  public var appProtocol: String?
  public init() {}
}
