/// A parsed label selector (`labels.Selector`): requirements that must all hold.
///
/// Parse the string form with `init(parsing:)` (`app=web,tier in (a,b),!legacy`) or convert
/// the API form with `init(_:)`. Requirements are kept sorted by key, so equal selectors
/// print the same `description`.
public struct Selector: Hashable, Sendable, CustomStringConvertible {
  /// The requirements, sorted by key; all must match.
  public private(set) var requirements: [Requirement]
  /// Whether this is the selector that matches nothing (`labels.Nothing()`).
  public let isNothing: Bool

  /// A selector from requirements, which it sorts by key.
  public init(requirements: [Requirement] = []) {
    self.requirements = Self.sortedByKey(requirements)
    self.isNothing = false
  }

  private init(nothing: Void) {
    self.requirements = []
    self.isNothing = true
  }

  /// Matches every label set (`labels.Everything()`); prints as the empty string.
  public static let everything = Selector()

  /// Matches no label set (`labels.Nothing()`), as upstream uses for a missing selector.
  public static let nothing = Selector(nothing: ())

  /// A selector requiring each `key=value` of `labels`, unvalidated (`SelectorFromValidatedSet`).
  public init(matchingLabels labels: [String: String]) {
    self.init(requirements: labels.map { Requirement(uncheckedKey: $0.key, operator: .equals, values: [$0.value]) })
  }

  /// Whether the selector has no requirements and so matches everything (`Empty()`).
  public var isEverything: Bool { requirements.isEmpty && !isNothing }

  /// This selector with more requirements (`Add`).
  public func adding(_ more: Requirement...) -> Selector {
    isNothing ? self : Selector(requirements: requirements + more)
  }

  /// Whether `labels` satisfy every requirement; nil labels are an empty set.
  public func matches(_ labels: [String: String]?) -> Bool {
    if isNothing { return false }
    let labels = labels ?? [:]
    return requirements.allSatisfy { $0.matches(labels) }
  }

  /// The single value the first requirement on `key` demands, if it demands exactly one (`RequiresExactMatch`).
  public func requiresExactMatch(_ key: String) -> String? {
    guard let requirement = requirements.first(where: { $0.key == key }) else { return nil }
    return requirement.exactValue
  }

  /// The requirements that demand one exact value (`key=value`, `key==value`, `key in (value)`),
  /// so that callers can look candidates up in a label index before matching the rest.
  public var equalityPairs: [(key: String, value: String)] {
    requirements.compactMap { requirement in requirement.exactValue.map { (requirement.key, $0) } }
  }

  /// The canonical string (`String()`): requirements by key, each with sorted values.
  public var description: String {
    requirements.map(\.description).joined(separator: ",")
  }

  private static func sortedByKey(_ requirements: [Requirement]) -> [Requirement] {
    requirements.enumerated()
      .sorted {
        // Byte order, as Go compares strings; ties keep their order.
        $0.element.key != $1.element.key ? $0.element.key.utf8.lexicographicallyPrecedes($1.element.key.utf8) : $0.offset < $1.offset
      }
      .map(\.element)
  }
}

extension Selector {
  /// One condition on one label key (`labels.Requirement`).
  public struct Requirement: Hashable, Sendable, CustomStringConvertible {
    /// How a requirement compares a label with its values (`selection.Operator`).
    public enum Operator: String, Hashable, Sendable, CaseIterable {
      case equals = "="
      case doubleEquals = "=="
      case notEquals = "!="
      case `in` = "in"
      case notIn = "notin"
      case exists = "exists"
      case doesNotExist = "!"
      case gt = "gt"
      case lt = "lt"

      /// The operators that take values, in upstream's order, for error messages.
      static let binary: [Operator] = [.in, .notIn, .equals, .doubleEquals, .notEquals, .gt, .lt]
    }

    public let key: String
    public let `operator`: Operator
    /// The values, in the order given (parsed selectors give them sorted and unique).
    public let values: [String]

    /// A checked requirement (`labels.NewRequirement`): a valid key, valid values, and the
    /// number of values the operator needs; errors are upstream's, with paths `key`, `values`.
    public init(key: String, operator: Operator, values: [String] = []) throws(SelectorError) {
      var errors: [ValidationError] = []
      let path = Self.keyPath
      let valuesPath = Self.valuesPath
      let messages = isQualifiedName(key)
      if !messages.isEmpty {
        errors.append(.invalid(path, .string(key), messages.joined(separator: "; ")))
      }
      switch `operator` {
      case .in, .notIn:
        if values.isEmpty {
          errors.append(.invalid(valuesPath, .strings(values), "for 'in', 'notin' operators, values set can't be empty"))
        }
      case .equals, .doubleEquals, .notEquals:
        if values.count != 1 {
          errors.append(.invalid(valuesPath, .strings(values), "exact-match compatibility requires one single value"))
        }
      case .exists, .doesNotExist:
        if !values.isEmpty {
          errors.append(.invalid(valuesPath, .strings(values), "values set must be empty for exists and does not exist"))
        }
      case .gt, .lt:
        if values.count != 1 {
          errors.append(.invalid(valuesPath, .strings(values), "for 'Gt', 'Lt' operators, exactly one value is required"))
        }
        for (index, value) in values.enumerated() where Int64(value) == nil {
          errors.append(.invalid(valuesPath.index(index), .string(value), "for 'Gt', 'Lt' operators, the value must be an integer"))
        }
      }
      for (index, value) in values.enumerated() {
        let messages = isValidLabelValue(value)
        if !messages.isEmpty {
          errors.append(.invalid(valuesPath.index(index).key(key), .string(value), messages.joined(separator: "; ")))
        }
      }
      guard errors.isEmpty else { throw SelectorError(errors) }
      self.init(uncheckedKey: key, operator: `operator`, values: values)
    }

    private static let keyPath = FieldPath("key")
    private static let valuesPath = FieldPath("values")

    init(uncheckedKey key: String, operator: Operator, values: [String]) {
      self.key = key
      self.operator = `operator`
      self.values = values
    }

    /// Whether `labels` satisfy this requirement. A missing label satisfies `!=`, `notin` and `!`.
    public func matches(_ labels: [String: String]) -> Bool {
      switch `operator` {
      case .in, .equals, .doubleEquals:
        guard let value = labels[key] else { return false }
        return values.contains(value)
      case .notIn, .notEquals:
        guard let value = labels[key] else { return true }
        return !values.contains(value)
      case .exists:
        return labels[key] != nil
      case .doesNotExist:
        return labels[key] == nil
      case .gt, .lt:
        guard let text = labels[key], let value = Int64(text), values.count == 1, let bound = Int64(values[0]) else {
          return false
        }
        return `operator` == .gt ? value > bound : value < bound
      }
    }

    /// The one value an `=`, `==` or single-valued `in` demands.
    var exactValue: String? {
      switch `operator` {
      case .equals, .doubleEquals, .in: return values.count == 1 ? values[0] : nil
      default: return nil
      }
    }

    /// The canonical text: `key=value`, `key in (a,b)`, `!key`, `key>1`; values sorted.
    public var description: String {
      let shown = values.count == 1 ? values[0] : values.sortedByBytes().joined(separator: ",")
      switch `operator` {
      case .equals: return key + "=" + shown
      case .doubleEquals: return key + "==" + shown
      case .notEquals: return key + "!=" + shown
      case .in: return key + " in (" + shown + ")"
      case .notIn: return key + " notin (" + shown + ")"
      case .gt: return key + ">" + shown
      case .lt: return key + "<" + shown
      case .exists: return key
      case .doesNotExist: return "!" + key
      }
    }
  }
}

/// Why a label or field selector was refused, with upstream's message.
public struct SelectorError: Error, Hashable, Sendable, CustomStringConvertible {
  /// The message exactly as upstream prints it.
  public let description: String
  /// The field errors behind the message, when a requirement failed validation.
  public let fieldErrors: [ValidationError]

  /// An error with a message of its own.
  public init(message: String) {
    self.description = message
    self.fieldErrors = []
  }

  /// An error aggregating field errors as upstream's `utilerrors.Aggregate` prints them:
  /// one message alone, several as `[a, b]` without repeats.
  public init(_ errors: [ValidationError]) {
    var seen: Set<String> = []
    let messages = errors.map(\.description).filter { seen.insert($0).inserted }
    self.description = messages.count == 1 ? messages[0] : "[" + messages.joined(separator: ", ") + "]"
    self.fieldErrors = errors
  }

  /// The same error with a prefix on its message, keeping the field errors.
  func prefixed(_ prefix: String) -> SelectorError {
    SelectorError(description: prefix + description, fieldErrors: fieldErrors)
  }

  private init(description: String, fieldErrors: [ValidationError]) {
    self.description = description
    self.fieldErrors = fieldErrors
  }
}

extension Sequence where Element: StringProtocol {
  /// Sorted by UTF-8 bytes, as Go sorts strings.
  func sortedByBytes() -> [Element] {
    sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
  }
}
