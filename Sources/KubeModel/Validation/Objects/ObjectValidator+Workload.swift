extension ObjectValidator {
  /// A deployment (`ValidateDeployment`; on update also the immutable `apps/v1` selector).
  public static func validateDeployment(_ deployment: Deployment, old: Deployment? = nil) -> [ValidationError] {
    var errors = validateMetadata(deployment.metadata, old: old?.metadata, namespaced: true, name: isDNS1123Subdomain)
    let spec = deployment.spec ?? DeploymentSpec()
    let path = FieldPath("spec")
    errors += nonNegative(spec.replicas, path.child("replicas"))
    errors += validateReplicatedTemplate(
      selector: spec.selector, template: spec.template, path: path, emptySelectorMessage: "empty selector is invalid for deployment")
    errors += validateDeploymentStrategy(spec.strategy, path.child("strategy"))
    errors += nonNegative(spec.minReadySeconds, path.child("minReadySeconds"))
    errors += nonNegative(spec.revisionHistoryLimit, path.child("revisionHistoryLimit"))
    if let deadline = spec.progressDeadlineSeconds {
      errors += nonNegative(deadline, path.child("progressDeadlineSeconds"))
      if deadline <= spec.minReadySeconds ?? 0 {
        errors.append(.invalid(path.child("progressDeadlineSeconds"), .integer(Int64(deadline)), "must be greater than minReadySeconds"))
      }
    }
    if let old { errors += immutableSelector(spec.selector, old.spec?.selector) }
    return errors
  }

  /// A replica set (`ValidateReplicaSet`; on update also the immutable selector).
  public static func validateReplicaSet(_ replicaSet: ReplicaSet, old: ReplicaSet? = nil) -> [ValidationError] {
    var errors = validateMetadata(replicaSet.metadata, old: old?.metadata, namespaced: true, name: isDNS1123Subdomain)
    let spec = replicaSet.spec ?? ReplicaSetSpec()
    let path = FieldPath("spec")
    errors += nonNegative(spec.replicas, path.child("replicas"))
    errors += nonNegative(spec.minReadySeconds, path.child("minReadySeconds"))
    errors += validateReplicatedTemplate(
      selector: spec.selector, template: spec.template, path: path, emptySelectorMessage: "empty selector is invalid for deployment")
    if let old { errors += immutableSelector(spec.selector, old.spec?.selector) }
    return errors
  }

  /// A daemon set (`ValidateDaemonSet`; on update also the immutable selector).
  public static func validateDaemonSet(_ daemonSet: DaemonSet, old: DaemonSet? = nil) -> [ValidationError] {
    var errors = validateMetadata(daemonSet.metadata, old: old?.metadata, namespaced: true, name: isDNS1123Subdomain)
    let spec = daemonSet.spec ?? DaemonSetSpec()
    let path = FieldPath("spec")
    errors += validateReplicatedTemplate(
      selector: spec.selector, template: spec.template, path: path, emptySelectorMessage: "empty selector is invalid for daemonset")
    errors += nonNegative(spec.minReadySeconds, path.child("minReadySeconds"))
    let strategyPath = path.child("updateStrategy")
    switch spec.updateStrategy?.type {
    case nil, "OnDelete": break
    case "RollingUpdate":
      if let rollingUpdate = spec.updateStrategy?.rollingUpdate {
        let unavailablePath = strategyPath.child("rollingUpdate", "maxUnavailable")
        errors += validateIntOrPercent(rollingUpdate.maxUnavailable, unavailablePath)
        errors += validateIntOrPercent(rollingUpdate.maxSurge, strategyPath.child("rollingUpdate", "maxSurge"))
        if intOrPercentValue(rollingUpdate.maxUnavailable) == 0, intOrPercentValue(rollingUpdate.maxSurge, absent: 0) == 0 {
          errors.append(.invalid(unavailablePath, badValue(rollingUpdate.maxUnavailable), "may not be 0 when `maxSurge` is 0"))
        }
        errors += notMoreThan100Percent(rollingUpdate.maxUnavailable, unavailablePath)
      }
    default:
      errors.append(.notSupported(strategyPath, jsonValue(spec.updateStrategy), supported: ["RollingUpdate", "OnDelete"]))
    }
    errors += nonNegative(spec.revisionHistoryLimit, path.child("revisionHistoryLimit"))
    if let old { errors += immutableSelector(spec.selector, old.spec?.selector) }
    return errors
  }

  /// A stateful set (`ValidateStatefulSet`, or `ValidateStatefulSetUpdate` when `old` is given:
  /// then only replicas, template, update strategy and a few others may change).
  public static func validateStatefulSet(_ statefulSet: StatefulSet, old: StatefulSet? = nil) -> [ValidationError] {
    var errors = validateMetadata(statefulSet.metadata, old: old?.metadata, namespaced: true, name: isDNS1123Subdomain)
    let spec = statefulSet.spec ?? StatefulSetSpec()
    let path = FieldPath("spec")
    if let policy = spec.podManagementPolicy {
      if policy.isEmpty {
        errors.append(.required(path.child("podManagementPolicy")))
      } else if policy != "OrderedReady", policy != "Parallel" {
        errors.append(.invalid(path.child("podManagementPolicy"), .string(policy), "must be 'OrderedReady' or 'Parallel'"))
      }
    }
    switch spec.updateStrategy?.type {
    case nil, "RollingUpdate":
      errors += nonNegative(spec.updateStrategy?.rollingUpdate?.partition, path.child("updateStrategy", "rollingUpdate", "partition"))
    case "OnDelete":
      if spec.updateStrategy?.rollingUpdate != nil {
        errors.append(
          .invalid(
            path.child("updateStrategy", "rollingUpdate"), jsonValue(spec.updateStrategy?.rollingUpdate),
            "only allowed for updateStrategy 'RollingUpdate'"))
      }
    default:
      errors.append(
        .invalid(path.child("updateStrategy"), jsonValue(spec.updateStrategy), "must be 'RollingUpdate' or 'OnDelete'"))
    }
    errors += nonNegative(spec.replicas, path.child("replicas"))
    errors += validateReplicatedTemplate(
      selector: spec.selector, template: spec.template, path: path, emptySelectorMessage: "empty selector is not valid for statefulset.")
    if let old {
      var comparable = spec
      let previous = old.spec ?? StatefulSetSpec()
      comparable.replicas = previous.replicas
      comparable.template = previous.template
      comparable.updateStrategy = previous.updateStrategy
      comparable.persistentVolumeClaimRetentionPolicy = previous.persistentVolumeClaimRetentionPolicy
      comparable.minReadySeconds = previous.minReadySeconds
      comparable.ordinals = previous.ordinals
      if comparable != previous {
        errors.append(
          .forbidden(
            path,
            "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"
          ))
      }
    }
    return errors
  }

  /// The check of `validateReplicatedTemplate` a controller cannot live without: a
  /// non-empty selector that selects the template's own labels. (A Deployment whose
  /// selector misses its pods would create pods it never counts, without end.)
  public static func selectorMismatch(
    selector: LabelSelector?, template: PodTemplateSpec?, path: FieldPath = FieldPath("spec")
  ) -> [ValidationError] {
    guard let selector, let template,
      !(selector.matchLabels ?? [:]).isEmpty || !(selector.matchExpressions ?? []).isEmpty,
      ObjectValidator.selector(selector, matches: template.metadata?.labels ?? [:]) == false
    else { return [] }
    return [
      .invalid(
        path.child("template", "metadata", "labels"), jsonMap(template.metadata?.labels),
        "`selector` does not match template `labels`")
    ]
  }

  /// The selector and pod template every replicating controller shares: a non-empty selector
  /// that matches the template's labels, a valid template, and `restartPolicy: Always`.
  private static func validateReplicatedTemplate(
    selector: LabelSelector?, template: PodTemplateSpec?, path: FieldPath, emptySelectorMessage: String
  ) -> [ValidationError] {
    var errors: [ValidationError] = []
    let selectorPath = path.child("selector")
    if let selector {
      errors += validateLabelSelector(selector, selectorPath)
      if (selector.matchLabels ?? [:]).isEmpty, (selector.matchExpressions ?? []).isEmpty {
        errors.append(.invalid(selectorPath, jsonValue(selector), emptySelectorMessage))
      }
    } else {
      errors.append(.required(selectorPath))
    }
    let templatePath = path.child("template")
    guard let template else { return errors + [.required(templatePath)] }
    errors += selectorMismatch(selector: selector, template: template, path: path)
    if let selector, ObjectValidator.selector(selector, matches: template.metadata?.labels ?? [:]) == nil {
      errors.append(.invalid(selectorPath, jsonValue(selector), "invalid label selector"))
    }
    errors += validatePodTemplate(template, templatePath)
    let restartPolicy = template.spec?.restartPolicy ?? "Always"
    if restartPolicy != "Always" {
      errors.append(.notSupported(templatePath.child("spec", "restartPolicy"), .string(restartPolicy), supported: ["Always"]))
    }
    if let deadline = template.spec?.activeDeadlineSeconds {
      errors.append(.invalid(templatePath.child("spec", "activeDeadlineSeconds"), .integer(deadline), "must not be specified"))
    }
    return errors
  }

  /// `ValidateDeploymentStrategy` with `ValidateRollingUpdateDeployment`.
  private static func validateDeploymentStrategy(_ strategy: DeploymentStrategy?, _ path: FieldPath) -> [ValidationError] {
    switch strategy?.type {
    case "Recreate":
      guard strategy?.rollingUpdate != nil else { return [] }
      return [.forbidden(path.child("rollingUpdate"), "may not be specified when strategy `type` is 'Recreate'")]
    case nil, "RollingUpdate":
      guard let rollingUpdate = strategy?.rollingUpdate else { return [] }
      let updatePath = path.child("rollingUpdate")
      var errors = validateIntOrPercent(rollingUpdate.maxUnavailable, updatePath.child("maxUnavailable"))
      errors += validateIntOrPercent(rollingUpdate.maxSurge, updatePath.child("maxSurge"))
      if intOrPercentValue(rollingUpdate.maxUnavailable) == 0, intOrPercentValue(rollingUpdate.maxSurge) == 0 {
        errors.append(
          .invalid(updatePath.child("maxUnavailable"), badValue(rollingUpdate.maxUnavailable), "may not be 0 when `maxSurge` is 0"))
      }
      errors += notMoreThan100Percent(rollingUpdate.maxUnavailable, updatePath.child("maxUnavailable"))
      return errors
    default:
      return [.notSupported(path, jsonValue(strategy), supported: ["Recreate", "RollingUpdate"])]
    }
  }

  /// The number in an int-or-percent (`getIntOrPercentValue`); an absent value is defaulted
  /// (25% for deployments) unless `absent` says otherwise.
  private static func intOrPercentValue(_ value: IntOrString?, absent: Int = 25) -> Int {
    switch value {
    case .none: return absent
    case .int(let number): return number
    case .string(let text): return percentValue(text) ?? 0
    }
  }

  private static func badValue(_ value: IntOrString?) -> ValidationError.BadValue {
    switch value {
    case .none: return .string("25%")
    case .int(let number): return .integer(Int64(number))
    case .string(let text): return .string(text)
    }
  }

  /// `apps/v1` selectors cannot change after creation (the registry strategies' update check).
  private static func immutableSelector(_ selector: LabelSelector?, _ old: LabelSelector?) -> [ValidationError] {
    selector == old ? [] : [.invalid(FieldPath("spec", "selector"), jsonValue(selector), fieldImmutableMessage)]
  }
}
