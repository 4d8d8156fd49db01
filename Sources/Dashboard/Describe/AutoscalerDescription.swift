import KubeModel

/// `kubectl describe hpa`: the target, each metric as current / target, the bounds, the
/// replica counts and the conditions that say why the autoscaler did (or did not) scale.
enum AutoscalerDescription {
  static func lines(_ hpa: HorizontalPodAutoscaler) -> [String] {
    let spec = hpa.spec
    let status = hpa.status
    let target = spec?.scaleTargetRef
    var lines = [
      Describer.field("Reference", "\(target?.kind ?? "")/\(target?.name ?? "")"),
      Describer.field("Metrics", "( current / target )"),
    ]
    let metrics = spec?.metrics ?? [.cpuUtilization(HorizontalPodAutoscaler.defaultCPUUtilization)]
    for metric in metrics {
      guard let resource = metric.resource, let name = resource.name else { continue }
      let current = status?.currentMetrics?.first { $0.resource?.name == name }?.resource?.current
      let now: String
      if let utilization = current?.averageUtilization {
        now = "\(utilization)%" + (current?.averageValue.map { " (\($0.description))" } ?? "")
      } else {
        now = "<unknown>"
      }
      let wanted = resource.target?.averageUtilization.map { "\($0)%" } ?? resource.target?.averageValue?.description ?? "<unset>"
      lines.append("  resource \(name) on pods  (as a percentage of request):  \(now) / \(wanted)")
    }
    lines.append(Describer.field("Min replicas", "\(spec?.minReplicas ?? 1)"))
    lines.append(Describer.field("Max replicas", "\(spec?.maxReplicas ?? 0)"))
    lines.append(
      Describer.field(
        "\(target?.kind ?? "Deployment") pods", "\(status?.currentReplicas ?? 0) current / \(status?.desiredReplicas ?? 0) desired"))
    let conditions = status?.conditions ?? []
    guard !conditions.isEmpty else { return lines }
    lines.append("Conditions:")
    lines.append("  " + "Type".padding(to: 16) + "Status".padding(to: 8) + "Reason".padding(to: 26) + "Message")
    lines.append("  " + "----".padding(to: 16) + "------".padding(to: 8) + "------".padding(to: 26) + "-------")
    for condition in conditions {
      lines.append(
        "  " + (condition.type ?? "").padding(to: 16) + (condition.status ?? "").padding(to: 8)
          + (condition.reason ?? "").padding(to: 26) + (condition.message ?? ""))
    }
    return lines
  }
}
