import Foundation
import KubeModel

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
    guard connected >= 0 else { throw APIErrors.unreachable(host: host, port: port) }
    descriptor = connected
  }

  func close() { Glibc.close(descriptor) }

  func send(_ bytes: [UInt8]) throws {
    var sent = 0
    while sent < bytes.count {
      let count = bytes.withUnsafeBufferPointer { buffer in
        buffer.baseAddress.map { Glibc.send(descriptor, $0 + sent, buffer.count - sent, Int32(MSG_NOSIGNAL)) } ?? -1
      }
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

  /// The answer's status line and headers.
  func readHead() throws -> ParsedResponseHead {
    while true {
      if let end = buffer.firstRange(of: [13, 10, 13, 10]) {
        let head = ParsedResponseHead(String(decoding: buffer[..<end.lowerBound], as: UTF8.self))
        buffer.removeFirst(end.upperBound)
        return head
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
