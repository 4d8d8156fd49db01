/// One terminal cell: a grapheme, how many columns it covers, and how it is styled.
///
/// A wide character (2 columns) is stored as a lead cell (`width == 2`) followed by a
/// continuation cell (`width == 0`, `isContinuation`), as ncurses does.
public struct Cell: Sendable, Hashable {
  /// The grapheme drawn in this cell; a space for blank and continuation cells.
  public var character: Character
  /// Columns covered: 1, 2 for a wide lead cell, 0 for a continuation cell.
  public var width: UInt8
  /// The semantic colour role; the theme turns it into colours.
  public var role: ColorRole
  /// Attributes added on top of the role's own (for example bold for a match).
  public var attributes: CellAttributes

  /// Creates a cell.
  public init(_ character: Character = " ", width: UInt8 = 1, role: ColorRole = .body, attributes: CellAttributes = []) {
    self.character = character
    self.width = width
    self.role = role
    self.attributes = attributes
  }

  /// A blank cell in `role`.
  public static func blank(_ role: ColorRole = .body) -> Cell { Cell(" ", width: 1, role: role) }

  /// Whether this cell is the right half of a wide character.
  public var isContinuation: Bool { width == 0 }
}
