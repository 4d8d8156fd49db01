/// A row of key hints: `<ctrl-d> Delete  <s> Shell  <?> Help`, truncated to fit.
public struct KeyHintBar: Sendable, Hashable {
  /// One hint.
  public struct Hint: Sendable, Hashable {
    /// The key as displayed, e.g. `<ctrl-d>`.
    public var key: String
    /// What it does.
    public var title: String
    /// Creates a hint.
    public init(key: String, title: String) {
      self.key = key
      self.title = title
    }
    /// Creates a hint from a `Key`.
    public init(_ key: Key, _ title: String) {
      self.init(key: key.displayName, title: title)
    }
  }

  /// The hints, in display order.
  public var hints: [Hint]

  /// Creates a bar.
  public init(hints: [Hint]) {
    self.hints = hints
  }

  /// Draws the hints on the first row of `rect`; hints that do not fit entirely are left out.
  public func draw(into grid: inout CellGrid, in rect: Rect) {
    guard rect.height > 0, rect.width > 0 else { return }
    grid.fill(Rect(row: rect.row, column: rect.column, height: 1, width: rect.width), role: .keyHint)
    var x = rect.column
    for hint in hints {
      let needed = hint.key.displayWidth + 1 + hint.title.displayWidth
      guard x + needed <= rect.right else { return }
      x = grid.write(hint.key, row: rect.row, column: x, role: .keyHintKey, limit: rect.right)
      x = grid.write(" " + hint.title, row: rect.row, column: x, role: .keyHint, limit: rect.right) + 2
    }
  }
}
