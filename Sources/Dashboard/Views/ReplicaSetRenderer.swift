import KubeModel
import TerminalUI

/// The ReplicaSets view: DESIRED, CURRENT, READY, AGE.
public enum ReplicaSetRenderer: ResourceRenderer {
  public static let resource = ResourceType.replicasets
  public static let columns: [ViewColumn] = [
    namespaceColumn, nameColumn,
    ViewColumn("DESIRED", alignment: .right, priority: 8, sort: .number),
    ViewColumn("CURRENT", alignment: .right, priority: 8, sort: .number),
    ViewColumn("READY", alignment: .right, priority: 9, sort: .number),
    ageColumn,
  ]
  public static func store(in cache: InformerCache) -> ObjectStore<ReplicaSet> { cache.replicaSets }

  public static func cells(_ set: ReplicaSet, context: RenderContext) -> [String] {
    [
      set.namespace, set.name, "\(set.spec?.replicas ?? 1)", "\(set.status?.replicas ?? 0)",
      "\(set.status?.readyReplicas ?? 0)", age(set, context),
    ]
  }

  public static func role(_ set: ReplicaSet, context: RenderContext) -> ColorRole {
    (set.status?.readyReplicas ?? 0) == (set.spec?.replicas ?? 1) ? .rowNormal : .statusPending
  }

  public static func sortNumber(_ set: ReplicaSet, column: Int, context: RenderContext) -> Double {
    switch columns[column].title {
    case "DESIRED": return Double(set.spec?.replicas ?? 1)
    case "CURRENT": return Double(set.status?.replicas ?? 0)
    case "READY": return Double(set.status?.readyReplicas ?? 0)
    default: return ageSortValue(set)
    }
  }
}
