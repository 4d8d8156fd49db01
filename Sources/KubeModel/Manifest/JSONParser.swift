/// A JSON parser that records the line of every value, so JSON manifests get the same
/// line-numbered errors as YAML ones. Strict RFC 8259; duplicate keys are errors, as the
/// API server's strict decoding reports them.
public struct JSONParser {
  private let bytes: [UInt8]
  private var index = 0
  private var line = 1

  /// Parses `text` into a node tree.
  public static func parse(_ text: String) throws(ManifestError) -> ManifestNode {
    try parse(bytes: Array(text.utf8))
  }

  /// Parses UTF-8 `bytes` into a node tree.
  public static func parse(bytes: [UInt8]) throws(ManifestError) -> ManifestNode {
    var parser = JSONParser(bytes: bytes)
    parser.skipWhitespace()
    let node = try parser.parseValue(depth: 0)
    parser.skipWhitespace()
    guard parser.index == parser.bytes.count else {
      throw parser.error("unexpected content after the JSON value")
    }
    return node
  }

  private init(bytes: [UInt8]) {
    self.bytes = bytes
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
  }

  private func error(_ message: String) -> ManifestError {
    ManifestError(line: line, message: "invalid JSON: \(message)")
  }

  private mutating func skipWhitespace() {
    while index < bytes.count {
      switch bytes[index] {
      case 0x0A: line += 1
      case 0x20, 0x09, 0x0D: break
      default: return
      }
      index += 1
    }
  }

  private mutating func parseValue(depth: Int) throws(ManifestError) -> ManifestNode {
    guard depth < 512 else { throw error("nesting too deep") }
    guard index < bytes.count else { throw error("unexpected end of input") }
    let startLine = line
    switch bytes[index] {
    case UInt8(ascii: "{"):
      index += 1
      var members: [ManifestNode.Member] = []
      var seen = Set<String>()
      skipWhitespace()
      if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
        index += 1
        return ManifestNode(.object(members), line: startLine)
      }
      while true {
        skipWhitespace()
        let keyLine = line
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw error("expected a string key") }
        let key = try parseString()
        guard seen.insert(key).inserted else {
          throw ManifestError(line: keyLine, message: "duplicate field \"\(key)\"")
        }
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw error("expected ':' after a key") }
        index += 1
        skipWhitespace()
        let value = try parseValue(depth: depth + 1)
        members.append(ManifestNode.Member(key: key, keyLine: keyLine, value: value))
        skipWhitespace()
        guard index < bytes.count else { throw error("unexpected end of input in an object") }
        if bytes[index] == UInt8(ascii: ",") {
          index += 1
          continue
        }
        guard bytes[index] == UInt8(ascii: "}") else { throw error("expected ',' or '}'") }
        index += 1
        return ManifestNode(.object(members), line: startLine)
      }
    case UInt8(ascii: "["):
      index += 1
      var elements: [ManifestNode] = []
      skipWhitespace()
      if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
        index += 1
        return ManifestNode(.array(elements), line: startLine)
      }
      while true {
        skipWhitespace()
        elements.append(try parseValue(depth: depth + 1))
        skipWhitespace()
        guard index < bytes.count else { throw error("unexpected end of input in an array") }
        if bytes[index] == UInt8(ascii: ",") {
          index += 1
          continue
        }
        guard bytes[index] == UInt8(ascii: "]") else { throw error("expected ',' or ']'") }
        index += 1
        return ManifestNode(.array(elements), line: startLine)
      }
    case UInt8(ascii: "\""):
      return ManifestNode(.string(try parseString()), line: startLine)
    case UInt8(ascii: "t"):
      try expectLiteral("true")
      return ManifestNode(.bool(true), line: startLine)
    case UInt8(ascii: "f"):
      try expectLiteral("false")
      return ManifestNode(.bool(false), line: startLine)
    case UInt8(ascii: "n"):
      try expectLiteral("null")
      return ManifestNode(.null, line: startLine)
    default:
      return ManifestNode(try parseNumber(), line: startLine)
    }
  }

  private mutating func expectLiteral(_ literal: StaticString) throws(ManifestError) {
    let count = literal.utf8CodeUnitCount
    guard index + count <= bytes.count else { throw error("unexpected end of input") }
    let matches = literal.withUTF8Buffer { buffer in
      (0..<count).allSatisfy { bytes[index + $0] == buffer[$0] }
    }
    guard matches else { throw error("unexpected character") }
    index += count
  }

  private mutating func parseNumber() throws(ManifestError) -> ManifestNode.Value {
    let start = index
    var isInteger = true
    if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
    guard index < bytes.count, (48...57).contains(bytes[index]) else { throw error("unexpected character") }
    while index < bytes.count {
      let byte = bytes[index]
      if (48...57).contains(byte) {
        index += 1
      } else if byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
        || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")
      {
        isInteger = false
        index += 1
      } else {
        break
      }
    }
    let text = String(decoding: bytes[start..<index], as: UTF8.self)
    if isInteger, let value = Int64(text) { return .int(value) }
    guard let value = Double(text) else { throw error("malformed number \(text)") }
    return .double(value)
  }

  private mutating func parseString() throws(ManifestError) -> String {
    index += 1
    var runStart = index
    var result = ""
    func flush(_ end: Int) {
      if end > runStart { result += String(decoding: bytes[runStart..<end], as: UTF8.self) }
    }
    while index < bytes.count {
      let byte = bytes[index]
      if byte == UInt8(ascii: "\"") {
        flush(index)
        index += 1
        return result
      }
      if byte == UInt8(ascii: "\\") {
        flush(index)
        index += 1
        guard index < bytes.count else { break }
        let escape = bytes[index]
        index += 1
        switch escape {
        case UInt8(ascii: "\""): result += "\""
        case UInt8(ascii: "\\"): result += "\\"
        case UInt8(ascii: "/"): result += "/"
        case UInt8(ascii: "b"): result += "\u{08}"
        case UInt8(ascii: "f"): result += "\u{0C}"
        case UInt8(ascii: "n"): result += "\n"
        case UInt8(ascii: "r"): result += "\r"
        case UInt8(ascii: "t"): result += "\t"
        case UInt8(ascii: "u"):
          var code = try hex4()
          if (0xD800...0xDBFF).contains(code), index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"),
            bytes[index + 1] == UInt8(ascii: "u")
          {
            index += 2
            let low = try hex4()
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
          }
          result.unicodeScalars.append(Unicode.Scalar(code) ?? "\u{FFFD}")
        default:
          throw error("invalid escape in a string")
        }
        runStart = index
        continue
      }
      if byte < 0x20 { throw error("control character in a string") }
      index += 1
    }
    throw error("unterminated string")
  }

  private mutating func hex4() throws(ManifestError) -> UInt32 {
    guard index + 4 <= bytes.count else { throw error("truncated \\u escape") }
    var value: UInt32 = 0
    for _ in 0..<4 {
      let byte = bytes[index]
      let digit: UInt32
      switch byte {
      case 48...57: digit = UInt32(byte - 48)
      case 65...70: digit = UInt32(byte - 55)
      case 97...102: digit = UInt32(byte - 87)
      default: throw error("invalid \\u escape")
      }
      value = value * 16 + digit
      index += 1
    }
    return value
  }
}
