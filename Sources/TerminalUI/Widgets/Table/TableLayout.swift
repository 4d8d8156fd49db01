/// Decides which columns fit and how wide each one is.
public enum TableLayout {
  /// The automatic minimum width of a column whose content is wider.
  public static let automaticMinimum = 12
  /// How wide every column may grow before any grows further.
  public static let comfortableWidth = 24

  /// Column widths for an available width; nil for a column that is hidden.
  ///
  /// Wide-only columns are hidden unless `wide`. While the minimum widths (plus one gap
  /// between columns) do not fit, the lowest-priority column is dropped (the rightmost one
  /// among equals). Remaining space grows columns toward their natural width, highest
  /// priority first, then left to right: first each up to `comfortableWidth`, then beyond. A column's minimum is its `minWidth`, or else its
  /// natural width capped at `automaticMinimum` (but not below its title).
  ///
  /// - Parameters:
  ///   - natural: the width each column would like (content and title), one per column.
  public static func widths(
    for columns: [TableColumn], natural: [Int], available: Int, gap: Int = 1, wide: Bool = false
  ) -> [Int?] {
    var included = columns.indices.filter { wide || !columns[$0].isWideOnly }
    let minimums = columns.indices.map { index in
      let column = columns[index]
      if let explicit = column.minWidth { return explicit }
      let content = index < natural.count ? natural[index] : column.title.displayWidth
      let automatic = max(column.title.displayWidth, min(content, automaticMinimum))
      return max(1, min(automatic, column.maxWidth ?? automatic))
    }
    func required() -> Int {
      included.reduce(0) { $0 + minimums[$1] } + gap * max(0, included.count - 1)
    }
    while included.count > 1 && required() > available {
      let victim = included.enumerated().min { lhs, rhs in
        let l = columns[lhs.element].priority
        let r = columns[rhs.element].priority
        return l != r ? l < r : lhs.offset > rhs.offset
      }
      if let victim { included.remove(at: victim.offset) }
    }
    var widths = [Int?](repeating: nil, count: columns.count)
    guard !included.isEmpty, available > 0 else { return widths }
    if included.count == 1, let only = included.first, minimums[only] >= available {
      widths[only] = available
      return widths
    }
    var extra = available - required()
    for index in included { widths[index] = minimums[index] }
    let growthOrder = included.sorted { lhs, rhs in
      columns[lhs].priority != columns[rhs].priority ? columns[lhs].priority > columns[rhs].priority : lhs < rhs
    }
    // Two rounds: every column first toward a fair share (`comfortableWidth`), so one long
    // column (an event's message) does not leave its neighbours (the object it is about)
    // cut; then toward their whole content, in the same order.
    for cap in [comfortableWidth, Int.max] {
      for index in growthOrder where extra > 0 {
        let current = widths[index] ?? 0
        var target = index < natural.count ? natural[index] : current
        if let maxWidth = columns[index].maxWidth { target = min(target, maxWidth) }
        target = min(target, max(current, cap))
        let grow = min(extra, max(0, target - current))
        widths[index] = current + grow
        extra -= grow
      }
    }
    return widths
  }
}
