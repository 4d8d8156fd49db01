/// An in-memory screen: a rectangle of cells every widget draws into.
///
/// The grid keeps wide characters consistent: a wide character is a lead cell plus a
/// continuation cell; overwriting either half blanks the other half; a wide character
/// that does not fit before the right edge (or the clip limit) is drawn as a blank.
public struct CellGrid: Sendable, Hashable {
  /// Number of rows.
  public private(set) var rows: Int
  /// Number of columns.
  public private(set) var columns: Int
  private var cells: [Cell]

  /// Creates a grid filled with blank cells of `role`.
  public init(rows: Int, columns: Int, role: ColorRole = .body) {
    self.rows = max(0, rows)
    self.columns = max(0, columns)
    self.cells = Array(repeating: .blank(role), count: self.rows * self.columns)
  }

  /// The whole grid as a rectangle.
  public var bounds: Rect { Rect(row: 0, column: 0, height: rows, width: columns) }

  /// The cell at a position; a blank cell outside the grid.
  public subscript(row: Int, column: Int) -> Cell {
    guard contains(row: row, column: column) else { return .blank() }
    return cells[row * columns + column]
  }

  /// Whether a position lies inside the grid.
  public func contains(row: Int, column: Int) -> Bool {
    row >= 0 && row < rows && column >= 0 && column < columns
  }

  /// The colour role at a position (`.body` outside the grid).
  public func role(atRow row: Int, column: Int) -> ColorRole { self[row, column].role }

  /// The text of one row; continuation cells contribute nothing, so wide characters read naturally.
  public func text(row: Int) -> String {
    guard row >= 0, row < rows else { return "" }
    var result = ""
    for column in 0..<columns {
      let cell = cells[row * columns + column]
      if !cell.isContinuation { result.append(cell.character) }
    }
    return result
  }

  /// Every row as text, top to bottom.
  public var lines: [String] { (0..<rows).map { text(row: $0) } }

  /// Every row as text with trailing spaces removed (handy in test snapshots).
  public var trimmedLines: [String] {
    lines.map { line in String(line.reversed().drop(while: { $0 == " " }).reversed()) }
  }

  /// Resizes the grid, keeping the overlapping top-left content.
  public mutating func resize(rows newRows: Int, columns newColumns: Int) {
    var next = CellGrid(rows: newRows, columns: newColumns)
    for row in 0..<min(rows, next.rows) {
      for column in 0..<min(columns, next.columns) {
        next.cells[row * next.columns + column] = cells[row * columns + column]
      }
      next.repairRow(row)
    }
    self = next
  }

  /// Fills a rectangle with `character` (narrow) in `role`.
  public mutating func fill(_ rect: Rect, with character: Character = " ", role: ColorRole, attributes: CellAttributes = []) {
    let area = rect.intersection(bounds)
    guard !area.isEmpty else { return }
    for row in area.row..<area.bottom {
      for column in area.column..<area.right {
        put(character, row: row, column: column, role: role, attributes: attributes)
      }
    }
  }

  /// Sets the role of existing cells in a rectangle, keeping their characters (for highlighting).
  public mutating func restyle(_ rect: Rect, role: ColorRole, attributes: CellAttributes? = nil) {
    let area = rect.intersection(bounds)
    guard !area.isEmpty else { return }
    for row in area.row..<area.bottom {
      for column in area.column..<area.right {
        cells[row * columns + column].role = role
        if let attributes { cells[row * columns + column].attributes = attributes }
      }
    }
  }

  /// Draws one character and returns the number of columns it advanced (0, 1 or 2).
  ///
  /// `limit` is one past the last column that may be written (defaults to the grid width);
  /// a wide character that would cross it becomes a blank. Zero-width and control characters
  /// are not drawn.
  @discardableResult
  public mutating func put(
    _ character: Character, row: Int, column: Int, role: ColorRole, attributes: CellAttributes = [], limit: Int? = nil
  ) -> Int {
    let edge = min(limit ?? columns, columns)
    guard row >= 0, row < rows, column >= 0, column < edge else { return 0 }
    let width = DisplayWidth.of(character)
    guard width > 0 else { return 0 }
    if width == 2 && column + 1 >= edge {
      store(Cell(" ", width: 1, role: role, attributes: attributes), row: row, column: column)
      return 1
    }
    store(Cell(character, width: UInt8(width), role: role, attributes: attributes), row: row, column: column)
    if width == 2 {
      store(Cell(" ", width: 0, role: role, attributes: attributes), row: row, column: column + 1)
    }
    return width
  }

  /// Writes text starting at a position, clipped at `limit`; returns the column after the text.
  /// A tab moves to the next multiple of eight columns from `tabOrigin` (the text's start
  /// unless given).
  @discardableResult
  public mutating func write(
    _ text: some StringProtocol, row: Int, column: Int, role: ColorRole, attributes: CellAttributes = [], limit: Int? = nil,
    tabOrigin: Int? = nil
  ) -> Int {
    let edge = min(limit ?? columns, columns)
    var x = column
    for character in text {
      if x >= edge { break }
      if character == "\t" {
        // To the next stop of eight columns from where the text began, as a terminal does
        // (`/etc/hosts`, `ps` and `ls -l` output line up by tabs).
        let origin = tabOrigin ?? column
        let stop = min(origin + ((x - origin) / 8 + 1) * 8, edge)
        while x < stop {
          put(" ", row: row, column: x, role: role, attributes: attributes, limit: edge)
          x += 1
        }
        continue
      }
      if x < 0 {
        x += DisplayWidth.of(character)
        continue
      }
      x += put(character, row: row, column: x, role: role, attributes: attributes, limit: edge)
    }
    return x
  }

  /// Writes styled spans one after another; returns the column after the last one.
  @discardableResult
  public mutating func write(_ spans: [Span], row: Int, column: Int, limit: Int? = nil) -> Int {
    var x = column
    for span in spans {
      // Tab stops count from the start of the line, not of each span.
      x = write(span.text, row: row, column: x, role: span.role, attributes: span.attributes, limit: limit, tabOrigin: column)
    }
    return x
  }

  /// Stores a cell, blanking the other half of any wide character it breaks.
  private mutating func store(_ cell: Cell, row: Int, column: Int) {
    let index = row * columns + column
    let old = cells[index]
    // A continuation cell is only stored right after its new lead, which must survive.
    if old.isContinuation && !cell.isContinuation && column > 0 {
      cells[index - 1] = Cell(" ", width: 1, role: cells[index - 1].role, attributes: cells[index - 1].attributes)
    }
    if old.width == 2 && column + 1 < columns && cell.width != 2 {
      let next = cells[index + 1]
      cells[index + 1] = Cell(" ", width: 1, role: next.role, attributes: next.attributes)
    }
    cells[index] = cell
  }

  /// Fixes wide characters cut by a resize at the right edge.
  private mutating func repairRow(_ row: Int) {
    guard columns > 0 else { return }
    let first = row * columns
    if cells[first].isContinuation { cells[first] = .blank(cells[first].role) }
    let last = first + columns - 1
    if cells[last].width == 2 { cells[last] = .blank(cells[last].role) }
  }

  /// Checks the wide-character invariant; used by tests.
  public var isConsistent: Bool {
    for row in 0..<rows {
      var column = 0
      while column < columns {
        let cell = cells[row * columns + column]
        if cell.isContinuation { return false }
        if cell.width == 2 {
          if column + 1 >= columns || !cells[row * columns + column + 1].isContinuation { return false }
          column += 2
        } else {
          column += 1
        }
      }
    }
    return true
  }
}
