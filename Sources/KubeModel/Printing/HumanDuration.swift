/// Durations and ages as kubectl prints them (`5s`, `3m20s`, `12m`, `4h5m`, `2d3h`, `3y45d`).
public enum HumanDuration {
  /// kubectl's `duration.HumanDuration` for `seconds` (a tolerance of up to 2 s into the
  /// future reads as `0s`; more reads as `<invalid>`).
  public static func format(seconds: Double) -> String {
    let whole = Int(seconds.rounded(.towardZero))
    if whole < -1 { return "<invalid>" }
    if whole < 0 { return "0s" }
    if whole < 120 { return "\(whole)s" }
    let minutes = whole / 60
    if minutes < 10 {
      let rest = whole % 60
      return rest == 0 ? "\(minutes)m" : "\(minutes)m\(rest)s"
    }
    if minutes < 180 { return "\(minutes)m" }
    let hours = whole / 3600
    if hours < 8 {
      let rest = minutes % 60
      return rest == 0 ? "\(hours)h" : "\(hours)h\(rest)m"
    }
    if hours < 48 { return "\(hours)h" }
    if hours < 24 * 8 {
      let rest = hours % 24
      return rest == 0 ? "\(hours / 24)d" : "\(hours / 24)d\(rest)h"
    }
    if hours < 24 * 365 * 2 { return "\(hours / 24)d" }
    if hours < 24 * 365 * 8 {
      let days = (hours / 24) % 365
      return days == 0 ? "\(hours / 24 / 365)y" : "\(hours / 24 / 365)y\(days)d"
    }
    return "\(hours / 24 / 365)y"
  }

  /// The age of `time` at `now`, or `<unknown>` when there is no time.
  public static func since(_ time: Time?, now: Time) -> String {
    guard let time else { return "<unknown>" }
    return format(seconds: Double(now.seconds - time.seconds))
  }
}
