import KubeModel

/// What kubectl prints about a pod: its STATUS reason, READY count and RESTARTS, computed
/// exactly as `kubectl get pods` does (init containers, waiting and terminated reasons,
/// `Completed` with a running container, `Terminating`, `Unknown` for unreachable nodes).
public struct PodSummary: Hashable, Sendable {
  /// The STATUS column: `Running`, `CrashLoopBackOff`, `Init:0/1`, `Terminating`…
  public var status: String
  /// Containers ready.
  public var ready: Int
  /// Containers declared.
  public var total: Int
  /// Restarts summed over containers.
  public var restarts: Int
  /// When a container last terminated before restarting, if ever.
  public var lastRestart: Time?

  /// Summarises a pod.
  public init(_ pod: Pod) {
    var reason = pod.status?.phase ?? ""
    if let podReason = pod.status?.reason, !podReason.isEmpty { reason = podReason }
    var restarts = 0
    var lastRestart: Time?
    var ready = 0
    func noteRestart(_ status: ContainerStatus) {
      restarts += Int(status.restartCount ?? 0)
      if let finished = status.lastState?.terminated?.finishedAt, lastRestart.map({ finished > $0 }) ?? true {
        lastRestart = finished
      }
    }
    var initializing = false
    let initStatuses = pod.status?.initContainerStatuses ?? []
    let initCount = pod.spec?.initContainers?.count ?? initStatuses.count
    for (index, container) in initStatuses.enumerated() {
      noteRestart(container)
      if let terminated = container.state?.terminated, terminated.exitCode == 0 { continue }
      if let terminated = container.state?.terminated {
        if let why = terminated.reason, !why.isEmpty {
          reason = "Init:" + why
        } else if let signal = terminated.signal, signal != 0 {
          reason = "Init:Signal:\(signal)"
        } else {
          reason = "Init:ExitCode:\(terminated.exitCode ?? 0)"
        }
      } else if let waiting = container.state?.waiting?.reason, !waiting.isEmpty, waiting != "PodInitializing" {
        reason = "Init:" + waiting
      } else {
        reason = "Init:\(index)/\(initCount)"
      }
      initializing = true
      break
    }
    if !initializing || pod.status?.condition("Initialized")?.status == "True" {
      var hasRunning = false
      for container in (pod.status?.containerStatuses ?? []).reversed() {
        noteRestart(container)
        if let waiting = container.state?.waiting?.reason, !waiting.isEmpty {
          reason = waiting
        } else if let terminated = container.state?.terminated {
          if let why = terminated.reason, !why.isEmpty {
            reason = why
          } else if let signal = terminated.signal, signal != 0 {
            reason = "Signal:\(signal)"
          } else {
            reason = "ExitCode:\(terminated.exitCode ?? 0)"
          }
        } else if container.ready == true && container.state?.running != nil {
          hasRunning = true
          ready += 1
        }
      }
      if reason == "Completed" && hasRunning {
        reason = pod.status?.condition("Ready")?.status == "True" ? "Running" : "NotReady"
      }
    }
    let phase = pod.status?.phase ?? ""
    if pod.metadata.deletionTimestamp != nil && pod.status?.reason == "NodeLost" {
      reason = "Unknown"
    } else if pod.metadata.deletionTimestamp != nil && phase != "Succeeded" && phase != "Failed" {
      reason = "Terminating"
    }
    self.status = reason
    self.ready = ready
    self.total = pod.spec?.containers?.count ?? 0
    self.restarts = restarts
    self.lastRestart = lastRestart
  }

  /// `1/1`.
  public var readyText: String { "\(ready)/\(total)" }

  /// `3 (2m ago)` or `0`.
  public func restartsText(now: Time) -> String {
    guard restarts > 0, let lastRestart else { return "\(restarts)" }
    return "\(restarts) (\(Format.age(seconds: now.seconds - lastRestart.seconds)) ago)"
  }

  /// How healthy the status is, for row colours.
  public var health: Health {
    switch status {
    case "Running": return ready == total ? .ok : .pending
    case "Completed", "Succeeded": return .completed
    case "Terminating": return .terminating
    case "Pending", "ContainerCreating", "PodInitializing", "NotReady": return .pending
    default:
      if status.hasPrefix("Init:") {
        let rest = status.dropFirst(5)
        return rest.first?.isNumber == true ? .pending : .error
      }
      return .error
    }
  }

  /// Health classes of a pod.
  public enum Health: Sendable, Hashable {
    case ok, pending, completed, terminating, error
  }
}
