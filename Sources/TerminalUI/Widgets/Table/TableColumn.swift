/// A declared table column: title, alignment, width bounds and how readily it is dropped.
public struct TableColumn: Sendable, Hashable {
  /// Header text.
  public var title: String
  /// Alignment of the cells (and the header).
  public var alignment: TextAlignment
  /// The narrowest useful width: below it the column is dropped rather than squeezed.
  /// nil means automatic: the content's width, but at most `TableLayout.automaticMinimum`
  /// (and never less than the title).
  public var minWidth: Int?
  /// The column never gets wider than this (nil: as wide as its content).
  public var maxWidth: Int?
  /// Higher priorities survive on narrow terminals; the lowest priority is dropped first.
  public var priority: Int
  /// Shown only in wide mode (k9s' `-o wide` columns).
  public var isWideOnly: Bool

  /// Creates a column.
  public init(
    _ title: String, alignment: TextAlignment = .left, minWidth: Int? = nil, maxWidth: Int? = nil,
    priority: Int = 0, wideOnly: Bool = false
  ) {
    self.title = title
    self.alignment = alignment
    self.minWidth = minWidth.map { max(1, $0) }
    self.maxWidth = maxWidth.map { max($0, minWidth ?? 1) }
    self.priority = priority
    self.isWideOnly = wideOnly
  }
}

/// One table row: cell texts in column order and the row's colour role.
public struct TableRow: Sendable, Hashable {
  /// Cell texts, one per declared column (missing cells are blank).
  public var cells: [String]
  /// Role for the row when not selected (for example `.statusError` for a failing pod).
  public var role: ColorRole
  /// Whether the row is marked (multi-selection).
  public var isMarked: Bool

  /// Creates a row.
  public init(_ cells: [String], role: ColorRole = .rowNormal, isMarked: Bool = false) {
    self.cells = cells
    self.role = role
    self.isMarked = isMarked
  }
}

/// Supplies rows on demand, so a table only materialises the rows it shows.
public protocol TableDataSource {
  /// Number of rows.
  var count: Int { get }
  /// The row at `index` (0 ≤ index < count). Called only for visible rows.
  func row(at index: Int) -> TableRow
}

/// A fixed array of rows as a data source.
public struct StaticTableDataSource: TableDataSource, Sendable {
  /// The rows.
  public var rows: [TableRow]
  /// Creates a data source over `rows`.
  public init(_ rows: [TableRow]) { self.rows = rows }
  public var count: Int { rows.count }
  public func row(at index: Int) -> TableRow { rows[index] }
}
