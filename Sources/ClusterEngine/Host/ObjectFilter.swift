import KubeModel

/// The namespace, label selector and field selector of a list or watch, parsed and checked
/// as the API server does.
struct ObjectFilter {
  /// The namespace to look in; nil for all namespaces (and for cluster-scoped kinds).
  let namespace: String?
  let labels: Selector
  let fields: FieldSelector

  /// Parses the selectors for objects of `type`; a bad selector or a field the kind does
  /// not support is a 400 BadRequest with upstream's message.
  init<T: KubeObject>(_ type: T.Type, namespace: String?, labelSelector: String?, fieldSelector: String?) throws(Status) {
    self.namespace = T.resource.namespaced ? namespace.flatMap { $0.isEmpty ? nil : $0 } : nil
    do throws(SelectorError) {
      labels = try labelSelector.map { (text) throws(SelectorError) in try Selector(parsing: text) } ?? .everything
      fields = try fieldSelector.map { (text) throws(SelectorError) in try FieldSelector(parsing: text) } ?? .everything
    } catch {
      throw Status.badRequest(error.description)
    }
    guard !fields.isEverything, let blank = T.blank() else { return }
    for requirement in fields.requirements where FieldValues.value(of: blank, path: requirement.field) == nil {
      if Self.hasOwnFields(blank) {
        throw Status.badRequest("field label not supported: \(requirement.field)")
      }
      throw Status.badRequest(
        "\"\(requirement.field)\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"")
    }
  }

  /// Whether a label or field change can move an object in or out of the selection.
  var canChangeMembership: Bool { !labels.isEverything || !fields.isEverything }

  /// Whether `object` lies in the filter's namespace.
  func inNamespace(_ object: some KubeObject) -> Bool {
    namespace == nil || object.metadata.namespace == namespace
  }

  /// Whether `object` lies in the namespace and satisfies both selectors.
  func matches(_ object: some KubeObject) -> Bool {
    guard inNamespace(object), labels.matches(object.metadata.labels) else { return false }
    return fields.isEverything || fields.matches { FieldValues.value(of: object, path: $0) }
  }

  /// Kinds with field selectors beyond name and namespace, whose conversion functions
  /// report unknown fields as `field label not supported`.
  private static func hasOwnFields(_ object: any KubeObject) -> Bool {
    object is Pod || object is Node || object is Event || object is Secret || object is Namespace || object is Job
  }
}

extension KubeObject {
  /// An object of this type with every field unset (all API fields are optional).
  static func blank() -> Self? {
    var object = try? StrictDecoder(rejectsUnknownFields: false).decode(Self.self, from: JSONValue.emptyObject)
    object?.stampTypeMeta()
    return object
  }

  /// The object's key in the store.
  var storeKey: ObjectKey {
    ObjectKey(namespace: metadata.namespace ?? "", name: metadata.name ?? "")
  }
}
