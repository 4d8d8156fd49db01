/// A scrollable pane of text lines: logs, YAML, describe output.
///
/// The buffer is bounded (`capacity`; the oldest lines are dropped). Lines may be wrapped or
/// scrolled horizontally. In follow mode the pane stays at the end as lines arrive (`tail -f`);
/// scrolling up leaves follow mode. Every match of `searchTerm` is drawn in `logsHighlight`;
/// `n` / `N` jump to the next / previous line with a match.
public struct TextPane: Sendable {
  /// One line of styled text.
  public struct Line: Sendable, Hashable {
    /// Styled segments.
    public var spans: [Span]
    /// The plain text (for searching).
    public var text: String { spans.map(\.text).joined() }
    /// Creates a line from spans.
    public init(spans: [Span]) { self.spans = spans }
  }

  /// The buffered lines, oldest first.
  public private(set) var lines: [Line] = []
  /// The most lines kept.
  public var capacity: Int
  /// Whether long lines wrap (otherwise they are clipped and scroll horizontally).
  public var wraps: Bool = true
  /// Whether the pane sticks to the end as lines arrive.
  public var follows: Bool = true
  /// Text to highlight (case-insensitive), or nil.
  public var searchTerm: String?
  /// The role for lines appended as plain text.
  public var defaultRole: ColorRole = .logs
  /// Index of the first visible line.
  public private(set) var topLine: Int = 0
  /// Columns scrolled to the right when not wrapping.
  public private(set) var horizontalOffset: Int = 0
  /// Rows visible in the last draw.
  public private(set) var pageSize: Int = 10
  private var lastWidth: Int = 0
  /// Lines dropped from the front since creation (so callers can keep absolute line numbers).
  public private(set) var droppedLineCount: Int = 0

  /// Creates an empty pane.
  public init(capacity: Int = 5_000) {
    self.capacity = max(1, capacity)
  }

  /// Appends a plain line in `role` (default: `defaultRole`).
  public mutating func append(_ text: String, role: ColorRole? = nil) {
    append(spans: [Span(text, role: role ?? defaultRole)])
  }

  /// Appends a styled line.
  public mutating func append(spans: [Span]) {
    lines.append(Line(spans: Self.expandingTabs(spans)))
    let excess = lines.count - capacity
    if excess > 0 {
      lines.removeFirst(excess)
      droppedLineCount += excess
      topLine = max(0, topLine - excess)
    }
  }

  /// Replaces all lines (for example a YAML document) and scrolls to the top.
  public mutating func setLines(_ texts: [String], role: ColorRole? = nil) {
    lines = []
    topLine = 0
    horizontalOffset = 0
    for text in texts { append(text, role: role) }
  }

  /// Removes every line.
  public mutating func clear() {
    lines = []
    topLine = 0
    horizontalOffset = 0
  }

  /// Handles scrolling keys and `n`/`N`; scrolling up leaves follow mode, `end` re-enters it.
  public mutating func handle(_ key: Key) -> EventResult {
    switch key {
    case .up, .character("k"): scroll(by: -1)
    case .down, .character("j"): scroll(by: 1)
    case .pageUp, .ctrl("b"): scroll(by: -max(1, pageSize - 1))
    case .pageDown, .ctrl("f"): scroll(by: max(1, pageSize - 1))
    case .home, .character("g"):
      follows = false
      topLine = 0
    case .end, .character("G"): follows = true
    case .left where !wraps: horizontalOffset = max(0, horizontalOffset - 8)
    case .right where !wraps:
      let widest = lines.reduce(0) { max($0, $1.text.displayWidth) }
      horizontalOffset = min(horizontalOffset + 8, max(0, widest - lastWidth))
    case .character("n"): jumpToMatch(forward: true)
    case .character("N"): jumpToMatch(forward: false)
    default: return .ignored
    }
    return [.handled, .redraw]
  }

  /// Scrolls by `delta` lines; moving up leaves follow mode.
  public mutating func scroll(by delta: Int) {
    if delta < 0 { follows = false }
    topLine = min(max(0, topLine + delta), max(0, lines.count - 1))
  }

  /// Moves the top to the next (or previous) line containing the search term; returns false if none.
  @discardableResult
  public mutating func jumpToMatch(forward: Bool) -> Bool {
    guard let term = searchTerm, !term.isEmpty, !lines.isEmpty else { return false }
    let count = lines.count
    for step in 1...count {
      let index = ((topLine + (forward ? step : -step)) % count + count) % count
      if !TextPane.matchOffsets(in: lines[index].text, term: term).isEmpty {
        follows = false
        topLine = index
        return true
      }
    }
    return false
  }

  /// Character offsets (in `Character`s) of every match of `term` in `text`, case-insensitive.
  public static func matchOffsets(in text: String, term: String) -> [Range<Int>] {
    let haystack = Array(text.lowercased())
    let needle = Array(term.lowercased())
    guard !needle.isEmpty, haystack.count >= needle.count, haystack.count == text.count else { return [] }
    var ranges: [Range<Int>] = []
    var index = 0
    while index + needle.count <= haystack.count {
      if haystack[index..<index + needle.count].elementsEqual(needle) {
        ranges.append(index..<index + needle.count)
        index += needle.count
      } else {
        index += 1
      }
    }
    return ranges
  }

  /// Draws the visible lines into `rect`.
  public mutating func draw(into grid: inout CellGrid, in rect: Rect) {
    let area = rect.intersection(grid.bounds)
    guard !area.isEmpty else { return }
    pageSize = area.height
    lastWidth = area.width
    grid.fill(area, role: defaultRole)
    guard !lines.isEmpty else { return }
    if follows { topLine = firstLineShowingEnd(width: area.width, height: area.height) }
    topLine = min(topLine, lines.count - 1)
    var row = area.row
    var index = topLine
    while row < area.bottom && index < lines.count {
      row = drawLine(lines[index], into: &grid, row: row, area: area)
      index += 1
    }
  }

  private func rowsNeeded(for line: Line, width: Int) -> Int {
    guard wraps, width > 0 else { return 1 }
    var rows = 1
    var used = 0
    for character in line.text {
      let w = DisplayWidth.of(character)
      if used + w > width {
        rows += 1
        used = 0
      }
      used += w
    }
    return rows
  }

  private func firstLineShowingEnd(width: Int, height: Int) -> Int {
    var remaining = height
    var index = lines.count
    while index > 0 {
      let needed = rowsNeeded(for: lines[index - 1], width: width)
      if needed > remaining { break }
      remaining -= needed
      index -= 1
    }
    return min(index, lines.count - 1)
  }

  /// The spans with each tab replaced by the spaces to the next stop of eight columns, as
  /// a terminal shows them (`/etc/hosts`, `ps` output); spans without tabs are kept as they are.
  static func expandingTabs(_ spans: [Span]) -> [Span] {
    guard spans.contains(where: { $0.text.utf8.contains(9) }) else { return spans }
    var column = 0
    return spans.map { span in
      var text = ""
      for character in span.text {
        if character == "\t" {
          let spaces = 8 - column % 8
          text += String(repeating: " ", count: spaces)
          column += spaces
        } else {
          text.append(character)
          column += DisplayWidth.of(character)
        }
      }
      var expanded = span
      expanded.text = text
      return expanded
    }
  }

  /// Draws one logical line from `row`; returns the next free row.
  private func drawLine(_ line: Line, into grid: inout CellGrid, row startRow: Int, area: Rect) -> Int {
    let matches = searchTerm.map { TextPane.matchOffsets(in: line.text, term: $0) } ?? []
    var row = startRow
    var x = area.column
    var skip = wraps ? 0 : horizontalOffset
    var offset = 0
    for span in line.spans {
      for character in span.text {
        defer { offset += 1 }
        let width = DisplayWidth.of(character)
        if skip > 0 {
          skip -= width
          continue
        }
        if x + width > area.right {
          guard wraps else { return row + 1 }
          row += 1
          x = area.column
          if row >= area.bottom { return row }
        }
        let highlighted = matches.contains { $0.contains(offset) }
        x += grid.put(character, row: row, column: x, role: highlighted ? .logsHighlight : span.role, attributes: span.attributes, limit: area.right)
      }
    }
    return row + 1
  }
}
