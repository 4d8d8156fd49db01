/// The API's error and result object (`metav1.Status`): what every failed request returns.
public struct Status: Codable, Hashable, Sendable, Error, CustomStringConvertible {
  public var kind: String? = "Status"
  public var apiVersion: String? = "v1"
  public var metadata: ListMeta? = ListMeta()
  /// `Success` or `Failure`.
  public var status: String?
  public var message: String?
  public var reason: StatusReason?
  public var details: StatusDetails?
  public var code: Int?

  public init(
    status: String? = "Failure", message: String? = nil, reason: StatusReason? = nil,
    details: StatusDetails? = nil, code: Int? = nil
  ) {
    self.status = status
    self.message = message
    self.reason = reason
    self.details = details
    self.code = code
  }

  public var description: String { message ?? reason?.rawValue ?? "unknown error" }
}

/// Why a request failed, as `metav1.StatusReason`.
public struct StatusReason: RawRepresentable, Codable, Hashable, Sendable, ExpressibleByStringLiteral {
  public var rawValue: String
  public init(rawValue: String) { self.rawValue = rawValue }
  public init(stringLiteral value: String) { self.rawValue = value }

  public static let notFound: StatusReason = "NotFound"
  public static let alreadyExists: StatusReason = "AlreadyExists"
  public static let conflict: StatusReason = "Conflict"
  public static let invalid: StatusReason = "Invalid"
  public static let badRequest: StatusReason = "BadRequest"
  public static let methodNotAllowed: StatusReason = "MethodNotAllowed"
  public static let tooManyRequests: StatusReason = "TooManyRequests"
  public static let gone: StatusReason = "Gone"
  public static let expired: StatusReason = "Expired"
  public static let forbidden: StatusReason = "Forbidden"
  public static let unauthorized: StatusReason = "Unauthorized"
  public static let serviceUnavailable: StatusReason = "ServiceUnavailable"
  public static let internalError: StatusReason = "InternalError"
  public static let timeout: StatusReason = "Timeout"
  public static let unsupportedMediaType: StatusReason = "UnsupportedMediaType"
  public static let notAcceptable: StatusReason = "NotAcceptable"
}

/// Extra detail of a `Status`: which object, and per-field causes.
public struct StatusDetails: Codable, Hashable, Sendable {
  public var name: String?
  public var group: String?
  public var kind: String?
  public var uid: String?
  public var causes: [StatusCause]?
  public var retryAfterSeconds: Int?

  public init(
    name: String? = nil, group: String? = nil, kind: String? = nil, uid: String? = nil,
    causes: [StatusCause]? = nil, retryAfterSeconds: Int? = nil
  ) {
    self.name = name
    self.group = group
    self.kind = kind
    self.uid = uid
    self.causes = causes
    self.retryAfterSeconds = retryAfterSeconds
  }
}

/// One cause of a failure: a field and what is wrong with it.
public struct StatusCause: Codable, Hashable, Sendable {
  public var reason: String?
  public var message: String?
  public var field: String?

  public init(reason: String? = nil, message: String? = nil, field: String? = nil) {
    self.reason = reason
    self.message = message
    self.field = field
  }
}
