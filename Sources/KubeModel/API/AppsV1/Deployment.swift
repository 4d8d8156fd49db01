/// A deployment (`apps/v1 Deployment`): declarative updates of pods through ReplicaSets.
public struct Deployment: KubeObject {
  public static let resource = ResourceType.deployments
  public var apiVersion: String? = "apps/v1"
  public var kind: String? = "Deployment"
  public var metadata = ObjectMeta()
  public var spec: DeploymentSpec?
  public var status: DeploymentStatus?
  public init() {}
}

/// The desired state of a deployment.
public struct DeploymentSpec: Codable, Hashable, Sendable {
  public var replicas: Int32?
  public var selector: LabelSelector?
  public var template: PodTemplateSpec?
  public var strategy: DeploymentStrategy?
  public var minReadySeconds: Int32?
  public var revisionHistoryLimit: Int32?
  public var paused: Bool?
  public var progressDeadlineSeconds: Int32?
  public init() {}
}

/// The metadata and spec of the pods a controller makes.
///
/// Boxed: a template (some 700 bytes) rides in every version of its Deployment,
/// ReplicaSet, DaemonSet, StatefulSet or Job, and a status write, the most common write
/// to them, leaves it alone, so the versions the watch log keeps share one.
public struct PodTemplateSpec: Codable, Hashable, Sendable {
  @usableFromInline
  struct Parts: Hashable, Sendable {
    @usableFromInline var metadata: ObjectMeta?
    @usableFromInline var spec: PodSpec?

    @usableFromInline
    init(metadata: ObjectMeta?, spec: PodSpec?) {
      self.metadata = metadata
      self.spec = spec
    }
  }

  @usableFromInline var parts: CopyOnWriteBox<Parts>

  /// The labels and annotations of the pods.
  @inlinable
  public var metadata: ObjectMeta? {
    get { parts.value.metadata }
    set { parts.value.metadata = newValue }
    _modify { yield &parts.value.metadata }
  }

  /// The spec of the pods.
  @inlinable
  public var spec: PodSpec? {
    get { parts.value.spec }
    set { parts.value.spec = newValue }
    _modify { yield &parts.value.spec }
  }

  public init(metadata: ObjectMeta? = nil, spec: PodSpec? = nil) {
    parts = CopyOnWriteBox(Parts(metadata: metadata, spec: spec))
  }

  enum CodingKeys: String, CodingKey {
    case metadata, spec
  }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    let metadata = try container.decodeIfPresent(ObjectMeta.self, forKey: .metadata)
    let spec = try container.decodeIfPresent(PodSpec.self, forKey: .spec)
    self.init(metadata: metadata, spec: spec)
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encodeIfPresent(metadata, forKey: .metadata)
    try container.encodeIfPresent(spec, forKey: .spec)
  }
}

/// `RollingUpdate` (default) or `Recreate`.
public struct DeploymentStrategy: Codable, Hashable, Sendable {
  public var type: String?
  public var rollingUpdate: RollingUpdateDeployment?
  public init() {}
}

/// How far a rolling update may go above and below the desired count.
public struct RollingUpdateDeployment: Codable, Hashable, Sendable {
  public var maxUnavailable: IntOrString?
  public var maxSurge: IntOrString?
  public init(maxUnavailable: IntOrString? = nil, maxSurge: IntOrString? = nil) {
    self.maxUnavailable = maxUnavailable
    self.maxSurge = maxSurge
  }
}

/// What is observed about a deployment.
public struct DeploymentStatus: Codable, Hashable, Sendable {
  public var observedGeneration: Int64?
  public var replicas: Int32?
  public var updatedReplicas: Int32?
  public var readyReplicas: Int32?
  public var availableReplicas: Int32?
  public var unavailableReplicas: Int32?
  public var terminatingReplicas: Int32?
  public var conditions: [DeploymentCondition]?
  public var collisionCount: Int32?
  public init() {}
}

/// A condition of a deployment: `Available`, `Progressing`, `ReplicaFailure`.
public struct DeploymentCondition: Codable, Hashable, Sendable {
  public var type: String?
  public var status: String?
  public var lastUpdateTime: Time?
  public var lastTransitionTime: Time?
  public var reason: String?
  public var message: String?
  public init() {}
}

/// A replica set (`apps/v1 ReplicaSet`): keeps a number of identical pods running.
public struct ReplicaSet: KubeObject {
  public static let resource = ResourceType.replicasets
  public var apiVersion: String? = "apps/v1"
  public var kind: String? = "ReplicaSet"
  public var metadata = ObjectMeta()
  public var spec: ReplicaSetSpec?
  public var status: ReplicaSetStatus?
  public init() {}
}

/// The desired state of a replica set.
public struct ReplicaSetSpec: Codable, Hashable, Sendable {
  public var replicas: Int32?
  public var minReadySeconds: Int32?
  public var selector: LabelSelector?
  public var template: PodTemplateSpec?
  public init() {}
}

/// What is observed about a replica set.
public struct ReplicaSetStatus: Codable, Hashable, Sendable {
  public var replicas: Int32?
  public var fullyLabeledReplicas: Int32?
  public var readyReplicas: Int32?
  public var availableReplicas: Int32?
  public var terminatingReplicas: Int32?
  public var observedGeneration: Int64?
  public var conditions: [DeploymentCondition]?
  public init() {}
}
