/// JSON Patch (RFC 6902), as `application/json-patch+json` requests carry it: a list of
/// `add`, `remove`, `replace`, `move`, `copy` and `test` operations applied in order.
public enum JSONPatch {
  /// `document` after every operation in `operations`, or the first failure. Paths are JSON
  /// Pointers (RFC 6901: `~1` is `/`, `~0` is `~`); `-` appends to a list.
  public static func apply(_ operations: JSONValue, to document: JSONValue) throws(PatchError) -> JSONValue {
    guard case .array(let list) = operations else {
      throw PatchError("a JSON patch must be a list of operations, not \(operations.shapeDescription)")
    }
    var result = document
    for (index, operation) in list.enumerated() {
      result = try apply(operation, index: index, to: result)
    }
    return result
  }

  private static func apply(_ operation: JSONValue, index: Int, to document: JSONValue) throws(PatchError) -> JSONValue {
    guard case .object(let members) = operation else {
      throw PatchError("operation \(index): must be a map, not \(operation.shapeDescription)")
    }
    guard let op = members["op"]?.stringValue else { throw PatchError("operation \(index): missing \"op\"") }
    guard let pathText = members["path"]?.stringValue else { throw PatchError("operation \(index) (\(op)): missing \"path\"") }
    let path = try pointer(pathText, op: op, index: index)
    let context = "operation \(index) (\(op) \(pathText))"
    func value() throws(PatchError) -> JSONValue {
      guard let value = members["value"] else { throw PatchError("\(context): missing \"value\"") }
      return value
    }
    func from() throws(PatchError) -> (text: String, tokens: [String]) {
      guard let text = members["from"]?.stringValue else { throw PatchError("\(context): missing \"from\"") }
      return (text, try pointer(text, op: op, index: index))
    }
    switch op {
    case "add":
      return try add(try value(), at: path[...], in: document, context: context)
    case "remove":
      return try remove(at: path[...], in: document, context: context).document
    case "replace":
      if path.isEmpty { return try value() }
      _ = try get(path[...], in: document, context: context)
      let removed = try remove(at: path[...], in: document, context: context).document
      return try add(try value(), at: path[...], in: removed, context: context)
    case "move":
      let source = try from()
      if source.tokens.count < path.count, Array(path.prefix(source.tokens.count)) == source.tokens {
        throw PatchError("\(context): cannot move \(source.text) into one of its own children")
      }
      let (moved, rest) = try remove(at: source.tokens[...], in: document, context: context)
      return try add(moved, at: path[...], in: rest, context: context)
    case "copy":
      let source = try from()
      return try add(try get(source.tokens[...], in: document, context: context), at: path[...], in: document, context: context)
    case "test":
      let actual = try get(path[...], in: document, context: context)
      guard jsonEqual(actual, try value()) else { throw PatchError("\(context): test failed, the value differs") }
      return document
    default:
      throw PatchError("operation \(index): unsupported op \(GoQuote.quoted(op))")
    }
  }

  /// The reference tokens of a JSON Pointer.
  private static func pointer(_ text: String, op: String, index: Int) throws(PatchError) -> [String] {
    if text.isEmpty { return [] }
    guard text.hasPrefix("/") else {
      throw PatchError("operation \(index) (\(op)): path \(GoQuote.quoted(text)) must be empty or start with \"/\"")
    }
    return text.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map {
      var token = ""
      var escaped = false
      for character in $0 {
        if escaped {
          token.append(character == "1" ? "/" : character == "0" ? "~" : character)
          escaped = false
        } else if character == "~" {
          escaped = true
        } else {
          token.append(character)
        }
      }
      return token
    }
  }

  /// A list position: digits without leading zeros, within `bound`.
  private static func position(_ token: String, bound: Int, context: String) throws(PatchError) -> Int {
    guard !token.isEmpty, token.allSatisfy({ $0.isASCII && $0.isNumber }), token == "0" || !token.hasPrefix("0"),
      let index = Int(token), index <= bound
    else { throw PatchError("\(context): list index \(GoQuote.quoted(token)) is out of range") }
    return index
  }

  private static func get(_ path: ArraySlice<String>, in document: JSONValue, context: String) throws(PatchError) -> JSONValue {
    guard let token = path.first else { return document }
    switch document {
    case .object(let members):
      guard let child = members[token] else { throw PatchError("\(context): no member \(GoQuote.quoted(token))") }
      return try get(path.dropFirst(), in: child, context: context)
    case .array(let elements):
      let index = try position(token, bound: elements.count - 1, context: context)
      return try get(path.dropFirst(), in: elements[index], context: context)
    default:
      throw PatchError("\(context): cannot look up \(GoQuote.quoted(token)) in \(document.shapeDescription)")
    }
  }

  private static func add(_ value: JSONValue, at path: ArraySlice<String>, in document: JSONValue, context: String) throws(PatchError)
    -> JSONValue
  {
    guard let token = path.first else { return value }
    let last = path.count == 1
    switch document {
    case .object(var members):
      if last {
        members[token] = value
      } else {
        guard let child = members[token] else { throw PatchError("\(context): no member \(GoQuote.quoted(token))") }
        members[token] = try add(value, at: path.dropFirst(), in: child, context: context)
      }
      return .object(members)
    case .array(var elements):
      if last {
        let index = token == "-" ? elements.count : try position(token, bound: elements.count, context: context)
        elements.insert(value, at: index)
      } else {
        let index = try position(token, bound: elements.count - 1, context: context)
        elements[index] = try add(value, at: path.dropFirst(), in: elements[index], context: context)
      }
      return .array(elements)
    default:
      throw PatchError("\(context): cannot add to \(document.shapeDescription)")
    }
  }

  private static func remove(at path: ArraySlice<String>, in document: JSONValue, context: String) throws(PatchError)
    -> (removed: JSONValue, document: JSONValue)
  {
    guard let token = path.first else { throw PatchError("\(context): cannot remove the whole document") }
    let last = path.count == 1
    switch document {
    case .object(var members):
      guard let child = members[token] else { throw PatchError("\(context): no member \(GoQuote.quoted(token))") }
      if last {
        members.removeValue(forKey: token)
        return (child, .object(members))
      }
      let (removed, updated) = try remove(at: path.dropFirst(), in: child, context: context)
      members[token] = updated
      return (removed, .object(members))
    case .array(var elements):
      let index = try position(token, bound: elements.count - 1, context: context)
      if last { return (elements.remove(at: index), .array(elements)) }
      let (removed, updated) = try remove(at: path.dropFirst(), in: elements[index], context: context)
      elements[index] = updated
      return (removed, .array(elements))
    default:
      throw PatchError("\(context): cannot remove from \(document.shapeDescription)")
    }
  }

  /// JSON equality for `test`: member order does not matter and numbers compare by value.
  static func jsonEqual(_ lhs: JSONValue, _ rhs: JSONValue) -> Bool {
    switch (lhs, rhs) {
    case (.int(let a), .double(let b)), (.double(let b), .int(let a)): return Double(a) == b
    case (.object(let a), .object(let b)):
      return a.count == b.count && a.allSatisfy { key, value in b[key].map { jsonEqual(value, $0) } ?? false }
    case (.array(let a), .array(let b)):
      return a.count == b.count && zip(a, b).allSatisfy { jsonEqual($0, $1) }
    default: return lhs == rhs
    }
  }
}
