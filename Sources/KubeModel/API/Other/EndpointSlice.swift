/// A slice of the endpoints behind a service (`discovery.k8s.io/v1 EndpointSlice`): what
/// kube-proxy and `kubectl describe service` read. The controller names each after its
/// service (`web-x7k2p`) and labels it `kubernetes.io/service-name`.
public struct EndpointSlice: KubeObject {
  public static let resource = ResourceType.endpointslices
  public var apiVersion: String? = "discovery.k8s.io/v1"
  public var kind: String? = "EndpointSlice"
  public var metadata = ObjectMeta()
  /// `IPv4`, `IPv6` or `FQDN`.
  public var addressType: String?
  public var endpoints: [SliceEndpoint]?
  /// The ports every endpoint of the slice serves; each carries a name, empty when the
  /// service port has none (kubectl matches slices to service ports by it).
  public var ports: [EndpointPort]?
  public init() {}

  /// The label naming the service a slice belongs to.
  public static let serviceNameLabel = "kubernetes.io/service-name"
  /// The label naming the controller that manages a slice.
  public static let managedByLabel = "endpointslice.kubernetes.io/managed-by"
}

/// One endpoint of a slice (`discovery.k8s.io/v1 Endpoint`).
public struct SliceEndpoint: Codable, Hashable, Sendable {
  public var addresses: [String]?
  public var conditions: SliceEndpointConditions?
  public var hostname: String?
  public var targetRef: ObjectReference?
  public var nodeName: String?
  public var zone: String?
  public init() {}
}

/// Whether an endpoint takes traffic (`ready`), could (`serving`) and is going away.
public struct SliceEndpointConditions: Codable, Hashable, Sendable {
  public var ready: Bool?
  public var serving: Bool?
  public var terminating: Bool?
  public init(ready: Bool? = nil, serving: Bool? = nil, terminating: Bool? = nil) {
    self.ready = ready
    self.serving = serving
    self.terminating = terminating
  }
}
