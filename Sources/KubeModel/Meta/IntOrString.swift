/// A value that is either an integer or a string (`intstr.IntOrString`): ports by number or
/// name, `maxSurge: 1` or `maxSurge: 25%`.
public enum IntOrString: Hashable, Sendable, Codable, CustomStringConvertible {
  case int(Int)
  case string(String)

  public init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    if let value = try? container.decode(Int.self) {
      self = .int(value)
    } else if let value = try? container.decode(String.self) {
      self = .string(value)
    } else if let node = decoder as? NodeDecoder {
      throw node.mismatch("an integer or a string")
    } else {
      throw DecodingError.typeMismatch(
        IntOrString.self, .init(codingPath: decoder.codingPath, debugDescription: "expected an integer or a string"))
    }
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    switch self {
    case .int(let value): try container.encode(value)
    case .string(let value): try container.encode(value)
    }
  }

  public var description: String {
    switch self {
    case .int(let value): return String(value)
    case .string(let value): return value
    }
  }

  /// Resolves an absolute number or a percentage of `total`, rounding a percentage up or down
  /// (as `intstr.GetScaledValueFromIntOrPercent`). Nil for a string that is not `N%`.
  public func scaledValue(total: Int, roundUp: Bool) -> Int? {
    switch self {
    case .int(let value):
      return value
    case .string(let text):
      guard text.hasSuffix("%"), let percent = Int(text.dropLast()) else { return nil }
      let product = percent * total
      return roundUp ? (product + 99) / 100 : product / 100
    }
  }
}
