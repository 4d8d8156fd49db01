/// Decimal digits written straight into a string's buffer: every store write stamps its
/// revision on the object as `resourceVersion`, and `String(_:)` of an integer goes through
/// the generic conversion (a few hundred instructions for a seven-digit revision).
enum DecimalDigits {
  /// `value` in decimal, exactly as `String(value)` spells it.
  static func string(_ value: Int64) -> String {
    guard value >= 0 else { return String(value) }
    let count = count(value.magnitude)
    // Up to 15 digits the string is small: written in place, with no allocation.
    return String(unsafeUninitializedCapacity: count) { buffer in
      write(value.magnitude, count: count, into: buffer, at: 0)
    }
  }

  /// How many decimal digits `value` takes without leading zeros (at least one).
  static func count(_ value: UInt64) -> Int {
    var count = 1
    var rest = value / 10
    while rest > 0 {
      count &+= 1
      rest /= 10
    }
    return count
  }

  /// Writes the low `count` decimal digits of `value`, zero-padded, from `buffer[index]`,
  /// and returns the index after the last one.
  @inline(__always)
  static func write(
    _ value: UInt64, count: Int, into buffer: UnsafeMutableBufferPointer<UInt8>, at index: Int
  ) -> Int {
    var rest = value
    var position = index &+ count
    let end = position
    while position > index {
      position &-= 1
      buffer[position] = 0x30 &+ UInt8(truncatingIfNeeded: rest % 10)
      rest /= 10
    }
    return end
  }
}
