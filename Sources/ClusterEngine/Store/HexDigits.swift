/// Lowercase hexadecimal digits written straight into a string's buffer: every Event's
/// name ends in its stamp so spelt, and every UID is 32 such digits.
enum HexDigits {
  /// Writes the low `count` hex digits of `value`, zero-padded, from `buffer[index]`, and
  /// returns the index after the last one.
  @inline(__always)
  static func write(
    _ value: UInt64, count: Int, into buffer: UnsafeMutableBufferPointer<UInt8>, at index: Int
  ) -> Int {
    var shift = UInt64(count) &* 4
    var index = index
    while shift > 0 {
      shift &-= 4
      let nibble = UInt8(truncatingIfNeeded: value >> shift) & 0xF
      buffer[index] = nibble < 10 ? 0x30 &+ nibble : 0x57 &+ nibble
      index &+= 1
    }
    return index
  }

  /// How many hex digits `value` takes without leading zeros (at least one).
  static func count(_ value: UInt64) -> Int {
    max(1, (64 - value.leadingZeroBitCount + 3) / 4)
  }
}
