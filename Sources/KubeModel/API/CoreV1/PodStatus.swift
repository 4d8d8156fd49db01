/// What is observed about a pod (`core/v1 PodStatus`).
public struct PodStatus: Codable, Hashable, Sendable {
  /// `Pending`, `Running`, `Succeeded`, `Failed` or `Unknown`.
  public var phase: String?
  public var conditions: [PodCondition]?
  public var message: String?
  public var reason: String?
  public var nominatedNodeName: String?
  public var hostIP: String?
  public var hostIPs: [PodIP]?
  public var podIP: String?
  public var podIPs: [PodIP]?
  public var startTime: Time?
  public var initContainerStatuses: [ContainerStatus]?
  public var containerStatuses: [ContainerStatus]?
  /// `Guaranteed`, `Burstable` or `BestEffort`.
  public var qosClass: String?
  public var ephemeralContainerStatuses: [ContainerStatus]?
  public var resize: String?
  public var observedGeneration: Int64?

  public init() {}

  /// The condition of `type`, if present.
  public func condition(_ type: String) -> PodCondition? {
    conditions?.first { $0.type == type }
  }
}

/// One IP address of a pod or host.
public struct PodIP: Codable, Hashable, Sendable {
  public var ip: String?
  public init(ip: String? = nil) { self.ip = ip }
}

/// A condition of a pod: `PodScheduled`, `Initialized`, `ContainersReady`, `Ready`, …
public struct PodCondition: Codable, Hashable, Sendable {
  public var type: String?
  public var status: String?
  public var observedGeneration: Int64?
  public var lastProbeTime: Time?
  public var lastTransitionTime: Time?
  public var reason: String?
  public var message: String?

  public init() {}

  public init(type: String, status: String, reason: String? = nil, message: String? = nil, lastTransitionTime: Time? = nil) {
    self.type = type
    self.status = status
    self.reason = reason
    self.message = message
    self.lastTransitionTime = lastTransitionTime
  }
}

/// The observed state of one container.
public struct ContainerStatus: Codable, Hashable, Sendable {
  public var name: String?
  public var state: ContainerState?
  public var lastState: ContainerState?
  public var ready: Bool?
  public var restartCount: Int32?
  public var image: String?
  public var imageID: String?
  public var containerID: String?
  public var started: Bool?
  public var allocatedResources: [String: Quantity]?
  public var resources: ResourceRequirements?
  public var volumeMounts: [JSONValue]?
  public var user: JSONValue?
  public var allocatedResourcesStatus: [JSONValue]?
  public var stopSignal: String?

  public init() {}
}

/// Exactly one of waiting, running or terminated.
public struct ContainerState: Codable, Hashable, Sendable {
  public var waiting: ContainerStateWaiting?
  public var running: ContainerStateRunning?
  public var terminated: ContainerStateTerminated?

  public init(waiting: ContainerStateWaiting? = nil, running: ContainerStateRunning? = nil, terminated: ContainerStateTerminated? = nil) {
    self.waiting = waiting
    self.running = running
    self.terminated = terminated
  }
}

/// A container that is not running yet: `ContainerCreating`, `CrashLoopBackOff`, `ImagePullBackOff`, …
public struct ContainerStateWaiting: Codable, Hashable, Sendable {
  public var reason: String?
  public var message: String?
  public init(reason: String? = nil, message: String? = nil) {
    self.reason = reason
    self.message = message
  }
}

/// A running container and when it started.
public struct ContainerStateRunning: Codable, Hashable, Sendable {
  public var startedAt: Time?
  public init(startedAt: Time? = nil) { self.startedAt = startedAt }
}

/// A container that has exited: `Completed`, `Error`, `OOMKilled`, …
public struct ContainerStateTerminated: Codable, Hashable, Sendable {
  public var exitCode: Int32?
  public var signal: Int32?
  public var reason: String?
  public var message: String?
  public var startedAt: Time?
  public var finishedAt: Time?
  public var containerID: String?
  public init() {}
}

extension Pod {
  /// The value of a downward-API field of the pod (`metadata.name`, `status.podIP`,
  /// `metadata.labels['app']`, …) as an environment variable's `fieldRef` reads it; nil for a
  /// path the downward API does not offer.
  public func downwardValue(fieldPath path: String) -> String? {
    switch path {
    case "metadata.name": return name
    case "metadata.namespace": return namespace
    case "metadata.uid": return metadata.uid ?? ""
    case "spec.nodeName": return spec?.nodeName ?? ""
    case "spec.serviceAccountName": return spec?.serviceAccountName ?? "default"
    case "status.podIP", "status.podIPs": return status?.podIP ?? ""
    case "status.hostIP", "status.hostIPs": return status?.hostIP ?? ""
    default:
      for (prefix, map) in [("metadata.labels['", metadata.labels), ("metadata.annotations['", metadata.annotations)]
      where path.hasPrefix(prefix) && path.hasSuffix("']") {
        return map?[String(path.dropFirst(prefix.count).dropLast(2))] ?? ""
      }
      return nil
    }
  }
}
