/// A one-line meter in htop's style: `CPU[|||||||||          45%]`.
///
/// The filled part takes `meterLow`, `meterMid` or `meterHigh` by threshold; the value text is
/// right-aligned inside the brackets. It stays readable in monochrome because the fill is a
/// character, not only a colour.
public struct MeterBar: Sendable, Hashable {
  /// Levels at which the fill changes role.
  public struct Thresholds: Sendable, Hashable {
    /// From this fraction up the fill is `meterMid`.
    public var mid: Double
    /// From this fraction up the fill is `meterHigh`.
    public var high: Double
    /// Creates thresholds (fractions 0…1).
    public init(mid: Double, high: Double) {
      self.mid = mid
      self.high = high
    }
    /// 70 % and 90 %, like k9s' defaults.
    public static let standard = Thresholds(mid: 0.7, high: 0.9)
  }

  /// Label before the bar (may be empty).
  public var label: String
  /// Filled fraction, clamped to 0…1 when drawn.
  public var fraction: Double
  /// Text shown inside the bar on the right (default: the percentage).
  public var valueText: String
  /// Thresholds for the fill role.
  public var thresholds: Thresholds
  /// The fill character.
  public var fill: Character

  /// Creates a meter; `valueText` defaults to the rounded percentage.
  public init(label: String, fraction: Double, valueText: String? = nil, thresholds: Thresholds = .standard, fill: Character = "|") {
    self.label = label
    self.fraction = fraction.isFinite ? fraction : 0
    self.valueText = valueText ?? "\(Int((min(max(self.fraction, 0), 1) * 100).rounded()))%"
    self.thresholds = thresholds
    self.fill = fill
  }

  /// The role of the filled part for the current fraction.
  public var levelRole: ColorRole {
    if fraction >= thresholds.high { return .meterHigh }
    if fraction >= thresholds.mid { return .meterMid }
    return .meterLow
  }

  /// Draws the meter on the first row of `rect`.
  public func draw(into grid: inout CellGrid, in rect: Rect) {
    guard rect.height > 0, rect.width > 0 else { return }
    let row = rect.row
    grid.fill(Rect(row: row, column: rect.column, height: 1, width: rect.width), role: .body)
    var x = grid.write(label, row: row, column: rect.column, role: .meterLabel, limit: rect.right)
    let inner = rect.right - x - 2
    guard inner > 0 else { return }
    x = grid.write("[", row: row, column: x, role: .body, limit: rect.right)
    let filled = Int((min(max(fraction, 0), 1) * Double(inner)).rounded())
    let text = valueText.displayWidth <= inner ? valueText : ""
    let textStart = inner - text.displayWidth
    for offset in 0..<inner {
      let role: ColorRole = offset < filled ? levelRole : .meterEmpty
      let character: Character = offset < filled ? fill : " "
      if offset < textStart { grid.put(character, row: row, column: x + offset, role: role) }
    }
    grid.write(text, row: row, column: x + textStart, role: filled > textStart ? levelRole : .meterEmpty, limit: x + inner)
    grid.put("]", row: row, column: x + inner, role: .body)
  }
}
