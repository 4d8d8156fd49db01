/// Text laid out as `kubectl describe` lays it out: written in tab-separated cells at an
/// indentation level, then aligned column by column.
///
/// The alignment follows the rules of the tab writer kubectl describes through (no minimum
/// width, two spaces of padding, spaces only): a cell ends at a tab, and the text after a
/// line's last tab is not a cell. A column is aligned over a block of consecutive lines that
/// all have a cell in it, as wide as its widest cell plus two; a line with fewer cells ends
/// the block. `flush()` ends every block, as kubectl does before an events table.
struct TabbedText {
  private var written: [String] = []
  private var pending = ""

  /// Writes `text` (any number of lines) after `level` steps of two spaces.
  mutating func write(_ level: Int, _ text: String) {
    pending += String(repeating: "  ", count: level) + text
  }

  /// Writes `text` and ends the line, as kubectl's `WriteLine`.
  mutating func line(_ text: String) {
    pending += text + "\n"
  }

  /// Aligns everything written so far: later lines start new blocks.
  mutating func flush() {
    var lines = pending.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    // Text after the last newline stays pending (kubectl writes lines in parts).
    pending = lines.removeLast()
    written += Self.align(lines.map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) })
  }

  /// The aligned lines.
  var lines: [String] {
    var copy = self
    copy.flush()
    if !copy.pending.isEmpty { copy.written += Self.align([copy.pending.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)]) }
    return copy.written
  }

  /// Aligns lines of cells: the block rules above, column after column.
  static func align(_ lines: [[String]]) -> [String] {
    var output: [String] = []
    output.reserveCapacity(lines.count)
    var widths: [Int] = []
    func emit(_ range: Range<Int>) {
      for index in range {
        let cells = lines[index]
        var text = ""
        for (column, cell) in cells.enumerated() {
          text += cell
          if column < cells.count - 1, column < widths.count {
            text += String(repeating: " ", count: max(widths[column] - cell.unicodeScalars.count, 0))
          }
        }
        output.append(text)
      }
    }
    func format(_ range: Range<Int>, column: Int) {
      var start = range.lowerBound
      var index = range.lowerBound
      while index < range.upperBound {
        guard column < lines[index].count - 1 else {
          index += 1
          continue
        }
        emit(start..<index)
        start = index
        var width = 0
        while index < range.upperBound, column < lines[index].count - 1 {
          width = max(width, lines[index][column].unicodeScalars.count + 2)
          index += 1
        }
        widths.append(width)
        format(start..<index, column: column + 1)
        widths.removeLast()
        start = index
      }
      emit(start..<range.upperBound)
    }
    format(0..<lines.count, column: 0)
    return output
  }
}
