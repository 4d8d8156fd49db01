import Foundation
import KubeModel

/// `exec` in a real container: the pod's exec subresource over a WebSocket
/// (`v5.channel.k8s.io`, as kubectl speaks it), input sent then closed, output gathered until
/// the server sends the command's status and closes.
enum RemoteExec {
  static func run(
    transport: APITransport, namespace: String, pod: String, container: String?, command: [String], stdin: String,
    workingDirectory: String?
  ) async throws -> ExecResult {
    // A shell pane's line (`sh -c LINE`) starts in the directory the last one left; a line
    // that only changes directory (`cd DIR`) reports where it ends, so `cd` lasts from line
    // to line as in a terminal.
    var words = command
    let isShellLine = command.count == 3 && command[0] == "sh" && command[1] == "-c"
    let changesDirectory = isShellLine && isOnlyCD(command[2])
    if isShellLine {
      let start = workingDirectory.map { "cd '\($0.replacingOccurrences(of: "'", with: "'\\''"))' 2>/dev/null; " } ?? ""
      words[2] = start + command[2] + (changesDirectory ? " && pwd" : "")
    }
    var items: [(String, String?)] = words.map { ("command", $0) }
    items += [("container", container), ("stdin", stdin.isEmpty ? nil : "true"), ("stdout", "true"), ("stderr", "true")]
    let target = RemoteCluster.objectPath(Pod.resource, namespace: namespace, name: pod) + "/exec" + RemoteCluster.query(items)
    var result = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<ExecResult, any Error>) in
      Thread.detachNewThread {
        do {
          continuation.resume(returning: try session(transport: transport, target: target, stdin: Array(stdin.utf8)))
        } catch {
          continuation.resume(throwing: error)
        }
      }
    }
    if changesDirectory, result.exitCode == 0 {
      var lines = result.stdout.split(separator: "\n").map(String.init)
      if let directory = lines.popLast(), directory.hasPrefix("/") {
        result.workingDirectory = directory
        result.stdout = lines.map { $0 + "\n" }.joined()
      }
    }
    return result
  }

  /// Whether a line is one `cd` and nothing else (no other command, pipe or redirection).
  static func isOnlyCD(_ line: String) -> Bool {
    let trimmed = line.trimmingCharacters(in: .whitespaces)
    guard trimmed == "cd" || trimmed.hasPrefix("cd ") else { return false }
    return !trimmed.contains { ";&|<>`$\n#".contains($0) }
  }

  /// One exec session on a blocking socket.
  static func session(transport: APITransport, target: String, stdin: [UInt8]) throws -> ExecResult {
    let socket = try WebSocketClientSocket(host: transport.host, port: transport.port)
    defer { socket.close() }
    var key = [UInt8](repeating: 0, count: 16)
    for index in key.indices { key[index] = UInt8.random(in: 0...255) }
    var request = "GET \(target) HTTP/1.1\r\nHost: \(transport.host):\(transport.port)\r\n"
    request += "Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
    request += "Sec-WebSocket-Key: \(Data(key).base64EncodedString())\r\n"
    request += "Sec-WebSocket-Protocol: v5.channel.k8s.io, v4.channel.k8s.io\r\n"
    if let authorization = transport.authorization { request += "Authorization: \(authorization)\r\n" }
    request += "\r\n"
    try socket.send(Array(request.utf8))
    let head = try socket.readHead()
    guard head.status == 101 else {
      throw APIErrors.status(status: head.status, body: try socket.readBody(length: head.contentLength))
    }
    let closesInput = head.headers["sec-websocket-protocol"] == "v5.channel.k8s.io"
    if !stdin.isEmpty {
      try socket.sendFrame([0] + stdin)
      if closesInput { try socket.sendFrame([255, 0]) }
    }
    var stdout: [UInt8] = []
    var stderr: [UInt8] = []
    var exitCode: Int32 = 0
    var failure: String?
    while let (opcode, payload) = try socket.readFrame() {
      if opcode == 8 { break }
      guard opcode == 2 || opcode == 1 || opcode == 0, let channel = payload.first else { continue }
      let data = payload.dropFirst()
      switch channel {
      case 1: stdout += data
      case 2: stderr += data
      case 3:
        guard let status = APIErrors.decodeStatus(Array(data)) else {
          failure = String(decoding: data, as: UTF8.self)
          exitCode = 1
          break
        }
        if status.status == "Success" { break }
        if let code = status.details?.causes?.first(where: { $0.reason == "ExitCode" })?.message.flatMap({ Int32($0) }) {
          exitCode = code
        } else {
          failure = status.message ?? "the command could not run"
          exitCode = 1
        }
      default: break
      }
    }
    return ExecResult(
      stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self), exitCode: exitCode,
      failure: failure)
  }
}
