/// A rectangle of cells: origin (row, column) and size (height, width).
public struct Rect: Sendable, Hashable, CustomStringConvertible {
  /// The top row.
  public var row: Int
  /// The left column.
  public var column: Int
  /// Number of rows.
  public var height: Int
  /// Number of columns.
  public var width: Int

  /// Creates a rectangle; negative sizes are treated as empty.
  public init(row: Int, column: Int, height: Int, width: Int) {
    self.row = row
    self.column = column
    self.height = max(0, height)
    self.width = max(0, width)
  }

  /// Whether the rectangle has no cells.
  public var isEmpty: Bool { height <= 0 || width <= 0 }
  /// One past the last row.
  public var bottom: Int { row + height }
  /// One past the last column.
  public var right: Int { column + width }

  /// The rectangle shrunk by `amount` cells on every side.
  public func inset(by amount: Int) -> Rect {
    Rect(row: row + amount, column: column + amount, height: height - 2 * amount, width: width - 2 * amount)
  }

  /// The overlap of two rectangles (empty when they do not overlap).
  public func intersection(_ other: Rect) -> Rect {
    let top = max(row, other.row)
    let left = max(column, other.column)
    return Rect(row: top, column: left, height: min(bottom, other.bottom) - top, width: min(right, other.right) - left)
  }

  /// Splits off `count` rows from the top: (top part, rest).
  public func splitTop(_ count: Int) -> (Rect, Rect) {
    let taken = min(max(0, count), height)
    return (
      Rect(row: row, column: column, height: taken, width: width),
      Rect(row: row + taken, column: column, height: height - taken, width: width)
    )
  }

  /// Splits off `count` rows from the bottom: (rest, bottom part).
  public func splitBottom(_ count: Int) -> (Rect, Rect) {
    let taken = min(max(0, count), height)
    return (
      Rect(row: row, column: column, height: height - taken, width: width),
      Rect(row: bottom - taken, column: column, height: taken, width: width)
    )
  }

  /// Splits off `count` columns from the left: (left part, rest).
  public func splitLeft(_ count: Int) -> (Rect, Rect) {
    let taken = min(max(0, count), width)
    return (
      Rect(row: row, column: column, height: height, width: taken),
      Rect(row: row, column: column + taken, height: height, width: width - taken)
    )
  }

  /// Splits off `count` columns from the right: (rest, right part).
  public func splitRight(_ count: Int) -> (Rect, Rect) {
    let taken = min(max(0, count), width)
    return (
      Rect(row: row, column: column, height: height, width: width - taken),
      Rect(row: row, column: right - taken, height: height, width: taken)
    )
  }

  /// A rectangle of at most the given size centred inside this one.
  public func centered(height: Int, width: Int) -> Rect {
    let h = min(height, self.height)
    let w = min(width, self.width)
    return Rect(row: row + (self.height - h) / 2, column: column + (self.width - w) / 2, height: h, width: w)
  }

  public var description: String { "\(width)x\(height)@\(column),\(row)" }
}
