import KubeModel
import TerminalUI

/// The HorizontalPodAutoscalers view: REFERENCE, TARGETS, MINPODS, MAXPODS, REPLICAS, AGE.
public enum AutoscalerRenderer: ResourceRenderer {
  public static let resource = ResourceType.horizontalpodautoscalers
  public static let columns: [ViewColumn] = [
    namespaceColumn, nameColumn, ViewColumn("REFERENCE", priority: 7), ViewColumn("TARGETS", priority: 8),
    ViewColumn("MINPODS", alignment: .right, priority: 5), ViewColumn("MAXPODS", alignment: .right, priority: 5),
    ViewColumn("REPLICAS", alignment: .right, priority: 8), ageColumn,
  ]
  public static func store(in cache: InformerCache) -> ObjectStore<HorizontalPodAutoscaler> { cache.autoscalers }

  /// `cpu: 45%/50%` per resource metric.
  public static func targets(_ hpa: HorizontalPodAutoscaler) -> String {
    let current = hpa.status?.currentMetrics ?? []
    let parts = (hpa.spec?.metrics ?? []).compactMap { metric -> String? in
      guard let resource = metric.resource, let name = resource.name else { return nil }
      let target = resource.target?.averageUtilization.map { "\($0)%" } ?? "<unset>"
      let now = current.first { $0.resource?.name == name }?.resource?.current?.averageUtilization.map { "\($0)%" }
      return "\(name): \(now ?? "<unknown>")/\(target)"
    }
    return parts.isEmpty ? Format.none : parts.joined(separator: ", ")
  }

  public static func cells(_ hpa: HorizontalPodAutoscaler, context: RenderContext) -> [String] {
    let target = hpa.spec?.scaleTargetRef
    return [
      hpa.namespace, hpa.name, "\(target?.kind ?? "")/\(target?.name ?? "")", targets(hpa),
      "\(hpa.spec?.minReplicas ?? 1)", "\(hpa.spec?.maxReplicas ?? 0)", "\(hpa.status?.currentReplicas ?? 0)",
      age(hpa, context),
    ]
  }
}
