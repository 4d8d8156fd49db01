/// Encodes `Encodable` values straight into compact JSON bytes, with the same text as
/// `JSONWriter.write(ValueEncoder.encode(value))` (keys in encoding order, nil optionals
/// left out, string-keyed maps sorted by key) but without the intermediate `JSONValue`
/// tree: the API's hot path for objects and large lists.
///
/// Containers are written as they are used, so values must encode their members one after
/// another (as synthesized `Codable` does). A value that encodes out of order (reusing a
/// container after a sibling was opened, `superEncoder`, two writes to one single-value
/// slot) is detected and re-encoded through `ValueEncoder`, so the text never differs.
///
/// Values that conform to `JSONByteWritable` (Pod and its parts) write themselves by hand,
/// with the same text.
///
/// Not thread-safe: use one encoder per task. Its buffer can be reused for many values.
public final class DirectJSONEncoder {
  /// The bytes written so far.
  public var output: [UInt8] = []

  /// An open object or array.
  struct Frame {
    var serial: Int
    var isObject: Bool
    /// Members written so far (a comma precedes every one after the first).
    var count: Int
    /// Where the slot that opened this frame started in `output`.
    var mark: Int
  }

  /// Thrown when a value encodes in an order the streaming writer cannot follow.
  struct OutOfOrder: Error {}

  var frames: [Frame] = []
  private var nextSerial = 0
  /// Set when something was used in an order the writer cannot follow.
  var outOfOrder = false

  /// An encoder with room for `capacity` bytes.
  public init(capacity: Int = 0) {
    output.reserveCapacity(capacity)
  }

  /// The compact JSON of `value`.
  public static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
    let encoder = DirectJSONEncoder()
    try encoder.append(value)
    return encoder.output
  }

  /// Appends the compact JSON of `value` to `output`; throws what `value` throws.
  public func append<T: Encodable>(_ value: T) throws {
    let start = output.count
    if let writable = value as? any JSONByteWritable {
      // The hand-written text is the generic path's; if a nested value throws, let the
      // generic path decide what happens.
      if (try? writable.writeJSON(to: &output)) != nil { return }
      output.removeSubrange(start...)
    }
    try appendEncoded(value)
  }

  /// Appends the compact JSON of `value` through its `Encodable` conformance (never the
  /// hand-written path).
  func appendEncoded<T: Encodable>(_ value: T) throws {
    let start = output.count
    frames.removeAll(keepingCapacity: true)
    outOfOrder = false
    do {
      try encodeSlot(value, depth: 0)
      if outOfOrder { throw OutOfOrder() }
    } catch {
      output.removeSubrange(start...)
      frames.removeAll(keepingCapacity: true)
      outOfOrder = false
      JSONBytes.append(try ValueEncoder.encode(value), to: &output)
    }
  }

  /// Appends raw bytes (punctuation around values the caller frames itself).
  public func appendRaw(_ bytes: StaticString) {
    JSONBytes.appendLiteral(bytes, to: &output)
  }

  /// Appends a JSON value.
  public func appendJSON(_ value: JSONValue) {
    JSONBytes.append(value, to: &output)
  }

  // MARK: Writing

  /// Writes one value into the slot at `depth` (where `frames.count == depth`).
  func encodeSlot<T: Encodable>(_ value: T, depth: Int) throws {
    if T.self == JSONValue.self, let json = value as? JSONValue {
      JSONBytes.append(json, to: &output)
      return
    }
    let mark = output.count
    if let map = value as? any StringKeyedMap {
      try map.encodeSortedMembers(into: self, depth: depth, mark: mark)
    } else {
      try value.encode(to: SlotEncoder(state: self, depth: depth, mark: mark))
    }
    close(downTo: depth)
    if output.count == mark { JSONBytes.appendLiteral("null", to: &output) }
  }

  /// Closes every frame at `depth` and deeper.
  func close(downTo depth: Int) {
    while frames.count > depth, let frame = frames.popLast() {
      output.append(frame.isObject ? UInt8(ascii: "}") : UInt8(ascii: "]"))
    }
  }

  /// Opens an object or array in the slot at `depth` that started at `mark`, or returns the
  /// one it already opened; nil when the slot is no longer writable.
  func open(isObject: Bool, depth: Int, mark: Int) -> Int? {
    if depth >= 0, frames.count > depth, frames[depth].mark == mark, frames[depth].isObject == isObject {
      return frames[depth].serial
    }
    guard depth >= 0, frames.count == depth, output.count == mark else {
      outOfOrder = true
      return nil
    }
    output.append(isObject ? UInt8(ascii: "{") : UInt8(ascii: "["))
    nextSerial += 1
    frames.append(Frame(serial: nextSerial, isObject: isObject, count: 0, mark: mark))
    return nextSerial
  }

  /// Readies the frame at `depth` for its next member: closes deeper frames and writes the
  /// separating comma.
  func prepare(depth: Int, serial: Int?) throws {
    guard let serial, depth >= 0, depth < frames.count, frames[depth].serial == serial else {
      outOfOrder = true
      throw OutOfOrder()
    }
    close(downTo: depth + 1)
    if frames[depth].count > 0 { output.append(UInt8(ascii: ",")) }
    frames[depth].count += 1
  }

  /// Readies the frame at `depth` and writes `"key":`.
  func prepare(depth: Int, serial: Int?, key: String) throws {
    try prepare(depth: depth, serial: serial)
    JSONBytes.appendQuoted(key, to: &output)
    output.append(UInt8(ascii: ":"))
  }

  /// Whether a single value may still be written into the slot at `depth` started at `mark`.
  func claimSingle(depth: Int, mark: Int) throws {
    guard depth >= 0, frames.count == depth, output.count == mark else {
      outOfOrder = true
      throw OutOfOrder()
    }
  }
}

/// The `Encoder` handed to one value: it writes into the slot at `depth`.
struct SlotEncoder: Encoder {
  let state: DirectJSONEncoder
  let depth: Int
  let mark: Int
  var codingPath: [any CodingKey] { [] }
  var userInfo: [CodingUserInfoKey: Any] { [:] }

  func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
    let serial = state.open(isObject: true, depth: depth, mark: mark)
    return KeyedEncodingContainer(DirectKeyedContainer<Key>(state: state, depth: depth, serial: serial))
  }

  func unkeyedContainer() -> any UnkeyedEncodingContainer {
    let serial = state.open(isObject: false, depth: depth, mark: mark)
    return DirectUnkeyedContainer(state: state, depth: depth, serial: serial)
  }

  func singleValueContainer() -> any SingleValueEncodingContainer {
    DirectSingleContainer(state: state, depth: depth, mark: mark)
  }
}

extension Dictionary: StringKeyedMap where Key == String {
  /// Writes the map as an object with its keys sorted, as `ValueEncoder` does.
  func encodeSortedMembers(into encoder: DirectJSONEncoder, depth: Int, mark: Int) throws {
    let serial = encoder.open(isObject: true, depth: depth, mark: mark)
    for (key, value) in sorted(by: { $0.key < $1.key }) {
      try encoder.prepare(depth: depth, serial: serial, key: key)
      if let text = value as? String {
        JSONBytes.appendQuoted(text, to: &encoder.output)
      } else if let encodable = value as? any Encodable {
        try encoder.encodeSlot(encodable, depth: depth + 1)
      } else {
        throw DirectJSONEncoder.OutOfOrder()
      }
    }
  }
}
