import KubeModel

/// What `kubectl describe` prints for a kind it has no describer of its own for (an Event,
/// a Lease): the header, then every other field of the object as the API serves it, keys
/// in byte order and humanised (`involvedObject` as `Involved Object`), maps and lists of
/// maps indented a level below their key, scalars after a tab.
enum GenericDescription {
  static func write(_ object: any KubeObject, into text: inout TabbedText) {
    // Every kind writes a Namespace line here, empty for a cluster-scoped one.
    text.write(0, "Name:\t\(object.name)\n")
    text.write(0, "Namespace:\t\(object.namespace)\n")
    text.labels("Labels", object.metadata.labels)
    text.annotations("Annotations", object.metadata.annotations)
    content((try? ValueEncoder.encode(object)) ?? .null, level: 0, path: "", into: &text)
  }

  /// The fields the header has already written.
  private static let skipped: Set<String> = [".metadata.name", ".metadata.namespace", ".metadata.labels", ".metadata.annotations"]

  /// The fields of `object` (a JSON object) at `level`, `path` naming it (`.metadata`).
  private static func content(_ object: JSONValue, level: Int, path: String, into text: inout TabbedText) {
    guard case .object(let fields) = object else { return }
    for key in fields.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
      let here = path + "." + key
      if skipped.contains(here) { continue }
      let value = fields[key] ?? .null
      switch value {
      case .object:
        text.write(level, "\(label(for: key)):\n")
        content(value, level: level + 1, path: here, into: &text)
      case .array(let items):
        text.write(level, "\(label(for: key)):\n")
        for item in items {
          if item.isObject {
            content(item, level: level + 1, path: here, into: &text)
          } else {
            text.write(level + 1, "\(scalar(item))\n")
          }
        }
      default:
        text.write(level, "\(label(for: key)):\t\(scalar(value))\n")
      }
    }
  }

  /// A scalar as Go's `%v` prints the value a JSON decoder gives for it.
  static func scalar(_ value: JSONValue) -> String {
    switch value {
    case .null: return "<nil>"
    case .bool(let flag): return flag ? "true" : "false"
    case .int(let number): return String(number)
    case .double(let number):
      if number.rounded() == number, abs(number) < 1e21 { return String(Int64(number)) }
      return String(number)
    case .string(let text): return text
    case .array, .object: return ""
    }
  }

  /// kubectl's label for a field name: split where the case changes (`apiVersion` →
  /// api, Version; `podIPs` → pod, I, Ps, as its splitter does), each part capitalised or,
  /// when it is API, URL, UID, OSB or GUID, upper-cased, joined by spaces. A name with any
  /// character but letters and `-` is kept as it is.
  static func label(for field: String) -> String {
    guard !field.isEmpty, field.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || $0 == "-" }) else { return field }
    let acronyms: Set<String> = ["API", "URL", "UID", "OSB", "GUID"]
    return camelCaseParts(field).compactMap { part -> String? in
      if part == "_" { return nil }
      if acronyms.contains(part.uppercased()) { return part.uppercased() }
      return part.prefix(1).uppercased() + part.dropFirst()
    }.joined(separator: " ")
  }

  /// Runs of lower-case, upper-case and other characters, with the last capital of a run
  /// moved to the lower-case run after it (`HTTPServer` → HTTP, Server).
  static func camelCaseParts(_ text: String) -> [String] {
    enum Kind { case lower, upper, digit, other }
    func kind(_ character: Character) -> Kind {
      if character.isLowercase { return .lower }
      if character.isUppercase { return .upper }
      if character.isNumber { return .digit }
      return .other
    }
    var runs: [[Character]] = []
    var last: Kind?
    for character in text {
      let current = kind(character)
      if current == last, !runs.isEmpty { runs[runs.count - 1].append(character) } else { runs.append([character]) }
      last = current
    }
    var index = 0
    while index < runs.count - 1 {
      if let head = runs[index].first, head.isUppercase, let next = runs[index + 1].first, next.isLowercase,
        let moved = runs[index].popLast()
      {
        runs[index + 1].insert(moved, at: 0)
      }
      index += 1
    }
    return runs.filter { !$0.isEmpty }.map { String($0) }
  }
}

extension JSONValue {
  fileprivate var isObject: Bool {
    if case .object = self { return true }
    return false
  }
}
