import KubeModel

/// A PodDisruptionBudget as `kubectl describe pdb` writes it: the bound it sets (minimum
/// available or maximum unavailable), its selector, and the counts the disruption
/// controller keeps in its status.
enum DisruptionBudgetDescription {
  static func write(_ budget: PodDisruptionBudget, into text: inout TabbedText) {
    text.identity(budget)
    if let minimum = budget.spec?.minAvailable {
      text.write(0, "Min available:\t\(minimum.description)\n")
    } else if let maximum = budget.spec?.maxUnavailable {
      text.write(0, "Max unavailable:\t\(maximum.description)\n")
    }
    if let selector = budget.spec?.selector {
      text.write(0, "Selector:\t\(Format.selector(selector))\n")
    } else {
      text.write(0, "Selector:\t<unset>\n")
    }
    let status = budget.status
    text.write(0, "Status:\n")
    text.write(2, "Allowed disruptions:\t\(status?.disruptionsAllowed ?? 0)\n")
    text.write(2, "Current:\t\(status?.currentHealthy ?? 0)\n")
    text.write(2, "Desired:\t\(status?.desiredHealthy ?? 0)\n")
    text.write(2, "Total:\t\(status?.expectedPods ?? 0)\n")
  }
}
