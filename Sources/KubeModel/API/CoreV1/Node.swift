/// A node (`core/v1 Node`): a machine that runs pods.
public struct Node: KubeObject {
  public static let resource = ResourceType.nodes
  public var apiVersion: String? = "v1"
  public var kind: String? = "Node"
  public var metadata = ObjectMeta()
  public var spec: NodeSpec?
  public var status: NodeStatus?

  public init() {}

  public init(metadata: ObjectMeta, spec: NodeSpec? = nil, status: NodeStatus? = nil) {
    self.metadata = metadata
    self.spec = spec
    self.status = status
  }
}

/// How a node is configured: its pod CIDR, taints, and whether it is cordoned.
public struct NodeSpec: Codable, Hashable, Sendable {
  public var podCIDR: String?
  public var podCIDRs: [String]?
  public var providerID: String?
  public var unschedulable: Bool?
  public var taints: [Taint]?
  public var configSource: JSONValue?
  public var externalID: String?
  public init() {}
}

/// What is observed about a node.
public struct NodeStatus: Codable, Hashable, Sendable {
  public var capacity: [String: Quantity]?
  public var allocatable: [String: Quantity]?
  public var phase: String?
  public var conditions: [NodeCondition]?
  public var addresses: [NodeAddress]?
  public var daemonEndpoints: JSONValue?
  public var nodeInfo: NodeSystemInfo?
  public var images: [ContainerImage]?
  public var volumesInUse: [String]?
  public var volumesAttached: [JSONValue]?
  public var config: JSONValue?
  public var runtimeHandlers: [JSONValue]?
  public var features: JSONValue?
  public init() {}

  /// The condition of `type`, if present.
  public func condition(_ type: String) -> NodeCondition? {
    conditions?.first { $0.type == type }
  }
}

/// A condition of a node: `Ready`, `MemoryPressure`, `DiskPressure`, `PIDPressure`, …
public struct NodeCondition: Codable, Hashable, Sendable {
  public var type: String?
  public var status: String?
  public var lastHeartbeatTime: Time?
  public var lastTransitionTime: Time?
  public var reason: String?
  public var message: String?

  public init() {}

  public init(type: String, status: String, reason: String?, message: String?, lastHeartbeatTime: Time?, lastTransitionTime: Time?) {
    self.type = type
    self.status = status
    self.reason = reason
    self.message = message
    self.lastHeartbeatTime = lastHeartbeatTime
    self.lastTransitionTime = lastTransitionTime
  }
}

/// An address of a node: `InternalIP`, `ExternalIP`, `Hostname`.
public struct NodeAddress: Codable, Hashable, Sendable {
  public var type: String?
  public var address: String?
  public init(type: String, address: String) {
    self.type = type
    self.address = address
  }
}

/// Versions and identity of a node's software.
public struct NodeSystemInfo: Codable, Hashable, Sendable {
  public var machineID: String?
  public var systemUUID: String?
  public var bootID: String?
  public var kernelVersion: String?
  public var osImage: String?
  public var containerRuntimeVersion: String?
  public var kubeletVersion: String?
  public var kubeProxyVersion: String?
  public var operatingSystem: String?
  public var architecture: String?
  public var swap: JSONValue?
  public init() {}
}

/// An image present on a node.
public struct ContainerImage: Codable, Hashable, Sendable {
  public var names: [String]?
  public var sizeBytes: Int64?
  public init(names: [String], sizeBytes: Int64) {
    self.names = names
    self.sizeBytes = sizeBytes
  }
}
