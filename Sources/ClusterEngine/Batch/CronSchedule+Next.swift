import Foundation
import KubeModel

extension CronSchedule {
  /// The first time the schedule fires strictly after `after` (Unix seconds), in
  /// `timeZone` (UTC when nil), as Unix seconds; nil when it never fires within five years
  /// (`0 0 31 2 *`).
  public func next(after: Int64, timeZone: TimeZone? = nil) -> Int64? {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = timeZone ?? TimeZone(identifier: "UTC") ?? calendar.timeZone
    let start = Date(timeIntervalSince1970: TimeInterval(after - after % 60 + 60))
    let hoursSorted = hours.sorted()
    let minutesSorted = minutes.sorted()
    guard let firstHour = hoursSorted.first, let firstMinute = minutesSorted.first else { return nil }
    var day = calendar.startOfDay(for: start)
    for _ in 0..<(366 * 5) {
      let parts = calendar.dateComponents([.year, .month, .day, .weekday], from: day)
      if let month = parts.month, let dayOfMonth = parts.day, let weekday = parts.weekday,
        matches(minute: firstMinute, hour: firstHour, dayOfMonth: dayOfMonth, month: month, dayOfWeek: weekday - 1)
      {
        for hour in hoursSorted {
          for minute in minutesSorted {
            var components = DateComponents()
            (components.year, components.month, components.day) = (parts.year, month, dayOfMonth)
            (components.hour, components.minute) = (hour, minute)
            guard let candidate = calendar.date(from: components) else { continue }
            // A local time skipped by a DST change maps elsewhere; only exact matches fire.
            let check = calendar.dateComponents([.hour, .minute], from: candidate)
            guard check.hour == hour, check.minute == minute, candidate >= start else { continue }
            return Int64(candidate.timeIntervalSince1970)
          }
        }
      }
      guard let following = calendar.date(byAdding: .day, value: 1, to: day) else { return nil }
      day = following
    }
    return nil
  }
}
