import TerminalUI

/// A declared column of a resource view: the table column plus whether it can be sorted.
public struct ViewColumn: Sendable, Hashable {
  /// Title, alignment, width bounds, priority, wide-only.
  public var table: TableColumn
  /// How rows compare in this column.
  public var sort: SortKind
  /// Whether the sort value is read from the object alone, so that a change of the object
  /// moves only its row; false for values read beside it (usage, pods per node), whose
  /// order a view builds whole.
  public var sortsByObject: Bool

  /// How a column sorts.
  public enum SortKind: Sendable, Hashable {
    /// By the cell text.
    case text
    /// By a number the renderer supplies (ages, counts, quantities).
    case number
  }

  /// Creates a column.
  public init(
    _ title: String, alignment: TextAlignment = .left, priority: Int = 0, wideOnly: Bool = false,
    minWidth: Int? = nil, maxWidth: Int? = nil, sort: SortKind = .text, sortsByObject: Bool = true
  ) {
    table = TableColumn(
      title, alignment: alignment, minWidth: minWidth, maxWidth: maxWidth, priority: priority, wideOnly: wideOnly)
    self.sort = sort
    self.sortsByObject = sortsByObject
  }

  /// The header text.
  public var title: String { table.title }
}
