import KubeModel

/// The `/` filter of a view: text (case-insensitive, on namespace/name), a label selector
/// (`-l app=web,tier!=db`), either inverted with a leading `!`.
public struct ViewFilter: Hashable, Sendable {
  /// What the filter matches on.
  public enum Criterion: Hashable, Sendable {
    /// No filter.
    case none
    /// Substring, lower-cased, of `namespace/name` or of any cell of the row.
    case text(String)
    /// A label selector.
    case labels(Selector)
  }

  /// The criterion.
  public var criterion: Criterion
  /// Whether matching rows are hidden instead of shown.
  public var isInverted: Bool
  /// The filter as typed.
  public var source: String

  /// No filter.
  public static let none = ViewFilter(criterion: .none, isInverted: false, source: "")

  /// Creates a filter.
  public init(criterion: Criterion, isInverted: Bool, source: String) {
    self.criterion = criterion
    self.isInverted = isInverted
    self.source = source
  }

  /// Parses what was typed after `/`; a bad selector is an error with the selector's message.
  public init(parsing text: String) throws(SelectorError) {
    var rest = Substring(text.trimmedSpaces)
    source = String(rest)
    isInverted = rest.hasPrefix("!")
    if isInverted { rest = rest.dropFirst().drop { $0 == " " } }
    if rest.hasPrefix("-l ") || rest == "-l" {
      let selector = String(rest.dropFirst(2)).trimmedSpaces
      guard !selector.isEmpty else { throw SelectorError(message: "-l needs a label selector, such as -l app=web") }
      criterion = .labels(try Selector(parsing: selector))
    } else if rest.isEmpty {
      criterion = .none
    } else {
      criterion = .text(rest.lowercased())
    }
  }

  /// Whether an object passes the filter, on its namespace and name alone.
  public func matches(namespace: String, name: String, labels: [String: String]) -> Bool {
    matches(namespace: namespace, name: name, labels: labels) { _ in false }
  }

  /// Whether an object passes the filter. A text filter that misses the namespace and name
  /// asks `rowContains` whether some cell of the row holds the lower-cased text (`Running`,
  /// a node's name, an event's reason), as k9s's filter reads the whole row.
  public func matches(
    namespace: String, name: String, labels: [String: String], rowContains: (String) -> Bool
  ) -> Bool {
    let hit: Bool
    switch criterion {
    case .none: return true
    case .text(let needle):
      // `namespace/name` holds the text when one of its parts does, or the text spans the slash.
      hit = Self.text(name, contains: needle)
        || (!namespace.isEmpty
          && (Self.text(namespace, contains: needle)
            || (needle.utf8.contains(0x2F) && Self.text("\(namespace)/\(name)", contains: needle))))
        || rowContains(needle)
    case .labels(let selector): hit = selector.matches(labels)
    }
    return hit != isInverted
  }

  /// Whether one of `cells` holds `needle` (lower-cased), ignoring case. ASCII text is
  /// compared byte by byte with no lower-cased copy (a filter reads 150,000 rows).
  public static func cells(_ cells: [String], contain needle: String) -> Bool {
    cells.contains { text($0, contains: needle) }
  }

  /// Whether `text` holds `needle` (lower-cased), ignoring case.
  static func text(_ text: String, contains needle: String) -> Bool {
    var text = text
    var needle = needle
    return text.withUTF8 { bytes in
      needle.withUTF8 { pattern in
        if bytes.contains(where: { $0 >= 0x80 }) || pattern.contains(where: { $0 >= 0x80 }) {
          return String(decoding: bytes, as: UTF8.self).lowercased().contains(String(decoding: pattern, as: UTF8.self))
        }
        return asciiContains(bytes, pattern)
      }
    }
  }

  /// Whether ASCII `text` holds lower-case ASCII `pattern`, with `text`'s capitals read as
  /// lower case.
  private static func asciiContains(_ text: UnsafeBufferPointer<UInt8>, _ pattern: UnsafeBufferPointer<UInt8>) -> Bool {
    guard !pattern.isEmpty else { return true }
    guard text.count >= pattern.count else { return false }
    for start in 0...(text.count - pattern.count) {
      var index = 0
      while index < pattern.count {
        var byte = text[start + index]
        if byte >= 0x41 && byte <= 0x5A { byte |= 0x20 }
        if byte != pattern[index] { break }
        index += 1
      }
      if index == pattern.count { return true }
    }
    return false
  }

  /// Whether the filter hides anything.
  public var isActive: Bool { criterion != .none }
}

extension String {
  /// The text without leading and trailing spaces.
  var trimmedSpaces: String {
    String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
  }
}
