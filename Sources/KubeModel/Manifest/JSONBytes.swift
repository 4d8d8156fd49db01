/// Compact JSON written straight into UTF-8 bytes: the byte-level twin of
/// `JSONWriter.write(_:)` (same text, keys in the value's order), without building a
/// `String` first.
public enum JSONBytes {
  /// Appends the compact JSON text of `value` to `output`.
  public static func append(_ value: JSONValue, to output: inout [UInt8]) {
    switch value {
    case .null: appendLiteral("null", to: &output)
    case .bool(let flag): appendLiteral(flag ? "true" : "false", to: &output)
    case .int(let number): appendInt(number, to: &output)
    case .double(let number): appendDouble(number, to: &output)
    case .string(let text): appendQuoted(text, to: &output)
    case .array(let elements):
      output.append(UInt8(ascii: "["))
      for (offset, element) in elements.enumerated() {
        if offset > 0 { output.append(UInt8(ascii: ",")) }
        append(element, to: &output)
      }
      output.append(UInt8(ascii: "]"))
    case .object(let members):
      output.append(UInt8(ascii: "{"))
      var first = true
      for (key, member) in members {
        if !first { output.append(UInt8(ascii: ",")) }
        first = false
        appendQuoted(key, to: &output)
        output.append(UInt8(ascii: ":"))
        append(member, to: &output)
      }
      output.append(UInt8(ascii: "}"))
    }
  }

  /// The compact JSON bytes of `value`.
  public static func bytes(_ value: JSONValue) -> [UInt8] {
    var output: [UInt8] = []
    append(value, to: &output)
    return output
  }

  /// Appends ASCII text as it is (literals, punctuation).
  @inline(__always)
  public static func appendLiteral(_ text: StaticString, to output: inout [UInt8]) {
    text.withUTF8Buffer { output.append(contentsOf: $0) }
  }

  /// Appends a decimal integer.
  public static func appendInt(_ number: Int64, to output: inout [UInt8]) {
    if number >= 0 && number < 10 {
      output.append(UInt8(ascii: "0") + UInt8(number))
      return
    }
    if number < 0 { output.append(UInt8(ascii: "-")) }
    var remaining = number.magnitude
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { scratch in
      var start = 20
      while remaining > 0 {
        start -= 1
        scratch[start] = UInt8(ascii: "0") + UInt8(remaining % 10)
        remaining /= 10
      }
      output.append(contentsOf: UnsafeBufferPointer(rebasing: scratch[start..<20]))
    }
  }

  /// Appends a number as `JSONWriter` formats it (Go-style: whole numbers without a fraction).
  public static func appendDouble(_ number: Double, to output: inout [UInt8]) {
    output.append(contentsOf: JSONWriter.formatDouble(number).utf8)
  }

  /// Appends `text` quoted and escaped as `JSONWriter` escapes it (`<`, `>` and `&` as
  /// `\u003c`…, as Go's encoder does).
  public static func appendQuoted(_ text: String, to output: inout [UInt8]) {
    output.append(UInt8(ascii: "\""))
    var text = text
    text.withUTF8 { bytes in
      var start = 0
      for index in 0..<bytes.count {
        let byte = bytes[index]
        guard needsEscape[Int(byte)] else { continue }
        if start < index { output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index])) }
        appendEscape(byte, to: &output)
        start = index + 1
      }
      if start < bytes.count { output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<bytes.count])) }
    }
    output.append(UInt8(ascii: "\""))
  }

  /// Which bytes `appendQuoted` escapes: controls, `"`, `\`, `<`, `>` and `&`.
  private static let needsEscape: [Bool] = (0..<256).map { byte in
    byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0x3C || byte == 0x3E || byte == 0x26
  }

  private static func appendEscape(_ byte: UInt8, to output: inout [UInt8]) {
    switch byte {
    case 0x22: appendLiteral("\\\"", to: &output)
    case 0x5C: appendLiteral("\\\\", to: &output)
    case 0x0A: appendLiteral("\\n", to: &output)
    case 0x0D: appendLiteral("\\r", to: &output)
    case 0x09: appendLiteral("\\t", to: &output)
    case 0x3C: appendLiteral("\\u003c", to: &output)
    case 0x3E: appendLiteral("\\u003e", to: &output)
    case 0x26: appendLiteral("\\u0026", to: &output)
    default:
      let hex: [UInt8] = Array("0123456789abcdef".utf8)
      appendLiteral("\\u00", to: &output)
      output.append(hex[Int(byte >> 4)])
      output.append(hex[Int(byte & 0x0F)])
    }
  }
}
