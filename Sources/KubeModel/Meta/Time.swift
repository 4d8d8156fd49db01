import Foundation

/// A point in time with second precision, written as RFC 3339 (`2026-01-02T03:04:05Z`),
/// as `metav1.Time` is.
public struct Time: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
  /// Whole seconds since 1970-01-01T00:00:00Z.
  public var seconds: Int64

  public init(seconds: Int64) { self.seconds = seconds }

  /// The instant `interval` seconds after the Unix epoch, truncated to whole seconds.
  public init(unixTime interval: Double) { self.seconds = Int64(interval.rounded(.down)) }

  public static func < (lhs: Time, rhs: Time) -> Bool { lhs.seconds < rhs.seconds }

  public var description: String { RFC3339.format(seconds: seconds, micros: nil) }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    let text = try container.decode(String.self)
    guard let parsed = RFC3339.parse(text) else {
      throw DecodingError.dataCorruptedError(
        in: container, debugDescription: "expected an RFC 3339 time such as 2026-01-02T03:04:05Z, got \"\(text)\"")
    }
    self.seconds = parsed.seconds
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(description)
  }
}

/// A point in time with microsecond precision (`metav1.MicroTime`), as Leases and Events use.
public struct MicroTime: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
  /// Microseconds since the Unix epoch.
  public var micros: Int64

  public init(micros: Int64) { self.micros = micros }

  public init(unixTime interval: Double) { self.micros = Int64((interval * 1_000_000).rounded(.down)) }

  public static func < (lhs: MicroTime, rhs: MicroTime) -> Bool { lhs.micros < rhs.micros }

  /// The same instant truncated to whole seconds.
  public var time: Time { Time(seconds: micros.floorDiv(1_000_000)) }

  public var description: String {
    RFC3339.format(seconds: micros.floorDiv(1_000_000), micros: micros - micros.floorDiv(1_000_000) * 1_000_000)
  }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    let text = try container.decode(String.self)
    guard let parsed = RFC3339.parse(text) else {
      throw DecodingError.dataCorruptedError(
        in: container, debugDescription: "expected an RFC 3339 time such as 2026-01-02T03:04:05.000000Z, got \"\(text)\"")
    }
    self.micros = parsed.seconds * 1_000_000 + parsed.micros
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(description)
  }
}

extension Int64 {
  /// Division rounding toward negative infinity.
  func floorDiv(_ divisor: Int64) -> Int64 {
    let quotient = self / divisor
    return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
  }
}

/// RFC 3339 formatting and parsing without Foundation's date formatters (which are slow and
/// locale-sensitive): civil-from-days arithmetic on UTC.
enum RFC3339 {
  static func format(seconds: Int64, micros: Int64?) -> String {
    let days = seconds.floorDiv(86_400)
    let secondOfDay = seconds - days * 86_400
    let (year, month, day) = civil(fromDays: days)
    var text = pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2) + "T"
    text += pad(secondOfDay / 3600, 2) + ":" + pad(secondOfDay % 3600 / 60, 2) + ":" + pad(secondOfDay % 60, 2)
    if let micros { text += "." + pad(micros, 6) }
    return text + "Z"
  }

  static func parse(_ text: String) -> (seconds: Int64, micros: Int64)? {
    let bytes = Array(text.utf8)
    guard bytes.count >= 20 else { return nil }
    func number(_ range: Range<Int>) -> Int64? {
      var value: Int64 = 0
      for index in range {
        guard index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 else { return nil }
        value = value * 10 + Int64(bytes[index] - 48)
      }
      return value
    }
    guard let year = number(0..<4), bytes[4] == 45, let month = number(5..<7), bytes[7] == 45,
      let day = number(8..<10), bytes[10] == 84 || bytes[10] == 116, let hour = number(11..<13),
      bytes[13] == 58, let minute = number(14..<16), bytes[16] == 58, let second = number(17..<19),
      (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
    else { return nil }
    var index = 19
    var micros: Int64 = 0
    if index < bytes.count, bytes[index] == 46 {
      index += 1
      var digits = 0
      while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
        if digits < 6 { micros = micros * 10 + Int64(bytes[index] - 48) }
        digits += 1
        index += 1
      }
      guard digits > 0 else { return nil }
      for _ in digits..<6 where digits < 6 { micros *= 10 }
    }
    guard index < bytes.count else { return nil }
    var offset: Int64 = 0
    if bytes[index] == 90 || bytes[index] == 122 {
      index += 1
    } else if bytes[index] == 43 || bytes[index] == 45 {
      guard let offsetHours = number(index + 1..<index + 3), index + 3 < bytes.count, bytes[index + 3] == 58,
        let offsetMinutes = number(index + 4..<index + 6)
      else { return nil }
      offset = (offsetHours * 3600 + offsetMinutes * 60) * (bytes[index] == 45 ? -1 : 1)
      index += 6
    } else {
      return nil
    }
    guard index == bytes.count else { return nil }
    let days = daysFromCivil(year: year, month: month, day: day)
    return (days * 86_400 + hour * 3600 + minute * 60 + second - offset, micros)
  }

  private static func pad(_ value: Int64, _ width: Int) -> String {
    let digits = String(value)
    return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
  }

  /// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
  static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
    let y = month <= 2 ? year - 1 : year
    let era = y.floorDiv(400)
    let yearOfEra = y - era * 400
    let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146_097 + dayOfEra - 719_468
  }

  static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
    let z = days + 719_468
    let era = z.floorDiv(146_097)
    let dayOfEra = z - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let mp = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * mp + 2) / 5 + 1
    let month = mp < 10 ? mp + 3 : mp - 9
    return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
  }
}
