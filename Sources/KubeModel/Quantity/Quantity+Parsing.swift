/// Why a string is not a quantity, with upstream's messages (`resource.ErrFormatWrong`, `ErrSuffix`).
public enum QuantityError: Error, Hashable, Sendable, CustomStringConvertible {
  /// The text does not have the shape number-then-suffix.
  case formatWrong
  /// The shape is right but the suffix is not one Kubernetes knows (`10Qi`, `1i`).
  case unknownSuffix

  /// The regular expression upstream's message quotes.
  public static let pattern = "^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$"

  public var description: String {
    switch self {
    case .formatWrong: return "quantities must match the regular expression '\(Self.pattern)'"
    case .unknownSuffix: return "unable to parse quantity's suffix"
    }
  }
}

extension Quantity {
  /// Parses `100m`, `1.5Gi`, `-2e3`, `.5` (`resource.ParseQuantity`).
  ///
  /// Follows upstream's scanner, with one deliberate difference: a number part without any
  /// digit (`-`, `.`, `Mi`, `k`) is rejected with `formatWrong`, as the documented grammar and
  /// the error's regular expression require, where upstream reads it as zero
  /// (kubernetes/apimachinery#165).
  public init(parsing text: String) throws(QuantityError) {
    var text = text
    let parsed = text.withUTF8 { bytes in Result { () throws(QuantityError) in try Self.parse(bytes) } }
    self = try parsed.get()
  }

  private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

  private static func isSuffixLetter(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "e"), UInt8(ascii: "E"), UInt8(ascii: "i"), UInt8(ascii: "n"), UInt8(ascii: "u"),
      UInt8(ascii: "m"), UInt8(ascii: "k"), UInt8(ascii: "K"), UInt8(ascii: "M"), UInt8(ascii: "G"),
      UInt8(ascii: "T"), UInt8(ascii: "P"):
      return true
    default:
      return false
    }
  }

  private static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(QuantityError) -> Quantity {
    let end = bytes.count
    guard end > 0 else { throw .formatWrong }
    var position = 0
    var negative = false
    if bytes[0] == UInt8(ascii: "-") || bytes[0] == UInt8(ascii: "+") {
      negative = bytes[0] == UInt8(ascii: "-")
      position = 1
    }
    let integerStart = position
    while position < end, isDigit(bytes[position]) { position += 1 }
    let integerEnd = position
    var fractionStart = position
    var fractionEnd = position
    if position < end, bytes[position] == UInt8(ascii: ".") {
      position += 1
      fractionStart = position
      while position < end, isDigit(bytes[position]) { position += 1 }
      fractionEnd = position
    }
    guard integerEnd > integerStart || fractionEnd > fractionStart else { throw .formatWrong }

    let suffixStart = position
    while position < end, isSuffixLetter(bytes[position]) { position += 1 }
    if position < end, bytes[position] == UInt8(ascii: "-") || bytes[position] == UInt8(ascii: "+") {
      position += 1
    }
    while position < end, isDigit(bytes[position]) { position += 1 }
    guard position == end else { throw .formatWrong }

    let suffix = Array(bytes[suffixStart..<end])
    guard let (base, exponent, format) = interpret(suffix) else { throw .unknownSuffix }

    let digits = [bytes[integerStart..<integerEnd], bytes[fractionStart..<fractionEnd]].joined()
    guard let unscaled = WideInt(digits: digits) else {
      throw .formatWrong
    }
    var amount = DecimalAmount(unscaled: unscaled, exponent: -(fractionEnd - fractionStart))
    if base == 10 {
      amount = DecimalAmount(unscaled: amount.unscaled, exponent: amount.exponent + exponent)
    } else {
      amount = amount * WideInt(Int64(1) << exponent)
    }
    // Anything asked for gets at least one nano unit: round away from zero.
    amount = amount.roundedAwayFromZero(toExponent: -9).amount
    var finalFormat = format
    if format == .binarySI {
      if amount > maxBinaryAmount { amount = maxBinaryAmount }
      if !amount.isZero, amount < DecimalAmount(1) { finalFormat = .decimalSI }
    }
    return Quantity(amount: negative ? -amount : amount, format: finalFormat)
  }

  /// The base, exponent and format a suffix stands for, or nil for an unknown suffix.
  private static func interpret(_ suffix: [UInt8]) -> (base: Int, exponent: Int, format: Format)? {
    switch String(decoding: suffix, as: UTF8.self) {
    case "": return (10, 0, .decimalSI)
    case "n": return (10, -9, .decimalSI)
    case "u": return (10, -6, .decimalSI)
    case "m": return (10, -3, .decimalSI)
    case "k": return (10, 3, .decimalSI)
    case "M": return (10, 6, .decimalSI)
    case "G": return (10, 9, .decimalSI)
    case "T": return (10, 12, .decimalSI)
    case "P": return (10, 15, .decimalSI)
    case "E": return (10, 18, .decimalSI)
    case "Ki": return (2, 10, .binarySI)
    case "Mi": return (2, 20, .binarySI)
    case "Gi": return (2, 30, .binarySI)
    case "Ti": return (2, 40, .binarySI)
    case "Pi": return (2, 50, .binarySI)
    case "Ei": return (2, 60, .binarySI)
    case let text:
      guard text.count > 1, let first = suffix.first, first == UInt8(ascii: "e") || first == UInt8(ascii: "E"),
        let exponent = Int64(text.dropFirst())
      else { return nil }
      // Upstream keeps the exponent as an int32, truncating larger ones.
      return (10, Int(Int32(truncatingIfNeeded: exponent)), .decimalExponent)
    }
  }
}

extension Quantity: CustomStringConvertible {
  /// The canonical text (`Quantity.String()`): largest suffix with no fraction, in the value's format.
  ///
  /// Two cases upstream would print without a suffix, losing the value, are written so they
  /// parse back to the same number: `DecimalSI` beyond `E` keeps `E` with a larger mantissa
  /// (`1000E`), below `n` falls back to an exponent (`1e-12`); `BinarySI` beyond `Ei` keeps `Ei`.
  public var description: String {
    if amount.isZero { return "0" }
    if format == .binarySI,
      amount > DecimalAmount(-1024), amount < DecimalAmount(1024)
    {
      return decimalText(format: .decimalSI)
    }
    if format == .binarySI {
      let (whole, exact) = amount.roundedAwayFromZero(toExponent: 0)
      guard exact else { return decimalText(format: .decimalSI) }
      var (mantissa, powers) = whole.unscaled.timesPowerOfTen(whole.exponent).removingFactors(of: 1024)
      if powers > 6 {
        mantissa = mantissa * WideInt(Int64(1) << (10 * (powers - 6)))
        powers = 6
      }
      return mantissa.description + ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"][powers]
    }
    return decimalText(format: format)
  }

  private func decimalText(format: Format) -> String {
    var (mantissa, exponent) = amount.engineeringForm
    if format == .decimalExponent {
      return mantissa.description + (exponent == 0 ? "" : "e\(exponent)")
    }
    if exponent > 18 {
      mantissa = mantissa.timesPowerOfTen(exponent - 18)
      exponent = 18
    }
    guard exponent >= -9 else { return mantissa.description + "e\(exponent)" }
    return mantissa.description + ["n", "u", "m", "", "k", "M", "G", "T", "P", "E"][(exponent + 9) / 3]
  }
}
