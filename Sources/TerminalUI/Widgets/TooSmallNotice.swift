/// What is drawn instead of the application when the terminal is below its minimum size.
///
/// Works at any size, down to 1×1 (it then shows as much of the message as fits).
public struct TooSmallNotice: Sendable, Hashable {
  /// The minimum rows the application needs.
  public var minimumRows: Int
  /// The minimum columns the application needs.
  public var minimumColumns: Int

  /// Creates a notice for a minimum size.
  public init(minimumRows: Int, minimumColumns: Int) {
    self.minimumRows = minimumRows
    self.minimumColumns = minimumColumns
  }

  /// Whether a grid of this size is too small.
  public func applies(rows: Int, columns: Int) -> Bool { rows < minimumRows || columns < minimumColumns }

  /// Fills the grid with the notice, centred.
  public func draw(into grid: inout CellGrid) {
    grid.fill(grid.bounds, role: .body)
    guard grid.rows > 0, grid.columns > 0 else { return }
    let messages = [
      "Terminal too small",
      "\(grid.columns)x\(grid.rows), need \(minimumColumns)x\(minimumRows)",
    ]
    let shown = grid.rows >= 2 ? messages : [messages[0]]
    let top = max(0, (grid.rows - shown.count) / 2)
    for (offset, message) in shown.enumerated() {
      let text = message.truncated(to: grid.columns)
      let x = max(0, (grid.columns - text.displayWidth) / 2)
      grid.write(text, row: top + offset, column: x, role: .tooSmall)
    }
  }
}
