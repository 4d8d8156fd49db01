/// A one-line history chart: `▁▂▃▅▇█▅▃` (or `_.-:=+*#` in ASCII).
public struct Sparkline: Sendable, Hashable {
  /// Samples, oldest first; the newest is drawn at the right edge.
  public var values: [Double]
  /// The value drawn as a full block (nil: the largest sample).
  public var maximum: Double?
  /// Level characters, lowest first.
  public var levels: [Character]

  /// Creates a sparkline.
  public init(values: [Double], maximum: Double? = nil, glyphs: Glyphs = .unicode) {
    self.values = values
    self.maximum = maximum
    self.levels = glyphs.sparkline
  }

  /// The chart as text exactly `width` columns wide; columns without samples are spaces.
  public func text(width: Int) -> String {
    guard width > 0, !levels.isEmpty else { return "" }
    let shown = values.suffix(width)
    let top = maximum ?? shown.max() ?? 0
    var result = String(repeating: " ", count: width - shown.count)
    for value in shown {
      let ratio = top > 0 && value.isFinite ? min(max(value / top, 0), 1) : 0
      let index = min(levels.count - 1, Int(ratio * Double(levels.count - 1) + 0.5))
      result.append(levels[index])
    }
    return result
  }

  /// Draws the chart on the first row of `rect` in the `sparkline` role.
  public func draw(into grid: inout CellGrid, in rect: Rect) {
    guard rect.height > 0, rect.width > 0 else { return }
    grid.write(text(width: rect.width), row: rect.row, column: rect.column, role: .sparkline, limit: rect.right)
  }
}
