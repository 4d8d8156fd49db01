import OrderedCollections

/// Encodes any `Encodable` into a `JSONValue` without going through bytes.
public enum ValueEncoder {
  /// The JSON value of `value`; nil optionals are left out, as `omitempty` does.
  public static func encode<T: Encodable>(_ value: T) throws -> JSONValue {
    if let json = value as? JSONValue { return json }
    let box = EncodingBox()
    try encodeIntoBox(value, box: box, codingPath: [])
    return box.value
  }
}

/// A mutable slot a container writes into; containers share it by reference.
final class EncodingBox {
  var value: JSONValue = .null
  var members: OrderedDictionary<String, EncodingBox>?
  var elements: [EncodingBox]?

  var resolved: JSONValue {
    if let members {
      var object = OrderedDictionary<String, JSONValue>()
      object.reserveCapacity(members.count)
      for (key, box) in members { object[key] = box.resolved }
      return .object(object)
    }
    if let elements { return .array(elements.map(\.resolved)) }
    return value
  }
}

struct BoxEncoder: Encoder {
  let box: EncodingBox
  let codingPath: [any CodingKey]
  var userInfo: [CodingUserInfoKey: Any] { [:] }

  func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
    if box.members == nil { box.members = [:] }
    return KeyedEncodingContainer(KeyedBoxContainer<Key>(box: box, codingPath: codingPath))
  }

  func unkeyedContainer() -> any UnkeyedEncodingContainer {
    if box.elements == nil { box.elements = [] }
    return UnkeyedBoxContainer(box: box, codingPath: codingPath)
  }

  func singleValueContainer() -> any SingleValueEncodingContainer {
    SingleBoxContainer(box: box, codingPath: codingPath)
  }
}

func encodeIntoBox<T: Encodable>(_ value: T, box: EncodingBox, codingPath: [any CodingKey]) throws {
  switch value {
  case let json as JSONValue: box.value = json
  case let text as String: box.value = .string(text)
  case let flag as Bool: box.value = .bool(flag)
  case let number as Int: box.value = .int(Int64(number))
  case let number as Int32: box.value = .int(Int64(number))
  case let number as Int64: box.value = .int(number)
  case let number as Double: box.value = .double(number)
  default: try value.encode(to: BoxEncoder(box: box, codingPath: codingPath))
  }
  if value is any StringKeyedMap {
    // Maps have no order of their own; sort them as Go's encoder does, so output is stable.
    box.members?.sort { $0.key < $1.key }
  }
  if box.members != nil || box.elements != nil {
    box.value = box.resolved
    box.members = nil
    box.elements = nil
  }
}

struct KeyedBoxContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
  let box: EncodingBox
  let codingPath: [any CodingKey]

  func slot(_ key: Key) -> EncodingBox {
    let slot = EncodingBox()
    box.members?[key.stringValue] = slot
    return slot
  }

  mutating func encodeNil(forKey key: Key) throws { slot(key).value = .null }

  mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
    try encodeIntoBox(value, box: slot(key), codingPath: codingPath + [key])
  }

  mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
    -> KeyedEncodingContainer<NestedKey>
  {
    let child = slot(key)
    child.members = [:]
    return KeyedEncodingContainer(KeyedBoxContainer<NestedKey>(box: child, codingPath: codingPath + [key]))
  }

  mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
    let child = slot(key)
    child.elements = []
    return UnkeyedBoxContainer(box: child, codingPath: codingPath + [key])
  }

  mutating func superEncoder() -> any Encoder { BoxEncoder(box: box, codingPath: codingPath) }

  mutating func superEncoder(forKey key: Key) -> any Encoder {
    BoxEncoder(box: slot(key), codingPath: codingPath + [key])
  }
}

struct UnkeyedBoxContainer: UnkeyedEncodingContainer {
  let box: EncodingBox
  let codingPath: [any CodingKey]
  var count: Int { box.elements?.count ?? 0 }

  func append() -> EncodingBox {
    let slot = EncodingBox()
    box.elements?.append(slot)
    return slot
  }

  mutating func encodeNil() throws { append().value = .null }

  mutating func encode<T: Encodable>(_ value: T) throws {
    try encodeIntoBox(value, box: append(), codingPath: codingPath)
  }

  mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type)
    -> KeyedEncodingContainer<NestedKey>
  {
    let child = append()
    child.members = [:]
    return KeyedEncodingContainer(KeyedBoxContainer<NestedKey>(box: child, codingPath: codingPath))
  }

  mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
    let child = append()
    child.elements = []
    return UnkeyedBoxContainer(box: child, codingPath: codingPath)
  }

  mutating func superEncoder() -> any Encoder { BoxEncoder(box: append(), codingPath: codingPath) }
}

struct SingleBoxContainer: SingleValueEncodingContainer {
  let box: EncodingBox
  let codingPath: [any CodingKey]

  mutating func encodeNil() throws { box.value = .null }
  mutating func encode(_ value: Bool) throws { box.value = .bool(value) }
  mutating func encode(_ value: String) throws { box.value = .string(value) }
  mutating func encode(_ value: Double) throws { box.value = .double(value) }
  mutating func encode(_ value: Float) throws { box.value = .double(Double(value)) }
  mutating func encode(_ value: Int) throws { box.value = .int(Int64(value)) }
  mutating func encode(_ value: Int8) throws { box.value = .int(Int64(value)) }
  mutating func encode(_ value: Int16) throws { box.value = .int(Int64(value)) }
  mutating func encode(_ value: Int32) throws { box.value = .int(Int64(value)) }
  mutating func encode(_ value: Int64) throws { box.value = .int(value) }
  mutating func encode(_ value: UInt) throws { box.value = .int(Int64(clamping: value)) }
  mutating func encode(_ value: UInt8) throws { box.value = .int(Int64(value)) }
  mutating func encode(_ value: UInt16) throws { box.value = .int(Int64(value)) }
  mutating func encode(_ value: UInt32) throws { box.value = .int(Int64(value)) }
  mutating func encode(_ value: UInt64) throws { box.value = .int(Int64(clamping: value)) }
  mutating func encode<T: Encodable>(_ value: T) throws {
    try encodeIntoBox(value, box: box, codingPath: codingPath)
  }
}

/// Marks dictionaries keyed by strings, whose encoded keys are sorted (the conformance,
/// with the direct writer, is in `DirectJSONEncoder.swift`).
protocol StringKeyedMap {
  /// Writes the map into `encoder`'s slot at `depth` (started at `mark`), keys sorted.
  func encodeSortedMembers(into encoder: DirectJSONEncoder, depth: Int, mark: Int) throws
}
