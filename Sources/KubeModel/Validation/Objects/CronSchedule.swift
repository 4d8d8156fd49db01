/// Why a cron schedule does not parse, in the words of the parser CronJobs use
/// (`robfig/cron` v3 `ParseStandard`).
public struct CronScheduleError: Error, Hashable, Sendable, CustomStringConvertible {
  public var description: String
}

/// A standard five-field cron schedule (`minute hour day-of-month month day-of-week`), or one of
/// the macros `@yearly`, `@annually`, `@monthly`, `@weekly`, `@daily`, `@midnight`, `@hourly`.
///
/// Fields accept `*`, `?`, numbers, `a-b` ranges, `/n` steps, comma lists, and month and
/// weekday names (`JAN`, `mon`). Only parsing and matching: the caller owns the clock.
public struct CronSchedule: Hashable, Sendable {
  /// Minutes 0–59 the schedule fires in.
  public let minutes: Set<Int>
  /// Hours 0–23.
  public let hours: Set<Int>
  /// Days of the month 1–31.
  public let daysOfMonth: Set<Int>
  /// Months 1–12.
  public let months: Set<Int>
  /// Days of the week 0–6, Sunday is 0.
  public let daysOfWeek: Set<Int>
  /// Whether day of month or day of week was `*`: cron then needs only the other to match.
  let dayOfMonthIsStar: Bool
  let dayOfWeekIsStar: Bool

  private static let macros: [String: String] = [
    "@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *", "@weekly": "0 0 * * 0",
    "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@hourly": "0 * * * *",
  ]
  private static let monthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
  private static let dayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]

  /// Parses `text`, throwing the parser's message (`expected exactly 5 fields, found 3: [* * *]`).
  public init(parsing text: String) throws(CronScheduleError) {
    let trimmed = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).joined(separator: " ")
    guard !trimmed.isEmpty else { throw CronScheduleError(description: "empty spec string") }
    var spec = trimmed
    if spec.hasPrefix("@") {
      guard let expanded = Self.macros[spec.lowercased()] else {
        throw CronScheduleError(description: "unrecognized descriptor: \(spec)")
      }
      spec = expanded
    }
    let fields = spec.split(separator: " ").map(String.init)
    guard fields.count == 5 else {
      throw CronScheduleError(description: "expected exactly 5 fields, found \(fields.count): [\(fields.joined(separator: " "))]")
    }
    minutes = try Self.parseField(fields[0], 0...59, names: [])
    hours = try Self.parseField(fields[1], 0...23, names: [])
    daysOfMonth = try Self.parseField(fields[2], 1...31, names: [])
    months = try Self.parseField(fields[3], 1...12, names: Self.monthNames, firstName: 1)
    daysOfWeek = try Self.parseField(fields[4], 0...6, names: Self.dayNames)
    dayOfMonthIsStar = fields[2].hasPrefix("*") || fields[2].hasPrefix("?")
    dayOfWeekIsStar = fields[4].hasPrefix("*") || fields[4].hasPrefix("?")
  }

  /// Whether the schedule fires at this minute. As in cron, when both day fields are
  /// restricted, either one matching is enough.
  public func matches(minute: Int, hour: Int, dayOfMonth: Int, month: Int, dayOfWeek: Int) -> Bool {
    guard minutes.contains(minute), hours.contains(hour), months.contains(month) else { return false }
    let dayOfMonthMatches = daysOfMonth.contains(dayOfMonth)
    let dayOfWeekMatches = daysOfWeek.contains(dayOfWeek)
    if dayOfMonthIsStar || dayOfWeekIsStar { return dayOfMonthMatches && dayOfWeekMatches }
    return dayOfMonthMatches || dayOfWeekMatches
  }

  private static func parseField(
    _ field: String, _ bounds: ClosedRange<Int>, names: [String], firstName: Int = 0
  ) throws(CronScheduleError) -> Set<Int> {
    var values = Set<Int>()
    for part in field.split(separator: ",", omittingEmptySubsequences: false) {
      values.formUnion(try parseRange(String(part), bounds, names: names, firstName: firstName))
    }
    return values
  }

  /// One comma-separated part: `*`, `n`, `a-b`, each optionally with `/step` (`getRange`).
  private static func parseRange(
    _ expression: String, _ bounds: ClosedRange<Int>, names: [String], firstName: Int
  ) throws(CronScheduleError) -> Set<Int> {
    let rangeAndStep = expression.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
    let lowAndHigh = rangeAndStep[0].split(separator: "-", omittingEmptySubsequences: false).map(String.init)
    let singleDigit = lowAndHigh.count == 1
    var start: Int
    var end: Int
    if lowAndHigh[0] == "*" || lowAndHigh[0] == "?" {
      start = bounds.lowerBound
      end = bounds.upperBound
    } else {
      start = try parseNumber(lowAndHigh[0], names: names, firstName: firstName, expression: expression)
      switch lowAndHigh.count {
      case 1: end = start
      case 2: end = try parseNumber(lowAndHigh[1], names: names, firstName: firstName, expression: expression)
      default: throw CronScheduleError(description: "too many hyphens: \(expression)")
      }
    }
    var step = 1
    switch rangeAndStep.count {
    case 1: break
    case 2:
      step = try parseNumber(rangeAndStep[1], names: [], firstName: 0, expression: expression)
      if singleDigit { end = bounds.upperBound }
      if step > 1, lowAndHigh[0] == "*" { start = bounds.lowerBound }
    default: throw CronScheduleError(description: "too many slashes: \(expression)")
    }
    if start < bounds.lowerBound {
      throw CronScheduleError(description: "beginning of range (\(start)) below minimum (\(bounds.lowerBound)): \(expression)")
    }
    if end > bounds.upperBound {
      throw CronScheduleError(description: "end of range (\(end)) above maximum (\(bounds.upperBound)): \(expression)")
    }
    if start > end {
      throw CronScheduleError(description: "beginning of range (\(start)) beyond end of range (\(end)): \(expression)")
    }
    if step == 0 { throw CronScheduleError(description: "step of range should be a positive number: \(expression)") }
    return Set(stride(from: start, through: end, by: step))
  }

  private static func parseNumber(
    _ text: String, names: [String], firstName: Int, expression: String
  ) throws(CronScheduleError) -> Int {
    if let index = names.firstIndex(of: text.lowercased()) { return index + firstName }
    guard let value = Int(text), text.first != "+" else {
      throw CronScheduleError(
        description: "failed to parse int from \(text): strconv.Atoi: parsing \(GoQuote.quoted(text)): invalid syntax")
    }
    if value < 0 { throw CronScheduleError(description: "negative number (\(value)) not allowed: \(expression)") }
    return value
  }
}
