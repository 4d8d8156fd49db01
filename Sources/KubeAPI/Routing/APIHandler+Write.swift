import KubeModel

extension APIHandler {
  /// The request body as a node tree, whatever its encoding (JSON, YAML, protobuf).
  func bodyNode(_ request: HTTPRequest, resource: ResourceType) throws(Status) -> ManifestNode {
    let contentType = (request.header("Content-Type") ?? "application/json").lowercased()
    if contentType.hasPrefix("application/vnd.kubernetes.protobuf") {
      do {
        return ManifestNode(json: try ProtobufDecoder.decodeEnvelope(request.body))
      } catch {
        throw Status.badRequest("the body of the request was in an unknown format - \(error.description)")
      }
    }
    if contentType.contains("yaml") {
      let text = String(decoding: request.body, as: UTF8.self)
      do {
        guard let node = try Manifest.parseDocuments(text).first else {
          throw Status.badRequest("the body of the request was empty")
        }
        return node
      } catch let errors as ManifestErrors {
        throw Self.cannotBeHandled(resource, errors.description)
      } catch let status as Status {
        throw status
      } catch {
        throw Status.badRequest(String(describing: error))
      }
    }
    do {
      return try JSONParser.parse(bytes: request.body)
    } catch {
      throw Self.cannotBeHandled(resource, error.message)
    }
  }

  /// `Pod in version "v1" cannot be handled as a Pod: <why>` (400), as the API server words
  /// decode errors.
  static func cannotBeHandled(_ resource: ResourceType, _ why: String) -> Status {
    .badRequest("\(resource.kind) in version \"\(resource.version)\" cannot be handled as a \(resource.kind): \(why)")
  }

  /// Decodes a body into the resource's type with the request's field validation level
  /// (`Strict`, `Warn` — the default — or `Ignore`).
  func decodeObject(_ node: ManifestNode, resource: ResourceType, request: HTTPRequest) throws(Status) -> (any KubeObject, [String]) {
    guard let type = KubeObjectTypes.type(for: resource) else { throw Status.notFound(resource, name: "") }
    let level = request.parameter("fieldValidation") ?? "Warn"
    let strictDecoder = StrictDecoder(rejectsUnknownFields: true)
    func decode<T: KubeObject>(_ type: T.Type, strict: Bool) throws(ManifestErrors) -> any KubeObject {
      try StrictDecoder(rejectsUnknownFields: strict).decode(T.self, from: node)
    }
    do {
      return (try decode(type, strict: true), [])
    } catch {
      let unknown = error.unknownFieldPaths
      let other = error.errors.filter {
        if case .unknownField = $0.kind { return false }
        return true
      }
      if !other.isEmpty {
        // Like the API server, no line numbers: the client sent JSON on one line.
        throw Self.cannotBeHandled(resource, other.map(\.message).joined(separator: ", "))
      }
      if level == "Strict" {
        let list = unknown.map { "unknown field \"\($0)\"" }.joined(separator: ", ")
        throw Self.cannotBeHandled(resource, "strict decoding error: \(list)")
      }
      _ = strictDecoder
      do {
        let object = try decode(type, strict: false)
        return (object, level == "Warn" ? unknown.map { "unknown field \"\($0)\"" } : [])
      } catch {
        throw Self.cannotBeHandled(resource, error.description)
      }
    }
  }

  func create(_ resource: ResourceType, namespace: String?, _ request: HTTPRequest) async throws -> HTTPResponse {
    let node = try bodyNode(request, resource: resource)
    var (object, warnings) = try decodeObject(node, resource: resource, request: request)
    if let kind = object.kind, !kind.isEmpty, kind != resource.kind {
      throw Status.badRequest("the object provided is unrecognized (must be of type \(resource.kind)): \(kind)")
    }
    if let namespace {
      if let given = object.metadata.namespace, !given.isEmpty, given != namespace {
        throw Status.badRequest("the namespace of the provided object does not match the namespace sent on the request")
      }
      object.metadata.namespace = namespace
    }
    let dryRun = request.isDryRun
    let created = try await adapter.create(object, dryRun: dryRun)
    return withWarnings(.json((try? ValueEncoder.encode(created)) ?? .null, status: dryRun ? 200 : 201), warnings)
  }

  func update(_ resource: ResourceType, namespace: String?, name: String, _ request: HTTPRequest) async throws -> HTTPResponse {
    let node = try bodyNode(request, resource: resource)
    var (object, warnings) = try decodeObject(node, resource: resource, request: request)
    if object.metadata.name != name {
      throw Status.badRequest(
        "the name of the object (\(object.metadata.name ?? "")) does not match the name on the URL (\(name))")
    }
    if let namespace { object.metadata.namespace = namespace }
    let updated = try await adapter.update(object, dryRun: request.isDryRun)
    return withWarnings(.json((try? ValueEncoder.encode(updated)) ?? .null), warnings)
  }

  func patch(_ resource: ResourceType, namespace: String?, name: String, _ request: HTTPRequest) async throws -> HTTPResponse {
    let contentType = (request.header("Content-Type") ?? "").split(separator: ";").first.map(String.init) ?? ""
    guard let kind = Patch.Kind(rawValue: contentType.trimmingCharacters(in: " ")) else {
      throw Status(
        message: "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json",
        reason: .unsupportedMediaType, code: 415)
    }
    let body: JSONValue
    if kind == .apply {
      body = try bodyNode(
        HTTPRequest(method: request.method, uri: request.path, headers: [("Content-Type", "application/yaml")], body: request.body),
        resource: resource
      ).jsonValue
    } else {
      do {
        body = try JSONParser.parse(bytes: request.body).jsonValue
      } catch {
        throw Status.badRequest(error.message)
      }
    }
    let patched = try await adapter.patch(resource, namespace: namespace, name: name, patch: Patch(kind, body), dryRun: request.isDryRun)
    return .json((try? ValueEncoder.encode(patched)) ?? .null)
  }

  func deleteOptions(_ request: HTTPRequest) -> DeleteOptions {
    var options = DeleteOptions()
    if !request.body.isEmpty, let node = try? JSONParser.parse(bytes: request.body),
      let decoded = try? StrictDecoder(rejectsUnknownFields: false).decode(DeleteOptions.self, from: node)
    {
      options = decoded
    }
    if let grace = request.parameter("gracePeriodSeconds").flatMap(Int64.init) { options.gracePeriodSeconds = grace }
    if let policy = request.parameter("propagationPolicy") { options.propagationPolicy = policy }
    if let dryRun = request.query["dryRun"] { options.dryRun = dryRun }
    return options
  }

  func delete(_ resource: ResourceType, namespace: String?, name: String, _ request: HTTPRequest) async throws -> HTTPResponse {
    let options = deleteOptions(request)
    let before = try await adapter.get(resource, namespace: namespace, name: name)
    try await adapter.delete(resource, namespace: namespace, name: name, options: options)
    // A gracefully terminating object is returned as it now is; a removed one as a Status.
    if let after = try? await adapter.get(resource, namespace: namespace, name: name),
      after.metadata.uid == before.metadata.uid
    {
      return .json((try? ValueEncoder.encode(after)) ?? .null)
    }
    return .object(
      Status.success(details: StatusDetails(name: name, group: resource.group, kind: resource.plural, uid: before.metadata.uid)))
  }

  func deleteCollection(_ resource: ResourceType, namespace: String?, _ request: HTTPRequest) async throws -> HTTPResponse {
    let options = deleteOptions(request)
    let (objects, metadata) = try await adapter.list(resource, namespace: namespace, options: listOptions(request))
    for object in objects {
      try? await adapter.delete(resource, namespace: object.metadata.namespace, name: object.name, options: options)
    }
    return .json(listJSON(resource, objects: objects, metadata: metadata))
  }

  func setScale(_ resource: ResourceType, namespace: String, name: String, _ request: HTTPRequest) async throws -> HTTPResponse {
    let body: JSONValue
    do {
      body = try JSONParser.parse(bytes: request.body).jsonValue
    } catch {
      throw Status.badRequest(error.message)
    }
    var replicas = body["spec"]?["replicas"]?.intValue
    if replicas == nil, request.method == "PATCH", let operations = body.arrayValue {
      replicas = operations.first { $0["path"]?.stringValue == "/spec/replicas" }?["value"]?.intValue
    }
    guard let replicas else { throw Status.badRequest("spec.replicas is required") }
    let scale = try await client.scale(
      resource, namespace: namespace, name: name, replicas: Int32(clamping: replicas), dryRun: request.isDryRun)
    return .object(scale)
  }

  /// Adds `Warning` headers (`299 - "unknown field \"x\""`), as the API server does for
  /// `fieldValidation=Warn`.
  func withWarnings(_ response: HTTPResponse, _ warnings: [String]) -> HTTPResponse {
    guard !warnings.isEmpty, case .full(let status, var headers, let body) = response else { return response }
    for warning in warnings {
      headers.append(("Warning", "299 - \"\(warning.replacingOccurrences(of: "\"", with: "\\\""))\""))
    }
    return .full(status: status, headers: headers, body: body)
  }
}

extension String {
  func trimmingCharacters(in set: Character) -> String {
    var text = Substring(self)
    while text.first == set { text = text.dropFirst() }
    while text.last == set { text = text.dropLast() }
    return String(text)
  }
}

extension HTTPRequest {
  /// `dryRun=All`: the write is checked and answered, and nothing changes.
  var isDryRun: Bool { query["dryRun"]?.contains("All") ?? false }
}
