import KubeModel
import OrderedCollections

/// Reads the Kubernetes protobuf envelope (`k8s\0` + `runtime.Unknown`) and the object
/// inside it into JSON, so the rest of the server handles it like a JSON body.
enum ProtobufDecoder {
  /// Why a body could not be read.
  struct DecodeError: Error, CustomStringConvertible {
    var description: String
  }

  static let magic: [UInt8] = [0x6B, 0x38, 0x73, 0x00]

  /// The object in an enveloped body, as JSON with `apiVersion` and `kind`.
  static func decodeEnvelope(_ bytes: [UInt8]) throws(DecodeError) -> JSONValue {
    guard bytes.starts(with: magic) else { throw DecodeError(description: "missing the k8s protobuf prefix") }
    var reader = WireReader(bytes: bytes, start: magic.count, end: bytes.count)
    var apiVersion = ""
    var kind = ""
    var raw: (Int, Int)?
    while let (number, wireType) = try reader.nextKey() {
      switch (number, wireType) {
      case (1, 2):
        var typeMeta = try reader.subreader()
        while let (field, fieldWire) = try typeMeta.nextKey() {
          if fieldWire == 2, field == 1 { apiVersion = try typeMeta.string() } else if fieldWire == 2, field == 2 {
            kind = try typeMeta.string()
          } else {
            try typeMeta.skip(fieldWire)
          }
        }
      case (2, 2):
        raw = try reader.lengthDelimitedRange()
      default:
        try reader.skip(wireType)
      }
    }
    guard let raw, let message = ProtobufSchema.message(apiVersion: apiVersion, kind: kind) else {
      throw DecodeError(description: "no protobuf decoding for kind \"\(kind)\" in version \"\(apiVersion)\"")
    }
    var object = try decodeMessage(message, WireReader(bytes: bytes, start: raw.0, end: raw.1))
    object.updateValue(.string(kind), forKey: "kind", insertingAt: 0)
    object.updateValue(.string(apiVersion), forKey: "apiVersion", insertingAt: 0)
    return .object(object)
  }

  /// One message into JSON members, dropping unset (zero) fields as Go's `omitempty` would.
  static func decodeMessage(_ name: String, _ reader: WireReader) throws(DecodeError) -> OrderedDictionary<String, JSONValue> {
    guard let fields = ProtobufSchema.messages[name] else { throw DecodeError(description: "unknown message \(name)") }
    var reader = reader
    var members = OrderedDictionary<String, JSONValue>()
    while let (number, wireType) = try reader.nextKey() {
      guard let field = fields[number] else {
        try reader.skip(wireType)
        continue
      }
      if case .map(let keyKind, let valueKind) = field.kind {
        var entry = try reader.subreader()
        var key: JSONValue = .string("")
        var value: JSONValue = .string("")
        while let (entryField, entryWire) = try entry.nextKey() {
          if entryField == 1 { key = try decodeValue(keyKind, wireType: entryWire, &entry) ?? .string("") } else if entryField == 2 {
            value = try decodeValue(valueKind, wireType: entryWire, &entry, keepZero: true) ?? .string("")
          } else {
            try entry.skip(entryWire)
          }
        }
        var map = members[field.name]?.objectValue ?? [:]
        map[key.stringValue ?? String(describing: key)] = value
        members[field.name] = .object(map)
        continue
      }
      if field.inline, case .message(let inner) = field.kind {
        for (key, value) in try decodeMessage(inner, try reader.subreader()) { members[key] = value }
        continue
      }
      if field.repeated, wireType == 2, isPackable(field.kind) {
        var packed = try reader.subreader()
        var list = members[field.name]?.arrayValue ?? []
        while !packed.isAtEnd {
          if let value = try decodeValue(field.kind, wireType: field.kind.isFixed64 ? 1 : 0, &packed, keepZero: true) {
            list.append(value)
          }
        }
        members[field.name] = .array(list)
        continue
      }
      let keepZero = field.repeated || ProtobufSchema.meaningfulZero.contains(field.name)
      let value = try decodeValue(field.kind, wireType: wireType, &reader, keepZero: keepZero)
      if field.repeated {
        var list = members[field.name]?.arrayValue ?? []
        list.append(value ?? .object([:]))
        members[field.name] = .array(list)
      } else if let value {
        members[field.name] = value
      }
    }
    return members
  }

  private static func isPackable(_ kind: ProtobufSchema.Kind) -> Bool {
    switch kind {
    case .int, .bool, .double: return true
    default: return false
    }
  }

  /// One value; nil when it is the zero value of an unset field.
  static func decodeValue(
    _ kind: ProtobufSchema.Kind, wireType: Int, _ reader: inout WireReader, keepZero: Bool = false
  ) throws(DecodeError) -> JSONValue? {
    switch kind {
    case .string:
      let text = try reader.string()
      return text.isEmpty && !keepZero ? nil : .string(text)
    case .bytes:
      let range = try reader.lengthDelimitedRange()
      let data = Array(reader.bytes[range.0..<range.1])
      return data.isEmpty && !keepZero ? nil : .string(base64(data))
    case .int:
      let raw = Int64(bitPattern: try reader.varint())
      return raw == 0 && !keepZero ? nil : .int(raw)
    case .bool:
      let raw = try reader.varint()
      return raw == 0 && !keepZero ? nil : .bool(raw != 0)
    case .double:
      let raw = try reader.fixed64()
      let value = Double(bitPattern: raw)
      return value == 0 && !keepZero ? nil : .double(value)
    case .time:
      var message = try reader.subreader()
      var seconds: Int64 = 0
      var nanos: Int64 = 0
      while let (field, fieldWire) = try message.nextKey() {
        if field == 1 { seconds = Int64(bitPattern: try message.varint()) } else if field == 2 {
          nanos = Int64(bitPattern: try message.varint())
        } else {
          try message.skip(fieldWire)
        }
      }
      if seconds == 0 && nanos == 0 { return nil }
      return .string(Time(seconds: seconds).description)
    case .quantity:
      var message = try reader.subreader()
      var text = ""
      while let (field, fieldWire) = try message.nextKey() {
        if field == 1 { text = try message.string() } else { try message.skip(fieldWire) }
      }
      return text.isEmpty ? nil : .string(text)
    case .intOrString:
      var message = try reader.subreader()
      var type: UInt64 = 0
      var number: Int64 = 0
      var text = ""
      while let (field, fieldWire) = try message.nextKey() {
        switch field {
        case 1: type = try message.varint()
        case 2: number = Int64(Int32(truncatingIfNeeded: try message.varint()))
        case 3: text = try message.string()
        default: try message.skip(fieldWire)
        }
      }
      return type == 1 ? .string(text) : .int(number)
    case .rawJSON:
      var message = try reader.subreader()
      var raw: [UInt8] = []
      while let (field, fieldWire) = try message.nextKey() {
        if field == 1 {
          let range = try message.lengthDelimitedRange()
          raw = Array(message.bytes[range.0..<range.1])
        } else {
          try message.skip(fieldWire)
        }
      }
      guard !raw.isEmpty, let node = try? JSONParser.parse(bytes: raw) else { return nil }
      return node.jsonValue
    case .duration:
      var message = try reader.subreader()
      var nanos: Int64 = 0
      while let (field, fieldWire) = try message.nextKey() {
        if field == 1 { nanos = Int64(bitPattern: try message.varint()) } else { try message.skip(fieldWire) }
      }
      return nanos == 0 && !keepZero ? nil : .string("\(nanos / 1_000_000_000)s")
    case .message(let name):
      let members = try decodeMessage(name, try reader.subreader())
      return members.isEmpty && !keepZero ? nil : .object(members)
    case .map:
      throw DecodeError(description: "a map outside a field")
    }
  }

  private static func base64(_ bytes: [UInt8]) -> String {
    let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
    var output = ""
    var index = 0
    while index < bytes.count {
      let chunk = bytes[index..<min(index + 3, bytes.count)]
      let value = chunk.enumerated().reduce(0) { $0 | (Int($1.element) << (16 - 8 * $1.offset)) }
      for position in 0..<4 {
        output.append(position <= chunk.count ? alphabet[(value >> (18 - 6 * position)) & 63] : "=")
      }
      index += 3
    }
    return output
  }
}

extension ProtobufSchema.Kind {
  var isFixed64: Bool {
    if case .double = self { return true }
    return false
  }
}

/// A cursor over protobuf wire data.
struct WireReader {
  let bytes: [UInt8]
  var index: Int
  let end: Int

  init(bytes: [UInt8], start: Int, end: Int) {
    self.bytes = bytes
    self.index = start
    self.end = end
  }

  var isAtEnd: Bool { index >= end }

  mutating func varint() throws(ProtobufDecoder.DecodeError) -> UInt64 {
    var result: UInt64 = 0
    var shift: UInt64 = 0
    while index < end {
      let byte = bytes[index]
      index += 1
      result |= UInt64(byte & 0x7F) << shift
      if byte & 0x80 == 0 { return result }
      shift += 7
      if shift > 63 { break }
    }
    throw ProtobufDecoder.DecodeError(description: "malformed varint")
  }

  mutating func fixed64() throws(ProtobufDecoder.DecodeError) -> UInt64 {
    guard index + 8 <= end else { throw ProtobufDecoder.DecodeError(description: "truncated fixed64") }
    var value: UInt64 = 0
    for offset in 0..<8 { value |= UInt64(bytes[index + offset]) << (8 * UInt64(offset)) }
    index += 8
    return value
  }

  /// The next field number and wire type, or nil at the end.
  mutating func nextKey() throws(ProtobufDecoder.DecodeError) -> (Int, Int)? {
    guard index < end else { return nil }
    let key = try varint()
    return (Int(key >> 3), Int(key & 7))
  }

  mutating func lengthDelimitedRange() throws(ProtobufDecoder.DecodeError) -> (Int, Int) {
    let length = Int(try varint())
    guard length >= 0, index + length <= end else { throw ProtobufDecoder.DecodeError(description: "truncated field") }
    defer { index += length }
    return (index, index + length)
  }

  mutating func subreader() throws(ProtobufDecoder.DecodeError) -> WireReader {
    let range = try lengthDelimitedRange()
    return WireReader(bytes: bytes, start: range.0, end: range.1)
  }

  mutating func string() throws(ProtobufDecoder.DecodeError) -> String {
    let range = try lengthDelimitedRange()
    return String(decoding: bytes[range.0..<range.1], as: UTF8.self)
  }

  mutating func skip(_ wireType: Int) throws(ProtobufDecoder.DecodeError) {
    switch wireType {
    case 0: _ = try varint()
    case 1: index += 8
    case 2: _ = try lengthDelimitedRange()
    case 5: index += 4
    default: throw ProtobufDecoder.DecodeError(description: "unsupported wire type \(wireType)")
    }
    if index > end { throw ProtobufDecoder.DecodeError(description: "truncated field") }
  }
}
