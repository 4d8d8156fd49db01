/// Decimal digits written straight into a string's buffer: every store write stamps its
/// revision on the object as `resourceVersion`, and `String(_:)` of an integer goes through
/// the generic conversion (a few hundred instructions for a seven-digit revision).
enum DecimalDigits {
  /// `value` in decimal, exactly as `String(value)` spells it.
  static func string(_ value: Int64) -> String {
    guard value >= 0 else { return String(value) }
    var count = 1
    var rest = value / 10
    while rest > 0 {
      count &+= 1
      rest /= 10
    }
    // Up to 15 digits the string is small: written in place, with no allocation.
    return String(unsafeUninitializedCapacity: count) { buffer in
      var rest = value
      var index = count
      repeat {
        index &-= 1
        buffer[index] = 0x30 &+ UInt8(truncatingIfNeeded: rest % 10)
        rest /= 10
      } while rest > 0
      return count
    }
  }
}
