/// Where a dialog stands after a key.
public enum DialogOutcome: Sendable, Hashable {
  /// Still open.
  case open
  /// The user confirmed (OK / Yes).
  case confirmed
  /// The user cancelled (Cancel / Escape).
  case cancelled
}

/// Draws a centred row of buttons like `< OK >  < Cancel >`.
enum DialogButtons {
  /// Draws `titles` centred on `row` inside `rect`; `focused` is highlighted.
  static func draw(_ titles: [String], focused: Int?, into grid: inout CellGrid, row: Int, rect: Rect) {
    let labels = titles.map { "< \($0) >" }
    let total = labels.reduce(0) { $0 + $1.displayWidth } + 2 * max(0, labels.count - 1)
    var x = rect.column + max(0, (rect.width - total) / 2)
    for (index, label) in labels.enumerated() {
      let role: ColorRole = index == focused ? .dialogButtonFocus : .dialogButton
      x = grid.write(label, row: row, column: x, role: role, limit: rect.right) + 2
    }
  }

  /// Word-wraps `text` to `width` columns (long words are cut).
  static func wrap(_ text: String, width: Int) -> [String] {
    guard width > 0 else { return [] }
    var lines: [String] = []
    for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
      var current = ""
      for word in paragraph.split(separator: " ") {
        let candidate = current.isEmpty ? String(word) : current + " " + word
        if candidate.displayWidth <= width {
          current = candidate
        } else {
          if !current.isEmpty { lines.append(current) }
          current = String(word).prefix(columns: width)
        }
      }
      lines.append(current)
    }
    return lines
  }
}
