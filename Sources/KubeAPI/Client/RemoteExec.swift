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
        guard let node = try? JSONParser.parse(bytes: Array(data)),
          let status = try? StrictDecoder(rejectsUnknownFields: false).decode(Status.self, from: node)
        else {
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

/// A blocking TCP socket speaking just enough WebSocket for an exec session: the upgrade
/// answer's head, masked frames out, frames in.
final class WebSocketClientSocket {
  private let descriptor: Int32
  private var buffer: [UInt8] = []

  init(host: String, port: Int) throws {
    var hints = addrinfo()
    hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
    var found: UnsafeMutablePointer<addrinfo>?
    guard getaddrinfo(host, String(port), &hints, &found) == 0, let first = found else {
      throw Status.unavailable("Unable to connect to the server: dial tcp: lookup \(host): no such host")
    }
    defer { freeaddrinfo(found) }
    var candidate: UnsafeMutablePointer<addrinfo>? = first
    var connected: Int32 = -1
    while let entry = candidate, connected < 0 {
      let made = Glibc.socket(entry.pointee.ai_family, entry.pointee.ai_socktype, entry.pointee.ai_protocol)
      if made >= 0, Glibc.connect(made, entry.pointee.ai_addr, entry.pointee.ai_addrlen) == 0 {
        connected = made
      } else if made >= 0 {
        Glibc.close(made)
      }
      candidate = entry.pointee.ai_next
    }
    guard connected >= 0 else {
      throw Status.unavailable("Unable to connect to the server: dial tcp \(host):\(port): connect: connection refused")
    }
    descriptor = connected
  }

  func close() { Glibc.close(descriptor) }

  func send(_ bytes: [UInt8]) throws {
    var sent = 0
    while sent < bytes.count {
      let count = bytes.withUnsafeBufferPointer { Glibc.send(descriptor, $0.baseAddress! + sent, $0.count - sent, Int32(MSG_NOSIGNAL)) }
      guard count > 0 else { throw Status.unavailable("the connection to the server was lost") }
      sent += count
    }
  }

  /// A masked binary frame, as a client must send.
  func sendFrame(_ payload: [UInt8]) throws {
    var frame: [UInt8] = [0x82]
    if payload.count < 126 {
      frame.append(0x80 | UInt8(payload.count))
    } else if payload.count <= 0xFFFF {
      frame += [0x80 | 126, UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)]
    } else {
      frame.append(0x80 | 127)
      for shift in stride(from: 56, through: 0, by: -8) { frame.append(UInt8((payload.count >> shift) & 0xFF)) }
    }
    let mask = (0..<4).map { _ in UInt8.random(in: 0...255) }
    frame += mask
    for (index, byte) in payload.enumerated() { frame.append(byte ^ mask[index % 4]) }
    try send(frame)
  }

  private func fill(_ count: Int) throws -> Bool {
    var scratch = [UInt8](repeating: 0, count: 1 << 15)
    while buffer.count < count {
      let read = scratch.withUnsafeMutableBufferPointer { recv(descriptor, $0.baseAddress, $0.count, 0) }
      if read <= 0 { return false }
      buffer += scratch[0..<read]
    }
    return true
  }

  private func take(_ count: Int) throws -> [UInt8]? {
    guard try fill(count) else { return nil }
    let taken = Array(buffer[0..<count])
    buffer.removeFirst(count)
    return taken
  }

  /// The answer's status code and headers (names lowercased).
  func readHead() throws -> (status: Int, headers: [String: String], contentLength: Int?) {
    while true {
      if let end = buffer.firstRange(of: [13, 10, 13, 10]) {
        let text = String(decoding: buffer[..<end.lowerBound], as: UTF8.self)
        buffer.removeFirst(end.upperBound)
        let lines = text.split(separator: "\r\n")
        let status = lines.first.flatMap { Int($0.split(separator: " ").dropFirst().first ?? "") } ?? 0
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
          let parts = line.split(separator: ":", maxSplits: 1)
          if parts.count == 2 { headers[parts[0].lowercased()] = parts[1].trimmingCharacters(in: .whitespaces) }
        }
        return (status, headers, headers["content-length"].flatMap { Int($0) })
      }
      guard try fill(buffer.count + 1) else { throw Status.unavailable("the server closed the connection before answering") }
    }
  }

  /// A refused upgrade's body (to the end of the connection when its length is not given).
  func readBody(length: Int?) throws -> [UInt8] {
    if let length, length >= 0 { return try take(length) ?? buffer }
    while try fill(buffer.count + 1) {}
    return buffer
  }

  /// The next frame's opcode and payload; nil once the connection ends.
  func readFrame() throws -> (UInt8, [UInt8])? {
    guard let head = try take(2) else { return nil }
    var length = Int(head[1] & 0x7F)
    if length == 126 {
      guard let more = try take(2) else { return nil }
      length = Int(more[0]) << 8 | Int(more[1])
    } else if length == 127 {
      guard let more = try take(8) else { return nil }
      length = more.reduce(0) { $0 << 8 | Int($1) }
    }
    guard length >= 0, length < 1 << 30 else { throw Status.internalError("a frame of \(length) bytes") }
    var mask: [UInt8]?
    if head[1] & 0x80 != 0 { mask = try take(4) }
    guard var payload = try take(length) else { return nil }
    if let mask { for index in payload.indices { payload[index] ^= mask[index % 4] } }
    return (head[0] & 0x0F, payload)
  }
}
