/// Writes a `JSONValue` as YAML the way `kubectl get -o yaml` prints: keys sorted, two-space
/// indentation, list items at their parent key's indentation, strings quoted only when
/// they would otherwise read as something else.
public enum YAMLWriter {
  /// The YAML text of `value`, ending in a newline.
  public static func write(_ value: JSONValue) -> String {
    var output = ""
    switch value {
    case .object(let members) where !members.isEmpty:
      writeObject(members.map { ($0.key, $0.value) }, indent: 0, to: &output)
    case .array(let elements) where !elements.isEmpty:
      writeArray(elements, indent: 0, to: &output)
    default:
      output += scalar(value, indent: 0) + "\n"
    }
    return output
  }

  private static func writeObject(
    _ members: [(key: String, value: JSONValue)], indent: Int, to output: inout String,
    firstLinePrefixed: Bool = false
  ) {
    let pad = String(repeating: " ", count: indent)
    for (offset, member) in members.sorted(by: { $0.key < $1.key }).enumerated() {
      let (key, value) = member
      if !(firstLinePrefixed && offset == 0) { output += pad }
      output += quoteIfNeeded(key) + ":"
      switch value {
      case .object(let children) where !children.isEmpty:
        output += "\n"
        writeObject(children.map { ($0.key, $0.value) }, indent: indent + 2, to: &output)
      case .array(let elements) where !elements.isEmpty:
        output += "\n"
        writeArray(elements, indent: indent, to: &output)
      default:
        output += " " + scalar(value, indent: indent + 2) + "\n"
      }
    }
  }

  private static func writeArray(_ elements: [JSONValue], indent: Int, to output: inout String) {
    let pad = String(repeating: " ", count: indent)
    for element in elements {
      output += pad + "- "
      switch element {
      case .object(let children) where !children.isEmpty:
        writeObject(children.map { ($0.key, $0.value) }, indent: indent + 2, to: &output, firstLinePrefixed: true)
      case .array(let nested) where !nested.isEmpty:
        output += "\n"
        writeArray(nested, indent: indent + 2, to: &output)
      default:
        output += scalar(element, indent: indent + 2) + "\n"
      }
    }
  }

  private static func scalar(_ value: JSONValue, indent: Int) -> String {
    switch value {
    case .null: return "null"
    case .bool(let flag): return flag ? "true" : "false"
    case .int(let number): return String(number)
    case .double(let number): return JSONWriter.formatDouble(number)
    case .string(let text):
      if text.contains("\n"), !text.contains(where: { $0 != "\n" && $0 != "\t" && $0.asciiValue.map { $0 < 32 } == true }) {
        let pad = String(repeating: " ", count: indent)
        let body = text.hasSuffix("\n") ? String(text.dropLast()) : text
        let header = text.hasSuffix("\n") ? "|" : "|-"
        var block = header
        for line in body.split(separator: "\n", omittingEmptySubsequences: false) {
          block += "\n" + (line.isEmpty ? "" : pad + line)
        }
        return block
      }
      return quoteIfNeeded(text)
    case .array: return "[]"
    case .object: return "{}"
    }
  }

  /// The words YAML 1.1 reads as booleans or null, which must be quoted to stay strings.
  private static let reserved: Set<String> = [
    "", "~", "null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE", "yes", "Yes", "YES",
    "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF", "y", "Y", "n", "N", ".inf", ".Inf", ".INF",
    "-.inf", "-.Inf", "-.INF", ".nan", ".NaN", ".NAN", "<<", "=",
  ]

  /// `text` plain when YAML would read it back as the same string, else double-quoted.
  static func quoteIfNeeded(_ text: String) -> String {
    if needsQuotes(text) {
      var output = ""
      JSONWriter.appendQuoted(text, to: &output)
      return output
    }
    return text
  }

  private static func needsQuotes(_ text: String) -> Bool {
    if reserved.contains(text) { return true }
    guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last else { return true }
    if "-?:,[]{}#&*!|>'\"%@` \t".unicodeScalars.contains(first) {
      // A leading '-' is fine when the text is not a number and is followed by a non-space.
      if first == "-", text.count > 1, !text.hasPrefix("- "), !looksNumeric(text) { return false }
      return true
    }
    if last == " " || last == ":" || last == "\t" { return true }
    if text.contains(": ") || text.contains(" #") || text.contains("\t") { return true }
    if text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) { return true }
    return looksNumeric(text) || looksLikeTimestamp(text)
  }

  /// YAML 1.1 reads `2026-01-01` and `2026-01-01T00:00:00Z` as timestamps; Go's encoder
  /// quotes them, so kubectl prints `creationTimestamp: "2026-01-01T00:00:00Z"`.
  private static func looksLikeTimestamp(_ text: String) -> Bool {
    let bytes = Array(text.utf8.prefix(10))
    guard bytes.count == 10 else { return false }
    let digits = [0, 1, 2, 3, 5, 6, 8, 9]
    return bytes[4] == 45 && bytes[7] == 45 && digits.allSatisfy { (48...57).contains(bytes[$0]) }
  }

  private static func looksNumeric(_ text: String) -> Bool {
    let body = text.hasPrefix("-") || text.hasPrefix("+") ? String(text.dropFirst()) : text
    if body.isEmpty { return false }
    if body.hasPrefix("0x") || body.hasPrefix("0o") || body.hasPrefix("0b") { return true }
    if Double(body.replacingOccurrences(of: "_", with: "")) != nil { return true }
    // Sexagesimal numbers such as 1:20 read as integers in YAML 1.1.
    let parts = body.split(separator: ":", omittingEmptySubsequences: false)
    return parts.count > 1 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isNumber) }
  }
}
