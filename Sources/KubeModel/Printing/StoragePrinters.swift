/// PersistentVolumeClaims as `kubectl get pvc` prints them.
public enum PersistentVolumeClaimPrinter: TablePrinter {
  public static let columns: [ResourceTable.ColumnDefinition] = [
    nameColumn, .init("Status"), .init("Volume"), .init("Capacity"), .init("Access Modes"), .init("StorageClass"),
    .init("VolumeAttributesClass"), ageColumn, .init("VolumeMode", priority: 1),
  ]

  public static func cells(_ claim: PersistentVolumeClaim, now: Time) -> [JSONValue] {
    let phase = claim.metadata.deletionTimestamp != nil ? "Terminating" : (claim.status?.phase ?? "")
    let bound = claim.status?.phase == "Bound"
    return [
      .string(claim.name), .string(phase), .string(claim.spec?.volumeName ?? ""),
      .string(bound ? claim.status?.capacity?["storage"]?.description ?? "" : ""),
      .string(bound ? accessModesText(claim.status?.accessModes) : ""), .string(claim.spec?.storageClassName ?? ""),
      .string(orNone(claim.spec?.volumeAttributesClassName)),
      .string(HumanDuration.since(claim.metadata.creationTimestamp, now: now)), .string(claim.spec?.volumeMode ?? "Filesystem"),
    ]
  }
}

/// PersistentVolumes as `kubectl get pv` prints them.
public enum PersistentVolumePrinter: TablePrinter {
  public static let columns: [ResourceTable.ColumnDefinition] = [
    nameColumn, .init("Capacity"), .init("Access Modes"), .init("Reclaim Policy"), .init("Status"), .init("Claim"),
    .init("StorageClass"), .init("VolumeAttributesClass"), .init("Reason"), ageColumn, .init("VolumeMode", priority: 1),
  ]

  public static func cells(_ volume: PersistentVolume, now: Time) -> [JSONValue] {
    let claim = volume.spec?.claimRef.map { "\($0.namespace ?? "")/\($0.name ?? "")" } ?? ""
    let phase = volume.metadata.deletionTimestamp != nil ? "Terminating" : (volume.status?.phase ?? "")
    return [
      .string(volume.name), .string(volume.spec?.capacity?["storage"]?.description ?? ""),
      .string(accessModesText(volume.spec?.accessModes)), .string(volume.spec?.persistentVolumeReclaimPolicy ?? ""),
      .string(phase), .string(claim), .string(volume.spec?.storageClassName ?? ""),
      .string(orNone(volume.spec?.volumeAttributesClassName)), .string(volume.status?.reason ?? ""),
      .string(HumanDuration.since(volume.metadata.creationTimestamp, now: now)), .string(volume.spec?.volumeMode ?? "Filesystem"),
    ]
  }
}

/// StorageClasses as `kubectl get storageclasses` prints them.
public enum StorageClassPrinter: TablePrinter {
  public static let columns: [ResourceTable.ColumnDefinition] = [
    nameColumn, .init("Provisioner"), .init("ReclaimPolicy"), .init("VolumeBindingMode"),
    .init("AllowVolumeExpansion"), ageColumn,
  ]

  public static func cells(_ storageClass: StorageClass, now: Time) -> [JSONValue] {
    var name = storageClass.name
    if storageClass.metadata.annotations?["storageclass.kubernetes.io/is-default-class"] == "true" { name += " (default)" }
    return [
      .string(name), .string(storageClass.provisioner ?? ""), .string(storageClass.reclaimPolicy ?? "Delete"),
      .string(storageClass.volumeBindingMode ?? "Immediate"), .string(String(storageClass.allowVolumeExpansion ?? false)),
      .string(HumanDuration.since(storageClass.metadata.creationTimestamp, now: now)),
    ]
  }
}

/// `RWO,ROX`-style access modes.
func accessModesText(_ modes: [String]?) -> String {
  let short = ["ReadWriteOnce": "RWO", "ReadOnlyMany": "ROX", "ReadWriteMany": "RWX", "ReadWriteOncePod": "RWOP"]
  var seen: [String] = []
  for mode in modes ?? [] {
    if let abbreviation = short[mode], !seen.contains(abbreviation) { seen.append(abbreviation) }
  }
  return seen.joined(separator: ",")
}
