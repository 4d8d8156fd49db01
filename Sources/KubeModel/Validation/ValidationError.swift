/// One problem with one field (`field.Error`), rendered exactly as upstream renders it.
///
/// `description` is `<field>: <type>[: <value>][: <detail>]`, for example
/// `metadata.name: Invalid value: "Foo": a lowercase RFC 1123 subdomain must consist of …`
/// or `spec.containers: Required value`.
public struct ValidationError: Error, Hashable, Sendable, CustomStringConvertible {
  /// The kind of problem (`field.ErrorType`); the raw value is upstream's cause type.
  public enum ErrorType: String, Hashable, Sendable, CaseIterable {
    case notFound = "FieldValueNotFound"
    case required = "FieldValueRequired"
    case duplicate = "FieldValueDuplicate"
    case invalid = "FieldValueInvalid"
    case notSupported = "FieldValueNotSupported"
    case forbidden = "FieldValueForbidden"
    case tooLong = "FieldValueTooLong"
    case tooMany = "FieldValueTooMany"
    case tooFew = "FieldValueTooFew"
    case internalError = "InternalError"
    case typeInvalid = "FieldValueTypeInvalid"
    case tooShort = "FieldValueTooShort"

    /// The words upstream prints: `Invalid value`, `Required value`, ….
    public var text: String {
      switch self {
      case .notFound: return "Not found"
      case .required: return "Required value"
      case .duplicate: return "Duplicate value"
      case .invalid, .typeInvalid: return "Invalid value"
      case .notSupported: return "Unsupported value"
      case .forbidden: return "Forbidden"
      case .tooLong: return "Too long"
      case .tooMany: return "Too many"
      case .tooFew: return "Too few"
      case .internalError: return "Internal error"
      case .tooShort: return "Too short"
      }
    }

    /// Whether the bad value is part of the message.
    var showsValue: Bool {
      switch self {
      case .required, .forbidden, .tooLong, .tooShort, .internalError: return false
      default: return true
      }
    }
  }

  /// The offending value, as the message shows it.
  public enum BadValue: Hashable, Sendable, ExpressibleByStringLiteral {
    /// Shown quoted, as Go's `%q`: `"Foo"`.
    case string(String)
    /// Shown as a number.
    case integer(Int64)
    /// Shown as `true` or `false`.
    case bool(Bool)
    /// Shown verbatim; for lists, maps and null as JSON text.
    case json(String)
    /// Not shown at all.
    case omitted

    public init(stringLiteral value: String) {
      self = .string(value)
    }

    /// A list of strings, shown as a JSON array.
    public static func strings(_ values: [String]) -> BadValue {
      .json(JSONWriter.write(.array(values.map(JSONValue.string))))
    }

    var text: String? {
      switch self {
      case .string(let text): return GoQuote.quoted(text)
      case .integer(let value): return String(value)
      case .bool(let value): return String(value)
      case .json(let text): return text
      case .omitted: return nil
      }
    }
  }

  /// The rendered path of the field, such as `metadata.labels`.
  public var field: String
  public var type: ErrorType
  public var badValue: BadValue
  /// What is wrong, or empty.
  public var detail: String

  /// An error for the field at `field`, rendered as a path.
  public init(_ type: ErrorType, field: FieldPath, badValue: BadValue = .omitted, detail: String = "") {
    self.init(type, field: field.description, badValue: badValue, detail: detail)
  }

  /// An error for a field given as already rendered text.
  public init(_ type: ErrorType, field: String, badValue: BadValue = .omitted, detail: String = "") {
    self.type = type
    self.field = field
    self.badValue = badValue
    self.detail = detail
  }

  /// The message without the field: `Invalid value: "Foo": …` (`ErrorBody`).
  public var body: String {
    var text = type.text
    if type.showsValue, let value = badValue.text { text += ": " + value }
    if !detail.isEmpty { text += ": " + detail }
    return text
  }

  public var description: String { "\(field): \(body)" }
}

extension ValidationError {
  /// `field.Invalid`.
  public static func invalid(_ field: FieldPath, _ value: BadValue, _ detail: String) -> ValidationError {
    ValidationError(.invalid, field: field, badValue: value, detail: detail)
  }

  /// `field.Required`.
  public static func required(_ field: FieldPath, _ detail: String = "") -> ValidationError {
    ValidationError(.required, field: field, badValue: "", detail: detail)
  }

  /// `field.NotSupported`: the detail lists the supported values, quoted.
  public static func notSupported(_ field: FieldPath, _ value: BadValue, supported: [String]) -> ValidationError {
    let detail = supported.isEmpty ? "" : "supported values: " + supported.map { GoQuote.quoted($0) }.joined(separator: ", ")
    return ValidationError(.notSupported, field: field, badValue: value, detail: detail)
  }

  /// `field.Duplicate`.
  public static func duplicate(_ field: FieldPath, _ value: BadValue) -> ValidationError {
    ValidationError(.duplicate, field: field, badValue: value)
  }

  /// `field.NotFound`.
  public static func notFound(_ field: FieldPath, _ value: BadValue) -> ValidationError {
    ValidationError(.notFound, field: field, badValue: value)
  }

  /// `field.Forbidden`.
  public static func forbidden(_ field: FieldPath, _ detail: String) -> ValidationError {
    ValidationError(.forbidden, field: field, badValue: "", detail: detail)
  }

  /// `field.TooLong`: `may not be more than N bytes`, or `value is too long` for a negative limit.
  public static func tooLong(_ field: FieldPath, maxLength: Int) -> ValidationError {
    let detail = maxLength >= 0 ? "may not be more than \(maxLength) \(maxLength == 1 ? "byte" : "bytes")" : "value is too long"
    return ValidationError(.tooLong, field: field, badValue: "<value omitted>", detail: detail)
  }

  /// `field.TooMany`: a negative count leaves the count out, a negative limit the limit.
  public static func tooMany(_ field: FieldPath, actual: Int, max: Int) -> ValidationError {
    let detail = max >= 0 ? "must have at most \(max) \(max == 1 ? "item" : "items")" : "has too many items"
    return ValidationError(.tooMany, field: field, badValue: actual >= 0 ? .integer(Int64(actual)) : .omitted, detail: detail)
  }

  /// `field.InternalError`.
  public static func internalError(_ field: FieldPath, _ detail: String) -> ValidationError {
    ValidationError(.internalError, field: field, badValue: .string(detail), detail: detail)
  }
}
