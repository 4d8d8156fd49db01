import KubeModel

/// Serves the Kubernetes REST API over any `ClusterClient`: discovery, the verbs on every
/// served resource, subresources (status, scale, eviction, log), metrics, and Tables for
/// `kubectl get`. Transport-independent: `HTTPServer` feeds it requests.
public final class APIHandler: Sendable {
  let client: any ClusterClient
  let adapter: ClientAdapter
  /// The client, when it can read one object without suspending.
  let immediateReader: (any ImmediateReads)?
  let gitVersion: String
  /// When set, every request must carry `Authorization: Bearer <token>`.
  let bearerToken: String?
  /// The cluster's current time, for ages in tables (the embedded cluster's virtual time).
  let clock: @Sendable () -> Time

  public init(
    client: any ClusterClient, gitVersion: String = "v1.32.4", bearerToken: String? = nil,
    clock: @escaping @Sendable () -> Time
  ) {
    self.client = client
    self.adapter = ClientAdapter(client: client)
    self.immediateReader = client as? any ImmediateReads
    self.gitVersion = gitVersion
    self.bearerToken = bearerToken
    self.clock = clock
  }

  /// Answers one request; never throws (failures become `Status` replies).
  public func handle(_ request: HTTPRequest) async -> HTTPResponse {
    guard isAuthorized(request) else {
      return .status(Status(message: "Unauthorized", reason: .unauthorized, code: 401))
    }
    do {
      return try await route(request)
    } catch let status as Status {
      return .status(status)
    } catch {
      return .status(.internalError(String(describing: error)))
    }
  }

  /// The answer to `request` when it can be given without suspending or waiting, or nil
  /// when it needs `handle(_:)`: a GET of a path that needs no cluster (version, discovery,
  /// health), or a GET of one object from a client with `ImmediateReads` that is not busy.
  /// The same answer `handle(_:)` would give.
  public func respondImmediately(to request: HTTPRequest) -> HTTPResponse? {
    guard request.method == "GET", isAuthorized(request) else { return nil }
    switch target(of: request) {
    case .answer(let response):
      return response
    case .metrics, .health:
      return nil
    case .resource(let resource, let namespace, let address):
      guard let reader = immediateReader, let name = address.name, address.subresource == nil || address.subresource == "status"
      else { return nil }
      do {
        guard let read = try adapter.readIfAvailable(reader, resource, namespace: namespace, name: name) else { return nil }
        return objectResponse(read.object, resource, request, now: read.now)
      } catch {
        return .status(error)
      }
    }
  }

  func isAuthorized(_ request: HTTPRequest) -> Bool {
    guard let bearerToken else { return true }
    return request.header("Authorization") == "Bearer \(bearerToken)"
  }

  /// Where a request's path leads: an answer that needs no cluster, the metrics API, or a
  /// served resource.
  enum Target {
    case answer(HTTPResponse)
    case health(HealthCheck.Endpoint)
    case metrics(ResourcePath)
    case resource(ResourceType, namespace: String?, address: ResourcePath)
  }

  func target(of request: HTTPRequest) -> Target {
    let path = request.path.hasSuffix("/") && request.path.count > 1 ? String(request.path.dropLast()) : request.path
    let aggregated = request.header("Accept")?.contains("as=APIGroupDiscoveryList") ?? false
    switch path {
    case "/version":
      return .answer(.json(Discovery.version(gitVersion: gitVersion)))
    case "/healthz": return .health(.healthz)
    case "/livez": return .health(.livez)
    case "/readyz": return .health(.readyz)
    case "/api":
      return .answer(
        aggregated
          ? .json(Discovery.aggregated(core: true), contentType: Discovery.aggregatedContentType)
          : .json(Discovery.coreVersions))
    case "/apis":
      return .answer(
        aggregated
          ? .json(Discovery.aggregated(core: false), contentType: Discovery.aggregatedContentType)
          : .json(Discovery.groupList))
    case "/openapi/v3":
      return .answer(.json(Discovery.openAPIIndex))
    default:
      break
    }
    if path.hasPrefix("/openapi/v3/") {
      guard let document = Discovery.openAPIDocument(path: String(path.dropFirst("/openapi/v3/".count))) else {
        return .answer(.status(notFoundPath(path)))
      }
      return .answer(.json(document))
    }
    guard let address = ResourcePath(path: path) else { return .answer(.status(notFoundPath(path))) }
    guard let plural = address.resource else {
      if let list = Discovery.resourceList(group: address.group, version: address.version) { return .answer(.json(list)) }
      return .answer(.status(notFoundPath(path)))
    }
    if address.group == "metrics.k8s.io" { return .metrics(address) }
    let addressed = { (type: ResourceType) in
      type.group == address.group && type.version == address.version && type.plural == plural
    }
    guard let resource = ResourceType.served.first(where: addressed) ?? AutoscalingV1.otherVersions.first(where: addressed)
      ?? (addressed(.bindings) ? .bindings : nil)
    else {
      return .answer(.status(notFoundPath(path)))
    }
    if address.subresource == nil, address.name == nil, address.group.isEmpty, address.version == "v1",
      Discovery.resourceList(group: address.group, version: address.version) == nil
    {
      return .answer(.status(notFoundPath(path)))
    }
    return .resource(resource, namespace: resource.namespaced ? address.namespace : nil, address: address)
  }

  private func route(_ request: HTTPRequest) async throws -> HTTPResponse {
    if let answer = review(request) { return answer }
    let (resource, namespace, address): (ResourceType, String?, ResourcePath)
    switch target(of: request) {
    case .answer(let response): return response
    case .health(let endpoint):
      let etcdHealthy = await (client as? any SimulationControl)?.controlPlaneStatus().hasQuorum ?? true
      return HealthCheck.response(endpoint, verbose: request.flag("verbose"), etcdHealthy: etcdHealthy)
    case .metrics(let metricsAddress): return try await metrics(metricsAddress, request)
    case .resource(let served, let servedNamespace, let servedAddress):
      (resource, namespace, address) = (served, servedNamespace, servedAddress)
    }
    switch (request.method, address.name, address.subresource) {
    case ("GET", nil, nil):
      if request.flag("watch") { return try watch(resource, namespace: namespace, request) }
      return try await list(resource, namespace: namespace, request)
    case ("GET", let name?, nil):
      return try await get(resource, namespace: namespace, name: name, request)
    case ("GET", let name?, "log"):
      return try await logs(namespace: namespace ?? "default", pod: name, request)
    case ("GET", let name?, "scale"):
      let object = try await adapter.get(resource, namespace: namespace, name: name)
      return .object(scale(of: object))
    case ("GET", let name?, "status"):
      return try await get(resource, namespace: namespace, name: name, request)
    case ("GET", let name?, "exec"), ("POST", let name?, "exec"):
      // A refused exec is answered here, not upgraded (see `HTTPServer`): kubectl prints
      // `unable to upgrade connection: <message>`, as against a real API server.
      do {
        try await client.checkExec(namespace: namespace ?? "default", pod: name, container: request.parameter("container"))
      } catch let refusal as Status where refusal.isContainerNotFound {
        return .text(refusal.message ?? "", status: 500)
      }
      return .status(.badRequest("Upgrade request required"))
    case ("POST", nil, nil):
      return try await create(resource, namespace: namespace, request)
    case ("POST", let name?, "token") where resource == .serviceaccounts:
      return try await createToken(namespace: namespace ?? "default", serviceAccount: name, request)
    case ("POST", let name?, "eviction"):
      try await client.evict(namespace: namespace ?? "default", pod: name)
      return .object(Status.success(), status: 201)
    case ("PUT", let name?, nil), ("PUT", let name?, "status"):
      return try await update(resource, namespace: namespace, name: name, request)
    case ("PUT", let name?, "scale"), ("PATCH", let name?, "scale"):
      return try await setScale(resource, namespace: namespace ?? "default", name: name, request)
    case ("PATCH", let name?, nil), ("PATCH", let name?, "status"):
      return try await patch(resource, namespace: namespace, name: name, request)
    case ("DELETE", let name?, nil):
      return try await delete(resource, namespace: namespace, name: name, request)
    case ("DELETE", nil, nil):
      return try await deleteCollection(resource, namespace: namespace, request)
    default:
      return .status(
        .methodNotAllowed("the server does not allow this method on the requested resource"))
    }
  }

  func notFoundPath(_ path: String) -> Status {
    Status(message: "the server could not find the requested resource", reason: .notFound, code: 404)
  }

  /// List options from the query string.
  func listOptions(_ request: HTTPRequest) -> ListOptions {
    ListOptions(
      labelSelector: request.parameter("labelSelector"), fieldSelector: request.parameter("fieldSelector"),
      limit: request.parameter("limit").flatMap(Int.init), continueToken: request.parameter("continue"),
      resourceVersion: request.parameter("resourceVersion"), allowBookmarks: request.flag("allowWatchBookmarks"))
  }

  /// `includeObject` for Tables.
  func includeObject(_ request: HTTPRequest) -> TableEncoding.IncludeObject {
    request.parameter("includeObject").flatMap(TableEncoding.IncludeObject.init(rawValue:)) ?? .metadata
  }
}
