import KubeModel

/// `kubectl describe` of claims, volumes and storage classes, line for line.
enum StorageDescription {
  static func write(_ claim: PersistentVolumeClaim, cache: InformerCache, into text: inout TabbedText, now: Time) {
    let spec = claim.spec
    text.identity(claim)
    text.write(0, "StorageClass:\t\(storageClass(claim.metadata, claim.spec?.storageClassName))\n")
    if let deletion = claim.metadata.deletionTimestamp {
      text.write(0, "Status:\tTerminating (lasts \(Format.age(since: deletion, now: now)))\n")
    } else {
      text.write(0, "Status:\t\(claim.status?.phase ?? "")\n")
    }
    text.write(0, "Volume:\t\(spec?.volumeName ?? "")\n")
    text.labels("Labels", claim.metadata.labels)
    text.annotations("Annotations", claim.metadata.annotations)
    text.write(0, "Finalizers:\t[\((claim.metadata.finalizers ?? []).joined(separator: " "))]\n")
    let bound = !(spec?.volumeName ?? "").isEmpty
    text.write(0, "Capacity:\t\(bound ? claim.status?.capacity?["storage"]?.description ?? "0" : "")\n")
    text.write(0, "Access Modes:\t\(bound ? accessModes(claim.status?.accessModes) : "")\n")
    if let mode = spec?.volumeMode { text.write(0, "VolumeMode:\t\(mode)\n") }
    let users = cache.pods.all.filter { pod in
      pod.namespace == claim.namespace && (pod.spec?.volumes ?? []).contains { $0.persistentVolumeClaim?.claimName == claim.name }
    }.map(\.name).sorted()
    text.write(0, "Used By:\t")
    if users.isEmpty { text.line(Format.none) }
    for (index, user) in users.enumerated() { text.write(0, (index > 0 ? "\t" : "") + user + "\n") }
  }

  static func write(_ volume: PersistentVolume, into text: inout TabbedText, now: Time) {
    let spec = volume.spec
    text.header(volume)
    text.write(0, "Finalizers:\t[\((volume.metadata.finalizers ?? []).joined(separator: " "))]\n")
    text.write(0, "StorageClass:\t\(storageClass(volume.metadata, spec?.storageClassName))\n")
    if let deletion = volume.metadata.deletionTimestamp {
      text.write(0, "Status:\tTerminating (lasts \(Format.age(since: deletion, now: now)))\n")
    } else {
      text.write(0, "Status:\t\(volume.status?.phase ?? "")\n")
    }
    text.write(0, "Claim:\t\(spec?.claimRef.map { "\($0.namespace ?? "")/\($0.name ?? "")" } ?? "")\n")
    text.write(0, "Reclaim Policy:\t\(spec?.persistentVolumeReclaimPolicy ?? "")\n")
    text.write(0, "Access Modes:\t\(accessModes(spec?.accessModes))\n")
    if let mode = spec?.volumeMode { text.write(0, "VolumeMode:\t\(mode)\n") }
    text.write(0, "Capacity:\t\(spec?.capacity?["storage"]?.description ?? "0")\n")
    text.write(0, "Node Affinity:\t")
    if let required = spec?.nodeAffinity?.required {
      text.line("")
      let terms = required.nodeSelectorTerms ?? []
      text.write(1, "Required Terms:\t")
      text.line(terms.isEmpty ? Format.none : "")
      for (index, term) in terms.enumerated() {
        text.write(2, "Term \(index):\t")
        let expressions = term.matchExpressions ?? []
        if expressions.isEmpty { text.line(Format.none) }
        for (position, requirement) in expressions.enumerated() {
          if position > 0 { text.write(2, "\t") }
          var expression = "\(requirement.key ?? "") \((requirement.operator ?? "").lowercased())"
          if let values = requirement.values, !values.isEmpty { expression += " [\(values.joined(separator: ", "))]" }
          text.write(0, expression + "\n")
        }
      }
    } else {
      text.line(Format.none)
    }
    text.write(0, "Message:\t\(volume.status?.message ?? "")\n")
    text.write(0, "Source:\n")
    if let path = spec?.hostPath { ContainerDescription.hostPath(path, into: &text) }
  }

  static func write(_ storageClass: StorageClass, into text: inout TabbedText) {
    let annotations = storageClass.metadata.annotations ?? [:]
    let isDefault = ["storageclass.kubernetes.io/is-default-class", "storageclass.beta.kubernetes.io/is-default-class"]
      .contains { annotations[$0] == "true" }
    text.identity(storageClass)
    text.write(0, "IsDefaultClass:\t\(isDefault ? "Yes" : "No")\n")
    text.write(0, "Annotations:\t\(Format.labels(annotations).replacingOccurrences(of: Format.none, with: ""))\n")
    text.write(0, "Provisioner:\t\(storageClass.provisioner ?? "")\n")
    text.write(0, "Parameters:\t\(Format.labels(storageClass.parameters ?? [:]))\n")
    text.write(0, "AllowVolumeExpansion:\t\(storageClass.allowVolumeExpansion.map { $0 ? "True" : "False" } ?? "<unset>")\n")
    let options = storageClass.mountOptions ?? []
    text.write(0, options.isEmpty ? "MountOptions:\t<none>\n" : "MountOptions:\n")
    for option in options { text.write(1, option + "\n") }
    if let policy = storageClass.reclaimPolicy { text.write(0, "ReclaimPolicy:\t\(policy)\n") }
    if let mode = storageClass.volumeBindingMode { text.write(0, "VolumeBindingMode:\t\(mode)\n") }
  }

  /// A claim's or a volume's class: the old annotation first, then `storageClassName`.
  static func storageClass(_ metadata: ObjectMeta, _ className: String?) -> String {
    metadata.annotations?["volume.beta.kubernetes.io/storage-class"] ?? className ?? ""
  }

  /// `RWO,ROX,RWX,RWOP`: each mode once, in that order.
  private static func accessModes(_ modes: [String]?) -> String {
    let modes = Set(modes ?? [])
    return [("ReadWriteOnce", "RWO"), ("ReadOnlyMany", "ROX"), ("ReadWriteMany", "RWX"), ("ReadWriteOncePod", "RWOP")]
      .filter { modes.contains($0.0) }.map(\.1).joined(separator: ",")
  }
}
