extension Quantity: Codable {
  /// Reads a quantity from a string (`"500m"`) or a number (`cpu: 1`); null reads as zero.
  ///
  /// Surrounding whitespace is ignored, as upstream's `UnmarshalJSON` does. A malformed
  /// string throws `DecodingError.dataCorrupted` whose description is upstream's message.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    if container.decodeNil() {
      self = .zero
      return
    }
    let text: String
    if let string = try? container.decode(String.self) {
      text = string
    } else if let integer = try? container.decode(Int64.self) {
      text = String(integer)
    } else {
      text = String(try container.decode(Double.self))
    }
    do {
      self = try Quantity(parsing: text.trimmingWhitespace)
    } catch {
      throw DecodingError.dataCorrupted(
        DecodingError.Context(codingPath: decoder.codingPath, debugDescription: error.description, underlyingError: error))
    }
  }

  /// Writes the canonical string.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(description)
  }
}

extension String {
  /// The text without leading and trailing ASCII whitespace.
  fileprivate var trimmingWhitespace: String {
    let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
    guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
      return ""
    }
    return String(self[first...last])
  }
}
