/// An editable single line of text with a cursor: the model behind prompts and form fields.
///
/// Keys: printable characters insert; backspace/delete; left/right; home/end and
/// ctrl-a/ctrl-e; ctrl-u clears before the cursor, ctrl-k after it, ctrl-w deletes a word.
public struct LineEditor: Sendable, Hashable {
  /// The characters of the line.
  public private(set) var characters: [Character]
  /// Cursor position, 0…count (in characters).
  public private(set) var cursor: Int

  /// Creates an editor holding `text` with the cursor at the end.
  public init(_ text: String = "") {
    characters = Array(text)
    cursor = characters.count
  }

  /// The current text.
  public var text: String {
    get { String(characters) }
    set {
      characters = Array(newValue)
      cursor = characters.count
    }
  }

  /// Applies an editing key; returns `.ignored` for keys it does not use.
  public mutating func handle(_ key: Key) -> EventResult {
    switch key {
    case .character(let character):
      characters.insert(character, at: cursor)
      cursor += 1
    case .backspace:
      guard cursor > 0 else { return .handled }
      characters.remove(at: cursor - 1)
      cursor -= 1
    case .delete, .ctrl("d"):
      guard cursor < characters.count else { return .handled }
      characters.remove(at: cursor)
    case .left, .ctrl("b"): cursor = max(0, cursor - 1)
    case .right, .ctrl("f"): cursor = min(characters.count, cursor + 1)
    case .home, .ctrl("a"): cursor = 0
    case .end, .ctrl("e"): cursor = characters.count
    case .ctrl("u"):
      characters.removeSubrange(0..<cursor)
      cursor = 0
    case .ctrl("k"): characters.removeSubrange(cursor..<characters.count)
    case .ctrl("w"):
      var start = cursor
      while start > 0 && characters[start - 1] == " " { start -= 1 }
      while start > 0 && characters[start - 1] != " " { start -= 1 }
      characters.removeSubrange(start..<cursor)
      cursor = start
    default:
      return .ignored
    }
    return [.handled, .redraw]
  }

  /// Draws the text in `width` columns from `column`, scrolled so the cursor is visible.
  ///
  /// - Parameter cursorRole: role of the cursor cell, or nil to hide the cursor.
  public func draw(
    into grid: inout CellGrid, row: Int, column: Int, width: Int, role: ColorRole, cursorRole: ColorRole?
  ) {
    guard width > 0 else { return }
    grid.fill(Rect(row: row, column: column, height: 1, width: width), role: role)
    // Scroll: keep the cursor (plus one cell for it) inside the field.
    var start = 0
    var used = characters[0..<cursor].reduce(0) { $0 + DisplayWidth.of($1) }
    while used + 1 > width && start < cursor {
      used -= DisplayWidth.of(characters[start])
      start += 1
    }
    var x = column
    for index in start..<characters.count {
      let character = characters[index]
      let cellRole = index == cursor ? (cursorRole ?? role) : role
      let advance = grid.put(character, row: row, column: x, role: cellRole, limit: column + width)
      if advance == 0 && DisplayWidth.of(character) > 0 { break }
      x += advance
    }
    if cursor == characters.count, let cursorRole, x < column + width {
      grid.put(" ", row: row, column: x, role: cursorRole)
    }
  }
}
