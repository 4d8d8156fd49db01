import Testing

@testable import ClusterEngine

/// The digest reads a string eight bytes at a time; its definition is the byte-by-byte one
/// below (the length, then each word little-endian, the last zero-padded), whatever the
/// reads it is computed with.
@Suite struct WordDigestTests {
  static func reference(_ texts: [String]) -> Int {
    var state: UInt64 = 0x243F_6A88_85A3_08D3
    func mix(_ word: UInt64) {
      let product = (state ^ word) &* 0x9E37_79B9_7F4A_7C15
      state = (product << 29) | (product >> 35)
    }
    for text in texts {
      let bytes = Array(text.utf8)
      mix(UInt64(bytes.count))
      var start = 0
      while start < bytes.count {
        var word: UInt64 = 0
        for index in start..<min(start + 8, bytes.count) { word |= UInt64(bytes[index]) << (UInt64(index - start) * 8) }
        mix(word)
        start += 8
      }
    }
    return Int(truncatingIfNeeded: SeededRandom.mix(state))
  }

  @Test func everyLengthDigestsAsReadByteByByte() {
    let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789-.")
    for length in 0...41 {
      let text = String((0..<length).map { alphabet[($0 * 7 + length) % alphabet.count] })
      var digest = WordDigest()
      digest.combine(text)
      digest.combine("default")
      #expect(digest.finalize() == Self.reference([text, "default"]), "length \(length)")
    }
    // Multi-byte characters.
    for text in ["노드-준비됨", "pod-é", String(repeating: "ü", count: 13)] {
      var digest = WordDigest()
      digest.combine(text)
      #expect(digest.finalize() == Self.reference([text]))
    }
  }

  @Test func stringsDifferingInTheirLastBytesDigestApart() {
    var seen: Set<Int> = []
    for suffix in 0..<256 {
      var digest = WordDigest()
      digest.combine("webserver-5d8f7c9b4-" + String(suffix, radix: 16))
      seen.insert(digest.finalize())
    }
    #expect(seen.count == 256)
  }
}
