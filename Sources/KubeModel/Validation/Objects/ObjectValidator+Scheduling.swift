/// Taint effects in upstream's order.
private let taintEffects = ["NoSchedule", "PreferNoSchedule", "NoExecute"]

extension ObjectValidator {
  /// `ValidateTolerations`: key, operator and value, effect, and `tolerationSeconds` only with
  /// `NoExecute`.
  static func validateTolerations(_ tolerations: [Toleration], _ path: FieldPath) -> [ValidationError] {
    var errors: [ValidationError] = []
    for (index, toleration) in tolerations.enumerated() {
      let itemPath = path.index(index)
      let key = toleration.key ?? ""
      let operation = toleration.operator ?? ""
      let value = toleration.value ?? ""
      let effect = toleration.effect ?? ""
      if !key.isEmpty { errors += invalid(itemPath.child("key"), key, isQualifiedName(key)) }
      if key.isEmpty, operation != "Exists" {
        errors.append(
          .invalid(
            itemPath.child("operator"), .string(operation),
            "operator must be Exists when `key` is empty, which means \"match all values and all keys\""))
      }
      if toleration.tolerationSeconds != nil, effect != "NoExecute" {
        errors.append(.invalid(itemPath.child("effect"), .string(effect), "effect must be 'NoExecute' when `tolerationSeconds` is set"))
      }
      switch operation {
      case "Equal", "":
        let messages = isValidLabelValue(value)
        if !messages.isEmpty { errors.append(.invalid(itemPath.child("operator"), .string(value), messages.joined(separator: ";"))) }
      case "Exists":
        if !value.isEmpty {
          errors.append(.invalid(itemPath.child("operator"), .string(value), "value must be empty when `operator` is 'Exists'"))
        }
      default:
        errors.append(.notSupported(itemPath.child("operator"), .string(operation), supported: ["Equal", "Exists"]))
      }
      if !effect.isEmpty { errors += validateTaintEffect(effect, itemPath.child("effect")) }
    }
    return errors
  }

  /// `validateOnlyAddedTolerations`: existing tolerations stay (their `tolerationSeconds` may
  /// change); new ones are validated.
  static func validateOnlyAddedTolerations(_ tolerations: [Toleration], old: [Toleration], _ path: FieldPath) -> [ValidationError] {
    for previous in old {
      let kept = tolerations.contains { new in
        var candidate = previous
        candidate.tolerationSeconds = new.tolerationSeconds
        return candidate == new
      }
      if !kept { return [.forbidden(path, "existing toleration can not be modified except its tolerationSeconds")] }
    }
    return validateTolerations(tolerations, path)
  }

  /// `validateTaintEffect`.
  static func validateTaintEffect(_ effect: String, _ path: FieldPath) -> [ValidationError] {
    taintEffects.contains(effect) ? [] : [.notSupported(path, .string(effect), supported: taintEffects)]
  }

  /// `validateNodeTaints`: key, value, a required effect, and one taint per key and effect.
  ///
  /// `path` is `metadata.taints`: upstream reports node taints under metadata, and so does this.
  static func validateNodeTaints(_ taints: [Taint], _ path: FieldPath) -> [ValidationError] {
    var errors: [ValidationError] = []
    var seen = Set<String>()
    for (index, taint) in taints.enumerated() {
      let itemPath = path.index(index)
      let key = taint.key ?? ""
      errors += invalid(itemPath.child("key"), key, isQualifiedName(key))
      let valueMessages = isValidLabelValue(taint.value ?? "")
      if !valueMessages.isEmpty {
        errors.append(.invalid(itemPath.child("value"), .string(taint.value ?? ""), valueMessages.joined(separator: ";")))
      }
      let effect = taint.effect ?? ""
      errors += effect.isEmpty ? [.required(itemPath.child("effect"))] : validateTaintEffect(effect, itemPath.child("effect"))
      if !seen.insert(effect + "\u{0}" + key).inserted {
        // Upstream shows the internal struct, which has no JSON tags.
        let shown =
          "{\"Key\":\(GoQuote.quoted(key)),\"Value\":\(GoQuote.quoted(taint.value ?? "")),\"Effect\":\(GoQuote.quoted(effect)),\"TimeAdded\":null}"
        var duplicate = ValidationError.duplicate(itemPath, .json(shown))
        duplicate.detail = "taints must be unique by key and effect pair"
        errors.append(duplicate)
      }
    }
    return errors
  }

  /// `validateAffinity`: node selector terms and requirements, weights, topology keys.
  static func validateAffinity(_ affinity: Affinity?, _ path: FieldPath) -> [ValidationError] {
    guard let affinity else { return [] }
    var errors: [ValidationError] = []
    if let node = affinity.nodeAffinity {
      let nodePath = path.child("nodeAffinity")
      if let required = node.requiredDuringSchedulingIgnoredDuringExecution {
        let termsPath = nodePath.child("requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms")
        let terms = required.nodeSelectorTerms ?? []
        if terms.isEmpty { errors.append(.required(termsPath, "must have at least one node selector term")) }
        for (index, term) in terms.enumerated() { errors += validateNodeSelectorTerm(term, termsPath.index(index)) }
      }
      for (index, term) in (node.preferredDuringSchedulingIgnoredDuringExecution ?? []).enumerated() {
        let itemPath = nodePath.child("preferredDuringSchedulingIgnoredDuringExecution").index(index)
        errors += validateWeight(term.weight, itemPath.child("weight"))
        errors += validateNodeSelectorTerm(term.preference ?? NodeSelectorTerm(), itemPath.child("preference"))
      }
    }
    for (field, podAffinity) in [("podAffinity", affinity.podAffinity), ("podAntiAffinity", affinity.podAntiAffinity)] {
      guard let podAffinity else { continue }
      let podPath = path.child(field)
      for (index, term) in (podAffinity.requiredDuringSchedulingIgnoredDuringExecution ?? []).enumerated() {
        errors += validatePodAffinityTerm(term, podPath.child("requiredDuringSchedulingIgnoredDuringExecution").index(index))
      }
      for (index, weighted) in (podAffinity.preferredDuringSchedulingIgnoredDuringExecution ?? []).enumerated() {
        let itemPath = podPath.child("preferredDuringSchedulingIgnoredDuringExecution").index(index)
        errors += validateWeight(weighted.weight, itemPath.child("weight"))
        errors += validatePodAffinityTerm(weighted.podAffinityTerm ?? PodAffinityTerm(), itemPath.child("podAffinityTerm"))
      }
    }
    return errors
  }

  private static func validateWeight(_ weight: Int32?, _ path: FieldPath) -> [ValidationError] {
    let value = weight ?? 0
    return (1...100).contains(value) ? [] : [.invalid(path, .integer(Int64(value)), "must be in the range 1-100")]
  }

  private static func validateNodeSelectorTerm(_ term: NodeSelectorTerm, _ path: FieldPath) -> [ValidationError] {
    var errors: [ValidationError] = []
    for (index, requirement) in (term.matchExpressions ?? []).enumerated() {
      let itemPath = path.child("matchExpressions").index(index)
      let values = requirement.values ?? []
      switch requirement.operator ?? "" {
      case "In", "NotIn":
        if values.isEmpty { errors.append(.required(itemPath.child("values"), "must be specified when `operator` is 'In' or 'NotIn'")) }
      case "Exists", "DoesNotExist":
        if !values.isEmpty {
          errors.append(.forbidden(itemPath.child("values"), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"))
        }
      case "Gt", "Lt":
        if values.count != 1 {
          errors.append(.required(itemPath.child("values"), "must be specified single value when `operator` is 'Lt' or 'Gt'"))
        }
      default:
        errors.append(.invalid(itemPath.child("operator"), .string(requirement.operator ?? ""), "not a valid selector operator"))
      }
      errors += invalid(itemPath.child("key"), requirement.key ?? "", isQualifiedName(requirement.key ?? ""))
      for (valueIndex, value) in values.enumerated() {
        errors += invalid(itemPath.child("values").index(valueIndex), value, isValidLabelValue(value))
      }
    }
    return errors
  }

  private static func validatePodAffinityTerm(_ term: PodAffinityTerm, _ path: FieldPath) -> [ValidationError] {
    var errors = validateLabelSelector(term.labelSelector, path.child("labelSelector"))
    for namespace in term.namespaces ?? [] {
      errors += invalid(path.child("namespace"), namespace, isDNS1123Label(namespace))
    }
    let topologyKey = term.topologyKey ?? ""
    if topologyKey.isEmpty { errors.append(.required(path.child("topologyKey"), "can not be empty")) }
    errors += invalid(path.child("topologyKey"), topologyKey, isQualifiedName(topologyKey))
    return errors
  }

  /// `validateTopologySpreadConstraints`: a positive skew, a key, a known action, and one
  /// constraint per key and action.
  static func validateTopologySpreadConstraints(_ constraints: [TopologySpreadConstraint], _ path: FieldPath) -> [ValidationError] {
    var errors: [ValidationError] = []
    var seen = Set<String>()
    for (index, constraint) in constraints.enumerated() {
      let itemPath = path.index(index)
      let skew = constraint.maxSkew ?? 0
      if skew <= 0 { errors.append(.invalid(itemPath.child("maxSkew"), .integer(Int64(skew)), "must be greater than zero")) }
      let key = constraint.topologyKey ?? ""
      if key.isEmpty {
        errors.append(.required(itemPath.child("topologyKey"), "can not be empty"))
      } else {
        errors += invalid(itemPath.child("topologyKey"), key, isQualifiedName(key))
      }
      let action = constraint.whenUnsatisfiable ?? ""
      if !["DoNotSchedule", "ScheduleAnyway"].contains(action) {
        errors.append(.notSupported(itemPath.child("whenUnsatisfiable"), .string(action), supported: ["DoNotSchedule", "ScheduleAnyway"]))
      }
      if !seen.insert(key + "\u{0}" + action).inserted {
        errors.append(.duplicate(itemPath, .string("{\(key), \(action)}")))
      }
      errors += validateLabelSelector(constraint.labelSelector, itemPath.child("labelSelector"))
    }
    return errors
  }

  /// A node (`ValidateNode`, or `ValidateNodeUpdate` when `old` is given): taints, pod CIDRs,
  /// and on update the pod CIDRs and provider ID once set.
  public static func validateNode(_ node: Node, old: Node? = nil) -> [ValidationError] {
    var errors = validateMetadata(node.metadata, old: old?.metadata, namespaced: false, name: isDNS1123Subdomain)
    let spec = node.spec ?? NodeSpec()
    errors += validateNodeTaints(spec.taints ?? [], FieldPath("metadata", "taints"))
    let cidrs = spec.podCIDRs ?? spec.podCIDR.map { [$0] } ?? []
    let cidrsPath = FieldPath("spec", "podCIDRs")
    for (index, cidr) in cidrs.enumerated() {
      errors += validateCIDR(cidr, cidrsPath.index(index))
    }
    if cidrs.count > 1 {
      let families = Set(cidrs.map { $0.contains(":") })
      if families.count != cidrs.count {
        errors.append(.invalid(cidrsPath, .strings(cidrs), "may specify no more than one CIDR for each IP family"))
      }
      var seen = Set<String>()
      for (index, cidr) in cidrs.enumerated() where !seen.insert(cidr).inserted {
        errors.append(.duplicate(cidrsPath.index(index), .string(cidr)))
      }
    }
    for (index, quantity) in (node.status?.capacity ?? [:]).sorted(by: { $0.key < $1.key }) {
      errors += validateQuantity(index, quantity, FieldPath("status", "capacity", index))
    }
    if let old {
      let oldSpec = old.spec ?? NodeSpec()
      let oldCIDRs = oldSpec.podCIDRs ?? oldSpec.podCIDR.map { [$0] } ?? []
      if !oldCIDRs.isEmpty, oldCIDRs != cidrs {
        errors.append(.forbidden(cidrsPath, "node updates may not change podCIDR except from \"\" to valid"))
      }
      if let provider = oldSpec.providerID, !provider.isEmpty, provider != spec.providerID {
        errors.append(.forbidden(FieldPath("spec", "providerID"), "node updates may not change providerID except from \"\" to valid"))
      }
    }
    return errors
  }
}
