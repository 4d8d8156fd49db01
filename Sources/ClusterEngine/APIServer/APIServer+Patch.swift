import KubeModel

/// How the API server treats fields a request's type does not define (`fieldValidation`).
public enum FieldValidation: String, Hashable, Sendable {
  /// Unknown fields fail the request (kubectl's default since 1.27).
  case strict = "Strict"
  /// Unknown fields are dropped; the API server would add a warning header.
  case warn = "Warn"
  /// Unknown fields are dropped silently.
  case ignore = "Ignore"
}

extension APIServer {
  /// Patches an object as the API server's PATCH does: the stored object is encoded, the
  /// JSON patch, merge patch or strategic merge patch is applied to it, the result is
  /// decoded strictly (an unknown field is 400 `strict decoding error: unknown field
  /// "spec.foo"` under `.strict`) and written with `update`, or `updateStatus` for the
  /// `status` subresource.
  ///
  /// A `resourceVersion` the patch sets is checked as an update's is (stale → Conflict);
  /// without one the patch applies to the stored version. With `dryRun` the patched
  /// object is returned as it would be stored, and nothing changes (`kubectl diff`).
  ///
  /// Server-side apply (`application/apply-patch+yaml`) creates the object when absent and
  /// otherwise merges the applied configuration into it strategically. Field ownership is
  /// simplified: no `managedFields` are kept, so there are no conflicts between managers,
  /// and fields dropped from an applied configuration are not removed.
  @discardableResult
  public func patch<T: KubeObject>(
    _ type: T.Type, namespace: String = "", name: String, patch: Patch, subresource: String? = nil,
    fieldValidation: FieldValidation = .strict, dryRun: Bool = false
  ) throws(Status) -> T {
    let namespace = T.resource.namespaced ? (namespace.isEmpty ? "default" : namespace) : ""
    guard subresource == nil || subresource == "status" else {
      throw Status(message: "the server could not find the requested resource", reason: .notFound, code: 404)
    }
    guard let stored = store.get(T.self, namespace: namespace, name: name) else {
      if patch.kind == .apply, subresource == nil {
        return try createApplied(
          T.self, namespace: namespace, name: name, body: patch.body, fieldValidation: fieldValidation, dryRun: dryRun)
      }
      throw Status.notFound(T.resource, name: name)
    }
    let original: JSONValue
    do { original = try ValueEncoder.encode(stored) } catch { throw Status.internalError("\(error)") }
    let patched: JSONValue
    do throws(PatchError) {
      patched = try patch.applied(to: original, resource: T.resource)
    } catch {
      throw Status(message: error.description, reason: .invalid, code: 422)
    }
    var object: T = try Self.decodeRequestBody(T.self, patched, fieldValidation: fieldValidation)
    try Self.checkIdentity(object, namespace: namespace, name: name)
    object.metadata.namespace = T.resource.namespaced ? namespace : nil
    return subresource == "status" ? try updateStatus(object, dryRun: dryRun) : try update(object, dryRun: dryRun)
  }

  private func createApplied<T: KubeObject>(
    _ type: T.Type, namespace: String, name: String, body: JSONValue, fieldValidation: FieldValidation, dryRun: Bool
  ) throws(Status) -> T {
    var object: T = try Self.decodeRequestBody(T.self, body, fieldValidation: fieldValidation)
    if (object.metadata.name ?? "").isEmpty { object.metadata.name = name }
    try Self.checkIdentity(object, namespace: namespace, name: name)
    object.metadata.namespace = T.resource.namespaced ? namespace : nil
    object.metadata.resourceVersion = nil
    return try create(object, dryRun: dryRun)
  }

  /// Decodes a request body as `T`: unknown fields are 400 `strict decoding error: …`
  /// under `.strict`, other shape errors 400 with the decoder's message.
  static func decodeRequestBody<T: KubeObject>(
    _ type: T.Type, _ body: JSONValue, fieldValidation: FieldValidation
  ) throws(Status) -> T {
    do {
      return try StrictDecoder(rejectsUnknownFields: fieldValidation == .strict).decode(T.self, from: body)
    } catch {
      let unknown = error.unknownFieldPaths
      if !unknown.isEmpty, unknown.count == error.errors.count {
        throw Status.badRequest(
          "strict decoding error: " + unknown.map { "unknown field \"\($0)\"" }.joined(separator: ", "))
      }
      throw Status.badRequest(error.errors.map(\.message).joined(separator: ", "))
    }
  }

  /// A body may not rename or move the object it addresses.
  static func checkIdentity<T: KubeObject>(_ object: T, namespace: String, name: String) throws(Status) {
    if let bodyName = object.metadata.name, bodyName != name {
      throw Status.badRequest("the name of the object (\(bodyName)) does not match the name on the URL (\(name))")
    }
    if T.resource.namespaced, let bodyNamespace = object.metadata.namespace, !bodyNamespace.isEmpty, bodyNamespace != namespace {
      throw Status.badRequest("the namespace of the provided object does not match the namespace sent on the request")
    }
  }
}
