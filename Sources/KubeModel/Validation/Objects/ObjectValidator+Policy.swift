extension ObjectValidator {
  /// A horizontal pod autoscaler (`ValidateHorizontalPodAutoscaler`): a target to scale, and
  /// `1 ≤ minReplicas ≤ maxReplicas`.
  public static func validateHPA(_ autoscaler: HorizontalPodAutoscaler, old: HorizontalPodAutoscaler? = nil) -> [ValidationError] {
    var errors = validateMetadata(autoscaler.metadata, old: old?.metadata, namespaced: true, name: isDNS1123Subdomain)
    let spec = autoscaler.spec ?? HorizontalPodAutoscalerSpec()
    let path = FieldPath("spec")
    let targetPath = path.child("scaleTargetRef")
    for (field, value) in [("kind", spec.scaleTargetRef?.kind ?? ""), ("name", spec.scaleTargetRef?.name ?? "")] {
      if value.isEmpty {
        errors.append(.required(targetPath.child(field)))
      } else {
        errors += invalid(targetPath.child(field), value, pathSegmentMessages(value))
      }
    }
    if let minimum = spec.minReplicas, minimum < 1 {
      errors.append(.invalid(path.child("minReplicas"), .integer(Int64(minimum)), "must be greater than or equal to 1"))
    }
    let maximum = spec.maxReplicas ?? 0
    if maximum < 1 {
      errors.append(.invalid(path.child("maxReplicas"), .integer(Int64(maximum)), "must be greater than 0"))
    }
    if let minimum = spec.minReplicas, maximum < minimum {
      errors.append(.invalid(path.child("maxReplicas"), .integer(Int64(maximum)), "must be greater than or equal to `minReplicas`"))
    }
    for (index, metric) in (spec.metrics ?? []).enumerated() {
      let metricPath = path.child("metrics").index(index)
      let types = ["ContainerResource", "External", "Object", "Pods", "Resource"]
      guard let type = metric.type, !type.isEmpty else {
        errors.append(.required(metricPath.child("type"), "must specify a metric source type"))
        continue
      }
      if !types.contains(type) {
        errors.append(.notSupported(metricPath.child("type"), .string(type), supported: types))
      } else if type == "Resource", metric.resource == nil {
        errors.append(.required(metricPath.child("resource"), "must populate information for the given metric source"))
      }
    }
    return errors
  }

  /// A pod disruption budget (`ValidatePodDisruptionBudgetSpec`): not both `minAvailable` and
  /// `maxUnavailable`, each a count or a percentage up to 100%.
  public static func validatePDB(_ budget: PodDisruptionBudget, old: PodDisruptionBudget? = nil) -> [ValidationError] {
    var errors = validateMetadata(budget.metadata, old: old?.metadata, namespaced: true, name: isDNS1123Subdomain)
    let spec = budget.spec ?? PodDisruptionBudgetSpec()
    let path = FieldPath("spec")
    if spec.minAvailable != nil, spec.maxUnavailable != nil {
      errors.append(.invalid(path, jsonValue(spec), "minAvailable and maxUnavailable cannot be both set"))
    }
    for (field, value) in [("minAvailable", spec.minAvailable), ("maxUnavailable", spec.maxUnavailable)] {
      errors += validateIntOrPercent(value, path.child(field))
      errors += notMoreThan100Percent(value, path.child(field))
    }
    errors += validateLabelSelector(spec.selector, path.child("selector"))
    if let policy = spec.unhealthyPodEvictionPolicy, policy != "AlwaysAllow", policy != "IfHealthyBudget" {
      errors.append(
        .notSupported(path.child("unhealthyPodEvictionPolicy"), .string(policy), supported: ["AlwaysAllow", "IfHealthyBudget"]))
    }
    return errors
  }

  /// `IsValidPathSegmentName`: usable as one segment of a URL path.
  private static func pathSegmentMessages(_ name: String) -> [String] {
    if name == "." || name == ".." { return ["may not be '\(name)'"] }
    return ["/", "%"].filter { name.contains($0) }.map { "may not contain '\($0)'" }
  }
}
