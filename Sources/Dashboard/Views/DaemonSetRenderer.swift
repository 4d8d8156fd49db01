import KubeModel
import TerminalUI

/// The DaemonSets view: DESIRED, CURRENT, READY, UP-TO-DATE, AVAILABLE, NODE SELECTOR, AGE.
public enum DaemonSetRenderer: ResourceRenderer {
  public static let resource = ResourceType.daemonsets
  public static let columns: [ViewColumn] = [
    namespaceColumn, nameColumn,
    ViewColumn("DESIRED", alignment: .right, priority: 8, sort: .number),
    ViewColumn("CURRENT", alignment: .right, priority: 7, sort: .number),
    ViewColumn("READY", alignment: .right, priority: 9, sort: .number),
    ViewColumn("UP-TO-DATE", alignment: .right, priority: 5, sort: .number),
    ViewColumn("AVAILABLE", alignment: .right, priority: 5, sort: .number),
    ViewColumn("NODE SELECTOR", priority: 2),
    ageColumn,
  ]
  public static func store(in cache: InformerCache) -> ObjectStore<DaemonSet> { cache.daemonSets }

  public static func cells(_ set: DaemonSet, context: RenderContext) -> [String] {
    let status = set.status
    return [
      set.namespace, set.name, "\(status?.desiredNumberScheduled ?? 0)", "\(status?.currentNumberScheduled ?? 0)",
      "\(status?.numberReady ?? 0)", "\(status?.updatedNumberScheduled ?? 0)", "\(status?.numberAvailable ?? 0)",
      Format.labels(set.spec?.template?.spec?.nodeSelector ?? [:]), age(set, context),
    ]
  }

  public static func role(_ set: DaemonSet, context: RenderContext) -> ColorRole {
    (set.status?.numberReady ?? 0) == (set.status?.desiredNumberScheduled ?? 0) ? .rowNormal : .statusPending
  }

  public static func sortNumber(_ set: DaemonSet, column: Int, context: RenderContext) -> Double {
    let status = set.status
    switch columns[column].title {
    case "DESIRED": return Double(status?.desiredNumberScheduled ?? 0)
    case "CURRENT": return Double(status?.currentNumberScheduled ?? 0)
    case "READY": return Double(status?.numberReady ?? 0)
    case "UP-TO-DATE": return Double(status?.updatedNumberScheduled ?? 0)
    case "AVAILABLE": return Double(status?.numberAvailable ?? 0)
    default: return ageSortValue(set)
    }
  }
}
