import KubeModel
import TerminalUI

/// The PodDisruptionBudgets view, as `kubectl get pdb` with the budget's counts beside:
/// MIN AVAILABLE, MAX UNAVAILABLE, ALLOWED DISRUPTIONS, then the healthy pods it sees
/// (CURRENT), needs (DESIRED) and selects (EXPECTED). An operator draining a node reads
/// here which budget holds an eviction back.
public enum DisruptionBudgetRenderer: ResourceRenderer {
  public static let resource = ResourceType.poddisruptionbudgets
  public static let columns: [ViewColumn] = [
    namespaceColumn, nameColumn, ViewColumn("MIN AVAILABLE", alignment: .right, priority: 8),
    ViewColumn("MAX UNAVAILABLE", alignment: .right, priority: 8),
    ViewColumn("ALLOWED DISRUPTIONS", alignment: .right, priority: 9, sort: .number),
    ViewColumn("CURRENT", alignment: .right, priority: 5, sort: .number),
    ViewColumn("DESIRED", alignment: .right, priority: 5, sort: .number),
    ViewColumn("EXPECTED", alignment: .right, priority: 5, sort: .number), ageColumn,
  ]
  public static func store(in cache: InformerCache) -> ObjectStore<PodDisruptionBudget> { cache.budgets }

  public static func cells(_ budget: PodDisruptionBudget, context: RenderContext) -> [String] {
    let status = budget.status
    return [
      budget.namespace, budget.name, budget.spec?.minAvailable?.description ?? "N/A",
      budget.spec?.maxUnavailable?.description ?? "N/A", "\(status?.disruptionsAllowed ?? 0)",
      "\(status?.currentHealthy ?? 0)", "\(status?.desiredHealthy ?? 0)", "\(status?.expectedPods ?? 0)",
      age(budget, context),
    ]
  }
}

/// The PriorityClasses view, as `kubectl get pc`: VALUE, GLOBAL-DEFAULT, AGE and
/// PREEMPTIONPOLICY, the highest classes (the system ones) first when sorted by value.
public enum PriorityClassRenderer: ResourceRenderer {
  public static let resource = ResourceType.priorityclasses
  public static let columns: [ViewColumn] = [
    nameColumn, ViewColumn("VALUE", alignment: .right, priority: 9, sort: .number), ViewColumn("GLOBAL-DEFAULT", priority: 6),
    ageColumn, ViewColumn("PREEMPTIONPOLICY", priority: 5),
  ]
  public static func store(in cache: InformerCache) -> ObjectStore<PriorityClass> { cache.priorityClasses }

  public static func cells(_ priorityClass: PriorityClass, context: RenderContext) -> [String] {
    [
      priorityClass.name, "\(priorityClass.value)", (priorityClass.globalDefault ?? false) ? "true" : "false",
      age(priorityClass, context), priorityClass.preemptionPolicy ?? "",
    ]
  }
}
