import Testing

@testable import TerminalUI

@Suite struct TextPaneTests {
  @Test func searchHighlightsEveryMatch() {
    var pane = TextPane()
    pane.follows = false
    pane.append("error: disk full; ERROR again")
    pane.append("all good")
    pane.searchTerm = "error"
    var grid = CellGrid(rows: 2, columns: 40)
    pane.draw(into: &grid, in: grid.bounds)
    let highlighted = (0..<40).filter { grid.role(atRow: 0, column: $0) == .logsHighlight }
    #expect(highlighted == Array(0..<5) + Array(18..<23))
    #expect(grid.role(atRow: 0, column: 5) == .logs)
    #expect(!(0..<40).contains { grid.role(atRow: 1, column: $0) == .logsHighlight })
  }

  @Test func tabsLineUpAtEightColumnStops() {
    var pane = TextPane()
    pane.append("10.244.1.5\tweb-1")
    pane.append("127.0.0.1\tlocalhost")
    pane.append(spans: [Span("ab", role: .logs), Span("\tc", role: .logsTimestamp)])
    var grid = CellGrid(rows: 3, columns: 40)
    pane.draw(into: &grid, in: grid.bounds)
    #expect(grid.text(row: 0).hasPrefix("10.244.1.5      web-1"))
    #expect(grid.text(row: 1).hasPrefix("127.0.0.1       localhost"))
    // The stop counts from the line's start across spans.
    #expect(grid.text(row: 2).hasPrefix("ab      c"))
    var direct = CellGrid(rows: 1, columns: 20)
    direct.write([Span("ab"), Span("\tc")], row: 0, column: 2)
    #expect(direct.text(row: 0).hasPrefix("  ab      c"))
  }

  @Test func highlightFollowsWideCharacters() {
    var pane = TextPane()
    pane.append("한글 로그 한글")
    pane.searchTerm = "한글"
    var grid = CellGrid(rows: 1, columns: 20)
    pane.draw(into: &grid, in: grid.bounds)
    #expect(grid.text(row: 0).hasPrefix("한글 로그 한글"))
    #expect(grid.role(atRow: 0, column: 0) == .logsHighlight)
    #expect(grid.role(atRow: 0, column: 3) == .logsHighlight)
    #expect(grid.role(atRow: 0, column: 5) == .logs)
    #expect(grid.role(atRow: 0, column: 10) == .logsHighlight)
  }

  @Test func wrapAndClip() {
    var pane = TextPane()
    pane.follows = false
    pane.append("abcdefghij")
    pane.append("xyz")
    var grid = CellGrid(rows: 4, columns: 4)
    pane.draw(into: &grid, in: grid.bounds)
    #expect(grid.lines == ["abcd", "efgh", "ij  ", "xyz "])
    pane.wraps = false
    pane.draw(into: &grid, in: grid.bounds)
    #expect(grid.lines == ["abcd", "xyz ", "    ", "    "])
    _ = pane.handle(.right)
    pane.draw(into: &grid, in: grid.bounds)
    #expect(grid.lines[0] == "ghij")  // clamped: the widest line ends at the right edge
  }

  @Test func followModeTailsAndBufferIsBounded() {
    var pane = TextPane(capacity: 100)
    for index in 0..<250 { pane.append("line \(index)") }
    #expect(pane.lines.count == 100)
    #expect(pane.droppedLineCount == 150)
    var grid = CellGrid(rows: 3, columns: 20)
    pane.draw(into: &grid, in: grid.bounds)
    #expect(grid.trimmedLines == ["line 247", "line 248", "line 249"])
    _ = pane.handle(.up)
    #expect(!pane.follows)
    pane.append("line 250")
    pane.draw(into: &grid, in: grid.bounds)
    #expect(grid.trimmedLines == ["line 246", "line 247", "line 248"])
    _ = pane.handle(.end)
    pane.draw(into: &grid, in: grid.bounds)
    #expect(grid.trimmedLines == ["line 248", "line 249", "line 250"])
  }

  @Test func nextMatchJumps() {
    var pane = TextPane()
    pane.follows = false
    for index in 0..<20 { pane.append(index == 12 ? "needle here" : "hay \(index)") }
    pane.searchTerm = "NEEDLE"
    _ = pane.handle(.character("n"))
    #expect(pane.topLine == 12)
    let wrapped = pane.jumpToMatch(forward: true)
    #expect(wrapped && pane.topLine == 12)
    pane.searchTerm = "absent"
    let missing = pane.jumpToMatch(forward: false)
    #expect(!missing)
  }

  @Test func styledLinesKeepTheirRoles() {
    var pane = TextPane()
    pane.append(spans: [Span("kind", role: .yamlKey), Span(": ", role: .yamlPunctuation), Span("Pod", role: .yamlValue)])
    var grid = CellGrid(rows: 1, columns: 12)
    pane.draw(into: &grid, in: grid.bounds)
    #expect(grid.text(row: 0) == "kind: Pod   ")
    #expect(grid.role(atRow: 0, column: 0) == .yamlKey)
    #expect(grid.role(atRow: 0, column: 4) == .yamlPunctuation)
    #expect(grid.role(atRow: 0, column: 6) == .yamlValue)
  }
}
