import KubeModel

/// What a handler answers: a whole body, a stream of chunks (watches, followed logs), or a
/// large body produced piece by piece as the connection drains it (big lists).
public enum HTTPResponse: Sendable {
  case full(status: Int, headers: [(String, String)], body: [UInt8])
  case stream(status: Int, headers: [(String, String)], chunks: AsyncStream<[UInt8]>)
  case chunked(status: Int, headers: [(String, String)], body: ChunkedBody)

  /// A JSON body.
  static func json(_ value: JSONValue, status: Int = 200, contentType: String = "application/json") -> HTTPResponse {
    .full(status: status, headers: [("Content-Type", contentType)], body: JSONBytes.bytes(value))
  }

  /// An encodable value as a JSON body.
  static func object(_ value: some Encodable, status: Int = 200) -> HTTPResponse {
    let body = (try? DirectJSONEncoder.encode(value)) ?? JSONBytes.bytes(.null)
    return .full(status: status, headers: [("Content-Type", "application/json")], body: body)
  }

  /// A `Status` failure with its code.
  static func status(_ status: Status) -> HTTPResponse {
    object(status, status: status.code ?? 500)
  }

  /// Plain text.
  static func text(_ text: String, status: Int = 200) -> HTTPResponse {
    .full(status: status, headers: [("Content-Type", "text/plain")], body: Array(text.utf8))
  }

  /// The parts of a whole-body response; nil for streamed ones.
  public var whole: (status: Int, headers: [(String, String)], body: [UInt8])? {
    guard case .full(let status, let headers, let body) = self else { return nil }
    return (status, headers, body)
  }

  /// The status code.
  var statusCode: Int {
    switch self {
    case .full(let status, _, _), .stream(let status, _, _), .chunked(let status, _, _): return status
    }
  }
}

/// A body written in pieces with backpressure: the server asks for the next piece only
/// when it is ready to send it, so a large list is never held whole in memory.
public struct ChunkedBody: Sendable {
  /// The next piece, or nil at the end.
  let next: @Sendable () -> [UInt8]?

  /// A body whose pieces come from `next`.
  init(next: @escaping @Sendable () -> [UInt8]?) {
    self.next = next
  }
}
