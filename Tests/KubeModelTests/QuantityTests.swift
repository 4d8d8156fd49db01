import Foundation
import Testing
@testable import KubeModel

// Cases ported from kubernetes/apimachinery pkg/api/resource/quantity_test.go.
// Cases that only exercise Go internals (int64Amount versus inf.Dec storage, AsInt64,
// DeepCopy, CBOR, pflag, parseQuantityString) are left out: this type has one exact
// representation, so those distinctions do not exist here.

/// `value × 10^exponent` in `format`: upstream's `decQuantity`/`intQuantity` helpers.
private func dec(_ value: Int64, _ exponent: Int, _ format: Quantity.Format) -> Quantity {
  Quantity(scaled: value, scale: exponent, format: format)
}

private func parse(_ text: String) throws -> Quantity {
  try Quantity(parsing: text)
}

/// TestQuantityParse: input, expected value and format.
private let parseTable: [(String, Quantity)] = [
    ("0", dec(0, 0, .decimalSI)),
    ("0n", dec(0, 0, .decimalSI)),
    ("0u", dec(0, 0, .decimalSI)),
    ("0m", dec(0, 0, .decimalSI)),
    ("0Ki", dec(0, 0, .binarySI)),
    ("0k", dec(0, 0, .decimalSI)),
    ("0Mi", dec(0, 0, .binarySI)),
    ("0M", dec(0, 0, .decimalSI)),
    ("0Gi", dec(0, 0, .binarySI)),
    ("0G", dec(0, 0, .decimalSI)),
    ("0Ti", dec(0, 0, .binarySI)),
    ("0T", dec(0, 0, .decimalSI)),
    ("1", dec(1, 0, .decimalSI)),
    ("1Ki", dec(1024, 0, .binarySI)),
    ("8Ki", dec(8 * 1024, 0, .binarySI)),
    ("7Mi", dec(7 * 1024 * 1024, 0, .binarySI)),
    ("6Gi", dec(6 * 1024 * 1024 * 1024, 0, .binarySI)),
    ("5Ti", dec(5 * 1024 * 1024 * 1024 * 1024, 0, .binarySI)),
    ("4Pi", dec(4 * 1024 * 1024 * 1024 * 1024 * 1024, 0, .binarySI)),
    ("3Ei", dec(3 * 1024 * 1024 * 1024 * 1024 * 1024 * 1024, 0, .binarySI)),
    ("10Ti", dec(10 * 1024 * 1024 * 1024 * 1024, 0, .binarySI)),
    ("100Ti", dec(100 * 1024 * 1024 * 1024 * 1024, 0, .binarySI)),
    ("5n", dec(5, -9, .decimalSI)),
    ("4u", dec(4, -6, .decimalSI)),
    ("3m", dec(3, -3, .decimalSI)),
    ("9", dec(9, 0, .decimalSI)),
    ("8k", dec(8, 3, .decimalSI)),
    ("50k", dec(5, 4, .decimalSI)),
    ("7M", dec(7, 6, .decimalSI)),
    ("6G", dec(6, 9, .decimalSI)),
    ("5T", dec(5, 12, .decimalSI)),
    ("40T", dec(4, 13, .decimalSI)),
    ("300T", dec(3, 14, .decimalSI)),
    ("2P", dec(2, 15, .decimalSI)),
    ("1E", dec(1, 18, .decimalSI)),
    ("1E-3", dec(1, -3, .decimalExponent)),
    ("1e3", dec(1, 3, .decimalExponent)),
    ("1E6", dec(1, 6, .decimalExponent)),
    ("1e9", dec(1, 9, .decimalExponent)),
    ("1E12", dec(1, 12, .decimalExponent)),
    ("1e15", dec(1, 15, .decimalExponent)),
    ("1E18", dec(1, 18, .decimalExponent)),
    ("1e14", dec(1, 14, .decimalExponent)),
    ("1e13", dec(1, 13, .decimalExponent)),
    ("1e3", dec(1, 3, .decimalExponent)),
    ("100.035k", dec(100035, 0, .decimalSI)),
    ("0.001", dec(1, -3, .decimalSI)),
    ("0.0005k", dec(5, -1, .decimalSI)),
    ("0.005", dec(5, -3, .decimalSI)),
    ("0.05", dec(5, -2, .decimalSI)),
    ("0.5", dec(5, -1, .decimalSI)),
    ("0.00050k", dec(5, -1, .decimalSI)),
    ("0.00500", dec(5, -3, .decimalSI)),
    ("0.05000", dec(5, -2, .decimalSI)),
    ("0.50000", dec(5, -1, .decimalSI)),
    ("0.5e0", dec(5, -1, .decimalExponent)),
    ("0.5e-1", dec(5, -2, .decimalExponent)),
    ("0.5e-2", dec(5, -3, .decimalExponent)),
    ("0.5e0", dec(5, -1, .decimalExponent)),
    ("10.035M", dec(10035, 3, .decimalSI)),
    ("1.2e3", dec(12, 2, .decimalExponent)),
    ("1.3E+6", dec(13, 5, .decimalExponent)),
    ("1.40e9", dec(14, 8, .decimalExponent)),
    ("1.53E12", dec(153, 10, .decimalExponent)),
    ("1.6e15", dec(16, 14, .decimalExponent)),
    ("1.7E18", dec(17, 17, .decimalExponent)),
    ("9.01", dec(901, -2, .decimalSI)),
    ("8.1k", dec(81, 2, .decimalSI)),
    ("7.123456M", dec(7123456, 0, .decimalSI)),
    ("6.987654321G", dec(6987654321, 0, .decimalSI)),
    ("5.444T", dec(5444, 9, .decimalSI)),
    ("40.1T", dec(401, 11, .decimalSI)),
    ("300.2T", dec(3002, 11, .decimalSI)),
    ("2.5P", dec(25, 14, .decimalSI)),
    ("1.01E", dec(101, 16, .decimalSI)),
    ("3.001n", dec(4, -9, .decimalSI)),
    ("1.1E-9", dec(2, -9, .decimalExponent)),
    ("0.0000000001", dec(1, -9, .decimalSI)),
    ("0.0000000005", dec(1, -9, .decimalSI)),
    ("0.00000000050", dec(1, -9, .decimalSI)),
    ("0.5e-9", dec(1, -9, .decimalExponent)),
    ("0.9n", dec(1, -9, .decimalSI)),
    ("0.00000012345", dec(124, -9, .decimalSI)),
    ("0.00000012354", dec(124, -9, .decimalSI)),
    ("9Ei", dec(Int64.max, 0, .binarySI)),
    ("9223372036854775807Ki", dec(Int64.max, 0, .binarySI)),
    ("12E", dec(12, 18, .decimalSI)),
    ("100.035Ki", dec(10243584, -2, .binarySI)),
    ("0.5Mi", dec(512  *  1024, 0, .binarySI)),
    ("0.05Gi", dec(536870912, -1, .binarySI)),
    ("0.025Ti", dec(274877906944, -1, .binarySI)),
    ("0.000000000001Ki", dec(2, -9, .decimalSI)),
    (".001", dec(1, -3, .decimalSI)),
    (".0001k", dec(100, -3, .decimalSI)),
    ("1.", dec(1, 0, .decimalSI)),
    ("1.G", dec(1, 9, .decimalSI)),
]

@Test(arguments: parseTable.indices)
func quantityParseTable(index: Int) throws {
  let (input, expected) = parseTable[index]
  let got = try parse(input)
  #expect(got == expected, "\(input): expected \(expected), got \(got)")
  #expect(got.format == expected.format, "\(input)")
  // Changing the format never changes the value.
  for format in Quantity.Format.allCases {
    var copy = got
    copy.format = format
    #expect(copy == got)
  }
  // The negative of everything.
  let negative = try parse("-" + input)
  #expect(negative == -expected, "-\(input)")
  #expect(negative.format == expected.format, "-\(input)")
  // Everything with an explicit plus.
  let positive = try parse("+" + input)
  #expect(positive == expected, "+\(input)")
  #expect(positive.format == expected.format, "+\(input)")
}

@Test func quantityParseRejectsInvalid() {
  #expect(throws: QuantityError.formatWrong) { try Quantity(parsing: "") }
  let invalid = [
    "1.1.M", "1+1.0M", "0.1mi", "0.1am", "aoeu", ".5i", "1i", "-3.01i", "-3.01e-",
    // trailing whitespace is forbidden
    " 1", "1 ",
  ]
  for text in invalid {
    #expect(throws: QuantityError.self, "\(text)") { try Quantity(parsing: text) }
  }
}

@Test func quantityParseZero() throws {
  #expect(try parse("0").description == "0")
  #expect(throws: QuantityError.self) { try Quantity(parsing: "Non-Numeric") }
}

@Test func quantityAddAndSubtractZeroPreserveSuffix() throws {
  let zero = try parse("0")
  for text in ["100m", "1Gi"] {
    let value = try parse(text)
    #expect((value + zero).description == text)
    #expect((zero + value).description == text)
    #expect((value - zero).description == text)
    #expect((zero - value).description == (-value).description)
  }
}

@Test func quantityCompare() throws {
  let table: [(String, String, Int)] = [("0", "0", 0), ("100m", "50m", 1), ("50m", "100m", -1), ("10000T", "100Gi", 1)]
  for (x, y, expected) in table {
    let (a, b) = (try parse(x), try parse(y))
    #expect((a < b ? -1 : (a == b ? 0 : 1)) == expected, "\(x) vs \(y)")
  }
  // The nil-inf.Dec half of the upstream table, as zero against ±10.
  #expect(Quantity.zero == dec(0, 0, .decimalSI))
  #expect(Quantity.zero < dec(10, 0, .decimalSI))
  #expect(Quantity.zero > dec(-10, 0, .decimalSI))
}

/// TestQuantityCmpInt64AndDec: a, b, and the sign of a compared with b.
private let compareTable: [(Quantity, Quantity, Int)] = [
    (dec(901, -2, .decimalSI), dec(901, -2, .decimalSI), 0),
    (dec(90, -1, .decimalSI), dec(901, -2, .decimalSI), -1),
    (dec(901, -2, .decimalSI), dec(900, -2, .decimalSI), 1),
    (dec(0, 0, .decimalSI), dec(0, 0, .decimalSI), 0),
    (dec(0, 1, .decimalSI), dec(0, -1, .decimalSI), 0),
    (dec(0, -1, .decimalSI), dec(0, 1, .decimalSI), 0),
    (dec(800, -3, .decimalSI), dec(1, 0, .decimalSI), -1),
    (dec(800, -3, .decimalSI), dec(79, -2, .decimalSI), 1),
    (dec(Int64.max, 0, .decimalSI), dec(1, -1, .decimalSI), 1),
    (dec(Int64.max, 1, .decimalSI), dec(1, 0, .decimalSI), 1),
    (dec(Int64.max, 1, .decimalSI), dec(1, 1, .decimalSI), 1),
    (dec(Int64.max, 1, .decimalSI), dec(0, 1, .decimalSI), 1),
    (dec(Int64.max, -16, .decimalSI), dec(1, 3, .decimalSI), -1),
    (dec(Int64.min, 0, .decimalSI), dec(0, 0, .decimalSI), -1),
    (dec(Int64.min, -18, .decimalSI), dec(-1, 0, .decimalSI), -1),
    (dec(Int64.min, -19, .decimalSI), dec(-1, 0, .decimalSI), 1),
    (dec(1 * 1000000 * 1000000 * 1000000, -17, .decimalSI), dec(1, 1, .decimalSI), 0),
    (dec(1 * 1000000 * 1000000 * 1000000, -17, .decimalSI), dec(-10, 0, .decimalSI), 1),
    (dec(-1 * 1000000 * 1000000 * 1000000, -17, .decimalSI), dec(-10, 0, .decimalSI), 0),
    (dec(1 * 1000000 * 1000000 * 1000000, -17, .decimalSI), dec(1, 0, .decimalSI), 1),
    (dec(1 * 1000000 * 1000000 * 1000000+1, -17, .decimalSI), dec(1, 1, .decimalSI), 1),
    (dec(1 * 1000000 * 1000000 * 1000000-1, -17, .decimalSI), dec(1, 1, .decimalSI), -1),
]

@Test func quantityCompareAcrossScales() {
  for (a, b, expected) in compareTable {
    let forward = a < b ? -1 : (a == b ? 0 : 1)
    let backward = b < a ? -1 : (a == b ? 0 : 1)
    #expect(forward == expected, "\(a) vs \(b)")
    #expect(backward == -expected, "\(b) vs \(a)")
  }
}

@Test func quantityRoundUp() throws {
  let table: [(String, Int, Quantity, Bool)] = [
    ("9.01", -3, dec(901, -2, .decimalSI), true),
    ("9.01", -2, dec(901, -2, .decimalSI), true),
    ("9.01", -1, dec(91, -1, .decimalSI), false),
    ("9.01", 0, dec(10, 0, .decimalSI), false),
    ("9.01", 1, dec(10, 0, .decimalSI), false),
    ("9.01", 2, dec(100, 0, .decimalSI), false),
    ("-9.01", -3, dec(-901, -2, .decimalSI), true),
    ("-9.01", -2, dec(-901, -2, .decimalSI), true),
    ("-9.01", -1, dec(-91, -1, .decimalSI), false),
    ("-9.01", 0, dec(-10, 0, .decimalSI), false),
    ("-9.01", 1, dec(-10, 0, .decimalSI), false),
    ("-9.01", 2, dec(-100, 0, .decimalSI), false),
  ]
  for (input, scale, expected, exact) in table {
    let (rounded, wasExact) = try parse(input).roundedUp(toScale: scale)
    #expect(wasExact == exact, "\(input) at \(scale)")
    #expect(rounded == expected, "\(input) at \(scale): \(rounded)")
  }
}

@Test func quantityNegate() {
  let value = dec(901, -2, .decimalSI)
  #expect(-value != value)
  #expect((-value).description == "-9010m")
  let table: [(Quantity, Quantity)] = [
    (dec(0, 0, .decimalSI), dec(0, 0, .decimalSI)),
    (dec(10, 0, .binarySI), dec(-10, 0, .binarySI)),
    (dec(-10, 0, .binarySI), dec(10, 0, .binarySI)),
  ]
  for (input, expected) in table {
    #expect(-input == expected)
  }
}

/// TestQuantityString: value, canonical text, and another spelling that canonicalizes to it.
private let stringTable: [(Quantity, String, String)] = [
    (dec(1024 * 1024 * 1024, 0, .binarySI), "1Gi", "1024Mi"),
    (dec(300 * 1024 * 1024, 0, .binarySI), "300Mi", "307200Ki"),
    (dec(6 * 1024, 0, .binarySI), "6Ki", ""),
    (dec(1001 * 1024 * 1024 * 1024, 0, .binarySI), "1001Gi", "1025024Mi"),
    (dec(1024 * 1024 * 1024 * 1024, 0, .binarySI), "1Ti", "1024Gi"),
    (dec(5, 0, .binarySI), "5", "5000m"),
    (dec(500, -3, .binarySI), "500m", "0.5"),
    (dec(1, 9, .decimalSI), "1G", "1000M"),
    (dec(1000, 6, .decimalSI), "1G", "0.001T"),
    (dec(1000000, 3, .decimalSI), "1G", ""),
    (dec(1000000000, 0, .decimalSI), "1G", ""),
    (dec(1, -3, .decimalSI), "1m", "1000u"),
    (dec(80, -3, .decimalSI), "80m", ""),
    (dec(1080, -3, .decimalSI), "1080m", "1.08"),
    (dec(108, -2, .decimalSI), "1080m", "1080000000n"),
    (dec(10800, -4, .decimalSI), "1080m", ""),
    (dec(300, 6, .decimalSI), "300M", ""),
    (dec(1, 12, .decimalSI), "1T", ""),
    (dec(1234567, 6, .decimalSI), "1234567M", ""),
    (dec(1234567, -3, .binarySI), "1234567m", ""),
    (dec(3, 3, .decimalSI), "3k", ""),
    (dec(1025, 0, .binarySI), "1025", ""),
    (dec(0, 0, .decimalSI), "0", ""),
    (dec(0, 0, .binarySI), "0", ""),
    (dec(1, 9, .decimalExponent), "1e9", ".001e12"),
    (dec(1, -3, .decimalExponent), "1e-3", "0.001e0"),
    (dec(1, -9, .decimalExponent), "1e-9", "1000e-12"),
    (dec(80, -3, .decimalExponent), "80e-3", ""),
    (dec(300, 6, .decimalExponent), "300e6", ""),
    (dec(1, 12, .decimalExponent), "1e12", ""),
    (dec(1, 3, .decimalExponent), "1e3", ""),
    (dec(3, 3, .decimalExponent), "3e3", ""),
    (dec(3, 3, .decimalSI), "3k", ""),
    (dec(0, 0, .decimalExponent), "0", "00"),
    (dec(1, -9, .decimalSI), "1n", ""),
    (dec(80, -9, .decimalSI), "80n", ""),
    (dec(1080, -9, .decimalSI), "1080n", ""),
    (dec(108, -8, .decimalSI), "1080n", ""),
    (dec(10800, -10, .decimalSI), "1080n", ""),
    (dec(1, -6, .decimalSI), "1u", ""),
    (dec(80, -6, .decimalSI), "80u", ""),
    (dec(1080, -6, .decimalSI), "1080u", ""),
]

@Test func quantityString() throws {
  for (value, expected, alternate) in stringTable {
    #expect(value.description == expected)
    let reparsed = try parse(expected)
    #expect(reparsed.description == expected)
    if !alternate.isEmpty {
      #expect(try parse(alternate).description == expected, "\(alternate)")
    }
    if !value.isZero {
      #expect((-value).description == "-" + expected)
    }
  }
}

@Test func quantityParseEmit() throws {
  let table: [(String, String)] = [
    ("1Ki", "1Ki"), ("1Mi", "1Mi"), ("1Gi", "1Gi"), ("1024Mi", "1Gi"), ("1000M", "1G"),
    (".001Ki", "1024m"), (".000001Ki", "1024u"), (".000000001Ki", "1024n"), (".000000000001Ki", "2n"),
  ]
  for (input, expected) in table {
    #expect(try parse(input).description == expected)
    #expect(try parse("-" + input).description == "-" + expected)
  }
}

/// TestParseQuantity: input, exact decimal value, canonical text.
private let wideTable: [(String, String, String)] = [
    ("-999999999999999999", "-999999999999999999", "-999999999999999999"),
    ("999999999999999999", "999999999999999999", "999999999999999999"),
    ("-999999999999999999.0", "-999999999999999999", "-999999999999999999"),
    ("999999999999999999.0", "999999999999999999", "999999999999999999"),
    ("-999999999999999999.1", "-999999999999999999.1", "-999999999999999999100m"),
    ("999999999999999999.1", "999999999999999999.1", "999999999999999999100m"),
    ("-9999999999999999999", "-9999999999999999999", "-9999999999999999999"),
    ("9999999999999999999", "9999999999999999999", "9999999999999999999"),
    ("-1E", "-1000000000000000000", "-1E"),
    ("1E", "1000000000000000000", "1E"),
    ("-1000000000000000000", "-1000000000000000000", "-1E"),
    ("1000000000000000000", "1000000000000000000", "1E"),
    ("-9999999999999999999.0", "-9999999999999999999", "-9999999999999999999"),
    ("9999999999999999999.0", "9999999999999999999", "9999999999999999999"),
    ("-1.0E", "-1000000000000000000", "-1E"),
    ("1.0E", "1000000000000000000", "1E"),
    ("-1000000000000000000.0", "-1000000000000000000", "-1E"),
    ("1000000000000000000.0", "1000000000000000000", "1E"),
    ("-9999999999999999999000m", "-9999999999999999999", "-9999999999999999999"),
    ("9999999999999999999000m", "9999999999999999999", "9999999999999999999"),
    ("-9999999999999999999.1", "-9999999999999999999.1", "-9999999999999999999100m"),
    ("9999999999999999999.1", "9999999999999999999.1", "9999999999999999999100m"),
    ("-1.0000000000000000001E", "-1000000000000000000.1", "-1000000000000000000100m"),
    ("1.0000000000000000001E", "1000000000000000000.1", "1000000000000000000100m"),
    ("-1000000000000000000.1", "-1000000000000000000.1", "-1000000000000000000100m"),
    ("1000000000000000000.1", "1000000000000000000.1", "1000000000000000000100m"),
    ("-1.000000000000000001E", "-1000000000000000001", "-1000000000000000001"),
    ("1.000000000000000001E", "1000000000000000001", "1000000000000000001"),
    ("-1000000000000000001", "-1000000000000000001", "-1000000000000000001"),
    ("1000000000000000001", "1000000000000000001", "1000000000000000001"),
    ("-10E", "-10000000000000000000", "-10E"),
    ("10E", "10000000000000000000", "10E"),
    ("-10000000000000000000", "-10000000000000000000", "-10E"),
    ("10000000000000000000", "10000000000000000000", "10E"),
    ("-10.0E", "-10000000000000000000", "-10E"),
    ("10.0E", "10000000000000000000", "10E"),
    ("-10000000000000000000.0", "-10000000000000000000", "-10E"),
    ("10000000000000000000.0", "10000000000000000000", "10E"),
    ("-10000000000000000000000m", "-10000000000000000000", "-10E"),
    ("10000000000000000000000m", "10000000000000000000", "10E"),
    ("-10.0000000000000000001E", "-10000000000000000000.1", "-10000000000000000000100m"),
    ("10.0000000000000000001E", "10000000000000000000.1", "10000000000000000000100m"),
    ("-10000000000000000000.1", "-10000000000000000000.1", "-10000000000000000000100m"),
    ("10000000000000000000.1", "10000000000000000000.1", "10000000000000000000100m"),
    ("-10.000000000000000001E", "-10000000000000000001", "-10000000000000000001"),
    ("10.000000000000000001E", "10000000000000000001", "10000000000000000001"),
    ("-10000000000000000001", "-10000000000000000001", "-10000000000000000001"),
    ("10000000000000000001", "10000000000000000001", "10000000000000000001"),
    ("-9223372036854775809", "-9223372036854775809", "-9223372036854775809"),
    ("9223372036854775806", "9223372036854775806", "9223372036854775806"),
    ("-9223372036854775809.0", "-9223372036854775809", "-9223372036854775809"),
    ("9223372036854775806.0", "9223372036854775806", "9223372036854775806"),
    ("-9223372036854775809000m", "-9223372036854775809", "-9223372036854775809"),
    ("9223372036854775806000m", "9223372036854775806", "9223372036854775806"),
    ("-9223372036854775809.1", "-9223372036854775809.1", "-9223372036854775809100m"),
    ("9223372036854775806.1", "9223372036854775806.1", "9223372036854775806100m"),
    ("-9223372036854775808", "-9223372036854775808", "-9223372036854775808"),
    ("9223372036854775807", "9223372036854775807", "9223372036854775807"),
    ("-9223372036854775808.0", "-9223372036854775808", "-9223372036854775808"),
    ("9223372036854775807.0", "9223372036854775807", "9223372036854775807"),
    ("-9223372036854775808000m", "-9223372036854775808", "-9223372036854775808"),
    ("9223372036854775807000m", "9223372036854775807", "9223372036854775807"),
    ("-9223372036854775808.1", "-9223372036854775808.1", "-9223372036854775808100m"),
    ("9223372036854775807.1", "9223372036854775807.1", "9223372036854775807100m"),
    ("-9223372036854775807", "-9223372036854775807", "-9223372036854775807"),
    ("9223372036854775808", "9223372036854775808", "9223372036854775808"),
    ("-9223372036854775807.0", "-9223372036854775807", "-9223372036854775807"),
    ("9223372036854775808.0", "9223372036854775808", "9223372036854775808"),
    ("-9223372036854775807000m", "-9223372036854775807", "-9223372036854775807"),
    ("9223372036854775808000m", "9223372036854775808", "9223372036854775808"),
    ("-9223372036854775807.1", "-9223372036854775807.1", "-9223372036854775807100m"),
    ("9223372036854775808.1", "9223372036854775808.1", "9223372036854775808100m"),
]

@Test func quantityParseWideValues() throws {
  for (input, decimal, canonical) in wideTable {
    let value = try parse(input)
    #expect(value == (try parse(decimal)), "\(input)")
    #expect(value.description == canonical, "\(input)")
  }
}

/// TestQuantityAsApproximateFloat64: value and the expected approximation.
private let doubleTable: [(Quantity, Double)] = [
    (dec(0, 0, .decimalSI), 0.0),
    (dec(0, 0, .decimalExponent), 0.0),
    (dec(0, 0, .binarySI), 0.0),
    (dec(1, 0, .decimalSI), 1),
    (dec(1, 0, .decimalExponent), 1),
    (dec(1, 0, .binarySI), 1),
    (dec(1024, 0, .binarySI), 1024),
    (dec(8 * 1024, 0, .binarySI), 8 * 1024),
    (dec(7 * 1024 * 1024, 0, .binarySI), 7 * 1024 * 1024),
    (dec(7 * 1024 * 1024, 1, .binarySI), (7 * 1024 * 1024) * 10),
    (dec(7 * 1024 * 1024, 4, .binarySI), (7 * 1024 * 1024) * 10000),
    (dec(7 * 1024 * 1024, 8, .binarySI), (7 * 1024 * 1024) * 100000000),
    (dec(7 * 1024 * 1024, -1, .binarySI), (7 * 1024 * 1024) * (1.0 / 10)),
    (dec(7 * 1024 * 1024, -8, .binarySI), (7 * 1024 * 1024) / 100_000_000.0),
    (dec(1024, 0, .decimalSI), 1024),
    (dec(8 * 1024, 0, .decimalSI), 8 * 1024),
    (dec(7 * 1024 * 1024, 0, .decimalSI), 7 * 1024 * 1024),
    (dec(7 * 1024 * 1024, 1, .decimalSI), (7 * 1024 * 1024) * 10),
    (dec(7 * 1024 * 1024, 4, .decimalSI), (7 * 1024 * 1024) * 10000),
    (dec(7 * 1024 * 1024, 8, .decimalSI), (7 * 1024 * 1024) * 100000000),
    (dec(7 * 1024 * 1024, -1, .decimalSI), (7 * 1024 * 1024) * (1.0 / 10)),
    (dec(7 * 1024 * 1024, -8, .decimalSI), (7 * 1024 * 1024) / 100_000_000.0),
    (dec(1024, 0, .decimalExponent), 1024),
    (dec(8 * 1024, 0, .decimalExponent), 8 * 1024),
    (dec(7 * 1024 * 1024, 0, .decimalExponent), 7 * 1024 * 1024),
    (dec(7 * 1024 * 1024, 1, .decimalExponent), (7 * 1024 * 1024) * 10),
    (dec(7 * 1024 * 1024, 4, .decimalExponent), (7 * 1024 * 1024) * 10000),
    (dec(7 * 1024 * 1024, 8, .decimalExponent), (7 * 1024 * 1024) * 100000000),
    (dec(7 * 1024 * 1024, -1, .decimalExponent), (7 * 1024 * 1024) * (1.0 / 10)),
    (dec(7 * 1024 * 1024, -8, .decimalExponent), (7 * 1024 * 1024) / 100_000_000.0),
    (dec(Int64.max, 0, .decimalSI), Double(Int64.max)),
    (dec(Int64.max, 0, .binarySI), Double(Int64.max)),
    (dec(12, 18, .decimalSI), 1.2e19),
    (dec(12, 500, .decimalSI), .infinity),
    (dec(-12, 500, .decimalSI), -.infinity),
]

@Test func quantityApproximateDouble() throws {
  for (value, expected) in doubleTable {
    #expect(value.asApproximateDouble == expected, "\(value)")
  }
  let strings: [(String, Double)] = [("2Ki", 2048), ("1.1Ki", 1126.4e+0), ("1Mi", 1.048576e+06), ("2Gi", 2.147483648e+09)]
  for (input, expected) in strings {
    #expect(try parse(input).asApproximateDouble == expected, "\(input)")
  }
}

// MARK: Construction and scaled values

@Test func quantityMilliConstruction() throws {
  // The upstream row with an invalid format string is Go-only and left out.
  let table: [(Int64, Quantity.Format, String, Bool)] = [
    (1, .decimalSI, "1m", true),
    (1000, .decimalSI, "1", true),
    (1_234_000, .decimalSI, "1234", true),
    (1024, .binarySI, "1024m", false),  // format changes
    (1024 * 1024, .binarySI, "1048576m", false),  // format changes
  ]
  for (value, format, expected, exact) in table {
    let quantity = Quantity.milli(value, format: format)
    #expect(quantity.description == expected)
    if exact {
      #expect(try parse(quantity.description).milliValue == value)
    }
  }
}

@Test func quantityIntegerConstruction() throws {
  // The upstream row with an invalid format string is Go-only and left out.
  let table: [(Int64, Quantity.Format, String)] = [
    (1, .decimalSI, "1"), (1000, .decimalSI, "1k"), (1_234_000, .decimalSI, "1234k"),
    (1024, .binarySI, "1Ki"), (1024 * 1024, .binarySI, "1Mi"),
  ]
  for (value, format, expected) in table {
    let quantity = Quantity(value, format: format)
    #expect(quantity.description == expected)
    #expect(try parse(quantity.description).value == value)
  }
}

@Test func quantityScaledConstruction() throws {
  let table: [(Int64, Int, String)] = [
    (1, -9, "1n"), (1000, -9, "1u"), (1, -6, "1u"), (1000, -6, "1m"), (1, -3, "1m"), (1000, -3, "1"),
    (1, 0, "1"), (0, -9, "0"), (0, -6, "0"), (0, -3, "0"), (0, 0, "0"),
  ]
  for (value, scale, expected) in table {
    let quantity = Quantity(scaled: value, scale: scale)
    #expect(quantity.description == expected)
    #expect(try parse(quantity.description).scaledValue(scale) == value)
  }
}

@Test func quantityScaledValue() {
  let table: [(Int, Int, Int64)] = [
    (-9, -9, 1), (-9, -6, 1), (-9, -3, 1), (-9, 0, 1),
    (-6, -9, 1000), (-6, -6, 1), (-6, -3, 1), (-6, 0, 1),
    (-3, -9, 1000 * 1000), (-3, -6, 1000), (-3, -3, 1), (-3, 0, 1),
    (0, -9, 1000 * 1000 * 1000), (0, -6, 1000 * 1000), (0, -3, 1000), (0, 0, 1),
    (2, -2, 100 * 100),
  ]
  for (from, to, expected) in table {
    #expect(Quantity(scaled: 1, scale: from).scaledValue(to) == expected, "\(from) to \(to)")
  }
  #expect(Quantity.zero.value == 0)
  #expect(Quantity.zero.milliValue == 0)
}

// MARK: Arithmetic

@Test func quantitySubtract() {
  let table: [(Quantity, Quantity, Quantity)] = [
    (dec(10, 0, .decimalSI), dec(1, 1, .decimalSI), dec(0, 0, .decimalSI)),
    (dec(10, 0, .decimalSI), dec(1, 0, .binarySI), dec(9, 0, .decimalSI)),
    (dec(10, 0, .binarySI), dec(1, 0, .decimalSI), dec(9, 0, .binarySI)),
    (.zero, dec(50, 0, .decimalSI), dec(-50, 0, .decimalSI)),
    (dec(50, 0, .decimalSI), .zero, dec(50, 0, .decimalSI)),
    (.zero, .zero, dec(0, 0, .decimalSI)),
  ]
  for (a, b, expected) in table {
    #expect(a - b == expected)
  }
}

@Test func quantityAdd() {
  let table: [(Quantity, Quantity, Quantity)] = [
    (dec(10, 0, .decimalSI), dec(1, 1, .decimalSI), dec(20, 0, .decimalSI)),
    (dec(10, 0, .decimalSI), dec(1, 0, .binarySI), dec(11, 0, .decimalSI)),
    (dec(10, 0, .binarySI), dec(1, 0, .decimalSI), dec(11, 0, .binarySI)),
    (.zero, dec(50, 0, .decimalSI), dec(50, 0, .decimalSI)),
    (dec(50, 0, .decimalSI), .zero, dec(50, 0, .decimalSI)),
    (.zero, .zero, dec(0, 0, .decimalSI)),
  ]
  for (a, b, expected) in table {
    #expect(a + b == expected)
  }
}

@Test func quantityMultiply() throws {
  // Upstream also reports whether the product still fits an int64; products here are always exact.
  let max = Int64.max
  let min = Int64.min
  let table: [(Quantity, Int64, Quantity)] = [
    (dec(10, 0, .decimalSI), 10, dec(100, 0, .decimalSI)),
    (dec(10, 0, .decimalSI), 1, dec(10, 0, .decimalSI)),
    (dec(10, 0, .binarySI), 1, dec(10, 0, .binarySI)),
    (.zero, 50, dec(0, 0, .decimalSI)),
    (dec(50, 0, .decimalSI), 0, dec(0, 0, .decimalSI)),
    (.zero, 0, dec(0, 0, .decimalSI)),
    (dec(10, 0, .decimalSI), -10, dec(-100, 0, .decimalSI)),
    (dec(-10, 0, .decimalSI), 1, dec(-10, 0, .decimalSI)),
    (dec(10, 0, .binarySI), -1, dec(-10, 0, .binarySI)),
    (dec(-50, 0, .decimalSI), 0, dec(0, 0, .decimalSI)),
    (dec(-50, 0, .decimalSI), -50, dec(2500, 0, .decimalSI)),
    (.zero, -50, dec(0, 0, .decimalSI)),
    (dec(max, 0, .decimalSI), 0, dec(0, 1, .decimalSI)),
    (dec(max, 0, .decimalSI), 1, dec(max, 0, .decimalSI)),
    (dec(max, 0, .decimalSI), -1, dec(-max, 0, .decimalSI)),
    (dec(max / 2, 0, .decimalSI), 2, dec((max / 2) * 2, 0, .decimalSI)),
    (dec(max / -2, 0, .decimalSI), -2, dec((max / 2) * 2, 0, .decimalSI)),
    (dec(max, 0, .decimalSI), 2, try parse("18446744073709551614")),
    (dec(max, 0, .decimalSI), 10, dec(max, 1, .decimalSI)),
    (dec(max, 0, .decimalSI), -10, dec(-max, 1, .decimalSI)),
    (dec(min, 0, .decimalSI), 0, dec(0, 1, .decimalSI)),
    (dec(min, 0, .decimalSI), 1, dec(min, 0, .decimalSI)),
    (dec(min, 0, .decimalSI), -1, try parse("9223372036854775808")),
    (dec(min / 2, 0, .decimalSI), 2, dec(min, 0, .decimalSI)),
    (dec(min / -2, 0, .decimalSI), -2, dec(min, 0, .decimalSI)),
    (dec(min, 0, .decimalSI), 2, try parse("-18446744073709551616")),
    (dec(min, 0, .decimalSI), 10, dec(min, 1, .decimalSI)),
    (dec(min, 0, .decimalSI), -10, try parse("92233720368547758080")),
  ]
  for (a, factor, expected) in table {
    #expect(a.multiplied(by: factor) == expected, "\(a) × \(factor)")
  }
}

/// A fixed-seed generator, so the randomized upstream round trips replay identically.
private struct SplitMix64: RandomNumberGenerator {
  var state: UInt64
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

@Test func quantityAddSubtractRoundTrip() {
  var random = SplitMix64(state: 1)
  for scale in -10...10 {
    var sum = Quantity.zero
    var order: [Int64] = []
    for _ in 0..<100 {
      let value = Int64.random(in: 0...Int64.max, using: &random)
      order.append(value)
      sum += Quantity(scaled: value, scale: scale)
    }
    for value in order { sum -= Quantity(scaled: value, scale: scale) }
    #expect(sum.isZero)
  }
  // Across scales.
  var sum = Quantity.zero
  var order: [Int64] = []
  for _ in 0..<100 {
    let value = Int64.random(in: 0...Int64.max, using: &random)
    order.append(value)
    sum += Quantity(scaled: value, scale: Int(value % 20 - 10))
  }
  for value in order { sum -= Quantity(scaled: value, scale: Int(value % 20 - 10)) }
  #expect(sum.isZero)
}

@Test func quantityNegateRoundTrip() {
  var random = SplitMix64(state: 2)
  for scale in -10...10 {
    for _ in 0..<100 {
      let value = Quantity(scaled: Int64.random(in: 0...Int64.max, using: &random), scale: scale)
      #expect(-(-value) == value)
    }
  }
}

// MARK: JSON

@Test func quantityJSONRoundTrip() throws {
  // Upstream fills quantities with a fuzzer; this draws the same shapes from a fixed seed.
  var random = SplitMix64(state: 3)
  for _ in 0..<500 {
    let quantity: Quantity
    switch Int.random(in: 0..<4, using: &random) {
    case 0: quantity = Quantity(Int64.random(in: 0...Int64.max, using: &random), format: .binarySI)
    case 1:
      let value = Int64.random(in: 0..<1024, using: &random) << (10 * Int64.random(in: 0..<5, using: &random))
      quantity = Quantity(value, format: .binarySI)
    case 2:
      let format: Quantity.Format = Bool.random(using: &random) ? .decimalSI : .decimalExponent
      quantity = Quantity(scaled: Int64.random(in: 0...Int64.max, using: &random), scale: -Int.random(in: 0..<4, using: &random), format: format)
    default:
      let format: Quantity.Format = Bool.random(using: &random) ? .decimalSI : .decimalExponent
      quantity = Quantity(scaled: Int64.random(in: 0..<1000, using: &random), scale: Int.random(in: 0..<15, using: &random) - 3, format: format)
    }
    let data = try JSONEncoder().encode([quantity])
    let decoded = try JSONDecoder().decode([Quantity].self, from: data)
    #expect(decoded == [quantity], "\(String(decoding: data, as: UTF8.self))")
  }
}

@Test func quantityJSONWhitespaceAndNumbers() throws {
  let table: [(String, String)] = [
    (#"" 1""#, "1"), (#""1 ""#, "1"), ("1", "1"), (" 1", "1"), ("1 ", "1"), ("10", "10"), ("-1", "-1"), (" -1", "-1"),
  ]
  for (json, expected) in table {
    let decoded = try JSONDecoder().decode([Quantity].self, from: Data("[\(json)]".utf8))
    #expect(decoded.first?.description == expected, "\(json)")
  }
  #expect(try JSONDecoder().decode([Quantity].self, from: Data("[0.5, 2.5e3]".utf8)).map(\.description) == ["500m", "2500"])
  #expect(try JSONDecoder().decode([Quantity].self, from: Data("[null]".utf8)) == [.zero])
}

@Test func quantityValueSet() throws {
  #expect(throws: QuantityError.self) { try Quantity(parsing: "invalid") }
  let quantity = try parse("1Mi")
  #expect(quantity.value == 1024 * 1024)
  #expect(String(decoding: try JSONEncoder().encode([quantity]), as: UTF8.self) == #"["1Mi"]"#)
}

@Test func quantityOptionalEquality() throws {
  // TestQuantityPtrEqual, with optionals in place of pointers.
  let (a, b, c) = (try parse("100m"), try parse("100m"), try parse("200m"))
  let none: Quantity? = nil
  #expect(none == nil)
  #expect(none != Optional(a))
  #expect(Optional(a) == Optional(b))
  #expect(Optional(a) != Optional(c))
}

// MARK: Beyond the upstream tables

@Test func quantityRejectsMalformedTextWithUpstreamMessages() {
  let pattern = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
  // `Q` is no suffix letter at all, so upstream's scanner reports the shape, not the suffix.
  for text in ["1.5.5", "Mi", "1 Gi", "10Qi", "-", "+", ".", "-.", "", "k"] {
    #expect(throws: QuantityError.formatWrong, "\(text)") { try Quantity(parsing: text) }
  }
  for text in ["1i", "0.1mi", "10Ki3", "1e", "1e+"] {
    #expect(throws: QuantityError.unknownSuffix, "\(text)") { try Quantity(parsing: text) }
  }
  #expect(QuantityError.formatWrong.description == pattern)
  #expect(QuantityError.unknownSuffix.description == "unable to parse quantity's suffix")
}

@Test func quantityDecodingErrorCarriesUpstreamMessage() {
  do {
    _ = try JSONDecoder().decode([Quantity].self, from: Data(#"["1i"]"#.utf8))
    Issue.record("decoded a bad quantity")
  } catch DecodingError.dataCorrupted(let context) {
    #expect(context.debugDescription == "unable to parse quantity's suffix")
  } catch {
    Issue.record("unexpected error \(error)")
  }
}

@Test func quantityCanonicalExamples() throws {
  let table: [(String, String)] = [
    ("100m", "100m"), ("250Mi", "250Mi"), ("1.5Gi", "1536Mi"), ("1e3", "1e3"), ("0.1", "100m"), ("1000m", "1"),
    ("1.5", "1500m"), ("2000Mi", "2000Mi"), ("2048Mi", "2Gi"), ("1000E", "1000E"), ("1024Ei", "9223372036854775807"),
  ]
  for (input, expected) in table {
    #expect(try parse(input).description == expected, "\(input)")
  }
  #expect(Quantity(scaled: 1, scale: -12).description == "1e-12")
  #expect(Quantity(scaled: 1, scale: 21).description == "1000E")
  #expect(try parse("1Ki") == parse("1024"))
  #expect(Set([try parse("1Ki"), try parse("1024"), try parse("1.024k")]).count == 1)
  #expect(try parse("1500m").value == 2)
  #expect(try parse("-1500m").value == -2)
  #expect(try parse("1.0001").milliValue == 1001)
  #expect(Quantity.sum([try parse("100m"), try parse("1.9")]).description == "2")
}
