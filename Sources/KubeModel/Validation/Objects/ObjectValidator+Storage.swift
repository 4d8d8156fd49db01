/// Access modes, sorted as upstream lists them.
private let accessModes = ["ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"]

extension ObjectValidator {
  /// A persistent volume (`ValidatePersistentVolume`): access modes, a storage capacity, a
  /// reclaim policy and exactly one volume source.
  public static func validatePV(_ volume: PersistentVolume, old: PersistentVolume? = nil) -> [ValidationError] {
    var errors = validateMetadata(volume.metadata, old: old?.metadata, namespaced: false, name: isDNS1123Subdomain)
    let spec = volume.spec ?? PersistentVolumeSpec()
    let path = FieldPath("spec")
    errors += validateAccessModes(spec.accessModes ?? [], path.child("accessModes"), missing: "")
    let capacity = spec.capacity ?? [:]
    if capacity.isEmpty {
      errors.append(.required(path.child("capacity")))
    } else if capacity["storage"] == nil || capacity.count > 1 {
      errors.append(.notSupported(path.child("capacity"), .strings(capacity.keys.sorted()), supported: ["storage"]))
    }
    for (name, quantity) in capacity.sorted(by: { $0.key < $1.key }) where quantity.value < 0 {
      errors.append(.invalid(path.child("capacity").key(name), .integer(quantity.value), "must be a valid resource quantity"))
    }
    if let policy = spec.persistentVolumeReclaimPolicy, !["Delete", "Recycle", "Retain"].contains(policy) {
      errors.append(
        .notSupported(path.child("persistentVolumeReclaimPolicy"), .string(policy), supported: ["Delete", "Recycle", "Retain"]))
    }
    if let storageClass = spec.storageClassName, !storageClass.isEmpty {
      errors += invalid(path.child("storageClassName"), storageClass, isDNS1123Subdomain(storageClass))
    }
    errors += validateVolumeMode(spec.volumeMode, path.child("volumeMode"))
    let sources: [(String, Bool)] = [
      ("hostPath", spec.hostPath != nil), ("nfs", spec.nfs != nil), ("local", spec.local != nil), ("csi", spec.csi != nil),
    ]
    var count = 0
    for (field, present) in sources where present {
      if count > 0 {
        errors.append(.forbidden(path.child(field), "may not specify more than 1 volume type"))
      } else {
        count += 1
        if field == "hostPath", (spec.hostPath?.path ?? "").isEmpty { errors.append(.required(path.child("hostPath", "path"))) }
      }
    }
    if count == 0 { errors.append(.required(path, "must specify a volume type")) }
    return errors
  }

  /// A persistent volume claim (`ValidatePersistentVolumeClaim`, or the update rules when `old`
  /// is given: the spec is fixed except a growing storage request and a first `volumeName`).
  public static func validatePVC(_ claim: PersistentVolumeClaim, old: PersistentVolumeClaim? = nil) -> [ValidationError] {
    var errors = validateMetadata(claim.metadata, old: old?.metadata, namespaced: true, name: isDNS1123Subdomain)
    let spec = claim.spec ?? PersistentVolumeClaimSpec()
    let path = FieldPath("spec")
    errors += validateAccessModes(spec.accessModes ?? [], path.child("accessModes"), missing: "at least 1 access mode is required")
    errors += validateLabelSelector(spec.selector, path.child("selector"))
    let storagePath = path.child("resources").key("storage")
    if let storage = spec.resources?.requests?["storage"] {
      if storage.sign <= 0 {
        errors.append(.invalid(storagePath, .string(storage.description), "must be greater than zero"))
      }
    } else {
      errors.append(.required(storagePath))
    }
    if let storageClass = spec.storageClassName, !storageClass.isEmpty {
      errors += invalid(path.child("storageClassName"), storageClass, isDNS1123Subdomain(storageClass))
    }
    errors += validateVolumeMode(spec.volumeMode, path.child("volumeMode"))
    if let old {
      let previous = old.spec ?? PersistentVolumeClaimSpec()
      var comparable = spec
      if (previous.volumeName ?? "").isEmpty { comparable.volumeName = previous.volumeName }
      comparable.resources?.requests?["storage"] = previous.resources?.requests?["storage"]
      if comparable != previous {
        errors.append(
          .forbidden(path, "spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims"))
      }
      if let new = spec.resources?.requests?["storage"], let before = previous.resources?.requests?["storage"], new < before {
        errors.append(.forbidden(FieldPath("spec", "resources", "requests", "storage"), "field can not be less than previous value"))
      }
    }
    return errors
  }

  private static func validateAccessModes(_ modes: [String], _ path: FieldPath, missing: String) -> [ValidationError] {
    if modes.isEmpty { return [.required(path, missing)] }
    var errors: [ValidationError] = []
    for mode in modes where !accessModes.contains(mode) {
      errors.append(.notSupported(path, .string(mode), supported: accessModes))
    }
    if modes.contains("ReadWriteOncePod"), modes.contains(where: { $0 != "ReadWriteOncePod" && accessModes.contains($0) }) {
      errors.append(.forbidden(path, "may not use ReadWriteOncePod with other access modes"))
    }
    return errors
  }

  private static func validateVolumeMode(_ mode: String?, _ path: FieldPath) -> [ValidationError] {
    guard let mode, mode != "Block", mode != "Filesystem" else { return [] }
    return [.notSupported(path, .string(mode), supported: ["Block", "Filesystem"])]
  }
}
