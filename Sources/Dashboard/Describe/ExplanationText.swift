import KubeModel

/// A scheduler explanation as a table: one row per node with the filter verdict, each score
/// plugin's final score, and the total; the chosen node is marked.
public enum ExplanationText {
  /// The lines of the explanation pane.
  public static func lines(_ explanation: SchedulingExplanation) -> [String] {
    var lines = ["Pod \(explanation.namespace)/\(explanation.pod)"]
    if let time = explanation.time { lines.append("Attempt at \(time)") }
    if let selected = explanation.selectedNode {
      lines.append("Scheduled to \(selected)")
    } else {
      lines.append(explanation.message ?? "0/\(explanation.numAllNodes) nodes are available")
    }
    if let nominated = explanation.nominatedNode, let victims = explanation.victims, !victims.isEmpty {
      lines.append("Preemption: nominated \(nominated), evicting \(victims.joined(separator: ", "))")
    }
    lines.append("")
    let plugins = explanation.scorePlugins.map(\.plugin)
    let nameWidth = max(6, (explanation.nodes.map(\.name.count).max() ?? 0) + 2)
    let verdicts = explanation.nodes.map { $0.filter.summary }
    let verdictWidth = min(48, max(8, (verdicts.map(\.count).max() ?? 0) + 2))
    var header = "  " + "NODE".padding(to: nameWidth) + "FILTER".padding(to: verdictWidth)
    for plugin in plugins { header += plugin.padding(to: max(plugin.count + 2, 8)) }
    lines.append(header + "TOTAL")
    // A verdict too long for its column ends with an ellipsis and is given whole below.
    var cut: [(node: String, verdict: String)] = []
    for node in explanation.nodes {
      let mark = node.name == explanation.selectedNode ? "* " : "  "
      let verdict = node.filter.summary
      var shown = verdict
      if verdict.count > verdictWidth - 1 {
        shown = String(verdict.prefix(verdictWidth - 2)) + "…"
        cut.append((node.name, verdict))
      }
      var row = mark + node.name.padding(to: nameWidth) + shown.padding(to: verdictWidth)
      for plugin in plugins {
        let score = node.scores.first { $0.plugin == plugin }.map { "\($0.final)" } ?? "-"
        row += score.padding(to: max(plugin.count + 2, 8))
      }
      lines.append(row + (node.totalScore.map { "\($0)" } ?? "-"))
    }
    if !cut.isEmpty {
      lines.append("")
      lines.append("Filter verdicts in full:")
      for (node, verdict) in cut { lines.append("  \(node): \(verdict)") }
    }
    if !explanation.scorePlugins.isEmpty {
      lines.append("")
      lines.append("Weights: " + explanation.scorePlugins.map { "\($0.plugin)=\($0.weight)" }.joined(separator: ", "))
    }
    return lines
  }
}
