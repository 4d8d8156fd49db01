/// The fields a pod update may change, as upstream lists them in its message.
private let updatablePodSpecFields = [
  "`spec.containers[*].image`",
  "`spec.initContainers[*].image`",
  "`spec.activeDeadlineSeconds`",
  "`spec.tolerations` (only additions to existing tolerations)",
  "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)",
]

extension ObjectValidator {
  /// A pod on create (`ValidatePodCreate`), or on update (`ValidatePodUpdate`) when `old` is
  /// given: then only images, `activeDeadlineSeconds` and added tolerations may change.
  public static func validatePod(_ pod: Pod, old: Pod? = nil) -> [ValidationError] {
    var errors = validateMetadata(pod.metadata, old: old?.metadata, namespaced: true, name: isDNS1123Subdomain)
    let spec = pod.spec ?? PodSpec()
    let specPath = FieldPath("spec")
    errors += validatePodSpec(spec, path: specPath)
    for (field, containers) in [("containers", spec.containers), ("initContainers", spec.initContainers)] {
      for (index, container) in (containers ?? []).enumerated() {
        let image = container.image ?? ""
        if image != image.trimmingWhitespace {
          errors.append(
            .invalid(specPath.child(field).index(index).child("image"), .string(image), "must not have leading or trailing whitespace"))
        }
      }
    }
    if let old {
      errors += validatePodSpecUpdate(spec, old: old.spec ?? PodSpec(), path: specPath)
    } else if !(spec.ephemeralContainers ?? []).isEmpty {
      errors.append(.forbidden(specPath.child("ephemeralContainers"), "cannot be set on create"))
    }
    return errors
  }

  /// `ValidatePodSpec`: volumes, containers, policies, scheduling constraints and names.
  static func validatePodSpec(_ spec: PodSpec, path: FieldPath) -> [ValidationError] {
    var errors: [ValidationError] = []
    let (volumes, volumeErrors) = validateVolumes(spec.volumes ?? [], path.child("volumes"))
    errors += volumeErrors
    errors += validateContainers(spec.containers ?? [], volumes: volumes, path: path.child("containers"))
    errors += validateInitContainers(
      spec.initContainers ?? [], regular: spec.containers ?? [], volumes: volumes, path: path.child("initContainers"))
    errors += validateDefaultedChoice(spec.restartPolicy, ["Always", "OnFailure", "Never"], path.child("restartPolicy"))
    errors += validateDefaultedChoice(
      spec.dnsPolicy, ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"], path.child("dnsPolicy"))
    errors += validateLabels(spec.nodeSelector, path: path.child("nodeSelector"))
    errors += validateAffinity(spec.affinity, path.child("affinity"))
    errors += validateTopologySpreadConstraints(spec.topologySpreadConstraints ?? [], path.child("topologySpreadConstraints"))
    for (field, value) in [("serviceAccountName", spec.serviceAccountName), ("nodeName", spec.nodeName)] {
      if let value, !value.isEmpty { errors += invalid(path.child(field), value, isDNS1123Subdomain(value)) }
    }
    if let deadline = spec.activeDeadlineSeconds, deadline < 1 || deadline > Int64(Int32.max) {
      errors.append(.invalid(path.child("activeDeadlineSeconds"), .integer(deadline), inclusiveRangeMessage(1, Int64(Int32.max))))
    }
    for (field, value) in [("hostname", spec.hostname), ("subdomain", spec.subdomain)] {
      if let value, !value.isEmpty { errors += invalid(path.child(field), value, isDNS1123Label(value)) }
    }
    errors += validateTolerations(spec.tolerations ?? [], path.child("tolerations"))
    if let priorityClass = spec.priorityClassName, !priorityClass.isEmpty {
      errors += invalid(path.child("priorityClassName"), priorityClass, isDNS1123Subdomain(priorityClass))
    }
    // Upstream turns a negative grace period into 1 before validating; this model keeps it
    // and rejects it instead, so a stored pod always has a meaningful grace period.
    errors += nonNegative(spec.terminationGracePeriodSeconds, path.child("terminationGracePeriodSeconds"))
    return errors
  }

  /// `ValidatePodTemplateSpec`: the template's labels and annotations, then its pod spec.
  static func validatePodTemplate(_ template: PodTemplateSpec?, _ path: FieldPath) -> [ValidationError] {
    guard let template else { return [.required(path)] }
    var errors = validateLabels(template.metadata?.labels, path: path.child("labels"))
    errors += validateAnnotations(template.metadata?.annotations, path: path.child("annotations"))
    let spec = template.spec ?? PodSpec()
    errors += validatePodSpec(spec, path: path.child("spec"))
    if !(spec.ephemeralContainers ?? []).isEmpty {
      errors.append(.forbidden(path.child("spec", "ephemeralContainers"), "ephemeral containers not allowed in pod template"))
    }
    return errors
  }

  /// `validateContainers`: at least one, names unique, probes valid, no restart policy.
  private static func validateContainers(_ containers: [Container], volumes: Set<String>, path: FieldPath) -> [ValidationError] {
    guard !containers.isEmpty else { return [.required(path)] }
    var errors: [ValidationError] = []
    var names = Set<String>()
    for (index, container) in containers.enumerated() {
      let itemPath = path.index(index)
      errors += validateContainerCommon(container, volumes: volumes, path: itemPath)
      if !names.insert(container.name ?? "").inserted {
        errors.append(.duplicate(itemPath.child("name"), .string(container.name ?? "")))
      }
      errors += validateProbe(container.livenessProbe, itemPath.child("livenessProbe"), needsSingleSuccess: true)
      errors += validateProbe(container.readinessProbe, itemPath.child("readinessProbe"), needsSingleSuccess: false)
      errors += validateProbe(container.startupProbe, itemPath.child("startupProbe"), needsSingleSuccess: true)
      if container.restartPolicy != nil {
        errors.append(.forbidden(itemPath.child("restartPolicy"), "may not be set for non-init containers"))
      }
    }
    errors += hostPortConflicts(containers, path)
    return errors
  }

  /// `validateInitContainers`: names unique across regular and init containers; probes only
  /// for restartable (sidecar) init containers.
  private static func validateInitContainers(
    _ containers: [Container], regular: [Container], volumes: Set<String>, path: FieldPath
  ) -> [ValidationError] {
    var errors: [ValidationError] = []
    var names = Set(regular.map { $0.name ?? "" })
    for (index, container) in containers.enumerated() {
      let itemPath = path.index(index)
      errors += validateContainerCommon(container, volumes: volumes, path: itemPath)
      if let policy = container.restartPolicy, policy != "Always" {
        errors.append(.notSupported(itemPath.child("restartPolicy"), .string(policy), supported: ["Always"]))
      }
      let name = container.name ?? ""
      if names.contains(name) {
        errors.append(.duplicate(itemPath.child("name"), .string(name)))
      } else if !name.isEmpty {
        names.insert(name)
      }
      errors += hostPortConflicts([container], path)
      if container.restartPolicy == "Always" {
        errors += validateProbe(container.livenessProbe, itemPath.child("livenessProbe"), needsSingleSuccess: true)
        errors += validateProbe(container.readinessProbe, itemPath.child("readinessProbe"), needsSingleSuccess: false)
        errors += validateProbe(container.startupProbe, itemPath.child("startupProbe"), needsSingleSuccess: true)
      } else {
        let probes: [(String, Bool)] = [
          ("lifecycle", container.lifecycle != nil), ("livenessProbe", container.livenessProbe != nil),
          ("readinessProbe", container.readinessProbe != nil), ("startupProbe", container.startupProbe != nil),
        ]
        for (field, present) in probes where present {
          errors.append(.forbidden(itemPath.child(field), "may not be set for init containers without restartPolicy=Always"))
        }
      }
    }
    return errors
  }

  /// `checkHostPortConflicts`: one host port per protocol and host IP.
  private static func hostPortConflicts(_ containers: [Container], _ path: FieldPath) -> [ValidationError] {
    var errors: [ValidationError] = []
    var seen = Set<String>()
    for (containerIndex, container) in containers.enumerated() {
      for (portIndex, port) in (container.ports ?? []).enumerated() {
        guard let hostPort = port.hostPort, hostPort != 0 else { continue }
        let key = "\(port.protocol ?? "TCP")/\(port.hostIP ?? "")/\(hostPort)"
        if !seen.insert(key).inserted {
          errors.append(.duplicate(path.index(containerIndex).child("ports").index(portIndex).child("hostPort"), .string(key)))
        }
      }
    }
    return errors
  }

  /// `ValidateVolumes`: the names of the valid volumes, and the errors of the others.
  private static func validateVolumes(_ volumes: [Volume], _ path: FieldPath) -> (Set<String>, [ValidationError]) {
    var names = Set<String>()
    var errors: [ValidationError] = []
    for (index, volume) in volumes.enumerated() {
      let itemPath = path.index(index)
      var volumeErrors = validateVolumeSource(volume, itemPath)
      let name = volume.name ?? ""
      if name.isEmpty {
        volumeErrors.append(.required(itemPath.child("name")))
      } else {
        volumeErrors += invalid(itemPath.child("name"), name, isDNS1123Label(name))
      }
      if names.contains(name) { volumeErrors.append(.duplicate(itemPath.child("name"), .string(name))) }
      if volumeErrors.isEmpty {
        names.insert(name)
      } else {
        errors += volumeErrors
      }
    }
    return (names, errors)
  }

  /// `validateVolumeSource`: exactly one source, each with its required field.
  private static func validateVolumeSource(_ volume: Volume, _ path: FieldPath) -> [ValidationError] {
    // Upstream's order of sources, and its misspelt path for downward API volumes.
    let sources: [(String, Bool, [ValidationError])] = [
      ("emptyDir", volume.emptyDir != nil, []),
      ("hostPath", volume.hostPath != nil, (volume.hostPath?.path ?? "").isEmpty ? [.required(path.child("hostPath", "path"))] : []),
      ("secret", volume.secret != nil, (volume.secret?.secretName ?? "").isEmpty ? [.required(path.child("secret", "secretName"))] : []),
      ("nfs", volume.nfs != nil, []),
      (
        "persistentVolumeClaim", volume.persistentVolumeClaim != nil,
        (volume.persistentVolumeClaim?.claimName ?? "").isEmpty ? [.required(path.child("persistentVolumeClaim", "claimName"))] : []
      ),
      ("downwarAPI", volume.downwardAPI != nil, []),
      ("configMap", volume.configMap != nil, (volume.configMap?.name ?? "").isEmpty ? [.required(path.child("configMap", "name"))] : []),
      ("projected", volume.projected != nil, []),
      ("csi", volume.csi != nil, []),
      ("ephemeral", volume.ephemeral != nil, []),
      ("image", volume.image != nil, []),
    ]
    var count = 0
    var errors: [ValidationError] = []
    for (field, present, sourceErrors) in sources where present {
      if count > 0 {
        errors.append(.forbidden(path.child(field), "may not specify more than 1 volume type"))
      } else {
        count += 1
        errors += sourceErrors
      }
    }
    if count == 0 { errors.append(.required(path, "must specify a volume type")) }
    return errors
  }

  /// `ValidatePodUpdate`'s spec rules: the same containers; only images, a lowered
  /// `activeDeadlineSeconds` and added tolerations may change.
  private static func validatePodSpecUpdate(_ spec: PodSpec, old: PodSpec, path: FieldPath) -> [ValidationError] {
    var errors: [ValidationError] = []
    for (field, new, previous) in [
      ("containers", spec.containers ?? [], old.containers ?? []), ("initContainers", spec.initContainers ?? [], old.initContainers ?? []),
    ] where new.count != previous.count {
      return errors + [.forbidden(path.child(field), "pod updates may not add or remove containers")]
    }
    if let deadline = spec.activeDeadlineSeconds {
      if deadline < 0 || deadline > Int64(Int32.max) {
        return errors + [.invalid(path.child("activeDeadlineSeconds"), .integer(deadline), inclusiveRangeMessage(0, Int64(Int32.max)))]
      }
      if let previous = old.activeDeadlineSeconds, previous < deadline {
        return errors + [.invalid(path.child("activeDeadlineSeconds"), .integer(deadline), "must be less than or equal to previous value")]
      }
    } else if old.activeDeadlineSeconds != nil {
      errors.append(.invalid(path.child("activeDeadlineSeconds"), .json("null"), "must not update from a positive integer to nil value"))
    }
    errors += validateOnlyAddedTolerations(spec.tolerations ?? [], old: old.tolerations ?? [], path.child("tolerations"))
    var munged = spec
    munged.containers = zip(spec.containers ?? [], old.containers ?? []).map { new, previous in
      var container = new
      container.image = previous.image
      return container
    }
    munged.initContainers = zip(spec.initContainers ?? [], old.initContainers ?? []).map { new, previous in
      var container = new
      container.image = previous.image
      return container
    }
    if spec.containers == nil, old.containers == nil { munged.containers = nil }
    if spec.initContainers == nil, old.initContainers == nil { munged.initContainers = nil }
    munged.activeDeadlineSeconds = old.activeDeadlineSeconds
    munged.tolerations = old.tolerations
    if let previous = old.terminationGracePeriodSeconds, previous < 0, munged.terminationGracePeriodSeconds == 1 {
      munged.terminationGracePeriodSeconds = previous
    }
    if !semanticallyEqual(munged, old) {
      errors.append(
        .forbidden(path, "pod updates may not change fields other than " + updatablePodSpecFields.joined(separator: ",")))
    }
    return errors
  }

  /// Equality as `apiequality.Semantic`: an empty list or map equals an absent one.
  private static func semanticallyEqual(_ lhs: PodSpec, _ rhs: PodSpec) -> Bool {
    let encode = { (spec: PodSpec) in (try? ValueEncoder.encode(spec)).map(droppingEmpty) }
    return encode(lhs) == encode(rhs)
  }

  private static func droppingEmpty(_ value: JSONValue) -> JSONValue {
    switch value {
    case .array(let elements): return .array(elements.map(droppingEmpty))
    case .object(let members):
      var kept = members.mapValues(droppingEmpty)
      kept.removeAll { member in
        member.value == .array([]) || member.value == .emptyObject
      }
      kept.sort { $0.key < $1.key }
      return .object(kept)
    default: return value
    }
  }
}

extension String {
  /// The text without leading and trailing spaces, tabs and line breaks, as Go's `TrimSpace`.
  fileprivate var trimmingWhitespace: Substring {
    let isSpace = { (character: Character) in character.isWhitespace }
    guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
    return self[first...last]
  }
}
