import Testing

@testable import KubeAPI

/// The SPDY/3.1 framing port forwarding speaks.
@Suite struct SPDYTests {
  /// The header dictionary is the protocol's, byte for byte: its Adler-32 is the one zlib
  /// streams name when they use it.
  @Test func dictionaryIsTheProtocols() {
    #expect(SPDY.dictionary.count == 1423)
    var (a, b): (UInt32, UInt32) = (1, 0)
    for byte in SPDY.dictionary {
      a = (a + UInt32(byte)) % 65521
      b = (b + a) % 65521
    }
    #expect(b << 16 | a == 3_821_447_106)
  }

  /// Frames written by one side are read by the other, header blocks through the two zlib
  /// contexts, block after block.
  @Test func framesRoundTrip() throws {
    let writer = SPDYFramer()
    let reader = SPDYFramer()
    let frames: [SPDY.Frame] = [
      .synStream(stream: 1, fin: false, headers: ["streamtype": "error", "port": "80", "requestid": "0"]),
      .synStream(stream: 3, fin: false, headers: ["streamtype": "data", "port": "80", "requestid": "0"]),
      .data(stream: 3, fin: false, payload: Array("GET / HTTP/1.1\r\n\r\n".utf8)),
      .synReply(stream: 3, fin: false, headers: [:]),
      .ping(id: 7), .rstStream(stream: 1, status: 5), .data(stream: 3, fin: true, payload: []),
      .goAway(lastStream: 3, status: 0),
    ]
    var bytes: [UInt8] = []
    for frame in frames { bytes += writer.encode(frame) }
    // Arriving in pieces: a frame is read once whole.
    var read: [SPDY.Frame] = []
    for piece in stride(from: 0, to: bytes.count, by: 5).map({ Array(bytes[$0..<min($0 + 5, bytes.count)]) }) {
      reader.append(piece)
      while let frame = try reader.next() { read.append(frame) }
    }
    #expect(read == frames)
  }

  @Test func aCorruptHeaderBlockIsAProtocolError() {
    let reader = SPDYFramer()
    reader.append([0x80, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0x0E, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF])
    #expect(throws: SPDY.ProtocolError.self) { try reader.next() }
  }

  /// Bytes altered at random are read as frames or refused as a protocol error, never more.
  @Test func alteredStreamsAreReadOrRefused() {
    let writer = SPDYFramer()
    var bytes = writer.encode(.synStream(stream: 1, fin: false, headers: ["streamtype": "data", "port": "80", "requestid": "1"]))
    bytes += writer.encode(.data(stream: 1, fin: false, payload: Array("hello".utf8))) + writer.encode(.ping(id: 3))
    var state: UInt64 = 0x9E37_79B9
    func next() -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int(state >> 33)
    }
    var refused = 0
    for _ in 0..<500 {
      var altered = bytes
      for _ in 0..<(1 + next() % 4) { altered[next() % altered.count] = UInt8(next() % 256) }
      let reader = SPDYFramer()
      reader.append(altered)
      do {
        while try reader.next() != nil {}
      } catch {
        refused += 1
      }
    }
    #expect(refused > 0)
  }
}
