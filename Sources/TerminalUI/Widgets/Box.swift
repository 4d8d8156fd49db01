/// A frame with an optional title in its top border: `┌─ pods(default)[12] ──┐`.
public struct Box: Sendable {
  /// Title segments (for example name, counter and filter with their own roles).
  public var title: [Span]
  /// Whether the box has focus (border drawn in `borderFocus`).
  public var isFocused: Bool
  /// Drawing characters.
  public var glyphs: Glyphs
  /// Whether the title is centred (otherwise left, after two border cells).
  public var centersTitle: Bool

  /// Creates a box.
  public init(title: [Span] = [], isFocused: Bool = false, glyphs: Glyphs = .unicode, centersTitle: Bool = true) {
    self.title = title
    self.isFocused = isFocused
    self.glyphs = glyphs
    self.centersTitle = centersTitle
  }

  /// Creates a box with a plain title in the `title` role.
  public init(title: String, isFocused: Bool = false, glyphs: Glyphs = .unicode) {
    self.init(title: title.isEmpty ? [] : [Span(title, role: .title)], isFocused: isFocused, glyphs: glyphs)
  }

  /// Draws the frame and returns the inner rectangle (empty when `rect` is too small).
  @discardableResult
  public func draw(into grid: inout CellGrid, in rect: Rect, fill: ColorRole? = nil) -> Rect {
    guard rect.height >= 2, rect.width >= 2 else {
      grid.fill(rect, role: fill ?? .body)
      return Rect(row: rect.row, column: rect.column, height: 0, width: 0)
    }
    let role: ColorRole = isFocused ? .borderFocus : .border
    let inner = rect.inset(by: 1)
    if let fill { grid.fill(inner, role: fill) }
    for column in rect.column + 1..<rect.right - 1 {
      grid.put(glyphs.horizontal, row: rect.row, column: column, role: role)
      grid.put(glyphs.horizontal, row: rect.bottom - 1, column: column, role: role)
    }
    for row in rect.row + 1..<rect.bottom - 1 {
      grid.put(glyphs.vertical, row: row, column: rect.column, role: role)
      grid.put(glyphs.vertical, row: row, column: rect.right - 1, role: role)
    }
    grid.put(glyphs.topLeft, row: rect.row, column: rect.column, role: role)
    grid.put(glyphs.topRight, row: rect.row, column: rect.right - 1, role: role)
    grid.put(glyphs.bottomLeft, row: rect.bottom - 1, column: rect.column, role: role)
    grid.put(glyphs.bottomRight, row: rect.bottom - 1, column: rect.right - 1, role: role)
    drawTitle(into: &grid, in: rect)
    return inner
  }

  private func drawTitle(into grid: inout CellGrid, in rect: Rect) {
    let room = rect.width - 4
    guard !title.isEmpty, room > 2 else { return }
    let spans = [Span(" ", role: .title)] + title + [Span(" ", role: .title)]
    let total = spans.reduce(0) { $0 + $1.width }
    let shown = min(total, room)
    let start = centersTitle ? rect.column + (rect.width - shown) / 2 : rect.column + 2
    let limit = start + shown
    grid.write(spans, row: rect.row, column: start, limit: limit)
    if total > room { grid.put(glyphs.ellipsis.first ?? "~", row: rect.row, column: limit - 1, role: .title) }
  }
}
