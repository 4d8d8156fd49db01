import KubeModel

/// kubectl's ways of printing ages, quantities and ratios.
public enum Format {
  /// `<none>`, as kubectl prints a missing value.
  public static let none = "<none>"

  /// kubectl's `HumanDuration`: `45s`, `5m30s`, `3h2m`, `2d4h`, `400d`, `3y20d`.
  public static func age(seconds: Int64) -> String {
    HumanDuration.format(seconds: Double(seconds))
  }

  /// The age of something created at `time`, as seen at `now`; `<unknown>` without a time.
  public static func age(since time: Time?, now: Time) -> String {
    HumanDuration.since(time, now: now)
  }

  /// CPU in millicores as kubectl top prints it: `250m`, `2`, `1500m`.
  public static func cpu(milli: Int64) -> String {
    milli % 1000 == 0 ? "\(milli / 1000)" : "\(milli)m"
  }

  /// Memory as kubectl top prints it: `512Mi`, `3Gi`, `900Ki`.
  public static func memory(bytes: Int64) -> String {
    let mi: Int64 = 1 << 20
    let gi: Int64 = 1 << 30
    if bytes >= gi && bytes % gi == 0 { return "\(bytes / gi)Gi" }
    if bytes >= mi { return "\(bytes / mi)Mi" }
    if bytes >= 1024 { return "\(bytes / 1024)Ki" }
    return "\(bytes)"
  }

  /// A whole percentage of `part` in `whole`, or `n/a` when `whole` is zero.
  public static func percent(_ part: Int64, of whole: Int64) -> String {
    guard whole > 0 else { return "n/a" }
    return "\(wholePercent(Double(part) / Double(whole)))%"
  }

  /// A fraction as a whole percentage, cut as kubectl cuts it (`describe node`'s
  /// "Allocated resources", `top node`): the fraction part is dropped, 850m of 3900m is 21%.
  public static func wholePercent(_ fraction: Double) -> Int {
    guard fraction.isFinite else { return 0 }
    return Int(fraction * 100)
  }

  /// A label selector as kubectl writes it (`app=web,tier in (a,b)`), `<none>` when it
  /// selects everything, `<error>` when it cannot be read.
  public static func selector(_ selector: LabelSelector) -> String {
    guard let parsed = try? Selector(selector) else { return "<error>" }
    let text = parsed.description
    return text.isEmpty ? none : text
  }

  /// A small text bar, `█████░░░░░`, readable without colour.
  public static func bar(_ fraction: Double, width: Int, unicode: Bool = true) -> String {
    let clamped = fraction.isFinite ? min(max(fraction, 0), 1) : 0
    let filled = Int((clamped * Double(width)).rounded())
    let fill: Character = unicode ? "█" : "#"
    let empty: Character = unicode ? "░" : "."
    return String(repeating: fill, count: filled) + String(repeating: empty, count: max(0, width - filled))
  }

  /// Thousands separators: `150,000`.
  public static func count(_ value: Int) -> String {
    let digits = String(abs(value))
    var result = ""
    for (index, character) in digits.enumerated() {
      if index > 0 && (digits.count - index) % 3 == 0 { result.append(",") }
      result.append(character)
    }
    return value < 0 ? "-" + result : result
  }

  /// Labels as `--show-labels` prints them: `a=b,c=d` sorted by key, `<none>` when empty.
  public static func labels(_ labels: [String: String]) -> String {
    labels.isEmpty ? none : labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
  }
}
