import KubeModel

extension APIServer {
  /// What is wrong with `object` (and with the change from `old`), as the API server's
  /// validation reports it.
  func validationErrors<T: KubeObject>(_ object: T, old: T?) -> [ValidationError] {
    var errors: [ValidationError] = []
    // Paths are built only for a field being reported (or checked against its path): every
    // create validates, and building them up front allocated a few arrays per object.
    func metadata(_ field: String) -> FieldPath { FieldPath("metadata", field) }
    let name = object.metadata.name ?? ""
    if name.isEmpty {
      errors.append(.required(metadata("name"), "name or generateName is required"))
    } else {
      let messages = T.self == Namespace.self ? isDNS1123Label(name) : isDNS1123Subdomain(name)
      for message in messages { errors.append(.invalid(metadata("name"), .string(name), message)) }
    }
    if let labels = object.metadata.labels, !podDefaults.knowsValid(labels) {
      let labelErrors = validateLabels(labels, path: metadata("labels"))
      if labelErrors.isEmpty { podDefaults.noteValid(labels) } else { errors += labelErrors }
    }
    if let annotations = object.metadata.annotations {
      errors += validateAnnotations(annotations, path: metadata("annotations"))
    }
    if let old {
      if old.metadata.name != object.metadata.name {
        errors.append(.invalid(metadata("name"), .string(name), "field is immutable"))
      }
    }
    // The kind told by its type, known where this is specialised: a cast through an
    // existential cost hundreds of instructions for each kind tried (a node's Lease, renewed
    // every ten seconds, tried four).
    if let deployment = exactly(object, as: Deployment.self) {
      errors += ObjectValidator.selectorMismatch(selector: deployment.spec?.selector, template: deployment.spec?.template)
    } else if let set = exactly(object, as: ReplicaSet.self) {
      errors += ObjectValidator.selectorMismatch(selector: set.spec?.selector, template: set.spec?.template)
    } else if let set = exactly(object, as: DaemonSet.self) {
      errors += ObjectValidator.selectorMismatch(selector: set.spec?.selector, template: set.spec?.template)
    } else if let set = exactly(object, as: StatefulSet.self) {
      errors += ObjectValidator.selectorMismatch(selector: set.spec?.selector, template: set.spec?.template)
    }
    if let pod = exactly(object, as: Pod.self) {
      let containers = pod.spec?.containers ?? []
      if containers.isEmpty { errors.append(.required(FieldPath("spec", "containers"))) }
      for (index, container) in containers.enumerated() {
        if (container.name ?? "").isEmpty { errors.append(.required(Self.containerPath(index, "name"))) }
        if (container.image ?? "").isEmpty { errors.append(.required(Self.containerPath(index, "image"))) }
      }
      if let oldPod = old.flatMap({ exactly($0, as: Pod.self) }) { errors += Self.podSpecUpdateErrors(pod.spec, old: oldPod.spec) }
    }
    return errors
  }

  /// `spec.containers[index].field`.
  static func containerPath(_ index: Int, _ field: String) -> FieldPath {
    FieldPath("spec", "containers").index(index).child(field)
  }

  static let podUpdateForbidden =
    "pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,"
    + "`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),"
    + "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)"

  /// What a pod's spec update may change (`ValidatePodUpdate`): container and init
  /// container images, a new or shorter `activeDeadlineSeconds`, added tolerations, removed
  /// scheduling gates, and a negative grace period set to 1. Anything else is Forbidden.
  static func podSpecUpdateErrors(_ new: PodSpec?, old: PodSpec?) -> [ValidationError] {
    guard var munged = new, let old else { return [] }
    func withOldImages(_ new: [Container]?, _ old: [Container]?) -> [Container]? {
      guard var new, let old, new.count == old.count else { return new }
      for index in new.indices { new[index].image = old[index].image }
      return new
    }
    munged.containers = withOldImages(munged.containers, old.containers)
    munged.initContainers = withOldImages(munged.initContainers, old.initContainers)
    if let deadline = munged.activeDeadlineSeconds, deadline > 0, old.activeDeadlineSeconds.map({ deadline <= $0 }) ?? true {
      munged.activeDeadlineSeconds = old.activeDeadlineSeconds
    }
    let oldTolerations = old.tolerations ?? []
    if oldTolerations.allSatisfy({ (munged.tolerations ?? []).contains($0) }) { munged.tolerations = old.tolerations }
    let oldGates = old.schedulingGates ?? []
    if (munged.schedulingGates ?? []).allSatisfy({ oldGates.contains($0) }) { munged.schedulingGates = old.schedulingGates }
    if (old.terminationGracePeriodSeconds ?? 0) < 0, munged.terminationGracePeriodSeconds == 1 {
      munged.terminationGracePeriodSeconds = old.terminationGracePeriodSeconds
    }
    return munged == old ? [] : [.forbidden(FieldPath("spec"), podUpdateForbidden)]
  }
}

extension Status {
  /// 422: `Pod "x" is invalid: <field errors>` (`Deployment.apps "x"` outside the core
  /// group), with one cause per field error: KubeModel's `invalidStatus`.
  static func invalid(_ resource: ResourceType, name: String, errors: [ValidationError]) -> Status {
    invalidStatus(kind: resource, name: name, errors: errors)
  }
}
