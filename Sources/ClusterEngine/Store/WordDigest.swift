/// A 64-bit digest of strings' UTF-8 bytes, read eight at a time: each string's byte count,
/// then its words (the last one zero-padded), each xored into the state, which is then
/// multiplied by an odd constant and rotated. Each step is a bijection of the state and of
/// the word, so strings of one length that differ in a single word never collide; others
/// collide about as rarely as any 64-bit hash. Not seeded: it tells keys apart, the table
/// that holds them spreads them.
///
/// Bytes, not characters: canonically equivalent strings spelt differently digest apart
/// (as they compare in Kubernetes itself).
struct WordDigest {
  private var state: UInt64 = 0x243F_6A88_85A3_08D3

  /// Adds `text`'s length and bytes.
  mutating func combine(_ text: String) {
    // Native and small strings are read in place, with no copy of the string (and so no
    // retain of its storage); others are made contiguous first.
    if text.utf8.withContiguousStorageIfAvailable({ absorb(UnsafeRawBufferPointer($0)) }) != nil { return }
    var text = text
    text.withUTF8 { absorb(UnsafeRawBufferPointer($0)) }
  }

  /// Adds an integer (one word).
  mutating func combine(_ value: Int) {
    mix(UInt64(bitPattern: Int64(value)))
  }

  private mutating func absorb(_ raw: UnsafeRawBufferPointer) {
    mix(UInt64(raw.count))
    var offset = 0
    while offset &+ 8 <= raw.count {
      mix(raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
      offset &+= 8
    }
    let rest = raw.count &- offset
    guard rest > 0 else { return }
    if raw.count >= 8 {
      // The last eight bytes in one read, the ones already mixed shifted out: the same
      // zero-padded word as read byte by byte (little-endian, as the loads above).
      let word = raw.loadUnaligned(fromByteOffset: raw.count &- 8, as: UInt64.self)
      mix(word >> (UInt64(8 &- rest) &* 8))
      return
    }
    // Shorter than a word (most namespaces): four, two and one bytes read in turn, the
    // same little-endian zero-padded word as a loop over the bytes, in three loads.
    var last: UInt64 = 0
    var index = 0
    if rest >= 4 {
      last = UInt64(raw.loadUnaligned(fromByteOffset: 0, as: UInt32.self))
      index = 4
    }
    if rest &- index >= 2 {
      last |= UInt64(raw.loadUnaligned(fromByteOffset: index, as: UInt16.self)) << (UInt64(index) &* 8)
      index &+= 2
    }
    if rest &- index >= 1 {
      last |= UInt64(raw.load(fromByteOffset: index, as: UInt8.self)) << (UInt64(index) &* 8)
    }
    mix(last)
  }

  @inline(__always)
  private mutating func mix(_ word: UInt64) {
    state = ((state ^ word) &* 0x9E37_79B9_7F4A_7C15).rotated(left: 29)
  }

  /// The digest, its bits spread over the word.
  func finalize() -> Int {
    Int(truncatingIfNeeded: SeededRandom.mix(state))
  }
}

extension UInt64 {
  /// `self` rotated left by `count` bits (0 < count < 64).
  @inline(__always)
  fileprivate func rotated(left count: UInt64) -> UInt64 {
    (self << count) | (self >> (64 &- count))
  }
}
