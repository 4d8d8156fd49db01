/// A pod (`core/v1 Pod`): one or more containers scheduled together onto a node.
public struct Pod: KubeObject {
  public static let resource = ResourceType.pods
  public var apiVersion: String? = "v1"
  public var kind: String? = "Pod"
  public var metadata = ObjectMeta()
  // Boxed: a pod is copied into every version the watch log keeps, every cache and every
  // list, while most writes touch only one of the two (or neither), so copies share them.
  @usableFromInline var specBox = CopyOnWriteBox<PodSpec?>(nil)
  @usableFromInline var statusBox = CopyOnWriteBox<PodStatus?>(nil)

  /// What the pod should run and where.
  @inlinable
  public var spec: PodSpec? {
    get { specBox.value }
    set { specBox.value = newValue }
    _modify { yield &specBox.value }
  }

  /// What is observed about the pod.
  @inlinable
  public var status: PodStatus? {
    get { statusBox.value }
    set { statusBox.value = newValue }
    _modify { yield &statusBox.value }
  }

  /// The status's conditions, read in place: `status?.conditions` may copy the whole status
  /// out of its box first (controllers read the Ready condition on every status write).
  @inlinable
  public var statusConditions: [PodCondition]? { statusBox.storage.value?.conditions }

  /// The spec's containers, read in place (`spec?.containers` copies the whole spec out of
  /// its box first).
  @inlinable
  public var specContainers: [Container]? { specBox.storage.value?.containers }

  /// The node the spec binds the pod to, read in place (see `specContainers`).
  @inlinable
  public var specNodeName: String? { specBox.storage.value?.nodeName }

  public init() {}

  /// Takes `other`'s spec by sharing its storage: no copy, and the two stay one allocation
  /// until either changes it (a status write keeps the stored spec this way).
  @inlinable
  public mutating func shareSpec(of other: Pod) { specBox = other.specBox }

  /// Takes `other`'s status by sharing its storage (see `shareSpec(of:)`).
  @inlinable
  public mutating func shareStatus(of other: Pod) { statusBox = other.statusBox }

  /// Whether `self` and `other` hold one spec storage (neither changed it since a copy).
  @inlinable
  public func sharesSpec(with other: Pod) -> Bool { specBox.sharesStorage(with: other.specBox) }

  /// Whether `self` and `other` hold one status storage.
  @inlinable
  public func sharesStatus(with other: Pod) -> Bool { statusBox.sharesStorage(with: other.statusBox) }

  public init(metadata: ObjectMeta, spec: PodSpec?, status: PodStatus? = nil) {
    self.metadata = metadata
    self.spec = spec
    self.status = status
  }

  enum CodingKeys: String, CodingKey {
    case apiVersion, kind, metadata, spec, status
  }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    apiVersion = try container.decodeIfPresent(String.self, forKey: .apiVersion)
    kind = try container.decodeIfPresent(String.self, forKey: .kind)
    metadata = try container.decode(ObjectMeta.self, forKey: .metadata)
    spec = try container.decodeIfPresent(PodSpec.self, forKey: .spec)
    status = try container.decodeIfPresent(PodStatus.self, forKey: .status)
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encodeIfPresent(apiVersion, forKey: .apiVersion)
    try container.encodeIfPresent(kind, forKey: .kind)
    try container.encode(metadata, forKey: .metadata)
    try container.encodeIfPresent(spec, forKey: .spec)
    try container.encodeIfPresent(status, forKey: .status)
  }
}

/// What a pod should run and where (`core/v1 PodSpec`).
public struct PodSpec: Codable, Hashable, Sendable {
  public var volumes: [Volume]?
  public var initContainers: [Container]?
  public var containers: [Container]?
  public var ephemeralContainers: [JSONValue]?
  /// `Always` (default), `OnFailure` or `Never`.
  public var restartPolicy: String?
  public var terminationGracePeriodSeconds: Int64?
  public var activeDeadlineSeconds: Int64?
  public var dnsPolicy: String?
  public var nodeSelector: [String: String]?
  public var serviceAccountName: String?
  public var serviceAccount: String?
  public var automountServiceAccountToken: Bool?
  public var nodeName: String?
  public var hostNetwork: Bool?
  public var hostPID: Bool?
  public var hostIPC: Bool?
  public var shareProcessNamespace: Bool?
  public var securityContext: JSONValue?
  public var imagePullSecrets: [LocalObjectReference]?
  public var hostname: String?
  public var subdomain: String?
  public var affinity: Affinity?
  public var schedulerName: String?
  public var tolerations: [Toleration]?
  public var hostAliases: [JSONValue]?
  public var priorityClassName: String?
  public var priority: Int32?
  public var dnsConfig: JSONValue?
  public var readinessGates: [JSONValue]?
  public var runtimeClassName: String?
  public var enableServiceLinks: Bool?
  public var preemptionPolicy: String?
  public var overhead: [String: Quantity]?
  public var topologySpreadConstraints: [TopologySpreadConstraint]?
  public var setHostnameAsFQDN: Bool?
  public var os: JSONValue?
  public var hostUsers: Bool?
  public var schedulingGates: [JSONValue]?
  public var resourceClaims: [JSONValue]?

  public init() {}

  public init(containers: [Container]) {
    self.containers = containers
  }
}

/// A container in a pod (`core/v1 Container`).
public struct Container: Codable, Hashable, Sendable {
  public var name: String?
  public var image: String?
  public var command: [String]?
  public var args: [String]?
  public var workingDir: String?
  public var ports: [ContainerPort]?
  public var envFrom: [EnvFromSource]?
  public var env: [EnvVar]?
  public var resources: ResourceRequirements?
  public var resizePolicy: [JSONValue]?
  public var restartPolicy: String?
  public var volumeMounts: [VolumeMount]?
  public var volumeDevices: [JSONValue]?
  public var livenessProbe: Probe?
  public var readinessProbe: Probe?
  public var startupProbe: Probe?
  public var lifecycle: JSONValue?
  public var terminationMessagePath: String?
  public var terminationMessagePolicy: String?
  /// `Always`, `IfNotPresent` or `Never`.
  public var imagePullPolicy: String?
  public var securityContext: JSONValue?
  public var stdin: Bool?
  public var stdinOnce: Bool?
  public var tty: Bool?

  public init() {}

  public init(name: String, image: String, ports: [ContainerPort]? = nil, resources: ResourceRequirements? = nil) {
    self.name = name
    self.image = image
    self.ports = ports
    self.resources = resources
  }
}

/// A port a container exposes.
public struct ContainerPort: Codable, Hashable, Sendable {
  public var name: String?
  public var hostPort: Int32?
  public var containerPort: Int32?
  /// `TCP` (default), `UDP` or `SCTP`.
  public var `protocol`: String?
  public var hostIP: String?

  public init() {}

  public init(containerPort: Int32, name: String? = nil, protocol: String? = nil, hostPort: Int32? = nil) {
    self.containerPort = containerPort
    self.name = name
    self.protocol = `protocol`
    self.hostPort = hostPort
  }
}

/// An environment variable of a container.
public struct EnvVar: Codable, Hashable, Sendable {
  public var name: String?
  public var value: String?
  public var valueFrom: EnvVarSource?

  public init() {}

  public init(name: String, value: String) {
    self.name = name
    self.value = value
  }
}

/// Where an environment variable's value comes from.
public struct EnvVarSource: Codable, Hashable, Sendable {
  public var fieldRef: ObjectFieldSelector?
  public var resourceFieldRef: ResourceFieldSelector?
  public var configMapKeyRef: KeySelector?
  public var secretKeyRef: KeySelector?

  public init() {}
}

/// A field of the pod itself, such as `metadata.name` or `status.podIP`.
public struct ObjectFieldSelector: Codable, Hashable, Sendable {
  public var apiVersion: String?
  public var fieldPath: String?
  public init() {}
}

/// A resource of a container, such as `limits.cpu`.
public struct ResourceFieldSelector: Codable, Hashable, Sendable {
  public var containerName: String?
  public var resource: String?
  public var divisor: Quantity?
  public init() {}
}

/// A key of a ConfigMap or Secret (`ConfigMapKeySelector` / `SecretKeySelector`).
public struct KeySelector: Codable, Hashable, Sendable {
  public var name: String?
  public var key: String?
  public var optional: Bool?
  public init() {}
}

/// A whole ConfigMap or Secret injected as environment variables.
public struct EnvFromSource: Codable, Hashable, Sendable {
  public var prefix: String?
  public var configMapRef: OptionalNameReference?
  public var secretRef: OptionalNameReference?
  public init() {}
}

/// A reference by name that may be marked optional.
public struct OptionalNameReference: Codable, Hashable, Sendable {
  public var name: String?
  public var optional: Bool?
  public init(name: String? = nil) { self.name = name }
}

/// Requests and limits of compute resources (`cpu`, `memory`, …).
public struct ResourceRequirements: Codable, Hashable, Sendable {
  public var limits: [String: Quantity]?
  public var requests: [String: Quantity]?
  public var claims: [JSONValue]?

  public init(requests: [String: Quantity]? = nil, limits: [String: Quantity]? = nil) {
    self.requests = requests
    self.limits = limits
  }
}

/// Where a volume is mounted in a container.
public struct VolumeMount: Codable, Hashable, Sendable {
  public var name: String?
  public var readOnly: Bool?
  public var recursiveReadOnly: String?
  public var mountPath: String?
  public var subPath: String?
  public var mountPropagation: String?
  public var subPathExpr: String?
  public init() {}
}

/// A health check of a container: exec, HTTP GET, TCP socket or gRPC.
public struct Probe: Codable, Hashable, Sendable {
  public var exec: ExecAction?
  public var httpGet: HTTPGetAction?
  public var tcpSocket: TCPSocketAction?
  public var grpc: GRPCAction?
  public var initialDelaySeconds: Int32?
  public var timeoutSeconds: Int32?
  public var periodSeconds: Int32?
  public var successThreshold: Int32?
  public var failureThreshold: Int32?
  public var terminationGracePeriodSeconds: Int64?
  public init() {}
}

/// Runs a command inside the container.
public struct ExecAction: Codable, Hashable, Sendable {
  public var command: [String]?
  public init() {}
}

/// An HTTP GET against the container.
public struct HTTPGetAction: Codable, Hashable, Sendable {
  public var path: String?
  public var port: IntOrString?
  public var host: String?
  public var scheme: String?
  public var httpHeaders: [HTTPHeader]?
  public init() {}
}

/// A header of an HTTP probe.
public struct HTTPHeader: Codable, Hashable, Sendable {
  public var name: String?
  public var value: String?
  public init() {}
}

/// A TCP connection to the container.
public struct TCPSocketAction: Codable, Hashable, Sendable {
  public var port: IntOrString?
  public var host: String?
  public init() {}
}

/// A gRPC health check.
public struct GRPCAction: Codable, Hashable, Sendable {
  public var port: Int32?
  public var service: String?
  public init() {}
}
