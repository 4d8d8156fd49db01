/// Writes a `JSONValue` as JSON text.
public enum JSONWriter {
  /// Compact JSON (`{"a":1}`), keys in the value's order unless `sortedKeys`.
  public static func write(_ value: JSONValue, sortedKeys: Bool = false) -> String {
    var output = ""
    append(value, to: &output, sortedKeys: sortedKeys, indent: nil, level: 0)
    return output
  }

  /// Indented JSON as `kubectl get -o json` prints it (four spaces, sorted keys).
  public static func pretty(_ value: JSONValue, indent: Int = 4) -> String {
    var output = ""
    append(value, to: &output, sortedKeys: true, indent: indent, level: 0)
    return output
  }

  /// UTF-8 bytes of compact JSON.
  public static func bytes(_ value: JSONValue) -> [UInt8] {
    Array(write(value).utf8)
  }

  private static func append(_ value: JSONValue, to output: inout String, sortedKeys: Bool, indent: Int?, level: Int) {
    switch value {
    case .null: output += "null"
    case .bool(let flag): output += flag ? "true" : "false"
    case .int(let number): output += String(number)
    case .double(let number): output += formatDouble(number)
    case .string(let text): appendQuoted(text, to: &output)
    case .array(let elements):
      if elements.isEmpty {
        output += "[]"
        return
      }
      output += "["
      for (offset, element) in elements.enumerated() {
        if offset > 0 { output += "," }
        newline(&output, indent: indent, level: level + 1)
        append(element, to: &output, sortedKeys: sortedKeys, indent: indent, level: level + 1)
      }
      newline(&output, indent: indent, level: level)
      output += "]"
    case .object(let members):
      if members.isEmpty {
        output += "{}"
        return
      }
      output += "{"
      let keys = sortedKeys ? members.keys.sorted() : Array(members.keys)
      for (offset, key) in keys.enumerated() {
        if offset > 0 { output += "," }
        newline(&output, indent: indent, level: level + 1)
        appendQuoted(key, to: &output)
        output += indent == nil ? ":" : ": "
        append(members[key] ?? .null, to: &output, sortedKeys: sortedKeys, indent: indent, level: level + 1)
      }
      newline(&output, indent: indent, level: level)
      output += "}"
    }
  }

  private static func newline(_ output: inout String, indent: Int?, level: Int) {
    guard let indent else { return }
    output += "\n" + String(repeating: " ", count: indent * level)
  }

  /// Go-style number text: integers without a fraction, others in shortest form.
  static func formatDouble(_ number: Double) -> String {
    if number.isNaN || number.isInfinite { return "null" }
    if number == number.rounded(), abs(number) < 1e15 { return String(Int64(number)) }
    return String(number)
  }

  static func appendQuoted(_ text: String, to output: inout String) {
    output += "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": output += "\\\""
      case "\\": output += "\\\\"
      case "\n": output += "\\n"
      case "\r": output += "\\r"
      case "\t": output += "\\t"
      case "<": output += "\\u003c"
      case ">": output += "\\u003e"
      case "&": output += "\\u0026"
      default:
        if scalar.value < 0x20 {
          let hex = String(scalar.value, radix: 16)
          output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        } else {
          output.unicodeScalars.append(scalar)
        }
      }
    }
    output += "\""
  }
}
