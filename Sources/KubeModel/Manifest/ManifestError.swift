/// One problem found in a manifest or request body: where it is and what is wrong.
public struct ManifestError: Error, Hashable, Sendable, CustomStringConvertible {
  /// What kind of problem this is, for callers that format it their own way (the API's
  /// `strict decoding error: unknown field "…"`).
  public enum Kind: Hashable, Sendable {
    /// A field the type does not define; `suggestion` is a close known field.
    case unknownField(path: String, suggestion: String?)
    /// A value of the wrong shape: `expected` a list, `found` a map.
    case wrongShape(path: String, expected: String, found: String)
    /// Anything else: syntax errors, missing kind, unknown kinds.
    case other
  }

  public var file: String?
  /// 1-based line, or 0 when the source has no positions.
  public var line: Int
  public var kind: Kind
  public var message: String

  public init(file: String? = nil, line: Int, kind: Kind = .other, message: String) {
    self.file = file
    self.line = line
    self.kind = kind
    self.message = message
  }

  /// `file:line: message`, leaving out what is unknown.
  public var description: String {
    var prefix = ""
    if let file { prefix = file + ":" }
    if line > 0 { prefix += "\(line):" }
    return prefix.isEmpty ? message : "\(prefix) \(message)"
  }

  static func unknownField(path: String, suggestion: String?, line: Int) -> ManifestError {
    var message = "unknown field \"\(path)\""
    if let suggestion { message += " (did you mean \"\(suggestion)\"?)" }
    return ManifestError(line: line, kind: .unknownField(path: path, suggestion: suggestion), message: message)
  }

  static func wrongShape(path: String, expected: String, found: String, line: Int) -> ManifestError {
    let subject = path.isEmpty ? "" : path + ": "
    return ManifestError(
      line: line, kind: .wrongShape(path: path, expected: expected, found: found),
      message: "\(subject)expected \(expected), got \(found)")
  }
}

/// Every problem found in one manifest file or body, in source order. Nothing from a source
/// with errors is applied.
public struct ManifestErrors: Error, Hashable, Sendable, CustomStringConvertible {
  public var errors: [ManifestError]

  public init(_ errors: [ManifestError]) { self.errors = errors }

  public var description: String { errors.map(\.description).joined(separator: "\n") }

  /// The paths of unknown fields, in order.
  public var unknownFieldPaths: [String] {
    errors.compactMap {
      if case .unknownField(let path, _) = $0.kind { return path }
      return nil
    }
  }
}
