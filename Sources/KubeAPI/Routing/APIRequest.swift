import KubeModel

/// An HTTP request as the router sees it: method, path, query and body.
public struct HTTPRequest: Sendable {
  public var method: String
  public var path: String
  public var query: [String: [String]]
  public var headers: [(name: String, value: String)]
  public var body: [UInt8]

  public init(method: String, uri: String, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
    self.method = method
    let parts = uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
    self.path = String(parts.first ?? "")
    self.query = parts.count > 1 ? Self.parseQuery(String(parts[1])) : [:]
    self.headers = headers
    self.body = body
  }

  /// The first value of header `name` (case-insensitive).
  public func header(_ name: String) -> String? {
    let lowered = name.lowercased()
    return headers.first { $0.name.lowercased() == lowered }?.value
  }

  /// The first value of query parameter `name`.
  public func parameter(_ name: String) -> String? { query[name]?.first }

  /// Whether query parameter `name` is `true` (or `1`).
  public func flag(_ name: String) -> Bool {
    guard let value = parameter(name) else { return false }
    return value == "true" || value == "1" || value.isEmpty
  }

  static func parseQuery(_ text: String) -> [String: [String]] {
    var result: [String: [String]] = [:]
    for pair in text.split(separator: "&") {
      let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
      let key = percentDecode(String(parts[0]))
      let value = parts.count > 1 ? percentDecode(String(parts[1])) : ""
      result[key, default: []].append(value)
    }
    return result
  }

  /// Decodes `%XX` escapes and `+` as space.
  static func percentDecode(_ text: String) -> String {
    var bytes: [UInt8] = []
    var iterator = Array(text.utf8).makeIterator()
    while let byte = iterator.next() {
      if byte == UInt8(ascii: "+") {
        bytes.append(UInt8(ascii: " "))
      } else if byte == UInt8(ascii: "%"), let high = iterator.next(), let low = iterator.next(),
        let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
      {
        bytes.append(value)
      } else {
        bytes.append(byte)
      }
    }
    return String(decoding: bytes, as: UTF8.self)
  }
}

/// What a path under `/api` or `/apis` addresses.
public struct ResourcePath: Hashable, Sendable {
  public var group: String
  public var version: String
  /// The plural resource name (`pods`), or nil for a group-version root.
  public var resource: String?
  public var namespace: String?
  public var name: String?
  public var subresource: String?

  /// Parses `/api/v1/namespaces/default/pods/nginx/log` and friends; nil for other paths.
  public init?(path: String) {
    var segments = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
    guard let root = segments.first else { return nil }
    segments.removeFirst()
    if root == "api" {
      guard let version = segments.first else { return nil }
      group = ""
      self.version = version
      segments.removeFirst()
    } else if root == "apis" {
      guard segments.count >= 2 else { return nil }
      group = segments[0]
      version = segments[1]
      segments.removeFirst(2)
    } else {
      return nil
    }
    resource = nil
    namespace = nil
    name = nil
    subresource = nil
    guard !segments.isEmpty else { return }
    // /namespaces/{ns}/{resource}/... addresses namespaced resources; /namespaces/{name}
    // and /namespaces/{name}/{status|finalize} address the namespace itself.
    if segments[0] == "namespaces", segments.count >= 3, !["status", "finalize"].contains(segments[2]) {
      namespace = segments[1]
      segments.removeFirst(2)
    }
    resource = segments[0]
    if segments.count > 1 { name = segments[1] }
    if segments.count > 2 { subresource = segments[2...].joined(separator: "/") }
  }
}
