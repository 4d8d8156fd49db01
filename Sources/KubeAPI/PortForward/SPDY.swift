import CZlib

/// SPDY/3.1 framing, as Kubernetes port forwarding speaks it (kubectl tunnels it through a
/// WebSocket): control frames (SYN_STREAM, SYN_REPLY, RST_STREAM, SETTINGS, PING, GOAWAY,
/// HEADERS, WINDOW_UPDATE) and data frames, with header blocks compressed by zlib over a
/// dictionary the protocol fixes, one compression context per direction for the session.
enum SPDY {
  enum Frame: Equatable {
    case data(stream: UInt32, fin: Bool, payload: [UInt8])
    case synStream(stream: UInt32, fin: Bool, headers: [String: String])
    case synReply(stream: UInt32, fin: Bool, headers: [String: String])
    case rstStream(stream: UInt32, status: UInt32)
    case ping(id: UInt32)
    case goAway(lastStream: UInt32, status: UInt32)
    /// SETTINGS, HEADERS, WINDOW_UPDATE and unknown types: read and let go.
    case other(type: UInt16)
  }

  struct ProtocolError: Error {
    var message: String
  }

  static let version: UInt16 = 3
  static let finFlag: UInt8 = 0x01

  /// The header dictionary of SPDY/3: these words, each after its length as four bytes,
  /// then a run of status lines, dates, types and encodings.
  static let dictionary: [UInt8] = {
    let words = [
      "options", "head", "post", "put", "delete", "trace", "accept", "accept-charset", "accept-encoding",
      "accept-language", "accept-ranges", "age", "allow", "authorization", "cache-control", "connection",
      "content-base", "content-encoding", "content-language", "content-length", "content-location", "content-md5",
      "content-range", "content-type", "date", "etag", "expect", "expires", "from", "host", "if-match",
      "if-modified-since", "if-none-match", "if-range", "if-unmodified-since", "last-modified", "location",
      "max-forwards", "pragma", "proxy-authenticate", "proxy-authorization", "range", "referer", "retry-after",
      "server", "te", "trailer", "transfer-encoding", "upgrade", "user-agent", "vary", "via", "warning",
      "www-authenticate", "method", "get", "status", "200 OK", "version", "HTTP/1.1", "url", "public", "set-cookie",
      "keep-alive", "origin",
    ]
    var bytes: [UInt8] = []
    for word in words {
      bytes += bigEndian(UInt32(word.utf8.count))
      bytes += Array(word.utf8)
    }
    let codes = "100101201202205206300302303304305306307402405406407408409410411412413414415416417502504505"
    let reasons =
      "203 Non-Authoritative Information204 No Content301 Moved Permanently400 Bad Request401 Unauthorized"
      + "403 Forbidden404 Not Found500 Internal Server Error501 Not Implemented503 Service Unavailable"
    let dates = "Jan Feb Mar Apr May Jun Jul Aug Sept Oct Nov Dec 00:00:00 Mon, Tue, Wed, Thu, Fri, Sat, Sun, GMT"
    let types =
      "chunked,text/html,image/png,image/jpg,image/gif,application/xml,application/xhtml+xml,text/plain,"
      + "text/javascript,publicprivatemax-age=gzip,deflate,sdchcharset=utf-8charset=iso-8859-1,utf-,*,enq=0."
    bytes += Array((codes + reasons + dates + types).utf8)
    return bytes
  }()

  static func bigEndian(_ value: UInt32) -> [UInt8] {
    [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
  }

  static func readUInt32(_ bytes: ArraySlice<UInt8>, at offset: Int) -> UInt32 {
    let base = bytes.startIndex + offset
    return UInt32(bytes[base]) << 24 | UInt32(bytes[base + 1]) << 16 | UInt32(bytes[base + 2]) << 8 | UInt32(bytes[base + 3])
  }

  /// A header block's name/value pairs: a count, then each name and value after its length.
  static func headerBlock(_ headers: [String: String]) -> [UInt8] {
    var bytes = bigEndian(UInt32(headers.count))
    for (name, value) in headers.sorted(by: { $0.key < $1.key }) {
      bytes += bigEndian(UInt32(name.utf8.count)) + Array(name.utf8)
      bytes += bigEndian(UInt32(value.utf8.count)) + Array(value.utf8)
    }
    return bytes
  }

  static func parseHeaderBlock(_ bytes: [UInt8]) throws(ProtocolError) -> [String: String] {
    let slice = bytes[...]
    guard bytes.count >= 4 else { throw ProtocolError(message: "short header block") }
    var offset = 4
    var headers: [String: String] = [:]
    for _ in 0..<readUInt32(slice, at: 0) {
      var pair: [String] = []
      for _ in 0..<2 {
        guard offset + 4 <= bytes.count else { throw ProtocolError(message: "short header block") }
        let length = Int(readUInt32(slice, at: offset))
        offset += 4
        guard offset + length <= bytes.count else { throw ProtocolError(message: "short header block") }
        pair.append(String(decoding: bytes[offset..<offset + length], as: UTF8.self))
        offset += length
      }
      headers[pair[0]] = pair[1]
    }
    return headers
  }
}

/// One direction's zlib context for header blocks: a deflater or an inflater, both over
/// the SPDY dictionary, flushed at the end of each block.
final class SPDYHeaderCodec {
  private let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
  private let compressing: Bool

  init(compressing: Bool) {
    self.compressing = compressing
    stream.initialize(to: z_stream())
    if compressing {
      deflateInit_(stream, Z_DEFAULT_COMPRESSION, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
      _ = SPDY.dictionary.withUnsafeBufferPointer { deflateSetDictionary(stream, $0.baseAddress, UInt32($0.count)) }
    } else {
      inflateInit_(stream, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
    }
  }

  deinit {
    if compressing { deflateEnd(stream) } else { inflateEnd(stream) }
    stream.deinitialize(count: 1)
    stream.deallocate()
  }

  /// Compresses one header block.
  func compress(_ block: [UInt8]) -> [UInt8] {
    run(block) { deflate($0, Z_SYNC_FLUSH) }
  }

  /// Decompresses one header block.
  func decompress(_ block: [UInt8]) throws(SPDY.ProtocolError) -> [UInt8] {
    var failed = false
    let output = run(block) { stream in
      var status = inflate(stream, Z_SYNC_FLUSH)
      if status == Z_NEED_DICT {
        status = SPDY.dictionary.withUnsafeBufferPointer { inflateSetDictionary(stream, $0.baseAddress, UInt32($0.count)) }
        if status == Z_OK { status = inflate(stream, Z_SYNC_FLUSH) }
      }
      if status != Z_OK && status != Z_BUF_ERROR && status != Z_STREAM_END { failed = true }
      return status
    }
    if failed { throw SPDY.ProtocolError(message: "bad compressed header block") }
    return output
  }

  /// Feeds `input` through `step` until it is consumed and the output no longer fills
  /// the buffer.
  private func run(_ input: [UInt8], _ step: (UnsafeMutablePointer<z_stream>) -> Int32) -> [UInt8] {
    var input = input
    var output: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 4096)
    input.withUnsafeMutableBufferPointer { source in
      stream.pointee.next_in = source.baseAddress
      stream.pointee.avail_in = UInt32(source.count)
      for _ in 0..<10_000 {
        let status = chunk.withUnsafeMutableBufferPointer { target -> Int32 in
          stream.pointee.next_out = target.baseAddress
          stream.pointee.avail_out = UInt32(target.count)
          return step(stream)
        }
        let produced = chunk.count - Int(stream.pointee.avail_out)
        output += chunk[..<produced]
        let stalled = status != Z_OK || (produced < chunk.count && stream.pointee.avail_in == 0)
        if stalled { break }
      }
      stream.pointee.next_in = nil
      stream.pointee.avail_in = 0
    }
    return output
  }
}

/// Reads frames from a byte stream and writes frames, with the session's two header
/// contexts.
final class SPDYFramer {
  private var buffer: [UInt8] = []
  private let inflater = SPDYHeaderCodec(compressing: false)
  private let deflater = SPDYHeaderCodec(compressing: true)

  func append(_ bytes: [UInt8]) { buffer += bytes }

  /// The next whole frame received, if any.
  func next() throws(SPDY.ProtocolError) -> SPDY.Frame? {
    guard buffer.count >= 8 else { return nil }
    let length = Int(buffer[5]) << 16 | Int(buffer[6]) << 8 | Int(buffer[7])
    guard buffer.count >= 8 + length else { return nil }
    let head = Array(buffer[..<8])
    let payload = Array(buffer[8..<8 + length])
    buffer.removeFirst(8 + length)
    let flags = head[4]
    guard head[0] & 0x80 != 0 else {
      let stream = SPDY.readUInt32(head[...], at: 0) & 0x7FFF_FFFF
      return .data(stream: stream, fin: flags & SPDY.finFlag != 0, payload: payload)
    }
    let type = UInt16(head[2]) << 8 | UInt16(head[3])
    let body = payload[...]
    func need(_ count: Int) throws(SPDY.ProtocolError) {
      if payload.count < count { throw SPDY.ProtocolError(message: "short control frame of type \(type)") }
    }
    switch type {
    case 1:
      try need(10)
      let headers = try SPDY.parseHeaderBlock(try inflater.decompress(Array(payload[10...])))
      return .synStream(stream: SPDY.readUInt32(body, at: 0) & 0x7FFF_FFFF, fin: flags & SPDY.finFlag != 0, headers: headers)
    case 2:
      try need(4)
      let headers = try SPDY.parseHeaderBlock(try inflater.decompress(Array(payload[4...])))
      return .synReply(stream: SPDY.readUInt32(body, at: 0) & 0x7FFF_FFFF, fin: flags & SPDY.finFlag != 0, headers: headers)
    case 3:
      try need(8)
      return .rstStream(stream: SPDY.readUInt32(body, at: 0) & 0x7FFF_FFFF, status: SPDY.readUInt32(body, at: 4))
    case 6:
      try need(4)
      return .ping(id: SPDY.readUInt32(body, at: 0))
    case 7:
      try need(8)
      return .goAway(lastStream: SPDY.readUInt32(body, at: 0) & 0x7FFF_FFFF, status: SPDY.readUInt32(body, at: 4))
    case 8:
      // HEADERS: its block is read to keep the inflater in step.
      if payload.count > 4 { _ = try inflater.decompress(Array(payload[4...])) }
      return .other(type: type)
    default:
      return .other(type: type)
    }
  }

  /// The bytes of `frame`.
  func encode(_ frame: SPDY.Frame) -> [UInt8] {
    func control(_ type: UInt16, flags: UInt8, _ payload: [UInt8]) -> [UInt8] {
      let count = payload.count
      return [0x80 | UInt8(SPDY.version >> 8), UInt8(SPDY.version & 0xFF), UInt8(type >> 8), UInt8(type & 0xFF), flags]
        + [UInt8(count >> 16 & 0xFF), UInt8(count >> 8 & 0xFF), UInt8(count & 0xFF)] + payload
    }
    switch frame {
    case .data(let stream, let fin, let payload):
      let count = payload.count
      return SPDY.bigEndian(stream & 0x7FFF_FFFF) + [fin ? SPDY.finFlag : 0]
        + [UInt8(count >> 16 & 0xFF), UInt8(count >> 8 & 0xFF), UInt8(count & 0xFF)] + payload
    case .synStream(let stream, let fin, let headers):
      return control(1, flags: fin ? SPDY.finFlag : 0, SPDY.bigEndian(stream) + [0, 0, 0, 0, 0, 0] + deflater.compress(SPDY.headerBlock(headers)))
    case .synReply(let stream, let fin, let headers):
      return control(2, flags: fin ? SPDY.finFlag : 0, SPDY.bigEndian(stream) + deflater.compress(SPDY.headerBlock(headers)))
    case .rstStream(let stream, let status):
      return control(3, flags: 0, SPDY.bigEndian(stream) + SPDY.bigEndian(status))
    case .ping(let id):
      return control(6, flags: 0, SPDY.bigEndian(id))
    case .goAway(let lastStream, let status):
      return control(7, flags: 0, SPDY.bigEndian(lastStream) + SPDY.bigEndian(status))
    case .other:
      return []
    }
  }
}
