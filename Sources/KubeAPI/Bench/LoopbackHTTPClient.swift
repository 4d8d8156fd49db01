import Foundation
import Synchronization

/// A small blocking HTTP/1.1 client over one keep-alive connection, for the benchmark's
/// load generator (a second process on loopback) and for timing big lists.
public final class LoopbackHTTPClient {
  private let socket: Int32
  /// Received bytes not yet consumed start at `position`.
  private var buffer: [UInt8] = []
  private var position = 0
  private var scratch = [UInt8](repeating: 0, count: 1 << 16)

  /// Why a request failed.
  public struct ClientError: Error, CustomStringConvertible {
    public var description: String
  }

  /// Connects to `127.0.0.1:port`.
  public init(port: Int) throws {
    socket = try Self.connectedSocket(port: port)
    var noDelay: Int32 = 1
    setsockopt(socket, Int32(IPPROTO_TCP), TCP_NODELAY, &noDelay, socklen_t(MemoryLayout<Int32>.size))
  }

  /// A TCP socket connected to `127.0.0.1:port`; the caller closes it.
  public static func connectedSocket(port: Int) throws -> Int32 {
    let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
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
    return socket
  }

  deinit { close(socket) }

  /// Sends a GET and returns the status code and body (a chunked body is reassembled).
  public func get(_ path: String, accept: String = "application/json") throws -> (status: Int, body: [UInt8]) {
    var body: [UInt8] = []
    let status = try get(path, accept: accept) { body += $0 }
    return (status, body)
  }

  /// Sends a GET and hands the body to `consume` piece by piece as it arrives (a chunked
  /// body chunk by chunk), holding none of it: how a streaming client reads a huge list.
  public func get(_ path: String, accept: String = "application/json", consume: (ArraySlice<UInt8>) -> Void) throws -> Int {
    let request = Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: \(accept)\r\n\r\n".utf8)
    var sent = 0
    while sent < request.count {
      let count = request.withUnsafeBufferPointer { bytes in
        bytes.baseAddress.map { send(socket, $0 + sent, bytes.count - sent, 0) } ?? -1
      }
      guard count > 0 else { throw ClientError(description: "send failed") }
      sent += count
    }
    let headerEnd = try find([13, 10, 13, 10])
    let head = ParsedResponseHead(String(decoding: buffer[position..<headerEnd], as: UTF8.self))
    position = headerEnd + 4
    let status = head.status
    if let length = head.contentLength {
      try fill(length)
      consume(buffer[position..<position + length])
      position += length
      compact()
      return status
    }
    guard head.isChunked else { return status }
    while true {
      let lineEnd = try find([13, 10])
      let sizeText = String(decoding: buffer[position..<lineEnd], as: UTF8.self)
      position = lineEnd + 2
      let size = Int(sizeText.split(separator: ";").first ?? "", radix: 16) ?? 0
      try fill(size + 2)
      if size > 0 { consume(buffer[position..<position + size]) }
      position += size + 2
      compact()
      if size == 0 { return status }
    }
  }

  /// Reads more bytes from the socket.
  private func receive() throws {
    let count = scratch.withUnsafeMutableBufferPointer { recv(socket, $0.baseAddress, $0.count, 0) }
    guard count > 0 else { throw ClientError(description: "connection closed") }
    buffer += scratch[0..<count]
  }

  /// Drops consumed bytes once they dominate the buffer (keeps the cost linear).
  private func compact() {
    if position == buffer.count {
      buffer.removeAll(keepingCapacity: true)
      position = 0
    } else if position > 1 << 20 && position > buffer.count / 2 {
      buffer.removeFirst(position)
      position = 0
    }
  }

  /// Receives until `count` unconsumed bytes are buffered.
  private func fill(_ count: Int) throws {
    while buffer.count - position < count { try receive() }
  }

  /// The index where `pattern` next starts among the unconsumed bytes, receiving as needed.
  private func find(_ pattern: [UInt8]) throws -> Int {
    var searchFrom = position
    while true {
      if buffer.count - searchFrom >= pattern.count {
        let last = buffer.count - pattern.count
        var index = searchFrom
        while index <= last {
          if buffer[index] == pattern[0] && buffer[index..<index + pattern.count].elementsEqual(pattern) { return index }
          index += 1
        }
        searchFrom = last + 1
      }
      try receive()
    }
  }
}

/// Drives GET requests at a fixed rate over several connections and reports latency
/// percentiles: the load generator `kubedeck bench` runs in a second process.
///
/// Open loop: request `k` of the run is due at `start + k / rate` whatever happened to the
/// ones before, and its latency counts from that due time, so a server that falls behind
/// shows its queueing in the percentiles instead of slowing the offered load. Each
/// connection carries one request at a time; use enough connections that one connection's
/// share of the rate leaves room for a slow answer (`rate / connections` well under
/// `1 / latency`).
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
    let connections = max(1, connections)
    let total = Int(rate * seconds)
    let results = Mutex<(latencies: [Double], errors: Int)>(([], 0))
    let group = DispatchGroup()
    let start = DispatchTime.now().uptimeNanoseconds + 20_000_000
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
        // This connection sends requests worker, worker + connections, …
        var request = worker
        while request < total {
          let due = start + UInt64(Double(request) / rate * 1e9)
          let now = DispatchTime.now().uptimeNanoseconds
          if due > now { usleep(UInt32((due - now) / 1000)) }
          let path = paths.isEmpty ? "/version" : paths[request % paths.count]
          if let (status, _) = try? client.get(path), status == 200 {
            local.append(Double(DispatchTime.now().uptimeNanoseconds - due) / 1e6)
          } else {
            localErrors += 1
          }
          request += connections
        }
        results.withLock {
          $0.latencies += local
          $0.errors += localErrors
        }
      }
    }
    group.wait()
    let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
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
