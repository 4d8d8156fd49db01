/// A scrolling table with a header, a selection cursor and a sort indicator.
///
/// Rows come from a `TableDataSource`; only the rows inside the visible window are requested,
/// so the table stays instant with hundreds of thousands of rows. Column widths are computed
/// from the header and the visible rows (`TableLayout`).
///
/// ```swift
/// var table = Table(columns: [TableColumn("NAME", priority: 10), TableColumn("AGE", alignment: .right)])
/// table.draw(into: &grid, in: rect, rows: source)      // records the page size
/// _ = table.handle(.pageDown, rowCount: source.count)
/// ```
public struct Table: Sendable {
  /// The declared columns.
  public var columns: [TableColumn]
  /// Index of the selected row (clamped to the data on every draw and move).
  public private(set) var selectedIndex: Int = 0
  /// Index of the first visible row.
  public private(set) var scrollOffset: Int = 0
  /// Rows visible in the last draw (used by page up / page down).
  public private(set) var pageSize: Int = 10
  /// The column the rows are sorted by, shown with an arrow in the header.
  public var sortColumn: Int?
  /// Sort direction for the indicator.
  public var sortAscending: Bool = true
  /// Whether wide-only columns are shown.
  public var isWide: Bool = false
  /// Whether the header row is drawn.
  public var showsHeader: Bool = true
  /// Whether the selection bar is drawn (off when the table lacks focus).
  public var showsSelection: Bool = true
  /// Spaces between columns.
  public var columnGap: Int = 1
  /// Drawing characters.
  public var glyphs: Glyphs = .unicode
  /// Where the rows were drawn last (for mapping mouse clicks to rows).
  public private(set) var rowsRect = Rect(row: 0, column: 0, height: 0, width: 0)

  /// Creates a table.
  public init(columns: [TableColumn]) {
    self.columns = columns
  }

  /// The range of row indices shown by the last draw.
  public var visibleRange: Range<Int> { scrollOffset..<scrollOffset + pageSize }

  /// Moves the selection to `index` (clamped) and scrolls it into view.
  public mutating func select(_ index: Int, rowCount: Int) {
    selectedIndex = min(max(0, index), max(0, rowCount - 1))
    clampScroll(rowCount: rowCount)
  }

  /// Moves the selection by `delta` rows.
  public mutating func moveSelection(by delta: Int, rowCount: Int) {
    select(selectedIndex + delta, rowCount: rowCount)
  }

  /// Handles navigation keys: arrows, j/k, page up/down, ctrl-b/ctrl-f, home/end, g/G.
  public mutating func handle(_ key: Key, rowCount: Int) -> EventResult {
    let before = (selectedIndex, scrollOffset)
    switch key {
    case .up, .character("k"): moveSelection(by: -1, rowCount: rowCount)
    case .down, .character("j"): moveSelection(by: 1, rowCount: rowCount)
    case .pageUp, .ctrl("b"): moveSelection(by: -max(1, pageSize), rowCount: rowCount)
    case .pageDown, .ctrl("f"): moveSelection(by: max(1, pageSize), rowCount: rowCount)
    case .home, .character("g"): select(0, rowCount: rowCount)
    case .end, .character("G"): select(rowCount - 1, rowCount: rowCount)
    case .mouse(let event): return handle(event, rowCount: rowCount)
    default: return .ignored
    }
    return before == (selectedIndex, scrollOffset) ? .handled : [.handled, .redraw]
  }

  /// Wheel scrolls by three rows; a click or press inside the rows selects the row under it.
  public mutating func handle(_ event: MouseEvent, rowCount: Int) -> EventResult {
    switch event.action {
    case .scrollUp: moveSelection(by: -3, rowCount: rowCount)
    case .scrollDown: moveSelection(by: 3, rowCount: rowCount)
    case .click, .press:
      guard event.row >= rowsRect.row, event.row < rowsRect.bottom, event.column >= rowsRect.column,
        event.column < rowsRect.right
      else { return .ignored }
      let index = scrollOffset + event.row - rowsRect.row
      guard index < rowCount else { return .handled }
      select(index, rowCount: rowCount)
    case .release, .other: return .ignored
    }
    return [.handled, .redraw]
  }

  /// Draws the header and the visible rows into `rect`, clamping selection and scroll first.
  public mutating func draw(into grid: inout CellGrid, in rect: Rect, rows source: some TableDataSource) {
    let area = rect.intersection(grid.bounds)
    guard !area.isEmpty else { return }
    let headerHeight = showsHeader ? 1 : 0
    pageSize = max(1, area.height - headerHeight)
    rowsRect = Rect(row: area.row + headerHeight, column: area.column, height: area.height - headerHeight, width: area.width)
    let rowCount = source.count
    select(selectedIndex, rowCount: rowCount)
    let end = min(rowCount, scrollOffset + pageSize)
    let visible = (scrollOffset..<end).map { source.row(at: $0) }
    let widths = TableLayout.widths(
      for: columns, natural: naturalWidths(for: visible), available: area.width, gap: columnGap, wide: isWide)
    if showsHeader { drawHeader(into: &grid, row: area.row, area: area, widths: widths) }
    for (offset, row) in visible.enumerated() {
      let index = scrollOffset + offset
      let role: ColorRole =
        showsSelection && index == selectedIndex ? .selection : (row.isMarked ? .rowMarked : row.role)
      let y = area.row + headerHeight + offset
      grid.fill(Rect(row: y, column: area.column, height: 1, width: area.width), role: role)
      drawCells(row.cells, into: &grid, row: y, area: area, widths: widths, role: role)
    }
    let blankTop = area.row + headerHeight + visible.count
    grid.fill(Rect(row: blankTop, column: area.column, height: area.bottom - blankTop, width: area.width), role: .body)
  }

  private func naturalWidths(for rows: [TableRow]) -> [Int] {
    columns.indices.map { index in
      var width = columns[index].title.displayWidth + (sortColumn == index ? 1 : 0)
      for row in rows where index < row.cells.count {
        width = max(width, row.cells[index].displayWidth)
      }
      return width
    }
  }

  private func drawHeader(into grid: inout CellGrid, row: Int, area: Rect, widths: [Int?]) {
    grid.fill(Rect(row: row, column: area.column, height: 1, width: area.width), role: .tableHeader)
    var x = area.column
    for (index, column) in columns.enumerated() {
      guard let width = widths[index] else { continue }
      var title = column.title
      var role = ColorRole.tableHeader
      if sortColumn == index {
        title += String(sortAscending ? glyphs.sortAscending : glyphs.sortDescending)
        role = .tableHeaderSorted
      }
      grid.write(title.padded(to: width, alignment: column.alignment), row: row, column: x, role: role, limit: area.right)
      x += width + columnGap
    }
  }

  private func drawCells(_ cells: [String], into grid: inout CellGrid, row: Int, area: Rect, widths: [Int?], role: ColorRole) {
    var x = area.column
    for (index, column) in columns.enumerated() {
      guard let width = widths[index] else { continue }
      let text = index < cells.count ? cells[index] : ""
      let shown = text.truncated(to: width, ellipsis: glyphs.ellipsis).padded(to: width, alignment: column.alignment)
      grid.write(shown, row: row, column: x, role: role, limit: area.right)
      x += width + columnGap
    }
  }

  private mutating func clampScroll(rowCount: Int) {
    let page = max(1, pageSize)
    if selectedIndex < scrollOffset { scrollOffset = selectedIndex }
    if selectedIndex >= scrollOffset + page { scrollOffset = selectedIndex - page + 1 }
    scrollOffset = min(max(0, scrollOffset), max(0, rowCount - page))
  }
}
