import Foundation
import KubeModel
import NIOHTTP1

/// A cluster reached through its API server: the `ClusterClient` the dashboard uses for a
/// kubeconfig context. Reads, watches and writes are the REST calls kubectl makes; a drain
/// runs kubectl's rules on this side (cordon, filter, evict each pod).
///
/// A real cluster is not simulated: it has no virtual clock, node power or synthetic load
/// (`SimulationControl`), and its logs, usage and shells are the containers' own.
public final class RemoteCluster: ClusterClient, @unchecked Sendable {
  public let selection: KubeconfigSelection
  let transport: APITransport
  /// The proxy the connection goes through, when the cluster needs kubectl.
  private let proxy: KubectlProxy?
  private let decoder = StrictDecoder(rejectsUnknownFields: false)

  /// Connects to the selection's server: directly for `http://` with a token or password,
  /// through a `kubectl proxy` otherwise.
  public init(selection: KubeconfigSelection, kubectl: String = "kubectl") throws(KubeconfigError) {
    self.selection = selection
    if !selection.needsKubectl, let endpoint = selection.httpEndpoint {
      proxy = nil
      transport = APITransport(host: endpoint.host, port: endpoint.port, authorization: selection.authorization)
    } else {
      let started = try KubectlProxy.start(for: selection, kubectl: kubectl)
      proxy = started
      transport = APITransport(host: "127.0.0.1", port: started.port)
    }
  }

  /// Stops the proxy, if one was started.
  public func close() { proxy?.stop() }

  /// The loopback port of the `kubectl proxy` the client goes through, if any.
  public var proxyPort: Int? { proxy?.port }

  // MARK: Paths

  static func basePath(_ resource: ResourceType) -> String {
    resource.group.isEmpty ? "/api/\(resource.version)" : "/apis/\(resource.group)/\(resource.version)"
  }

  static func collectionPath(_ resource: ResourceType, namespace: String?) -> String {
    if resource.namespaced, let namespace, !namespace.isEmpty {
      return basePath(resource) + "/namespaces/\(escape(namespace))/\(resource.plural)"
    }
    return basePath(resource) + "/\(resource.plural)"
  }

  static func objectPath(_ resource: ResourceType, namespace: String?, name: String) -> String {
    collectionPath(resource, namespace: namespace) + "/" + escape(name)
  }

  static func escape(_ text: String) -> String {
    var allowed = CharacterSet.urlPathAllowed
    allowed.remove(charactersIn: "/?#")
    return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
  }

  static func query(_ items: [(String, String?)]) -> String {
    var allowed = CharacterSet.urlQueryAllowed
    allowed.remove(charactersIn: "&=+;#")
    let parts = items.compactMap { name, value in
      value.map { "\(name)=\($0.addingPercentEncoding(withAllowedCharacters: allowed) ?? $0)" }
    }
    return parts.isEmpty ? "" : "?" + parts.joined(separator: "&")
  }

  static func listQuery(_ options: ListOptions, watch: Bool) -> String {
    query([
      ("labelSelector", options.labelSelector), ("fieldSelector", options.fieldSelector),
      ("limit", options.limit.map(String.init)), ("continue", options.continueToken),
      ("resourceVersion", options.resourceVersion), ("watch", watch ? "true" : nil),
      ("allowWatchBookmarks", watch && options.allowBookmarks ? "true" : nil),
    ])
  }

  // MARK: Requests

  /// Sends a request; a 2xx answer's body is returned, any other throws the server's Status.
  func call(_ method: HTTPMethod, _ target: String, contentType: String? = nil, body: [UInt8]? = nil) async throws -> [UInt8] {
    let response = try await transport.send(method, target, contentType: contentType, body: body)
    guard (200..<300).contains(response.status) else { throw APIErrors.status(status: response.status, body: response.body) }
    return response.body
  }

  func decode<T: Decodable>(_ type: T.Type, _ bytes: [UInt8]) throws -> T {
    do {
      return try decoder.decode(type, from: try JSONParser.parse(bytes: bytes))
    } catch {
      throw Status.internalError("the server's answer could not be read as \(type): \(error)")
    }
  }

  func encode<T: Encodable>(_ value: T) throws -> [UInt8] { try DirectJSONEncoder.encode(value) }

  static func dryRunQuery(_ dryRun: Bool) -> String { dryRun ? "?dryRun=All" : "" }

  // MARK: ClusterClient

  public func info() async throws -> ClusterInfo {
    let version = try? decode(ServerVersion.self, try await call(.GET, "/version"))
    return ClusterInfo(
      name: selection.clusterName, source: "context \(selection.contextName)",
      serverVersion: version?.gitVersion ?? "unknown", isSimulated: false)
  }

  public func list<T: KubeObject>(_ type: T.Type, namespace: String?, options: ListOptions) async throws -> ObjectList<T> {
    let target = Self.collectionPath(T.resource, namespace: namespace) + Self.listQuery(options, watch: false)
    return try Self.decodeList(T.self, try await call(.GET, target), decoder: decoder)
  }

  /// A list's items one by one: an object this build cannot read (a field of a shape it
  /// does not know, from a newer server) is left out instead of failing the whole list, so
  /// one odd pod does not empty the dashboard's pods view.
  static func decodeList<T: KubeObject>(_ type: T.Type, _ bytes: [UInt8], decoder: StrictDecoder) throws -> ObjectList<T> {
    let root: ManifestNode
    do {
      root = try JSONParser.parse(bytes: bytes)
    } catch {
      throw Status.internalError("the server's list of \(T.resource.plural) is not JSON: \(error)")
    }
    let metadata = root["metadata"].flatMap { try? decoder.decode(ListMeta.self, from: $0) } ?? ListMeta()
    guard case .array(let nodes)? = root["items"]?.value else { return ObjectList(items: [], metadata: metadata) }
    return ObjectList(items: nodes.compactMap { try? decoder.decode(T.self, from: $0) }, metadata: metadata)
  }

  public func get<T: KubeObject>(_ type: T.Type, namespace: String?, name: String) async throws -> T {
    try decode(T.self, try await call(.GET, Self.objectPath(T.resource, namespace: namespace, name: name)))
  }

  public func watch<T: KubeObject>(_ type: T.Type, namespace: String?, options: ListOptions) -> AsyncThrowingStream<WatchEvent<T>, any Error> {
    let target = Self.collectionPath(T.resource, namespace: namespace) + Self.listQuery(options, watch: true)
    let decoder = self.decoder
    return Self.relay(transport.lines(target)) { line in
      guard !line.isEmpty else { return nil }
      let node = try JSONParser.parse(bytes: line)
      guard let kind = node["type"]?.stringValue.flatMap(WatchEventType.init(rawValue:)), let object = node["object"] else {
        return nil
      }
      if kind == .error {
        throw (try? decoder.decode(Status.self, from: object)) ?? Status.internalError("the watch failed")
      }
      // An object this build cannot read is passed over, as a list leaves it out.
      return (try? decoder.decode(T.self, from: object)).map { WatchEvent(type: kind, object: $0) }
    }
  }

  /// A streamed answer's lines, each turned into an element (nil passes over the line; a
  /// throw ends the stream with that error); ending the relay stops the answer.
  static func relay<Element: Sendable>(
    _ lines: AsyncThrowingStream<[UInt8], any Error>, _ transform: @escaping @Sendable ([UInt8]) throws -> Element?
  ) -> AsyncThrowingStream<Element, any Error> {
    AsyncThrowingStream { continuation in
      let task = Task {
        do {
          for try await line in lines {
            if let element = try transform(line) { continuation.yield(element) }
          }
          continuation.finish()
        } catch {
          continuation.finish(throwing: error)
        }
      }
      continuation.onTermination = { _ in task.cancel() }
    }
  }

  public func create<T: KubeObject>(_ object: T, dryRun: Bool) async throws -> T {
    let target = Self.collectionPath(T.resource, namespace: object.metadata.namespace) + Self.dryRunQuery(dryRun)
    return try decode(T.self, try await call(.POST, target, contentType: "application/json", body: try encode(object)))
  }

  public func update<T: KubeObject>(_ object: T, dryRun: Bool) async throws -> T {
    let target = Self.objectPath(T.resource, namespace: object.metadata.namespace, name: object.name) + Self.dryRunQuery(dryRun)
    return try decode(T.self, try await call(.PUT, target, contentType: "application/json", body: try encode(object)))
  }

  public func patch<T: KubeObject>(_ type: T.Type, namespace: String?, name: String, patch: Patch, dryRun: Bool) async throws -> T {
    let target = Self.objectPath(T.resource, namespace: namespace, name: name) + Self.dryRunQuery(dryRun)
    let writer = DirectJSONEncoder()
    writer.appendJSON(patch.body)
    return try decode(T.self, try await call(.PATCH, target, contentType: patch.kind.rawValue, body: writer.output))
  }

  public func delete<T: KubeObject>(_ type: T.Type, namespace: String?, name: String, options: DeleteOptions) async throws {
    var body = options
    body.kind = "DeleteOptions"
    body.apiVersion = "v1"
    _ = try await call(
      .DELETE, Self.objectPath(T.resource, namespace: namespace, name: name), contentType: "application/json", body: try encode(body))
  }

  public func evict(namespace: String, pod: String) async throws {
    var eviction = Eviction()
    eviction.metadata = ObjectMeta(name: pod, namespace: namespace)
    let target = Self.objectPath(Pod.resource, namespace: namespace, name: pod) + "/eviction"
    _ = try await call(.POST, target, contentType: "application/json", body: try encode(eviction))
  }

  public func scale(_ resource: ResourceType, namespace: String, name: String, replicas: Int32, dryRun: Bool) async throws -> Scale {
    let target = Self.objectPath(resource, namespace: namespace, name: name) + "/scale" + Self.dryRunQuery(dryRun)
    let body = Array("{\"spec\":{\"replicas\":\(replicas)}}".utf8)
    return try decode(Scale.self, try await call(.PATCH, target, contentType: Patch.Kind.merge.rawValue, body: body))
  }

  static func logQuery(_ options: LogOptions, follow: Bool) -> String {
    query([
      ("container", options.container), ("previous", options.previous ? "true" : nil),
      ("tailLines", options.tailLines.map(String.init)), ("sinceSeconds", options.sinceSeconds.map(String.init)),
      ("timestamps", options.timestamps ? "true" : nil), ("follow", follow ? "true" : nil),
    ])
  }

  public func logs(namespace: String, pod: String, options: LogOptions) async throws -> [String] {
    let target = Self.objectPath(Pod.resource, namespace: namespace, name: pod) + "/log" + Self.logQuery(options, follow: false)
    let text = String(decoding: try await call(.GET, target), as: UTF8.self)
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    if lines.last == "" { lines.removeLast() }
    return lines
  }

  public func followLogs(namespace: String, pod: String, options: LogOptions) -> AsyncThrowingStream<String, any Error> {
    let target = Self.objectPath(Pod.resource, namespace: namespace, name: pod) + "/log" + Self.logQuery(options, follow: true)
    return Self.relay(transport.lines(target)) { String(decoding: $0, as: UTF8.self) }
  }

  public func exec(
    namespace: String, pod: String, container: String?, command: [String], stdin: String, workingDirectory: String?
  ) async throws -> ExecResult {
    try await RemoteExec.run(
      transport: transport, namespace: namespace, pod: pod, container: container, command: command, stdin: stdin,
      workingDirectory: workingDirectory)
  }

  public func checkExec(namespace: String, pod: String, container: String?) async throws {
    let found = try await get(Pod.self, namespace: namespace, name: pod)
    let names = (found.spec?.containers ?? []).compactMap(\.name)
    if let container, !names.contains(container) {
      throw Status.badRequest("container \(container) is not valid for pod \(pod)")
    }
  }

  public func forward(namespace: String, pod: String, port: Int32, received: [UInt8]) async throws -> ForwardReply {
    throw Status(
      message: "port forwarding from the dashboard serves the embedded cluster only; for this cluster run: kubectl port-forward pod/\(pod) \(port)",
      reason: .badRequest, code: 400)
  }

  /// A real container's attach is a terminal stream, not a line-by-line shell.
  public func attachesToShell(namespace: String, pod: String, container: String?) async throws -> Bool { false }

  public func endShell(namespace: String, pod: String, container: String?, exitCode: Int32) async throws {}

  /// Commands on a real cluster get their input as it is typed; the dashboard sends none.
  public func execReadsInput(_ command: [String]) -> Bool { false }

  public func nodeMetrics() async throws -> [NodeMetrics] {
    try Self.decodeList(NodeMetrics.self, try await call(.GET, Self.collectionPath(NodeMetrics.resource, namespace: nil)), decoder: decoder).items
  }

  public func podMetrics(namespace: String?) async throws -> [PodMetrics] {
    try Self.decodeList(
      PodMetrics.self, try await call(.GET, Self.collectionPath(PodMetrics.resource, namespace: namespace)), decoder: decoder
    ).items
  }

  public func setUnschedulable(node: String, _ unschedulable: Bool) async throws -> Node {
    let body: JSONValue = ["spec": ["unschedulable": unschedulable ? .bool(true) : .null]]
    return try await patch(Node.self, namespace: nil, name: node, patch: Patch(.strategicMerge, body), dryRun: false)
  }

  public func drain(node: String, options: DrainOptions) async throws -> DrainReport {
    let before: Node
    do {
      before = try await get(Node.self, namespace: nil, name: node)
    } catch let status as Status {
      throw DrainError(node: node, problems: [status.description])
    }
    let already = before.spec?.unschedulable == true
    if !already { _ = try await setUnschedulable(node: node, true) }
    let pods = try await list(Pod.self, namespace: nil, options: ListOptions(fieldSelector: "spec.nodeName=\(node)")).items
    var daemonSets: Set<String> = []
    for set in try await list(DaemonSet.self, namespace: nil, options: ListOptions()).items {
      daemonSets.insert(set.namespace + "/" + set.name)
    }
    let plan = DrainFilter.plan(pods: pods, options: options) { daemonSets.contains($0 + "/" + $1) }
    guard plan.errors.isEmpty else {
      throw DrainError(node: node, problems: plan.errors, cordonLine: cordonLine(node, already: already))
    }
    var evictions: [DrainReport.Outcome] = []
    for pod in plan.toEvict {
      do {
        if options.disableEviction {
          try await delete(Pod.self, namespace: pod.namespace, name: pod.name, options: DeleteOptions(gracePeriodSeconds: options.gracePeriodSeconds))
        } else {
          try await evict(namespace: pod.namespace, pod: pod.name)
        }
        evictions.append(.evicted)
      } catch let status as Status {
        // A pod gone since the list counts as evicted, as kubectl counts it.
        evictions.append(status.reason == .notFound ? .evicted : .refused(status.description))
      }
    }
    return DrainReport(node: node, wasCordoned: already, plan: plan, evictions: evictions)
  }
}

/// The server's `/version` answer.
struct ServerVersion: Codable {
  var gitVersion: String?
}
