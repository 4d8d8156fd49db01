/// The status line and headers of an HTTP/1.1 answer as the blocking clients read them (the
/// benchmark's loopback client, the exec WebSocket's upgrade).
struct ParsedResponseHead {
  var status: Int
  /// Header values by lowercased name (the last one of a repeated header).
  var headers: [String: String]

  /// Parses the text before the blank line that ends the head.
  init(_ text: String) {
    let lines = text.split(separator: "\r\n")
    status = lines.first.flatMap { Int($0.split(separator: " ").dropFirst().first ?? "") } ?? 0
    headers = [:]
    for line in lines.dropFirst() {
      let parts = line.split(separator: ":", maxSplits: 1)
      if parts.count == 2 { headers[parts[0].lowercased()] = parts[1].trimmingCharacters(in: .whitespaces) }
    }
  }

  var contentLength: Int? { headers["content-length"].flatMap { Int($0) } }

  var isChunked: Bool { headers["transfer-encoding"]?.lowercased().contains("chunked") == true }
}
