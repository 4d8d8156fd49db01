/// A value that writes its own compact JSON straight into bytes: exactly the text
/// `DirectJSONEncoder`'s generic path writes for it (members in declaration order, nil
/// members left out, string-keyed maps sorted by key), without the `Encoder` machinery.
///
/// `DirectJSONEncoder.append(_:)` uses it for a top-level value that conforms; the hot
/// API types (Pod and what it contains) conform so that large lists stream fast.
public protocol JSONByteWritable {
  /// Appends the value's compact JSON to `output`; throws only what a nested value
  /// written through the generic path throws.
  func writeJSON(to output: inout [UInt8]) throws
}

/// Writes the members of one JSON object, as synthesized `Encodable` writes them through
/// `DirectJSONEncoder`: each present member as `"key":value`, a comma before all but the
/// first, nil members left out. The caller writes the braces.
struct JSONMembers {
  private var started = false

  /// Writes the separator and `"name":`.
  @inline(__always)
  mutating func key(_ name: StaticString, _ output: inout [UInt8]) {
    if started {
      output.append(UInt8(ascii: ","))
    } else {
      started = true
    }
    output.append(UInt8(ascii: "\""))
    name.withUTF8Buffer { output.append(contentsOf: $0) }
    output.append(UInt8(ascii: "\""))
    output.append(UInt8(ascii: ":"))
  }

  mutating func string(_ name: StaticString, _ value: String?, _ output: inout [UInt8]) {
    guard let value else { return }
    key(name, &output)
    JSONBytes.appendQuoted(value, to: &output)
  }

  mutating func bool(_ name: StaticString, _ value: Bool?, _ output: inout [UInt8]) {
    guard let value else { return }
    key(name, &output)
    JSONBytes.appendLiteral(value ? "true" : "false", to: &output)
  }

  mutating func int(_ name: StaticString, _ value: Int64?, _ output: inout [UInt8]) {
    guard let value else { return }
    key(name, &output)
    JSONBytes.appendInt(value, to: &output)
  }

  mutating func int(_ name: StaticString, _ value: Int32?, _ output: inout [UInt8]) {
    int(name, value.map(Int64.init), &output)
  }

  mutating func time(_ name: StaticString, _ value: Time?, _ output: inout [UInt8]) {
    guard let value else { return }
    key(name, &output)
    RFC3339.appendQuoted(seconds: value.seconds, to: &output)
  }

  mutating func json(_ name: StaticString, _ value: JSONValue?, _ output: inout [UInt8]) {
    guard let value else { return }
    key(name, &output)
    JSONBytes.append(value, to: &output)
  }

  mutating func jsonArray(_ name: StaticString, _ values: [JSONValue]?, _ output: inout [UInt8]) {
    array(name, values, &output) { value, output in JSONBytes.append(value, to: &output) }
  }

  /// `"name":[…]` with each element written by `element`; nothing for nil.
  private mutating func array<T, E: Error>(
    _ name: StaticString, _ values: [T]?, _ output: inout [UInt8], _ element: (T, inout [UInt8]) throws(E) -> Void
  ) throws(E) {
    guard let values else { return }
    key(name, &output)
    output.append(UInt8(ascii: "["))
    for (offset, value) in values.enumerated() {
      if offset > 0 { output.append(UInt8(ascii: ",")) }
      try element(value, &output)
    }
    output.append(UInt8(ascii: "]"))
  }

  mutating func intOrString(_ name: StaticString, _ value: IntOrString?, _ output: inout [UInt8]) {
    guard let value else { return }
    key(name, &output)
    switch value {
    case .int(let number): JSONBytes.appendInt(Int64(number), to: &output)
    case .string(let text): JSONBytes.appendQuoted(text, to: &output)
    }
  }

  mutating func strings(_ name: StaticString, _ values: [String]?, _ output: inout [UInt8]) {
    array(name, values, &output) { value, output in JSONBytes.appendQuoted(value, to: &output) }
  }

  /// A string map, keys sorted as `DirectJSONEncoder` sorts them.
  mutating func stringMap(_ name: StaticString, _ map: [String: String]?, _ output: inout [UInt8]) {
    guard let map else { return }
    key(name, &output)
    output.append(UInt8(ascii: "{"))
    if map.count == 1, let (name, value) = map.first {
      JSONBytes.appendQuoted(name, to: &output)
      output.append(UInt8(ascii: ":"))
      JSONBytes.appendQuoted(value, to: &output)
    } else {
      for (offset, entry) in map.sorted(by: { $0.key < $1.key }).enumerated() {
        if offset > 0 { output.append(UInt8(ascii: ",")) }
        JSONBytes.appendQuoted(entry.key, to: &output)
        output.append(UInt8(ascii: ":"))
        JSONBytes.appendQuoted(entry.value, to: &output)
      }
    }
    output.append(UInt8(ascii: "}"))
  }

  /// A resource map (`cpu`, `memory`, …), keys sorted, each quantity in its canonical text.
  mutating func quantities(_ name: StaticString, _ map: [String: Quantity]?, _ output: inout [UInt8]) {
    guard let map else { return }
    key(name, &output)
    output.append(UInt8(ascii: "{"))
    for (offset, entry) in map.sorted(by: { $0.key < $1.key }).enumerated() {
      if offset > 0 { output.append(UInt8(ascii: ",")) }
      JSONBytes.appendQuoted(entry.key, to: &output)
      output.append(UInt8(ascii: ":"))
      JSONBytes.appendQuoted(entry.value.description, to: &output)
    }
    output.append(UInt8(ascii: "}"))
  }

  mutating func object<T: JSONByteWritable>(_ name: StaticString, _ value: T?, _ output: inout [UInt8]) throws {
    guard let value else { return }
    key(name, &output)
    try value.writeJSON(to: &output)
  }

  mutating func objects<T: JSONByteWritable>(_ name: StaticString, _ values: [T]?, _ output: inout [UInt8]) throws {
    try array(name, values, &output) { value, output in try value.writeJSON(to: &output) }
  }

  /// A member of a rarely present type, written through the generic path.
  mutating func encodable<T: Encodable>(_ name: StaticString, _ value: T?, _ output: inout [UInt8]) throws {
    guard let value else { return }
    key(name, &output)
    let encoder = DirectJSONEncoder()
    try encoder.append(value)
    output.append(contentsOf: encoder.output)
  }
}

extension RFC3339 {
  /// Appends `"YYYY-MM-DDTHH:MM:SSZ"` (quoted) for `seconds`: the bytes of
  /// `format(seconds:micros: nil)` without building a string.
  static func appendQuoted(seconds: Int64, to output: inout [UInt8]) {
    let days = seconds.floorDiv(86_400)
    let secondOfDay = seconds - days * 86_400
    let (year, month, day) = civil(fromDays: days)
    guard year >= 0, year <= 9999 else {
      JSONBytes.appendQuoted(format(seconds: seconds, micros: nil), to: &output)
      return
    }
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 22) { text in
      func put(_ value: Int64, at index: Int, width: Int) {
        var remaining = value
        for position in stride(from: index + width - 1, through: index, by: -1) {
          text[position] = UInt8(ascii: "0") + UInt8(remaining % 10)
          remaining /= 10
        }
      }
      text[0] = UInt8(ascii: "\"")
      put(year, at: 1, width: 4)
      text[5] = UInt8(ascii: "-")
      put(month, at: 6, width: 2)
      text[8] = UInt8(ascii: "-")
      put(day, at: 9, width: 2)
      text[11] = UInt8(ascii: "T")
      put(secondOfDay / 3600, at: 12, width: 2)
      text[14] = UInt8(ascii: ":")
      put(secondOfDay % 3600 / 60, at: 15, width: 2)
      text[17] = UInt8(ascii: ":")
      put(secondOfDay % 60, at: 18, width: 2)
      text[20] = UInt8(ascii: "Z")
      text[21] = UInt8(ascii: "\"")
      output.append(contentsOf: UnsafeBufferPointer(text))
    }
  }
}
