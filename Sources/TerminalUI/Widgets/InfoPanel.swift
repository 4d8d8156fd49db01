/// Label/value lines for a header panel: `Context: kind-demo`, `CPU: 12%`.
///
/// Labels are padded to the widest one so values line up; pairs fill the rect top to bottom,
/// then continue in a new column.
public struct InfoPanel: Sendable, Hashable {
  /// One line of the panel.
  public struct Entry: Sendable, Hashable {
    /// The label, without the colon.
    public var label: String
    /// The value.
    public var value: String
    /// The value's role (default `header`).
    public var role: ColorRole

    /// Creates an entry.
    public init(_ label: String, _ value: String, role: ColorRole = .header) {
      self.label = label
      self.value = value
      self.role = role
    }
  }

  /// The entries, in order.
  public var entries: [Entry]
  /// Columns reserved for each value in a multi-column layout.
  public var valueWidth: Int

  /// Creates a panel.
  public init(_ entries: [Entry], valueWidth: Int = 24) {
    self.entries = entries
    self.valueWidth = valueWidth
  }

  /// Draws the entries into `rect`.
  public func draw(into grid: inout CellGrid, in rect: Rect) {
    guard !rect.isEmpty else { return }
    let labelWidth = (entries.map { $0.label.displayWidth }.max() ?? 0) + 2
    var x = rect.column
    var y = rect.row
    for entry in entries {
      if y >= rect.bottom {
        y = rect.row
        x += labelWidth + valueWidth + 1
      }
      guard x < rect.right else { return }
      let limit = min(rect.right, x + labelWidth + valueWidth)
      let afterLabel = grid.write((entry.label + ":").padded(to: labelWidth), row: y, column: x, role: .infoLabel, limit: limit)
      grid.write(entry.value.truncated(to: max(0, limit - afterLabel)), row: y, column: afterLabel, role: entry.role, limit: limit)
      y += 1
    }
  }
}
