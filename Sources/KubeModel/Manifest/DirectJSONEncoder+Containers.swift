/// A keyed container of `DirectJSONEncoder`: writes `"key":value` members into its frame.
struct DirectKeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
  let state: DirectJSONEncoder
  let depth: Int
  /// The frame's serial; nil when the container could not be opened.
  let serial: Int?
  var codingPath: [any CodingKey] { [] }

  private func key(_ key: Key) throws {
    try state.prepare(depth: depth, serial: serial, key: key.stringValue)
  }

  mutating func encodeNil(forKey key: Key) throws {
    try self.key(key)
    JSONBytes.appendLiteral("null", to: &state.output)
  }

  mutating func encode(_ value: Bool, forKey key: Key) throws {
    try self.key(key)
    JSONBytes.appendLiteral(value ? "true" : "false", to: &state.output)
  }

  mutating func encode(_ value: String, forKey key: Key) throws {
    try self.key(key)
    JSONBytes.appendQuoted(value, to: &state.output)
  }

  mutating func encode(_ value: Double, forKey key: Key) throws {
    try self.key(key)
    JSONBytes.appendDouble(value, to: &state.output)
  }

  mutating func encode(_ value: Float, forKey key: Key) throws { try encode(Double(value), forKey: key) }
  mutating func encode(_ value: Int, forKey key: Key) throws { try encode(Int64(value), forKey: key) }
  mutating func encode(_ value: Int8, forKey key: Key) throws { try encode(Int64(value), forKey: key) }
  mutating func encode(_ value: Int16, forKey key: Key) throws { try encode(Int64(value), forKey: key) }
  mutating func encode(_ value: Int32, forKey key: Key) throws { try encode(Int64(value), forKey: key) }
  mutating func encode(_ value: UInt, forKey key: Key) throws { try encode(Int64(clamping: value), forKey: key) }
  mutating func encode(_ value: UInt8, forKey key: Key) throws { try encode(Int64(value), forKey: key) }
  mutating func encode(_ value: UInt16, forKey key: Key) throws { try encode(Int64(value), forKey: key) }
  mutating func encode(_ value: UInt32, forKey key: Key) throws { try encode(Int64(value), forKey: key) }
  mutating func encode(_ value: UInt64, forKey key: Key) throws { try encode(Int64(clamping: value), forKey: key) }

  mutating func encode(_ value: Int64, forKey key: Key) throws {
    try self.key(key)
    JSONBytes.appendInt(value, to: &state.output)
  }

  mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
    try self.key(key)
    try state.encodeSlot(value, depth: depth + 1)
  }

  mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
    -> KeyedEncodingContainer<NestedKey>
  {
    let serial = openNested(isObject: true, key)
    return KeyedEncodingContainer(DirectKeyedContainer<NestedKey>(state: state, depth: depth + 1, serial: serial))
  }

  mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
    let serial = openNested(isObject: false, key)
    return DirectUnkeyedContainer(state: state, depth: depth + 1, serial: serial)
  }

  private func openNested(isObject: Bool, _ key: Key) -> Int? {
    guard (try? self.key(key)) != nil else { return nil }
    return state.open(isObject: isObject, depth: depth + 1, mark: state.output.count)
  }

  mutating func superEncoder() -> any Encoder {
    state.outOfOrder = true
    return SlotEncoder(state: state, depth: -1, mark: -1)
  }

  mutating func superEncoder(forKey key: Key) -> any Encoder {
    state.outOfOrder = true
    return SlotEncoder(state: state, depth: -1, mark: -1)
  }
}

/// An unkeyed container of `DirectJSONEncoder`: writes array elements into its frame.
struct DirectUnkeyedContainer: UnkeyedEncodingContainer, DirectScalarWriting {
  let state: DirectJSONEncoder
  let depth: Int
  let serial: Int?
  var codingPath: [any CodingKey] { [] }

  var count: Int {
    guard let serial, depth >= 0, depth < state.frames.count, state.frames[depth].serial == serial else { return 0 }
    return state.frames[depth].count
  }

  private func next() throws { try state.prepare(depth: depth, serial: serial) }

  func claimPlace() throws { try next() }

  mutating func encode<T: Encodable>(_ value: T) throws {
    try next()
    try state.encodeSlot(value, depth: depth + 1)
  }

  mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type)
    -> KeyedEncodingContainer<NestedKey>
  {
    let serial = openNested(isObject: true)
    return KeyedEncodingContainer(DirectKeyedContainer<NestedKey>(state: state, depth: depth + 1, serial: serial))
  }

  mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
    DirectUnkeyedContainer(state: state, depth: depth + 1, serial: openNested(isObject: false))
  }

  private func openNested(isObject: Bool) -> Int? {
    guard (try? next()) != nil else { return nil }
    return state.open(isObject: isObject, depth: depth + 1, mark: state.output.count)
  }

  mutating func superEncoder() -> any Encoder {
    state.outOfOrder = true
    return SlotEncoder(state: state, depth: -1, mark: -1)
  }
}

/// A single-value container of `DirectJSONEncoder`: writes one value into its slot.
struct DirectSingleContainer: SingleValueEncodingContainer, DirectScalarWriting {
  let state: DirectJSONEncoder
  let depth: Int
  let mark: Int
  var codingPath: [any CodingKey] { [] }

  private func claim() throws { try state.claimSingle(depth: depth, mark: mark) }

  func claimPlace() throws { try claim() }

  mutating func encode<T: Encodable>(_ value: T) throws {
    try claim()
    try state.encodeSlot(value, depth: depth)
  }
}

/// The scalar writes the unkeyed and single-value containers share: claim the container's
/// next place in the output (a separator, or its one slot), then append the value's bytes.
protocol DirectScalarWriting {
  var state: DirectJSONEncoder { get }
  /// Claims the place the next value is written to.
  func claimPlace() throws
}

extension DirectScalarWriting {
  mutating func encodeNil() throws {
    try claimPlace()
    JSONBytes.appendLiteral("null", to: &state.output)
  }

  mutating func encode(_ value: Bool) throws {
    try claimPlace()
    JSONBytes.appendLiteral(value ? "true" : "false", to: &state.output)
  }

  mutating func encode(_ value: String) throws {
    try claimPlace()
    JSONBytes.appendQuoted(value, to: &state.output)
  }

  mutating func encode(_ value: Double) throws {
    try claimPlace()
    JSONBytes.appendDouble(value, to: &state.output)
  }

  mutating func encode(_ value: Int64) throws {
    try claimPlace()
    JSONBytes.appendInt(value, to: &state.output)
  }

  mutating func encode(_ value: Float) throws { try encode(Double(value)) }
  mutating func encode(_ value: Int) throws { try encode(Int64(value)) }
  mutating func encode(_ value: Int8) throws { try encode(Int64(value)) }
  mutating func encode(_ value: Int16) throws { try encode(Int64(value)) }
  mutating func encode(_ value: Int32) throws { try encode(Int64(value)) }
  mutating func encode(_ value: UInt) throws { try encode(Int64(clamping: value)) }
  mutating func encode(_ value: UInt8) throws { try encode(Int64(value)) }
  mutating func encode(_ value: UInt16) throws { try encode(Int64(value)) }
  mutating func encode(_ value: UInt32) throws { try encode(Int64(value)) }
  mutating func encode(_ value: UInt64) throws { try encode(Int64(clamping: value)) }
}
