/// Decodes API types from a `ManifestNode` the way the API server's strict decoder does,
/// but reporting every problem with its line instead of stopping at the first.
///
/// - A missing field takes its zero value (an empty struct, nil), as in Go.
/// - A field of the wrong shape is reported (`spec.containers: expected a list, got a map`)
///   and left unset so decoding can go on and find the other problems.
/// - After decoding, every map key no type asked for is an unknown field, with a
///   suggestion when a known field is a likely typo of it.
public struct StrictDecoder: Sendable {
  /// Whether unknown fields are errors (`fieldValidation=Strict`) or ignored.
  public var rejectsUnknownFields: Bool

  public init(rejectsUnknownFields: Bool = true) {
    self.rejectsUnknownFields = rejectsUnknownFields
  }

  /// Decodes `type` from `node`; throws `ManifestErrors` listing every problem.
  public func decode<T: Decodable>(_ type: T.Type, from node: ManifestNode) throws(ManifestErrors) -> T {
    let context = DecodingContext()
    let decoder = NodeDecoder(node: node, codingPath: [], context: context, line: node.line)
    var result: T?
    do {
      result = try decoder.decodeValue(T.self)
    } catch let error as ManifestError {
      context.errors.append(error)
    } catch let error as DecodingError {
      context.errors.append(ManifestError(decodingError: error, line: node.line))
    } catch {
      context.errors.append(ManifestError(line: node.line, message: String(describing: error)))
    }
    if rejectsUnknownFields { context.collectUnknownFields() }
    if !context.errors.isEmpty || result == nil {
      let sorted = context.errors.enumerated().sorted {
        ($0.element.line, $0.offset) < ($1.element.line, $1.offset)
      }.map(\.element)
      throw ManifestErrors(sorted.isEmpty ? [ManifestError(line: node.line, message: "could not decode")] : sorted)
    }
    guard let result else { throw ManifestErrors([]) }
    return result
  }

  /// Decodes `type` from a JSON value (no line numbers).
  public func decode<T: Decodable>(_ type: T.Type, from json: JSONValue) throws(ManifestErrors) -> T {
    try decode(type, from: ManifestNode(json: json))
  }
}

/// Renders a coding path as a field path: `spec.containers[0].name`.
func fieldPath(_ codingPath: [any CodingKey]) -> String {
  var text = ""
  for key in codingPath {
    if let index = key.intValue {
      text += "[\(index)]"
    } else {
      if !text.isEmpty { text += "." }
      text += key.stringValue
    }
  }
  return text
}

/// State shared by every container of one decode: which keys each map had and which were read.
final class DecodingContext {
  struct MapRecord {
    var node: ManifestNode
    var accessed: Set<String>
  }

  var maps: [String: MapRecord] = [:]
  var mapOrder: [String] = []
  var errors: [ManifestError] = []

  func register(path: String, node: ManifestNode) {
    if maps[path] == nil {
      maps[path] = MapRecord(node: node, accessed: [])
      mapOrder.append(path)
    }
  }

  func markAccessed(path: String, key: String) {
    maps[path]?.accessed.insert(key)
  }

  /// Maps at or below `path` whose decoding stopped at an error.
  var abandoned: [String] = []

  func abandon(under path: String) { abandoned.append(path) }

  private func isAbandoned(_ path: String) -> Bool {
    abandoned.contains { prefix in
      guard path.hasPrefix(prefix) else { return false }
      if prefix.isEmpty || path.count == prefix.count { return true }
      let next = path[path.index(path.startIndex, offsetBy: prefix.count)]
      return next == "." || next == "["
    }
  }

  func collectUnknownFields() {
    for path in mapOrder {
      guard let record = maps[path], case .object(let members) = record.node.value, !isAbandoned(path) else { continue }
      for member in members where !record.accessed.contains(member.key) {
        let full = path.isEmpty ? member.key : "\(path).\(member.key)"
        let suggestion = FieldSuggestion.closest(to: member.key, among: record.accessed)
        errors.append(.unknownField(path: full, suggestion: suggestion, line: member.keyLine))
      }
    }
  }
}

struct NodeDecoder: Decoder {
  let node: ManifestNode
  let codingPath: [any CodingKey]
  let context: DecodingContext
  /// The line errors about this value name: its key's line for a map member.
  var line: Int
  var userInfo: [CodingUserInfoKey: Any] { [:] }

  var path: String { fieldPath(codingPath) }

  func mismatch(_ expected: String) -> ManifestError {
    .wrongShape(path: path, expected: expected, found: node.shapeDescription, line: line)
  }

  func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
    guard case .object(let members) = node.value else { throw mismatch("a map") }
    context.register(path: path, node: node)
    return KeyedDecodingContainer(KeyedNodeContainer<Key>(decoder: self, members: members))
  }

  func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
    guard case .array(let elements) = node.value else { throw mismatch("a list") }
    return UnkeyedNodeContainer(decoder: self, elements: elements)
  }

  func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

  /// Decodes `T` here, with fast paths for scalars and free-form JSON.
  func decodeValue<T: Decodable>(_ type: T.Type) throws -> T {
    if T.self == JSONValue.self, let value = node.jsonValue as? T { return value }
    if T.self == String.self, let value = try decode(String.self) as? T { return value }
    if T.self == Bool.self, let value = try decode(Bool.self) as? T { return value }
    return try T(from: self)
  }

  func child(_ node: ManifestNode, key: any CodingKey, line: Int? = nil) -> NodeDecoder {
    NodeDecoder(node: node, codingPath: codingPath + [key], context: context, line: line ?? node.line)
  }

  func integer<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
    switch node.value {
    case .int(let number):
      if let value = T(exactly: number) { return value }
    case .double(let number):
      if let value = T(exactly: number) { return value }
    default:
      break
    }
    throw mismatch("an integer")
  }

  func floating(_ expected: String = "a number") throws -> Double {
    switch node.value {
    case .int(let number): return Double(number)
    case .double(let number): return number
    default: throw mismatch(expected)
    }
  }
}

extension NodeDecoder: SingleValueDecodingContainer {
  func decodeNil() -> Bool {
    if case .null = node.value { return true }
    return false
  }

  func decode(_ type: Bool.Type) throws -> Bool {
    if case .bool(let flag) = node.value { return flag }
    throw mismatch("a boolean")
  }

  func decode(_ type: String.Type) throws -> String {
    if case .string(let text) = node.value { return text }
    throw mismatch("a string")
  }

  func decode(_ type: Double.Type) throws -> Double { try floating() }
  func decode(_ type: Float.Type) throws -> Float { Float(try floating()) }
  func decode(_ type: Int.Type) throws -> Int { try integer(Int.self) }
  func decode(_ type: Int8.Type) throws -> Int8 { try integer(Int8.self) }
  func decode(_ type: Int16.Type) throws -> Int16 { try integer(Int16.self) }
  func decode(_ type: Int32.Type) throws -> Int32 { try integer(Int32.self) }
  func decode(_ type: Int64.Type) throws -> Int64 { try integer(Int64.self) }
  func decode(_ type: UInt.Type) throws -> UInt { try integer(UInt.self) }
  func decode(_ type: UInt8.Type) throws -> UInt8 { try integer(UInt8.self) }
  func decode(_ type: UInt16.Type) throws -> UInt16 { try integer(UInt16.self) }
  func decode(_ type: UInt32.Type) throws -> UInt32 { try integer(UInt32.self) }
  func decode(_ type: UInt64.Type) throws -> UInt64 { try integer(UInt64.self) }
  func decode<T: Decodable>(_ type: T.Type) throws -> T { try decodeValue(type) }
}

struct KeyedNodeContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
  let decoder: NodeDecoder
  let members: [ManifestNode.Member]

  var codingPath: [any CodingKey] { decoder.codingPath }
  var allKeys: [Key] { members.compactMap { Key(stringValue: $0.key) } }

  func member(_ key: Key) -> ManifestNode? {
    entry(key)?.value
  }

  func entry(_ key: Key) -> ManifestNode.Member? {
    decoder.context.markAccessed(path: decoder.path, key: key.stringValue)
    return members.last { $0.key == key.stringValue }
  }

  func contains(_ key: Key) -> Bool {
    member(key) != nil
  }

  func decodeNil(forKey key: Key) throws -> Bool {
    guard let node = member(key) else { return true }
    if case .null = node.value { return true }
    return false
  }

  func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
    guard let entry = entry(key), !(entry.value.value == .null) else {
      // A missing field takes its zero value where the type has one (an empty struct).
      let empty = NodeDecoder(
        node: ManifestNode(.object([]), line: decoder.node.line), codingPath: codingPath + [key],
        context: DecodingContext(), line: decoder.line)
      if let zero = try? empty.decodeValue(T.self) { return zero }
      throw ManifestError(
        line: decoder.line, message: "\(fieldPath(codingPath + [key])): Required value")
    }
    return try decoder.child(entry.value, key: key, line: entry.keyLine > 0 ? entry.keyLine : nil).decodeValue(T.self)
  }

  func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
    guard let entry = entry(key) else { return nil }
    let node = entry.value
    if case .null = node.value { return nil }
    let child = decoder.child(node, key: key, line: entry.keyLine > 0 ? entry.keyLine : nil)
    do {
      return try child.decodeValue(T.self)
    } catch let error as ManifestError {
      // Record and go on, so one decode reports every problem in the document.
      decoder.context.errors.append(error)
    } catch let error as DecodingError {
      decoder.context.errors.append(ManifestError(decodingError: error, line: node.line))
    }
    // The value's own maps stopped part way: which of their keys it would have read is
    // unknown, so none of them is reported as an unknown field.
    decoder.context.abandon(under: child.path)
    return nil
  }

  // The scalar overloads: the protocol's own versions would call `decode` and let a bad
  // scalar abort the whole enclosing object (its later fields then looked unknown).
  func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { try recovering(type, key) }
  func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? { try recovering(type, key) }
  func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? { try recovering(type, key) }
  func decodeIfPresent(_ type: Float.Type, forKey key: Key) throws -> Float? { try recovering(type, key) }
  func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { try recovering(type, key) }
  func decodeIfPresent(_ type: Int8.Type, forKey key: Key) throws -> Int8? { try recovering(type, key) }
  func decodeIfPresent(_ type: Int16.Type, forKey key: Key) throws -> Int16? { try recovering(type, key) }
  func decodeIfPresent(_ type: Int32.Type, forKey key: Key) throws -> Int32? { try recovering(type, key) }
  func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? { try recovering(type, key) }
  func decodeIfPresent(_ type: UInt.Type, forKey key: Key) throws -> UInt? { try recovering(type, key) }
  func decodeIfPresent(_ type: UInt8.Type, forKey key: Key) throws -> UInt8? { try recovering(type, key) }
  func decodeIfPresent(_ type: UInt16.Type, forKey key: Key) throws -> UInt16? { try recovering(type, key) }
  func decodeIfPresent(_ type: UInt32.Type, forKey key: Key) throws -> UInt32? { try recovering(type, key) }
  func decodeIfPresent(_ type: UInt64.Type, forKey key: Key) throws -> UInt64? { try recovering(type, key) }

  private func recovering<T: Decodable>(_ type: T.Type, _ key: Key) throws -> T? {
    try decodeIfPresent(type, forKey: key)
  }

  func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
    -> KeyedDecodingContainer<NestedKey>
  {
    let node = member(key) ?? ManifestNode(.object([]), line: decoder.node.line)
    return try decoder.child(node, key: key).container(keyedBy: type)
  }

  func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
    let node = member(key) ?? ManifestNode(.array([]), line: decoder.node.line)
    return try decoder.child(node, key: key).unkeyedContainer()
  }

  func superDecoder() throws -> any Decoder { decoder }

  func superDecoder(forKey key: Key) throws -> any Decoder {
    decoder.child(member(key) ?? ManifestNode(.null), key: key)
  }
}

struct UnkeyedNodeContainer: UnkeyedDecodingContainer {
  let decoder: NodeDecoder
  let elements: [ManifestNode]
  var currentIndex = 0

  init(decoder: NodeDecoder, elements: [ManifestNode]) {
    self.decoder = decoder
    self.elements = elements
  }

  var codingPath: [any CodingKey] { decoder.codingPath }
  var count: Int? { elements.count }
  var isAtEnd: Bool { currentIndex >= elements.count }

  mutating func nextDecoder() throws -> NodeDecoder {
    guard !isAtEnd else {
      throw ManifestError(line: decoder.node.line, message: "\(decoder.path): unexpected end of list")
    }
    defer { currentIndex += 1 }
    return decoder.child(elements[currentIndex], key: AnyCodingKey(intValue: currentIndex) ?? AnyCodingKey(""))
  }

  mutating func decodeNil() throws -> Bool {
    guard !isAtEnd else { return false }
    if case .null = elements[currentIndex].value {
      currentIndex += 1
      return true
    }
    return false
  }

  mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
    try nextDecoder().decodeValue(T.self)
  }

  mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
    -> KeyedDecodingContainer<NestedKey>
  {
    try nextDecoder().container(keyedBy: type)
  }

  mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
    try nextDecoder().unkeyedContainer()
  }

  mutating func superDecoder() throws -> any Decoder { try nextDecoder() }
}

extension ManifestError {
  /// A problem a type's own decoding reported (a bad quantity, a bad time), at its field.
  init(decodingError: DecodingError, line: Int) {
    let context: DecodingError.Context
    switch decodingError {
    case .dataCorrupted(let found), .keyNotFound(_, let found), .typeMismatch(_, let found),
      .valueNotFound(_, let found):
      context = found
    @unknown default:
      self.init(line: line, message: String(describing: decodingError))
      return
    }
    let path = fieldPath(context.codingPath)
    self.init(line: line, message: path.isEmpty ? context.debugDescription : "\(path): \(context.debugDescription)")
  }
}
