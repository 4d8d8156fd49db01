import KubeModel

extension PodSummary {
  /// `1/1`.
  public var readyText: String { "\(readyContainers)/\(totalContainers)" }

  /// `3 (2m ago)` or `0`, as kubectl prints RESTARTS.
  public func restartsText(now: Time) -> String {
    guard restarts > 0, let lastRestart else { return "\(restarts)" }
    return "\(restarts) (\(HumanDuration.since(lastRestart, now: now)) ago)"
  }

  /// How healthy the STATUS is, for row colours.
  public var health: PodHealth {
    switch status {
    case "Running": return readyContainers == totalContainers ? .ok : .pending
    case "Completed", "Succeeded": return .completed
    case "Terminating": return .terminating
    case "Pending", "ContainerCreating", "PodInitializing", "NotReady", "SchedulingGated": return .pending
    default:
      if status.hasPrefix("Init:") {
        return status.dropFirst(5).first?.isNumber == true ? .pending : .error
      }
      return .error
    }
  }
}

/// Health classes of a pod's status, mapped to row colours.
public enum PodHealth: Sendable, Hashable {
  case ok, pending, completed, terminating, error
}
