/// `field is immutable` (`FieldImmutableErrorMsg`).
let fieldImmutableMessage = "field is immutable"

/// Finalizer names without a `/` that Kubernetes itself defines.
private let standardFinalizers: Set<String> = ["kubernetes", "orphan", "foregroundDeletion"]

extension ObjectValidator {
  /// `ValidateObjectMeta` (create): name or generateName, namespace by scope, generation,
  /// labels, annotations, owner references and finalizers.
  ///
  /// `name` is the kind's name rule (`isDNS1123Subdomain` for most kinds).
  static func validateObjectMeta(
    _ meta: ObjectMeta, namespaced: Bool, name nameRule: (String) -> [String],
    path: FieldPath = FieldPath("metadata")
  ) -> [ValidationError] {
    var errors: [ValidationError] = []
    if let generateName = meta.generateName, !generateName.isEmpty {
      errors += invalid(path.child("generateName"), generateName, nameRule(maskTrailingDash(generateName)))
    }
    let name = meta.name ?? ""
    if name.isEmpty {
      errors.append(.required(path.child("name"), "name or generateName is required"))
    } else {
      errors += invalid(path.child("name"), name, nameRule(name))
    }
    let namespace = meta.namespace ?? ""
    if namespaced {
      if namespace.isEmpty {
        errors.append(.required(path.child("namespace")))
      } else {
        errors += invalid(path.child("namespace"), namespace, isDNS1123Label(namespace))
      }
    } else if !namespace.isEmpty {
      errors.append(.forbidden(path.child("namespace"), "not allowed on this type"))
    }
    errors += nonNegative(meta.generation, path.child("generation"))
    errors += validateLabels(meta.labels, path: path.child("labels"))
    errors += validateAnnotations(meta.annotations, path: path.child("annotations"))
    errors += validateOwnerReferences(meta.ownerReferences, path.child("ownerReferences"))
    errors += validateFinalizers(meta.finalizers, path.child("finalizers"))
    return errors
  }

  /// `ValidateObjectMetaUpdate`: a resourceVersion, no new finalizers while deleting, a
  /// generation that does not go back, and the identity fields unchanged.
  static func validateObjectMetaUpdate(
    _ meta: ObjectMeta, old: ObjectMeta, path: FieldPath = FieldPath("metadata")
  ) -> [ValidationError] {
    var errors: [ValidationError] = []
    if old.deletionTimestamp != nil {
      let added = Set(meta.finalizers ?? []).subtracting(old.finalizers ?? []).sorted()
      if !added.isEmpty {
        let shown = "[]string{" + added.map { GoQuote.quoted($0) }.joined(separator: ", ") + "}"
        errors.append(
          .forbidden(
            path.child("finalizers"), "no new finalizers can be added if the object is being deleted, found new finalizers \(shown)"))
      }
    }
    if (meta.resourceVersion ?? "").isEmpty {
      errors.append(.invalid(path.child("resourceVersion"), .string(meta.resourceVersion ?? ""), "must be specified for an update"))
    }
    errors += nonNegative(meta.generation, path.child("generation"))
    if let generation = meta.generation, generation < (old.generation ?? 0) {
      errors.append(.invalid(path.child("generation"), .integer(generation), "must not be decremented"))
    }
    for (field, new, previous) in [("name", meta.name, old.name), ("namespace", meta.namespace, old.namespace), ("uid", meta.uid, old.uid)]
    where (new ?? "") != (previous ?? "") {
      errors.append(.invalid(path.child(field), .string(new ?? ""), fieldImmutableMessage))
    }
    return errors
  }

  /// A generated name's prefix may end in `-`: check it as if the dash were a letter.
  private static func maskTrailingDash(_ name: String) -> String {
    guard name.count > 1, name.hasSuffix("-") else { return name }
    return String(name.dropLast()) + "a"
  }

  private static func validateOwnerReferences(_ references: [OwnerReference]?, _ path: FieldPath) -> [ValidationError] {
    var errors: [ValidationError] = []
    var controllers: [String] = []
    for (index, reference) in (references ?? []).enumerated() {
      let itemPath = path.index(index)
      if reference.apiVersion.isEmpty {
        errors.append(.required(itemPath.child("apiVersion"), "must not be empty"))
      } else if reference.apiVersion.split(separator: "/", omittingEmptySubsequences: false).count > 2 {
        errors.append(.invalid(itemPath.child("apiVersion"), .string(reference.apiVersion), "must be <group>/<version> or <version>"))
      }
      if reference.kind.isEmpty { errors.append(.required(itemPath.child("kind"), "must not be empty")) }
      if reference.name.isEmpty { errors.append(.required(itemPath.child("name"), "must not be empty")) }
      if reference.uid.isEmpty { errors.append(.required(itemPath.child("uid"), "must not be empty")) }
      if reference.controller == true { controllers.append(reference.kind + "/" + reference.name) }
    }
    if controllers.count > 1 {
      errors.append(
        .invalid(
          path, jsonValue(references),
          "Only one reference can have Controller set to true. Found \"true\" in references for \(controllers.joined(separator: " and "))"
        ))
    }
    return errors
  }

  private static func validateFinalizers(_ finalizers: [String]?, _ path: FieldPath) -> [ValidationError] {
    guard let finalizers else { return [] }
    var errors: [ValidationError] = []
    for finalizer in finalizers {
      errors += invalid(path, finalizer, isQualifiedName(finalizer))
    }
    if finalizers.contains("orphan"), finalizers.contains("foregroundDeletion") {
      errors.append(.invalid(path, .strings(finalizers), "finalizer orphan and foregroundDeletion cannot be both set"))
    }
    for (index, finalizer) in finalizers.enumerated() where !finalizer.contains("/") && !standardFinalizers.contains(finalizer) {
      errors.append(
        .invalid(path.index(index), .string(finalizer), "name is neither a standard finalizer name nor is it fully qualified"))
    }
    return errors
  }
}
