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

/// A PriorityClass as `kubectl describe priorityclass` writes it.
enum PriorityClassDescription {
  static func write(_ priorityClass: PriorityClass, into text: inout TabbedText) {
    text.write(0, "Name:\t\(priorityClass.name)\n")
    text.write(0, "Value:\t\(priorityClass.value)\n")
    text.write(0, "GlobalDefault:\t\(priorityClass.globalDefault ?? false)\n")
    text.write(0, "PreemptionPolicy:\t\(priorityClass.preemptionPolicy ?? "")\n")
    text.write(0, "Description:\t\(priorityClass.description ?? "")\n")
    // On one line, `key=value` sorted and joined by commas, none left out (the applied
    // configuration too, whose closing newline breaks the line): kubectl writes them so here.
    let annotations = (priorityClass.metadata.annotations ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
    text.write(0, "Annotations:\t\(annotations.isEmpty ? "<none>" : annotations.joined(separator: ","))\n")
  }
}
