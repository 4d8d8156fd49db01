/// A named volume of a pod and its source.
public struct Volume: Codable, Hashable, Sendable {
  public var name: String?
  public var emptyDir: EmptyDirVolumeSource?
  public var configMap: ConfigMapVolumeSource?
  public var secret: SecretVolumeSource?
  public var persistentVolumeClaim: PersistentVolumeClaimVolumeSource?
  public var hostPath: HostPathVolumeSource?
  public var projected: JSONValue?
  public var downwardAPI: JSONValue?
  public var nfs: JSONValue?
  public var csi: JSONValue?
  public var ephemeral: JSONValue?
  public var image: JSONValue?

  public init() {}
}

/// A scratch directory that lives as long as the pod.
public struct EmptyDirVolumeSource: Codable, Hashable, Sendable {
  public var medium: String?
  public var sizeLimit: Quantity?
  public init() {}
}

/// A ConfigMap's keys as files.
public struct ConfigMapVolumeSource: Codable, Hashable, Sendable {
  public var name: String?
  public var items: [KeyToPath]?
  public var defaultMode: Int32?
  public var optional: Bool?
  public init() {}
}

/// A Secret's keys as files.
public struct SecretVolumeSource: Codable, Hashable, Sendable {
  public var secretName: String?
  public var items: [KeyToPath]?
  public var defaultMode: Int32?
  public var optional: Bool?
  public init() {}
}

/// One key projected to a path.
public struct KeyToPath: Codable, Hashable, Sendable {
  public var key: String?
  public var path: String?
  public var mode: Int32?
  public init() {}
}

/// A PersistentVolumeClaim used as a volume.
public struct PersistentVolumeClaimVolumeSource: Codable, Hashable, Sendable {
  public var claimName: String?
  public var readOnly: Bool?
  public init() {}
}

/// A directory of the node.
public struct HostPathVolumeSource: Codable, Hashable, Sendable {
  public var path: String?
  public var type: String?
  public init() {}
}
