// Texts made on hot paths (Event messages, container IDs) are written straight into a
// string's buffer instead of joined from pieces, each of which would be a string.

/// Writes text into a string's uninitialized buffer, which the caller sized to hold it.
struct TextWriter {
  let buffer: UnsafeMutableBufferPointer<UInt8>
  /// Where the next byte goes (after the last one, how many were written).
  private(set) var index = 0

  init(_ buffer: UnsafeMutableBufferPointer<UInt8>) {
    self.buffer = buffer
  }

  mutating func write(_ text: StaticString) {
    let bytes = UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount)
    for byte in bytes {
      buffer[index] = byte
      index &+= 1
    }
  }

  /// Copies `text`'s bytes (at once when they are contiguous, as native strings' are).
  mutating func write(_ text: String) {
    let target = UnsafeMutableBufferPointer(rebasing: buffer[index...])
    let written =
      text.utf8.withContiguousStorageIfAvailable { bytes in
        UnsafeMutableRawBufferPointer(target).copyMemory(from: UnsafeRawBufferPointer(bytes))
        return bytes.count
      } ?? target.initialize(from: text.utf8).1
    index &+= written
  }

  /// `value` in decimal, zero-padded to `width` digits.
  mutating func writeDecimal(_ value: Int64, width: Int = 1) {
    if value < 0 { write("-") }
    index = DecimalDigits.write(
      value.magnitude, count: max(DecimalDigits.count(value.magnitude), width), into: buffer, at: index)
  }

  /// The low `count` hex digits of `value`, zero-padded.
  mutating func writeHex(_ value: UInt64, count: Int) {
    index = HexDigits.write(value, count: count, into: buffer, at: index)
  }
}
