/// Everything a key can do in the dashboard. Raw values are the names used in keymap files.
public enum Action: String, CaseIterable, Sendable, Hashable {
  case command, filter, help, back, quit, quitNow
  case drillDown, describe, yaml, edit, delete, editLabels
  case nextTheme, togglePause, faster, slower, toggleWide, sortName, sortAge
  case sortReady, sortStatus, sortRestarts, sortIP, sortNode, sortCPU, sortMemory
  case cordon, uncordon, drain, togglePower, joinNode
  case logs, previousLogs, shell, explain, portForward
  case scale, restart, undo, history
  case traffic, decodeSecret
}

extension Action {
  /// Whether only the embedded simulation can carry the action out: its clock, node power,
  /// joining nodes, the scheduler's reasoning, synthetic load and the pods' simulated
  /// programs answering forwarded connections. On a cluster of a kubeconfig these keys are
  /// left out of the hints and refused with a message.
  public var needsSimulation: Bool {
    switch self {
    case .togglePause, .faster, .slower, .togglePower, .joinNode, .explain, .traffic, .portForward: true
    default: false
    }
  }
}
