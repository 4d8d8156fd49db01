/// The API server's standard failures, with upstream's exact messages.
extension Status {
  /// 404: `pods "x" not found`.
  public static func notFound(_ resource: ResourceType, name: String) -> Status {
    Status(
      message: "\(resource.groupResource) \"\(name)\" not found", reason: .notFound,
      details: StatusDetails(name: name, group: resource.group, kind: resource.plural), code: 404)
  }

  /// 409: `pods "x" already exists`.
  public static func alreadyExists(_ resource: ResourceType, name: String) -> Status {
    Status(
      message: "\(resource.groupResource) \"\(name)\" already exists", reason: .alreadyExists,
      details: StatusDetails(name: name, group: resource.group, kind: resource.plural), code: 409)
  }

  /// 409: `Operation cannot be fulfilled on pods "x": <why>`.
  public static func conflict(_ resource: ResourceType, name: String, _ why: String = Status.optimisticLockMessage) -> Status {
    Status(
      message: "Operation cannot be fulfilled on \(resource.groupResource) \"\(name)\": \(why)", reason: .conflict,
      details: StatusDetails(name: name, group: resource.group, kind: resource.plural), code: 409)
  }

  /// The reason a stale `resourceVersion` gives.
  public static let optimisticLockMessage =
    "the object has been modified; please apply your changes to the latest version and try again"

  /// The kubelet's refusal to exec in a container that is not running: `container not
  /// found ("nginx")`. The kubelet answers it as plain text with a 500, past the API
  /// server, so kubectl prints `unable to upgrade connection: container not found (…)`.
  public static func containerNotFound(_ name: String) -> Status {
    Status(message: "container not found (\"\(name)\")", reason: .internalError, code: 500)
  }

  /// Whether this is the kubelet's `containerNotFound(_:)`, answered as plain text.
  public var isContainerNotFound: Bool {
    code == 500 && reason == .internalError && message?.hasPrefix("container not found (") == true
  }

  /// 400 with a message.
  public static func badRequest(_ message: String) -> Status {
    Status(message: message, reason: .badRequest, code: 400)
  }

  /// 403 with a message.
  public static func forbidden(_ resource: ResourceType, name: String, _ why: String) -> Status {
    Status(
      message: "\(resource.groupResource) \"\(name)\" is forbidden: \(why)", reason: .forbidden,
      details: StatusDetails(name: name, group: resource.group, kind: resource.plural), code: 403)
  }

  /// 405: the verb is not supported on this resource.
  public static func methodNotAllowed(_ message: String) -> Status {
    Status(message: message, reason: .methodNotAllowed, code: 405)
  }

  /// 410: a watch from a compacted revision.
  public static func expired(_ message: String) -> Status {
    Status(message: message, reason: .expired, code: 410)
  }

  /// 429: an eviction a disruption budget refuses.
  public static func tooManyRequests(_ message: String, retryAfterSeconds: Int? = nil) -> Status {
    Status(
      message: message, reason: .tooManyRequests,
      details: retryAfterSeconds.map { StatusDetails(retryAfterSeconds: $0) }, code: 429)
  }

  /// 503: the control plane cannot serve writes (for example, etcd lost quorum).
  public static func unavailable(_ message: String) -> Status {
    Status(message: message, reason: .serviceUnavailable, code: 503)
  }

  /// 500 with a message.
  public static func internalError(_ message: String) -> Status {
    Status(message: "Internal error occurred: \(message)", reason: .internalError, code: 500)
  }

  /// A success `Status`, as deletes and evictions return.
  public static func success(details: StatusDetails? = nil) -> Status {
    Status(status: "Success", details: details, code: 200)
  }
}
