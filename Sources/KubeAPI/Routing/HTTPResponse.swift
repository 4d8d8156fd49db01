import KubeModel

/// What a handler answers: a whole body, or a stream of chunks (watches, followed logs).
public enum HTTPResponse: Sendable {
  case full(status: Int, headers: [(String, String)], body: [UInt8])
  case stream(status: Int, headers: [(String, String)], chunks: AsyncStream<[UInt8]>)

  /// A JSON body.
  static func json(_ value: JSONValue, status: Int = 200, contentType: String = "application/json") -> HTTPResponse {
    .full(status: status, headers: [("Content-Type", contentType)], body: JSONWriter.bytes(value))
  }

  /// An encodable value as a JSON body.
  static func object(_ value: some Encodable, status: Int = 200) -> HTTPResponse {
    .json((try? ValueEncoder.encode(value)) ?? .null, status: status)
  }

  /// A `Status` failure with its code.
  static func status(_ status: Status) -> HTTPResponse {
    object(status, status: status.code ?? 500)
  }

  /// Plain text.
  static func text(_ text: String, status: Int = 200) -> HTTPResponse {
    .full(status: status, headers: [("Content-Type", "text/plain")], body: Array(text.utf8))
  }

  /// The status code.
  var statusCode: Int {
    switch self {
    case .full(let status, _, _), .stream(let status, _, _): return status
    }
  }
}
