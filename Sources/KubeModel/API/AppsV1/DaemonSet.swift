/// A daemon set (`apps/v1 DaemonSet`): one pod on every eligible node.
public struct DaemonSet: KubeObject {
  public static let resource = ResourceType.daemonsets
  public var apiVersion: String? = "apps/v1"
  public var kind: String? = "DaemonSet"
  public var metadata = ObjectMeta()
  public var spec: DaemonSetSpec?
  public var status: DaemonSetStatus?
  public init() {}
}

/// The desired state of a daemon set.
public struct DaemonSetSpec: Codable, Hashable, Sendable {
  public var selector: LabelSelector?
  public var template: PodTemplateSpec?
  public var updateStrategy: DaemonSetUpdateStrategy?
  public var minReadySeconds: Int32?
  public var revisionHistoryLimit: Int32?
  public init() {}
}

/// `RollingUpdate` (default) or `OnDelete`.
public struct DaemonSetUpdateStrategy: Codable, Hashable, Sendable {
  public var type: String?
  public var rollingUpdate: RollingUpdateDeployment?
  public init() {}
}

/// What is observed about a daemon set.
public struct DaemonSetStatus: Codable, Hashable, Sendable {
  public var currentNumberScheduled: Int32?
  public var numberMisscheduled: Int32?
  public var desiredNumberScheduled: Int32?
  public var numberReady: Int32?
  public var observedGeneration: Int64?
  public var updatedNumberScheduled: Int32?
  public var numberAvailable: Int32?
  public var numberUnavailable: Int32?
  public var collisionCount: Int32?
  public var conditions: [DeploymentCondition]?
  public init() {}
}

/// A stateful set (`apps/v1 StatefulSet`): pods with stable names and per-replica storage.
public struct StatefulSet: KubeObject {
  public static let resource = ResourceType.statefulsets
  public var apiVersion: String? = "apps/v1"
  public var kind: String? = "StatefulSet"
  public var metadata = ObjectMeta()
  public var spec: StatefulSetSpec?
  public var status: StatefulSetStatus?
  public init() {}
}

/// The desired state of a stateful set.
public struct StatefulSetSpec: Codable, Hashable, Sendable {
  public var replicas: Int32?
  public var selector: LabelSelector?
  public var template: PodTemplateSpec?
  public var volumeClaimTemplates: [PersistentVolumeClaim]?
  public var serviceName: String?
  /// `OrderedReady` (default) or `Parallel`.
  public var podManagementPolicy: String?
  public var updateStrategy: StatefulSetUpdateStrategy?
  public var revisionHistoryLimit: Int32?
  public var minReadySeconds: Int32?
  public var persistentVolumeClaimRetentionPolicy: JSONValue?
  public var ordinals: JSONValue?
  public init() {}
}

/// `RollingUpdate` (default) or `OnDelete`, with a partition.
public struct StatefulSetUpdateStrategy: Codable, Hashable, Sendable {
  public var type: String?
  public var rollingUpdate: RollingUpdateStatefulSet?
  public init() {}
}

/// Rolling update parameters of a stateful set.
public struct RollingUpdateStatefulSet: Codable, Hashable, Sendable {
  public var partition: Int32?
  public var maxUnavailable: IntOrString?
  public init() {}
}

/// What is observed about a stateful set.
public struct StatefulSetStatus: Codable, Hashable, Sendable {
  public var observedGeneration: Int64?
  public var replicas: Int32?
  public var readyReplicas: Int32?
  public var currentReplicas: Int32?
  public var updatedReplicas: Int32?
  public var currentRevision: String?
  public var updateRevision: String?
  public var collisionCount: Int32?
  public var conditions: [DeploymentCondition]?
  public var availableReplicas: Int32?
  public init() {}
}
