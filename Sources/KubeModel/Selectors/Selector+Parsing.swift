extension Selector {
  /// Parses the string form (`labels.Parse`): `a=b`, `a==b`, `a!=b`, `a in (x,y)`,
  /// `a notin (x)`, `a`, `!a`, `a>1`, `a<1`, joined by commas (AND).
  ///
  /// Errors carry upstream's messages, such as `found ',', expected: identifier after ','` or
  /// `unable to parse requirement: <nil>: Invalid value: "-a": name part must consist of …`.
  public init(parsing text: String) throws(SelectorError) {
    var parser = SelectorParser(tokens: SelectorLexer.tokens(of: text))
    self.init(requirements: try parser.parse())
  }

  /// Converts the API form (`metav1.LabelSelectorAsSelector`); an empty selector matches everything.
  ///
  /// `matchLabels` become `key=value` requirements, `matchExpressions` use `In`, `NotIn`,
  /// `Exists` and `DoesNotExist`. A missing selector (nil) is upstream's `Nothing`; callers
  /// that hold an optional choose between `.nothing` and this initializer.
  public init(_ api: LabelSelector) throws(SelectorError) {
    let labels = api.matchLabels ?? [:]
    let expressions = api.matchExpressions ?? []
    var requirements: [Requirement] = []
    for key in labels.keys.sortedByBytes() {
      requirements.append(try Requirement(key: key, operator: .equals, values: [labels[key] ?? ""]))
    }
    for expression in expressions {
      let op: Requirement.Operator
      switch expression.operator {
      case "In": op = .in
      case "NotIn": op = .notIn
      case "Exists": op = .exists
      case "DoesNotExist": op = .doesNotExist
      default: throw SelectorError(message: "\(GoQuote.quoted(expression.operator)) is not a valid label selector operator")
      }
      requirements.append(try Requirement(key: expression.key, operator: op, values: expression.values ?? []))
    }
    self.init(requirements: requirements)
  }
}

/// A token of the label selector language (`labels.Token`).
enum SelectorToken: Hashable, Sendable {
  case error, endOfString, closedPar, comma, doesNotExist, doubleEquals, equals, greaterThan
  case identifier, `in`, lessThan, notEquals, notIn, openPar

  static func keyword(_ text: String) -> SelectorToken? {
    switch text {
    case ")": return .closedPar
    case ",": return .comma
    case "!": return .doesNotExist
    case "==": return .doubleEquals
    case "=": return .equals
    case ">": return .greaterThan
    case "in": return .in
    case "<": return .lessThan
    case "!=": return .notEquals
    case "notin": return .notIn
    case "(": return .openPar
    default: return nil
    }
  }
}

/// Splits a selector into tokens byte by byte, as upstream's `labels.Lexer` does.
struct SelectorLexer {
  private let bytes: [UInt8]
  private var position = 0

  init(_ text: String) {
    bytes = Array(text.utf8)
  }

  /// Every token of `text`, ending with `.endOfString`.
  static func tokens(of text: String) -> [(token: SelectorToken, literal: String)] {
    var lexer = SelectorLexer(text)
    var tokens: [(token: SelectorToken, literal: String)] = []
    while true {
      let next = lexer.lex()
      tokens.append(next)
      if next.token == .endOfString { return tokens }
    }
  }

  static func isWhitespace(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A
  }

  static func isSpecial(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "="), UInt8(ascii: "!"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: ","),
      UInt8(ascii: ">"), UInt8(ascii: "<"):
      return true
    default:
      return false
    }
  }

  /// The next token and its text.
  mutating func lex() -> (token: SelectorToken, literal: String) {
    while position < bytes.count, Self.isWhitespace(bytes[position]) { position += 1 }
    guard position < bytes.count else { return (.endOfString, "") }
    return Self.isSpecial(bytes[position]) ? scanSpecialSymbol() : scanIdentifierOrKeyword()
  }

  private mutating func scanIdentifierOrKeyword() -> (token: SelectorToken, literal: String) {
    let start = position
    while position < bytes.count, !Self.isSpecial(bytes[position]), !Self.isWhitespace(bytes[position]) {
      position += 1
    }
    let text = String(decoding: bytes[start..<position], as: UTF8.self)
    return (SelectorToken.keyword(text) ?? .identifier, text)
  }

  /// The longest run of special symbols that is still a token: `==` and `!=` are the only
  /// two-byte tokens and every single special byte is one, so at most two bytes are read.
  private mutating func scanSpecialSymbol() -> (token: SelectorToken, literal: String) {
    let first = bytes[position]
    position += 1
    if position < bytes.count, bytes[position] == UInt8(ascii: "="),
      first == UInt8(ascii: "=") || first == UInt8(ascii: "!")
    {
      position += 1
      return first == UInt8(ascii: "=") ? (.doubleEquals, "==") : (.notEquals, "!=")
    }
    let text = String(UnicodeScalar(first))
    return (SelectorToken.keyword(text) ?? .error, text)
  }
}

/// The recursive-descent parser of upstream's `labels.Parser`, with its messages.
struct SelectorParser {
  /// Inside a value list `in` and `notin` are plain identifiers.
  enum Context { case keyAndOperator, values }

  private let tokens: [(token: SelectorToken, literal: String)]
  private var position = 0

  init(tokens: [(token: SelectorToken, literal: String)]) {
    self.tokens = tokens
  }

  func lookahead(_ context: Context) -> (token: SelectorToken, literal: String) {
    adjusted(tokens[min(position, tokens.count - 1)], context)
  }

  mutating func consume(_ context: Context) -> (token: SelectorToken, literal: String) {
    let item = tokens[min(position, tokens.count - 1)]
    position += 1
    return adjusted(item, context)
  }

  private func adjusted(_ item: (token: SelectorToken, literal: String), _ context: Context) -> (token: SelectorToken, literal: String) {
    if context == .values, item.token == .in || item.token == .notIn { return (.identifier, item.literal) }
    return item
  }

  mutating func parse() throws(SelectorError) -> [Selector.Requirement] {
    var requirements: [Selector.Requirement] = []
    while true {
      let (token, literal) = lookahead(.values)
      switch token {
      case .identifier, .doesNotExist:
        do {
          requirements.append(try parseRequirement())
        } catch {
          throw error.prefixed("unable to parse requirement: ")
        }
        let (next, nextLiteral) = consume(.values)
        switch next {
        case .endOfString:
          return requirements
        case .comma:
          let (after, afterLiteral) = lookahead(.values)
          if after != .identifier && after != .doesNotExist {
            throw SelectorError(message: "found '\(afterLiteral)', expected: identifier after ','")
          }
        default:
          throw SelectorError(message: "found '\(nextLiteral)', expected: ',' or 'end of string'")
        }
      case .endOfString:
        return requirements
      default:
        throw SelectorError(message: "found '\(literal)', expected: !, identifier, or 'end of string'")
      }
    }
  }

  private mutating func parseRequirement() throws(SelectorError) -> Selector.Requirement {
    let (key, inferred) = try parseKeyAndInferOperator()
    if let inferred, inferred == .exists || inferred == .doesNotExist {
      return try Selector.Requirement(key: key, operator: inferred, values: [])
    }
    let op = try parseOperator()
    let values: Set<String>
    switch op {
    case .in, .notIn: values = try parseValues()
    default: values = try parseExactValue()
    }
    return try Selector.Requirement(key: key, operator: op, values: values.sortedByBytes())
  }

  private mutating func parseKeyAndInferOperator() throws(SelectorError) -> (String, Selector.Requirement.Operator?) {
    var op: Selector.Requirement.Operator?
    var (token, literal) = consume(.values)
    if token == .doesNotExist {
      op = .doesNotExist
      (token, literal) = consume(.values)
    }
    guard token == .identifier else { throw SelectorError(message: "found '\(literal)', expected: identifier") }
    let messages = isQualifiedName(literal)
    if !messages.isEmpty {
      // Upstream validates the key against a nil path here, which prints as `<nil>`.
      throw SelectorError([ValidationError(.invalid, field: "<nil>", badValue: .string(literal), detail: messages.joined(separator: "; "))])
    }
    let next = lookahead(.values).token
    if (next == .endOfString || next == .comma) && op != .doesNotExist { op = .exists }
    return (literal, op)
  }

  mutating func parseOperator() throws(SelectorError) -> Selector.Requirement.Operator {
    let (token, literal) = consume(.keyAndOperator)
    switch token {
    case .in: return .in
    case .equals: return .equals
    case .doubleEquals: return .doubleEquals
    case .greaterThan: return .gt
    case .lessThan: return .lt
    case .notIn: return .notIn
    case .notEquals: return .notEquals
    default:
      let expected = Selector.Requirement.Operator.binary.map(\.rawValue).joined(separator: ", ")
      throw SelectorError(message: "found '\(literal)', expected: \(expected)")
    }
  }

  private mutating func parseValues() throws(SelectorError) -> Set<String> {
    let (token, literal) = consume(.values)
    guard token == .openPar else { throw SelectorError(message: "found '\(literal)' expected: '('") }
    let (next, nextLiteral) = lookahead(.values)
    switch next {
    case .identifier, .comma:
      let values = try parseIdentifiersList()
      if consume(.values).token != .closedPar {
        throw SelectorError(message: "found '\(nextLiteral)', expected: ')'")
      }
      return values
    case .closedPar:
      _ = consume(.values)
      return [""]
    default:
      throw SelectorError(message: "found '\(nextLiteral)', expected: ',', ')' or identifier")
    }
  }

  private mutating func parseIdentifiersList() throws(SelectorError) -> Set<String> {
    var values: Set<String> = []
    while true {
      let (token, literal) = consume(.values)
      switch token {
      case .identifier:
        values.insert(literal)
        let (next, nextLiteral) = lookahead(.values)
        switch next {
        case .comma: continue
        case .closedPar: return values
        default: throw SelectorError(message: "found '\(nextLiteral)', expected: ',' or ')'")
        }
      case .comma:
        // `(,`, `,)` and `,,` all stand for an empty value.
        if values.isEmpty { values.insert("") }
        let next = lookahead(.values).token
        if next == .closedPar {
          values.insert("")
          return values
        }
        if next == .comma { values.insert("") }
      default:
        throw SelectorError(message: "found '\(literal)', expected: ',', or identifier")
      }
    }
  }

  private mutating func parseExactValue() throws(SelectorError) -> Set<String> {
    let next = lookahead(.values).token
    if next == .endOfString || next == .comma { return [""] }
    let (token, literal) = consume(.values)
    guard token == .identifier else { throw SelectorError(message: "found '\(literal)', expected: identifier") }
    return [literal]
  }
}
