import CNCursesW

extension Terminal {
  /// Writes a frame to the screen, sending only the cells that differ from the previous frame.
  ///
  /// A grid of another size than the screen is clipped; the next frame after a resize or a
  /// theme change is written in full.
  public func present(_ grid: CellGrid) {
    guard isRunning, let window = nc_stdscr() else { return }
    let old = previousFrame.flatMap { $0.rows == grid.rows && $0.columns == grid.columns ? $0 : nil }
    if old == nil { werase(window) }
    let height = min(grid.rows, rows)
    let width = min(grid.columns, columns)
    var dirty = [Bool](repeating: false, count: width)
    for row in 0..<height {
      for column in 0..<width {
        dirty[column] = old.map { $0[row, column] != grid[row, column] } ?? true
      }
      // A changed continuation cell means its lead must be written again.
      for column in stride(from: width - 1, through: 1, by: -1) where dirty[column] && grid[row, column].isContinuation {
        dirty[column - 1] = true
      }
      for column in 0..<width where dirty[column] {
        let cell = grid[row, column]
        if cell.isContinuation { continue }
        draw(cell, row: row, column: column, fits: cell.width < 2 || column + 1 < width)
      }
    }
    wnoutrefresh(window)
    doupdate()
    previousFrame = grid
  }

  /// Forces the next `present` to rewrite every cell (after outside output corrupted the screen).
  public func invalidate() {
    previousFrame = nil
    if let window = nc_stdscr() { clearok(window, true) }
  }

  private func draw(_ cell: Cell, row: Int, column: Int, fits: Bool) {
    var (flags, pair) = stylePalette.attributes(for: cell.role, extra: cell.attributes)
    var characters: [wchar_t] = fits ? cell.character.unicodeScalars.prefix(4).map { wchar_t(bitPattern: $0.value) } : [0x20]
    if characters.isEmpty { characters = [0x20] }
    characters.append(0)
    var value = cchar_t()
    _ = withUnsafeMutablePointer(to: &pair) { pairPointer in
      setcchar(&value, characters, flags, 0, UnsafeMutableRawPointer(pairPointer))
    }
    _ = flags
    mvadd_wch(Int32(row), Int32(column), &value)
  }
}

extension Terminal {
  /// What curses holds for one screen row, read back cell by cell (for tests and diagnostics).
  public func screenText(row: Int) -> String {
    guard isRunning, row >= 0, row < rows else { return "" }
    var text = ""
    var column = 0
    while column < columns {
      var value = cchar_t()
      guard mvin_wch(Int32(row), Int32(column), &value) == OK else { break }
      var characters = [wchar_t](repeating: 0, count: 8)
      var flags: attr_t = 0
      var pair: Int16 = 0
      var extendedPair: Int32 = 0
      getcchar(&value, &characters, &flags, &pair, &extendedPair)
      let scalars = characters.prefix { $0 != 0 }.compactMap { Unicode.Scalar(UInt32(bitPattern: $0)) }
      let cell = String(String.UnicodeScalarView(scalars))
      text += cell.isEmpty ? " " : cell
      column += max(1, cell.displayWidth)
    }
    return text
  }

  /// The colour pair number curses holds at a position (for tests and diagnostics).
  public func screenColorPair(row: Int, column: Int) -> Int {
    guard isRunning else { return 0 }
    var value = cchar_t()
    guard mvin_wch(Int32(row), Int32(column), &value) == OK else { return 0 }
    var characters = [wchar_t](repeating: 0, count: 8)
    var flags: attr_t = 0
    var pair: Int16 = 0
    var extendedPair: Int32 = 0
    getcchar(&value, &characters, &flags, &pair, &extendedPair)
    return Int(extendedPair)
  }
}
