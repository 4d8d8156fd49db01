import KubeModel

/// The `/` filter of a view: text (case-insensitive, on namespace/name), a label selector
/// (`-l app=web,tier!=db`), either inverted with a leading `!`.
public struct ViewFilter: Hashable, Sendable {
  /// What the filter matches on.
  public enum Criterion: Hashable, Sendable {
    /// No filter.
    case none
    /// Substring of `namespace/name`, lower-cased.
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

  /// Whether an object passes the filter.
  public func matches(namespace: String, name: String, labels: [String: String]) -> Bool {
    let hit: Bool
    switch criterion {
    case .none: return true
    case .text(let needle):
      hit = name.lowercased().contains(needle) || (!namespace.isEmpty && "\(namespace)/\(name)".lowercased().contains(needle))
    case .labels(let selector): hit = selector.matches(labels)
    }
    return hit != isInverted
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
