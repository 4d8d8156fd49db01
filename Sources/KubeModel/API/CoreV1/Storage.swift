/// A piece of storage in the cluster (`core/v1 PersistentVolume`).
public struct PersistentVolume: KubeObject {
  public static let resource = ResourceType.persistentvolumes
  public var apiVersion: String? = "v1"
  public var kind: String? = "PersistentVolume"
  public var metadata = ObjectMeta()
  public var spec: PersistentVolumeSpec?
  public var status: PersistentVolumeStatus?
  public init() {}
}

/// The size, access modes, class and source of a persistent volume.
public struct PersistentVolumeSpec: Codable, Hashable, Sendable {
  public var capacity: [String: Quantity]?
  public var accessModes: [String]?
  public var claimRef: ObjectReference?
  /// `Retain`, `Delete` or `Recycle`.
  public var persistentVolumeReclaimPolicy: String?
  public var storageClassName: String?
  public var mountOptions: [String]?
  public var volumeMode: String?
  public var nodeAffinity: VolumeNodeAffinity?
  public var hostPath: HostPathVolumeSource?
  public var local: JSONValue?
  public var nfs: JSONValue?
  public var csi: JSONValue?
  public var volumeAttributesClassName: String?
  public init() {}
}

/// The nodes a volume can be reached from.
public struct VolumeNodeAffinity: Codable, Hashable, Sendable {
  public var required: NodeSelector?
  public init() {}
}

/// `Available`, `Bound`, `Released` or `Failed`.
public struct PersistentVolumeStatus: Codable, Hashable, Sendable {
  public var phase: String?
  public var message: String?
  public var reason: String?
  public var lastPhaseTransitionTime: Time?
  public init() {}
}

/// A request for storage (`core/v1 PersistentVolumeClaim`).
public struct PersistentVolumeClaim: KubeObject {
  public static let resource = ResourceType.persistentvolumeclaims
  public var apiVersion: String? = "v1"
  public var kind: String? = "PersistentVolumeClaim"
  public var metadata = ObjectMeta()
  public var spec: PersistentVolumeClaimSpec?
  public var status: PersistentVolumeClaimStatus?
  public init() {}
}

/// What a claim asks for.
public struct PersistentVolumeClaimSpec: Codable, Hashable, Sendable {
  public var accessModes: [String]?
  public var selector: LabelSelector?
  public var resources: ResourceRequirements?
  public var volumeName: String?
  public var storageClassName: String?
  public var volumeMode: String?
  public var dataSource: JSONValue?
  public var dataSourceRef: JSONValue?
  public var volumeAttributesClassName: String?
  public init() {}
}

/// `Pending`, `Bound` or `Lost`, and what was granted.
public struct PersistentVolumeClaimStatus: Codable, Hashable, Sendable {
  public var phase: String?
  public var accessModes: [String]?
  public var capacity: [String: Quantity]?
  public var conditions: [JSONValue]?
  public init() {}
}

/// A class of storage and its provisioner (`storage.k8s.io/v1 StorageClass`).
public struct StorageClass: KubeObject {
  public static let resource = ResourceType.storageclasses
  public var apiVersion: String? = "storage.k8s.io/v1"
  public var kind: String? = "StorageClass"
  public var metadata = ObjectMeta()
  public var provisioner: String?
  public var parameters: [String: String]?
  public var reclaimPolicy: String?
  public var mountOptions: [String]?
  public var allowVolumeExpansion: Bool?
  /// `Immediate` or `WaitForFirstConsumer`.
  public var volumeBindingMode: String?
  public var allowedTopologies: [JSONValue]?
  public init() {}
}
