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
