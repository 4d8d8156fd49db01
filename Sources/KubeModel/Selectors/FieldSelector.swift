/// A parsed field selector (`fields.Selector`): `metadata.name=x,spec.nodeName!=y`.
///
/// Terms are ANDed. `=` and `==` mean equal, `!=` not equal; a value may be empty, and
/// `\`, `,` and `=` inside a value are escaped with a backslash. A field the object does not
/// have reads as the empty string, as upstream's `Fields.Get` does.
public struct FieldSelector: Hashable, Sendable, CustomStringConvertible {
  /// One `field=value` or `field!=value` term.
  public struct Requirement: Hashable, Sendable, CustomStringConvertible {
    /// How a term compares a field with its value.
    public enum Operator: String, Hashable, Sendable {
      /// `=` or `==`.
      case equals = "="
      /// `!=`.
      case notEquals = "!="
    }

    public let field: String
    public let `operator`: Operator
    /// The unescaped value.
    public let value: String

    public init(field: String, operator: Operator, value: String) {
      self.field = field
      self.operator = `operator`
      self.value = value
    }

    /// Whether the field's value (empty when missing) satisfies this term.
    public func matches(_ fieldValue: String?) -> Bool {
      (fieldValue ?? "" == value) == (`operator` == .equals)
    }

    /// `field=value` with the value escaped.
    public var description: String {
      field + `operator`.rawValue + FieldSelector.escape(value)
    }
  }

  /// The terms, in the order of their sorted source text.
  public let requirements: [Requirement]

  /// A selector from terms.
  public init(requirements: [Requirement] = []) {
    self.requirements = requirements
  }

  /// A selector requiring each `field=value` (`fields.SelectorFromSet`), sorted by field.
  public init(matching fields: [String: String]) {
    self.init(requirements: fields.keys.sortedByBytes().map { Requirement(field: $0, operator: .equals, value: fields[$0] ?? "") })
  }

  /// Matches every object.
  public static let everything = FieldSelector()

  /// Whether there are no terms.
  public var isEverything: Bool { requirements.isEmpty }

  /// Parses the string form (`fields.ParseSelector`).
  ///
  /// Errors are upstream's: `invalid selector: 'x'; can't understand 'x'` for a term without an
  /// operator, `invalid field selector: invalid escape sequence: \a`, and
  /// `invalid field selector: unescaped character in value: 61` (the character's code, as upstream prints it).
  public init(parsing text: String) throws(SelectorError) {
    var requirements: [Requirement] = []
    for term in Self.splitTerms(text).sortedByBytes() where !term.isEmpty {
      guard let (field, op, rawValue) = Self.splitTerm(term) else {
        throw SelectorError(message: "invalid selector: '\(text)'; can't understand '\(term)'")
      }
      requirements.append(Requirement(field: String(field), operator: op, value: try Self.unescape(rawValue)))
    }
    self.init(requirements: requirements)
  }

  /// Whether the object whose fields `value` reads satisfies every term.
  ///
  /// `value` maps a field path such as `spec.nodeName` to its value, or nil when the object lacks it.
  public func matches(_ value: (String) -> String?) -> Bool {
    requirements.allSatisfy { $0.matches(value($0.field)) }
  }

  /// The value the first `=` term on `field` demands (`RequiresExactMatch`).
  public func requiresExactMatch(_ field: String) -> String? {
    requirements.first { $0.field == field && $0.operator == .equals }?.value
  }

  /// The canonical string (`String()`): terms joined by commas, values escaped, `==` written `=`.
  public var description: String {
    requirements.map(\.description).joined(separator: ",")
  }

  // MARK: Escaping

  /// Escapes `\`, `,` and `=` in a value (`fields.EscapeValue`).
  public static func escape(_ value: String) -> String {
    guard value.contains(where: { $0 == "\\" || $0 == "," || $0 == "=" }) else { return value }
    var result = ""
    for character in value.unicodeScalars {
      if character == "\\" || character == "," || character == "=" { result.unicodeScalars.append("\\") }
      result.unicodeScalars.append(character)
    }
    return result
  }

  /// Undoes `escape` (`fields.UnescapeValue`), refusing unknown escapes and bare `,` or `=`.
  public static func unescape(_ value: Substring) throws(SelectorError) -> String {
    guard value.contains(where: { $0 == "\\" || $0 == "," || $0 == "=" }) else { return String(value) }
    var result = ""
    var inSlash = false
    for scalar in value.unicodeScalars {
      if inSlash {
        guard scalar == "\\" || scalar == "," || scalar == "=" else {
          throw SelectorError(message: "invalid field selector: invalid escape sequence: \\\(scalar)")
        }
        result.unicodeScalars.append(scalar)
        inSlash = false
        continue
      }
      switch scalar {
      case "\\": inSlash = true
      case ",", "=": throw SelectorError(message: "invalid field selector: unescaped character in value: \(scalar.value)")
      default: result.unicodeScalars.append(scalar)
      }
    }
    if inSlash { throw SelectorError(message: "invalid field selector: invalid escape sequence: \\") }
    return result
  }

  /// Splits on commas not escaped by a backslash (`splitTerms`).
  static func splitTerms(_ text: String) -> [Substring] {
    if text.isEmpty { return [] }
    var terms: [Substring] = []
    var start = text.unicodeScalars.startIndex
    var inSlash = false
    var index = start
    let scalars = text.unicodeScalars
    while index < scalars.endIndex {
      let scalar = scalars[index]
      if inSlash {
        inSlash = false
      } else if scalar == "\\" {
        inSlash = true
      } else if scalar == "," {
        terms.append(Substring(scalars[start..<index]))
        start = scalars.index(after: index)
      }
      index = scalars.index(after: index)
    }
    terms.append(Substring(scalars[start...]))
    return terms
  }

  /// Splits a term at its first operator, trying `!=`, `==`, `=` at each position (`splitTerm`).
  static func splitTerm(_ term: Substring) -> (Substring, Requirement.Operator, Substring)? {
    let scalars = term.unicodeScalars
    var index = scalars.startIndex
    while index < scalars.endIndex {
      let rest = Substring(scalars[index...])
      for (text, op) in [("!=", Requirement.Operator.notEquals), ("==", .equals), ("=", .equals)] where rest.hasPrefix(text) {
        let valueStart = scalars.index(index, offsetBy: text.unicodeScalars.count)
        return (Substring(scalars[..<index]), op, Substring(scalars[valueStart...]))
      }
      index = scalars.index(after: index)
    }
    return nil
  }
}
