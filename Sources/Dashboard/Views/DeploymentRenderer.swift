import KubeModel
import TerminalUI

/// The Deployments view: READY, UP-TO-DATE, AVAILABLE, AGE as kubectl prints them.
public enum DeploymentRenderer: ResourceRenderer {
  public static let resource = ResourceType.deployments
  public static let columns: [ViewColumn] = [
    namespaceColumn, nameColumn,
    ViewColumn("READY", alignment: .right, priority: 9),
    ViewColumn("UP-TO-DATE", alignment: .right, priority: 8, sort: .number),
    ViewColumn("AVAILABLE", alignment: .right, priority: 8, sort: .number),
    ageColumn,
    ViewColumn("CONTAINERS", priority: 1, wideOnly: true),
    ViewColumn("IMAGES", priority: 1, wideOnly: true),
    ViewColumn("SELECTOR", priority: 0, wideOnly: true),
  ]
  public static func store(in cache: InformerCache) -> ObjectStore<Deployment> { cache.deployments }

  public static func cells(_ deployment: Deployment, context: RenderContext) -> [String] {
    let status = deployment.status
    let containers = deployment.spec?.template?.spec?.containers ?? []
    return [
      deployment.namespace, deployment.name,
      "\(status?.readyReplicas ?? 0)/\(deployment.spec?.replicas ?? 1)",
      "\(status?.updatedReplicas ?? 0)", "\(status?.availableReplicas ?? 0)",
      age(deployment, context),
      containers.compactMap(\.name).joined(separator: ","),
      containers.compactMap(\.image).joined(separator: ","),
      Format.labels(deployment.spec?.selector?.matchLabels ?? [:]),
    ]
  }

  public static func role(_ deployment: Deployment, context: RenderContext) -> ColorRole {
    let desired = deployment.spec?.replicas ?? 1
    let ready = deployment.status?.readyReplicas ?? 0
    if ready == desired && (deployment.status?.updatedReplicas ?? 0) == desired { return .rowNormal }
    return ready == 0 && desired > 0 ? .statusError : .statusPending
  }

  public static func sortNumber(_ deployment: Deployment, column: Int, context: RenderContext) -> Double {
    switch columns[column].title {
    case "UP-TO-DATE": return Double(deployment.status?.updatedReplicas ?? 0)
    case "AVAILABLE": return Double(deployment.status?.availableReplicas ?? 0)
    default: return ageSortValue(deployment)
    }
  }
}
