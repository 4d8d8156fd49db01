import KubeModel

/// `kubectl describe hpa`, line for line: the target, each metric as current / target, the
/// bounds, the scaling behaviour when set, the replica counts and the conditions that say why
/// the autoscaler did (or did not) scale.
enum AutoscalerDescription {
  static func write(_ hpa: HorizontalPodAutoscaler, into text: inout TabbedText) {
    let spec = hpa.spec
    let status = hpa.status
    let target = spec?.scaleTargetRef
    text.header(hpa)
    text.write(0, "CreationTimestamp:\t\(hpa.metadata.creationTimestamp?.describeText ?? "")\n")
    text.write(0, "Reference:\t\(target?.kind ?? "")/\(target?.name ?? "")\n")
    text.write(0, "Metrics:\t( current / target )\n")
    let currents = status?.currentMetrics ?? []
    for (index, metric) in (spec?.metrics ?? []).enumerated() {
      guard metric.type == "Resource", let resource = metric.resource else {
        text.write(1, "<unknown metric type \"\(metric.type ?? "")\">\n")
        continue
      }
      text.write(1, "resource \(resource.name ?? "") on pods")
      let current = index < currents.count ? currents[index].resource?.current : nil
      if let average = resource.target?.averageValue {
        text.write(0, ":\t\(current?.averageValue?.description ?? "<unknown>") / \(average.description)\n")
      } else {
        let now = current?.averageUtilization.map { "\($0)% (\(current?.averageValue?.description ?? "0"))" } ?? "<unknown>"
        let wanted = resource.target?.averageUtilization.map { "\($0)%" } ?? "<auto>"
        text.write(1, "(as a percentage of request):\t\(now) / \(wanted)\n")
      }
    }
    text.write(0, "Min replicas:\t\(spec?.minReplicas.map(String.init) ?? "<unset>")\n")
    text.write(0, "Max replicas:\t\(spec?.maxReplicas ?? 0)\n")
    if let behavior = spec?.behavior {
      text.write(0, "Behavior:\n")
      for (direction, rules) in [("Scale Up", behavior.scaleUp), ("Scale Down", behavior.scaleDown)] {
        guard let rules else { continue }
        text.write(1, "\(direction):\n")
        if let window = rules.stabilizationWindowSeconds { text.write(2, "Stabilization Window: \(window) seconds\n") }
        if let policies = rules.policies, !policies.isEmpty {
          text.write(2, "Select Policy: \(rules.selectPolicy ?? "Max")\n")
          text.write(2, "Policies:\n")
          for policy in policies {
            text.write(3, "- Type: \(policy.type ?? "")\tValue: \(policy.value ?? 0)\tPeriod: \(policy.periodSeconds ?? 0) seconds\n")
          }
        }
      }
    }
    text.write(0, "\(target?.kind ?? "") pods:\t\(status?.currentReplicas ?? 0) current / \(status?.desiredReplicas ?? 0) desired\n")
    if let conditions = status?.conditions, !conditions.isEmpty {
      text.write(0, "Conditions:\n")
      text.write(1, "Type\tStatus\tReason\tMessage\n")
      text.write(1, "----\t------\t------\t-------\n")
      for condition in conditions {
        text.write(1, "\(condition.type ?? "")\t\(condition.status ?? "")\t\(condition.reason ?? "")\t\(condition.message ?? "")\n")
      }
    }
  }
}
