import OrderedCollections
import Yams

/// A parsed document with the source position of every value, so errors can name a line.
///
/// Built from YAML (with positions) or from a `JSONValue` (without); the strict decoder
/// reads it.
public struct ManifestNode: Sendable, Hashable {
  /// The shape and contents of a node.
  public indirect enum Value: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([ManifestNode])
    case object([Member])
  }

  /// One key of a map, with the line its key stands on.
  public struct Member: Sendable, Hashable {
    public var key: String
    public var keyLine: Int
    public var value: ManifestNode
  }

  public var value: Value
  /// The 1-based line of the value, or 0 when unknown (JSON bodies).
  public var line: Int

  public init(_ value: Value, line: Int = 0) {
    self.value = value
    self.line = line
  }

  /// "a map", "a list", "a string", … for error messages.
  public var shapeDescription: String {
    switch value {
    case .null: return "null"
    case .bool: return "a boolean"
    case .int, .double: return "a number"
    case .string: return "a string"
    case .array: return "a list"
    case .object: return "a map"
    }
  }

  /// The member `key` of a map node.
  public subscript(key: String) -> ManifestNode? {
    if case .object(let members) = value { return members.first { $0.key == key }?.value }
    return nil
  }

  /// The text of a string node.
  public var stringValue: String? {
    if case .string(let text) = value { return text }
    return nil
  }

  /// The same document without positions.
  public var jsonValue: JSONValue {
    switch value {
    case .null: return .null
    case .bool(let flag): return .bool(flag)
    case .int(let number): return .int(number)
    case .double(let number): return .double(number)
    case .string(let text): return .string(text)
    case .array(let elements): return .array(elements.map(\.jsonValue))
    case .object(let members):
      var object = OrderedDictionary<String, JSONValue>()
      for member in members { object[member.key] = member.value.jsonValue }
      return .object(object)
    }
  }

  /// A node tree from a JSON value; every line is 0.
  public init(json: JSONValue) {
    switch json {
    case .null: self.init(.null)
    case .bool(let flag): self.init(.bool(flag))
    case .int(let number): self.init(.int(number))
    case .double(let number): self.init(.double(number))
    case .string(let text): self.init(.string(text))
    case .array(let elements): self.init(.array(elements.map(ManifestNode.init(json:))))
    case .object(let members):
      self.init(.object(members.map { Member(key: $0.key, keyLine: 0, value: ManifestNode(json: $0.value)) }))
    }
  }
}

extension ManifestNode {
  /// Converts a Yams node, resolving plain scalars as YAML's core schema does.
  init(yaml node: Yams.Node) throws(ManifestError) {
    let line = node.mark.map { $0.line } ?? 0
    switch node {
    case .scalar(let scalar):
      self.init(Self.resolve(scalar, tag: node.tag.rawValue), line: line)
    case .sequence(let sequence):
      var elements: [ManifestNode] = []
      for element in sequence { elements.append(try ManifestNode(yaml: element)) }
      self.init(.array(elements), line: line)
    case .mapping(let mapping):
      var members: [Member] = []
      for (key, value) in mapping {
        let keyLine = key.mark.map { $0.line } ?? line
        guard case .scalar(let keyScalar) = key else {
          throw ManifestError(line: keyLine, message: "map keys must be strings")
        }
        members.append(Member(key: keyScalar.string, keyLine: keyLine, value: try ManifestNode(yaml: value)))
      }
      self.init(.object(members), line: line)
    case .alias:
      throw ManifestError(line: line, message: "unresolved YAML alias")
    }
  }

  private static func resolve(_ scalar: Yams.Node.Scalar, tag: String) -> Value {
    let text = scalar.string
    switch tag {
    case Tag.Name.null.rawValue:
      return .null
    case Tag.Name.bool.rawValue:
      return .bool(["true", "True", "TRUE"].contains(text))
    case Tag.Name.int.rawValue:
      if let number = Int64(text.replacingOccurrences(of: "_", with: "")) { return .int(number) }
      if text.hasPrefix("0x"), let number = Int64(text.dropFirst(2), radix: 16) { return .int(number) }
      if text.hasPrefix("0o"), let number = Int64(text.dropFirst(2), radix: 8) { return .int(number) }
      return .string(text)
    case Tag.Name.float.rawValue:
      switch text {
      case ".inf", ".Inf", ".INF", "+.inf": return .double(.infinity)
      case "-.inf", "-.Inf", "-.INF": return .double(-.infinity)
      case ".nan", ".NaN", ".NAN": return .double(.nan)
      default: return Double(text).map(Value.double) ?? .string(text)
      }
    default:
      return .string(text)
    }
  }
}
