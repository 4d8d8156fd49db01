extension ObjectValidator {
  /// A priority class (`ValidatePriorityClass`, `ValidatePriorityClassUpdate`): a `system-`
  /// name only for the system classes as they are, a user value up to one billion, a known
  /// preemption policy; value and policy fixed once created.
  public static func validatePriorityClass(_ priorityClass: PriorityClass, old: PriorityClass? = nil) -> [ValidationError] {
    var errors = validateMetadata(priorityClass.metadata, old: old?.metadata, namespaced: false, name: isDNS1123Subdomain)
    let name = priorityClass.name
    if name.hasPrefix(PriorityClass.systemPrefix) {
      if let problem = systemClassProblem(priorityClass) {
        errors.append(
          .forbidden(
            FieldPath("metadata", "name"),
            "priority class names with '\(PriorityClass.systemPrefix)' prefix are reserved for system use only. error: \(problem)"))
      }
    } else if priorityClass.value > PriorityClass.highestUserDefinable {
      errors.append(
        .forbidden(FieldPath("value"), "maximum allowed value of a user defined priority is \(PriorityClass.highestUserDefinable)"))
    }
    if let policy = priorityClass.preemptionPolicy {
      errors += validatePreemptionPolicy(policy, FieldPath("preemptionPolicy"))
    }
    if let old {
      if priorityClass.value != old.value {
        errors.append(.forbidden(FieldPath("value"), "may not be changed in an update."))
      }
      if priorityClass.preemptionPolicy != old.preemptionPolicy {
        errors.append(.invalid(FieldPath("preemptionPolicy"), .string(priorityClass.preemptionPolicy ?? ""), fieldImmutableMessage))
      }
    }
    return errors
  }

  /// `ValidatePreemptionPolicy`: `PreemptLowerPriority` or `Never`.
  static func validatePreemptionPolicy(_ policy: String, _ path: FieldPath) -> [ValidationError] {
    let supported = ["PreemptLowerPriority", "Never"]
    if policy.isEmpty { return [.required(path)] }
    return supported.contains(policy) ? [] : [.notSupported(path, .string(policy), supported: supported)]
  }

  /// `IsKnownSystemPriorityClass`: why a `system-` class is not one of the system classes as
  /// they are defined, or nil when it is.
  static func systemClassProblem(_ priorityClass: PriorityClass) -> String? {
    guard let known = PriorityClass.system.first(where: { $0.name == priorityClass.name }) else {
      return "\(priorityClass.name) is not a known system priority class"
    }
    if known.value != priorityClass.value {
      return "value of \(known.name) PriorityClass must be \(known.value)"
    }
    if (known.globalDefault ?? false) != (priorityClass.globalDefault ?? false) {
      return "globalDefault of \(known.name) PriorityClass must be \(known.globalDefault ?? false)"
    }
    return nil
  }
}
