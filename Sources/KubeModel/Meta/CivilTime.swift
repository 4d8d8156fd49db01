/// A UTC calendar date and time of day, for the places that print dates the way Unix tools
/// do (`date`, `ls -l`, log lines, HTTP dates).
public struct CivilTime: Hashable, Sendable {
  public static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
  public static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]

  public var year: Int
  /// 1 to 12.
  public var month: Int
  public var day: Int
  public var hour: Int
  public var minute: Int
  public var second: Int
  /// 0 (Sunday) to 6.
  public var weekday: Int

  /// The calendar fields of `seconds` since the Unix epoch.
  public init(seconds: Int64) {
    let days = seconds.floorDiv(86_400)
    let rest = Int(seconds - days * 86_400)
    hour = rest / 3600
    minute = rest / 60 % 60
    second = rest % 60
    weekday = Int(((days + 4) % 7 + 7) % 7)
    let (year, month, day) = RFC3339.civil(fromDays: days)
    self.year = Int(year)
    self.month = Int(month)
    self.day = Int(day)
  }

  /// The calendar fields of `time`.
  public init(_ time: Time) { self.init(seconds: time.seconds) }

  /// `Jan` … `Dec`.
  public var monthName: String { Self.months[month - 1] }

  /// `Sun` … `Sat`.
  public var weekdayName: String { Self.weekdays[weekday] }

  /// `HH:MM:SS`.
  public var clock: String { "\(Self.two(hour)):\(Self.two(minute)):\(Self.two(second))" }

  private static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
