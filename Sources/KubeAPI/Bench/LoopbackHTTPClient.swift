import Foundation
import Synchronization

/// A small blocking HTTP/1.1 client over one keep-alive connection, for the benchmark's
/// load generator (a second process on loopback) and for timing big lists.
public final class LoopbackHTTPClient {
  private let socket: Int32
  private var buffer: [UInt8] = []

  /// Why a request failed.
  public struct ClientError: Error, CustomStringConvertible {
    public var description: String
  }

  /// Connects to `127.0.0.1:port`.
  public init(port: Int) throws {
    socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard socket >= 0 else { throw ClientError(description: "socket() failed") }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr = in_addr(s_addr: inet_addr("127.0.0.1"))
    let connected = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard connected == 0 else {
      close(socket)
      throw ClientError(description: "cannot connect to 127.0.0.1:\(port)")
    }
    var noDelay: Int32 = 1
    setsockopt(socket, Int32(IPPROTO_TCP), TCP_NODELAY, &noDelay, socklen_t(MemoryLayout<Int32>.size))
  }

  deinit { close(socket) }

  /// Sends a GET and returns the status code and body.
  public func get(_ path: String, accept: String = "application/json") throws -> (status: Int, body: [UInt8]) {
    let request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: \(accept)\r\n\r\n"
    var bytes = Array(request.utf8)
    var sent = 0
    while sent < bytes.count {
      let count = bytes.withUnsafeMutableBufferPointer { send(socket, $0.baseAddress! + sent, $0.count - sent, 0) }
      guard count > 0 else { throw ClientError(description: "send failed") }
      sent += count
    }
    bytes.removeAll()
    let headerEnd = try readUntilHeaderEnd()
    let head = String(decoding: buffer[0..<headerEnd], as: UTF8.self)
    buffer.removeFirst(headerEnd + 4)
    let lines = head.split(separator: "\r\n")
    let status = lines.first.flatMap { Int($0.split(separator: " ").dropFirst().first ?? "") } ?? 0
    var length: Int?
    var chunked = false
    for line in lines.dropFirst() {
      let parts = line.split(separator: ":", maxSplits: 1)
      guard parts.count == 2 else { continue }
      let name = parts[0].lowercased()
      let value = parts[1].trimmingCharacters(in: .whitespaces)
      if name == "content-length" { length = Int(value) }
      if name == "transfer-encoding", value.lowercased().contains("chunked") { chunked = true }
    }
    if let length {
      try fill(length)
      let body = Array(buffer.prefix(length))
      buffer.removeFirst(length)
      return (status, body)
    }
    guard chunked else { return (status, []) }
    var body: [UInt8] = []
    while true {
      let lineEnd = try readLine()
      let sizeText = String(decoding: buffer[0..<lineEnd], as: UTF8.self)
      buffer.removeFirst(lineEnd + 2)
      let size = Int(sizeText.split(separator: ";").first ?? "", radix: 16) ?? 0
      try fill(size + 2)
      body += buffer[0..<size]
      buffer.removeFirst(size + 2)
      if size == 0 { return (status, body) }
    }
  }

  private func receive() throws {
    var chunk = [UInt8](repeating: 0, count: 65_536)
    let count = chunk.withUnsafeMutableBufferPointer { recv(socket, $0.baseAddress, $0.count, 0) }
    guard count > 0 else { throw ClientError(description: "connection closed") }
    buffer += chunk[0..<count]
  }

  private func fill(_ count: Int) throws {
    while buffer.count < count { try receive() }
  }

  private func readUntilHeaderEnd() throws -> Int {
    var searchFrom = 0
    while true {
      if buffer.count >= 4 {
        for index in searchFrom..<(buffer.count - 3)
        where buffer[index] == 13 && buffer[index + 1] == 10 && buffer[index + 2] == 13 && buffer[index + 3] == 10 {
          return index
        }
        searchFrom = max(0, buffer.count - 3)
      }
      try receive()
    }
  }

  private func readLine() throws -> Int {
    while true {
      if let index = (0..<max(0, buffer.count - 1)).first(where: { buffer[$0] == 13 && buffer[$0 + 1] == 10 }) {
        return index
      }
      try receive()
    }
  }
}

/// Drives GET requests at a fixed rate over several connections and reports latency
/// percentiles: the load generator `kubedeck bench` runs in a second process.
public enum LoadGenerator {
  /// What a load run measured.
  public struct Report: Codable, Sendable {
    public var requests: Int
    public var errors: Int
    public var seconds: Double
    public var requestsPerSecond: Double
    public var p50Milliseconds: Double
    public var p99Milliseconds: Double
  }

  /// Sends GET `paths` (round-robin) at `rate` requests per second for `seconds`, over
  /// `connections` keep-alive connections.
  public static func run(port: Int, paths: [String], rate: Double, seconds: Double, connections: Int) -> Report {
    let perConnection = rate / Double(connections)
    let results = Mutex<(latencies: [Double], errors: Int)>(([], 0))
    let group = DispatchGroup()
    let start = Date()
    for worker in 0..<connections {
      group.enter()
      Thread.detachNewThread {
        defer { group.leave() }
        var local: [Double] = []
        var localErrors = 0
        guard let client = try? LoopbackHTTPClient(port: port) else {
          results.withLock { $0.errors += 1 }
          return
        }
        var sent = 0
        while true {
          let due = start.addingTimeInterval(Double(sent) / perConnection)
          let now = Date()
          if now.timeIntervalSince(start) >= seconds { break }
          if due > now { Thread.sleep(forTimeInterval: due.timeIntervalSince(now)) }
          let path = paths[(sent + worker) % paths.count]
          let begin = Date()
          if let (status, _) = try? client.get(path), status == 200 {
            local.append(Date().timeIntervalSince(begin) * 1000)
          } else {
            localErrors += 1
          }
          sent += 1
        }
        results.withLock {
          $0.latencies += local
          $0.errors += localErrors
        }
      }
    }
    group.wait()
    let elapsed = Date().timeIntervalSince(start)
    var (latencies, errors) = results.withLock { ($0.latencies, $0.errors) }
    latencies.sort()
    func percentile(_ p: Double) -> Double {
      guard !latencies.isEmpty else { return 0 }
      return latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))]
    }
    return Report(
      requests: latencies.count, errors: errors, seconds: elapsed, requestsPerSecond: Double(latencies.count) / elapsed,
      p50Milliseconds: percentile(0.5), p99Milliseconds: percentile(0.99))
  }
}
