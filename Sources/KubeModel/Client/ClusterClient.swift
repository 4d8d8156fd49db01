/// The seam between the dashboard and a cluster: the embedded engine implements it
/// in-process, `KubeAPI` implements it over HTTP for a real API server.
///
/// Errors are `Status` values, as the API server returns them.
public protocol ClusterClient: Sendable {
  /// What this cluster is and where it comes from.
  func info() async throws -> ClusterInfo

  /// The objects of a type, with the revision to watch from.
  func list<T: KubeObject>(_ type: T.Type, namespace: String?, options: ListOptions) async throws -> ObjectList<T>

  /// One object.
  func get<T: KubeObject>(_ type: T.Type, namespace: String?, name: String) async throws -> T

  /// Every change after `resourceVersion`, in order, until the stream is cancelled. A
  /// revision that is no longer kept ends the stream with a `Status` of reason `Expired`.
  func watch<T: KubeObject>(_ type: T.Type, namespace: String?, options: ListOptions) -> AsyncThrowingStream<WatchEvent<T>, any Error>

  /// Creates an object; with `dryRun` it is defaulted and validated but not stored.
  func create<T: KubeObject>(_ object: T, dryRun: Bool) async throws -> T

  /// Replaces an object; a stale `resourceVersion` is a Conflict. With `dryRun` the
  /// object is returned as it would be stored, and nothing changes.
  func update<T: KubeObject>(_ object: T, dryRun: Bool) async throws -> T

  /// Patches an object (JSON patch, merge patch or strategic merge patch); with `dryRun`
  /// nothing changes.
  func patch<T: KubeObject>(_ type: T.Type, namespace: String?, name: String, patch: Patch, dryRun: Bool) async throws -> T

  /// Deletes an object (gracefully for pods).
  func delete<T: KubeObject>(_ type: T.Type, namespace: String?, name: String, options: DeleteOptions) async throws

  /// Evicts a pod through the Eviction subresource, honouring disruption budgets (a refusal
  /// is a `Status` with code 429).
  func evict(namespace: String, pod: String) async throws

  /// Sets the replica count of a scalable workload through its scale subresource; with
  /// `dryRun` nothing changes.
  func scale(_ resource: ResourceType, namespace: String, name: String, replicas: Int32, dryRun: Bool) async throws -> Scale

  /// A container's log lines.
  func logs(namespace: String, pod: String, options: LogOptions) async throws -> [String]

  /// A container's log lines, then new lines as they are written, until cancelled.
  func followLogs(namespace: String, pod: String, options: LogOptions) -> AsyncThrowingStream<String, any Error>

  /// Runs a command in a container, with `stdin` as its standard input, and returns its
  /// output. A shell session passes the working directory the previous command left
  /// (`ExecResult.workingDirectory`), so `cd` lasts from one line to the next; nil starts
  /// where the container starts.
  func exec(
    namespace: String, pod: String, container: String?, command: [String], stdin: String, workingDirectory: String?
  ) async throws -> ExecResult

  /// Throws what `exec` would refuse with (no such pod or container, a container not
  /// running), without running anything: the API server answers it before upgrading the
  /// connection, as the kubelet's refusal reaches kubectl.
  func checkExec(namespace: String, pod: String, container: String?) async throws

  /// What a pod's program listening on `port` answers to `received` (the bytes a
  /// forwarded connection sent so far): port forwarding. See `ForwardReply`.
  func forward(namespace: String, pod: String, port: Int32, received: [UInt8]) async throws -> ForwardReply

  /// Whether attaching to the container joins a shell reading its input (`kubectl run -it
  /// … -- sh`): the session is then interactive, each line answered by the container.
  func attachesToShell(namespace: String, pod: String, container: String?) async throws -> Bool

  /// An attached shell ends (`exit N`, or the end of its input): its container exits.
  func endShell(namespace: String, pod: String, container: String?, exitCode: Int32) async throws

  /// Whether `command` reads its standard input: `kubectl exec -i` then waits for the end of
  /// its input before running it; a command that does not runs at once.
  func execReadsInput(_ command: [String]) -> Bool

  /// Node usage as metrics-server reports it.
  func nodeMetrics() async throws -> [NodeMetrics]

  /// Pod usage as metrics-server reports it, in one namespace or all.
  func podMetrics(namespace: String?) async throws -> [PodMetrics]

  /// Cordons or uncordons a node (`spec.unschedulable`).
  func setUnschedulable(node: String, _ unschedulable: Bool) async throws -> Node

  /// Drains a node as `kubectl drain` does: cordon, then evict what may be evicted.
  func drain(node: String, options: DrainOptions) async throws -> DrainReport
}

/// A client that can read one object without suspending and without waiting: the
/// embedded cluster, where a read is a lookup under its lock. The API server answers such
/// reads on the connection's own thread instead of handing each one to a task and back.
public protocol ImmediateReads: Sendable {
  /// One object, as `ClusterClient.get` returns it, with the cluster's time (for ages), or
  /// nil when the cluster is busy (a step of time or a write holds it) and the read would
  /// have to wait: the caller then reads through `ClusterClient.get`.
  func readIfAvailable<T: KubeObject>(_ type: T.Type, namespace: String?, name: String) throws(Status) -> (
    object: T, now: Time
  )?
}

/// What a cluster is and where its data comes from, for the dashboard's header.
public struct ClusterInfo: Hashable, Sendable {
  public var name: String
  /// `embedded`, or the kubeconfig context (`context NAME`).
  public var source: String
  public var serverVersion: String
  /// True when the cluster is the embedded simulation (its logs, usage and shells are
  /// simulated and labelled so).
  public var isSimulated: Bool

  public init(name: String, source: String, serverVersion: String, isSimulated: Bool) {
    self.name = name
    self.source = source
    self.serverVersion = serverVersion
    self.isSimulated = isSimulated
  }
}

/// Filters and paging of a list or watch.
public struct ListOptions: Hashable, Sendable {
  public var labelSelector: String?
  public var fieldSelector: String?
  public var limit: Int?
  public var continueToken: String?
  /// For a watch: the revision after which to deliver changes.
  public var resourceVersion: String?
  /// For a watch: whether to send BOOKMARK events.
  public var allowBookmarks: Bool

  public init(
    labelSelector: String? = nil, fieldSelector: String? = nil, limit: Int? = nil, continueToken: String? = nil,
    resourceVersion: String? = nil, allowBookmarks: Bool = false
  ) {
    self.labelSelector = labelSelector
    self.fieldSelector = fieldSelector
    self.limit = limit
    self.continueToken = continueToken
    self.resourceVersion = resourceVersion
    self.allowBookmarks = allowBookmarks
  }
}

/// The kind of change a watch event reports.
public enum WatchEventType: String, Codable, Hashable, Sendable {
  case added = "ADDED"
  case modified = "MODIFIED"
  case deleted = "DELETED"
  case bookmark = "BOOKMARK"
  case error = "ERROR"
}

/// One change of an object, as a watch delivers it.
public struct WatchEvent<Object: KubeObject>: Sendable {
  public var type: WatchEventType
  public var object: Object

  public init(type: WatchEventType, object: Object) {
    self.type = type
    self.object = object
  }
}

/// A patch and its content type.
public struct Patch: Hashable, Sendable {
  /// The patch formats the API accepts, by content type.
  public enum Kind: String, Hashable, Sendable, CaseIterable {
    case json = "application/json-patch+json"
    case merge = "application/merge-patch+json"
    case strategicMerge = "application/strategic-merge-patch+json"
    case apply = "application/apply-patch+yaml"
  }

  public var kind: Kind
  public var body: JSONValue

  public init(_ kind: Kind, _ body: JSONValue) {
    self.kind = kind
    self.body = body
  }
}

/// Which log lines to return.
public struct LogOptions: Hashable, Sendable {
  public var container: String?
  /// The previous (crashed) instance of the container.
  public var previous: Bool
  public var tailLines: Int?
  public var sinceSeconds: Int?
  public var timestamps: Bool

  public init(container: String? = nil, previous: Bool = false, tailLines: Int? = nil, sinceSeconds: Int? = nil, timestamps: Bool = false) {
    self.container = container
    self.previous = previous
    self.tailLines = tailLines
    self.sinceSeconds = sinceSeconds
    self.timestamps = timestamps
  }
}

/// The output of a command run in a container.
/// What a pod answers on a forwarded connection.
public enum ForwardReply: Hashable, Sendable {
  /// Nothing listens on the port: the kubelet's message.
  case refused(String)
  /// `received` is not a whole request yet: wait for more.
  case incomplete
  /// The answer to the first `consumed` bytes of `received`; `close` ends the connection.
  case answer([UInt8], consumed: Int, close: Bool)
}

public struct ExecResult: Hashable, Sendable {
  public var stdout: String
  public var stderr: String
  public var exitCode: Int32
  /// Why the command could not be started at all (the container runtime's error, which
  /// the API server reports as an internal error); nil when it ran.
  public var failure: String?
  /// The shell's working directory once the command ran (nil when not known).
  public var workingDirectory: String?
  /// The command wrote its diagnostics before its output (as tar does while archiving), so
  /// a stream sends standard error first.
  public var errorsFirst: Bool

  public init(
    stdout: String, stderr: String = "", exitCode: Int32 = 0, failure: String? = nil, workingDirectory: String? = nil,
    errorsFirst: Bool = false
  ) {
    self.stdout = stdout
    self.stderr = stderr
    self.exitCode = exitCode
    self.failure = failure
    self.workingDirectory = workingDirectory
    self.errorsFirst = errorsFirst
  }
}

extension ClusterClient {
  /// Runs a command in a container, in the directory the container starts in.
  public func exec(namespace: String, pod: String, container: String?, command: [String], stdin: String = "") async throws -> ExecResult {
    try await exec(namespace: namespace, pod: pod, container: container, command: command, stdin: stdin, workingDirectory: nil)
  }

  /// Replaces an object.
  public func update<T: KubeObject>(_ object: T) async throws -> T { try await update(object, dryRun: false) }

  /// Patches an object.
  public func patch<T: KubeObject>(_ type: T.Type, namespace: String?, name: String, patch: Patch) async throws -> T {
    try await self.patch(type, namespace: namespace, name: name, patch: patch, dryRun: false)
  }

  /// Sets the replica count of a scalable workload.
  public func scale(_ resource: ResourceType, namespace: String, name: String, replicas: Int32) async throws -> Scale {
    try await scale(resource, namespace: namespace, name: name, replicas: replicas, dryRun: false)
  }
}
