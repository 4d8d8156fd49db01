import Testing

@testable import TerminalUI

/// Real ncursesw on /dev/null: draws through the backend and reads the cells back.
@Suite(.serialized) struct CursesSmokeTests {
  func headless(rows: Int, columns: Int, minimum: (rows: Int, columns: Int), environment: [String: String]) -> TerminalOptions {
    TerminalOptions(
      device: .headless(rows: rows, columns: columns, termType: "xterm-256color"), minimumRows: minimum.rows,
      minimumColumns: minimum.columns, environment: environment)
  }

  @Test func headlessScreenRoundTripsWideTextAndColours() throws {
    let options = headless(rows: 10, columns: 40, minimum: (5, 20), environment: ["LANG": "C.UTF-8"])
    let terminal = try Terminal(theme: Theme(name: "t", styles: [.statusOK: Style(foreground: .rgb(0, 255, 0))]), options: options)
    defer { terminal.shutdown() }
    #expect(terminal.rows == 10 && terminal.columns == 40)
    #expect(throws: TerminalError.alreadyActive) {
      _ = try Terminal(theme: .monochrome, options: options)
    }
    terminal.renderFrame { grid in
      grid.write("A한글B", row: 1, column: 0, role: .body)
      grid.write("ok ✓", row: 2, column: 3, role: .statusOK)
    }
    #expect(terminal.screenText(row: 1).hasPrefix("A한글B "))
    #expect(terminal.screenText(row: 2).hasPrefix("   ok ✓"))
    if terminal.colorDepth != .monochrome {
      #expect(terminal.screenColorPair(row: 2, column: 3) > 0)
    }
    // Only changed cells are sent; the result must still be the new frame.
    terminal.renderFrame { grid in
      grid.write("A漢B", row: 1, column: 0, role: .body)
    }
    #expect(terminal.screenText(row: 1).hasPrefix("A漢B   "))
    #expect(terminal.screenText(row: 2).trimmingWhitespace().isEmpty)
    // Wide to narrow and back, at the same columns.
    terminal.renderFrame { grid in grid.write("Xab", row: 1, column: 0, role: .body) }
    #expect(terminal.screenText(row: 1).hasPrefix("Xab  "))
    terminal.renderFrame { grid in grid.write("X글", row: 1, column: 0, role: .statusOK) }
    #expect(terminal.screenText(row: 1).hasPrefix("X글  "))
    // resizeterm queues a KEY_RESIZE; after it, /dev/null gives no keys.
    let first = terminal.readKey(timeout: .milliseconds(1))
    #expect(first == nil || first == .resize)
    #expect(terminal.readKey(timeout: .milliseconds(1)) == nil)
    terminal.shutdown()
    terminal.shutdown()
    #expect(!terminal.isRunning)
  }

  @Test func tooSmallAndNoColor() throws {
    let options = headless(rows: 3, columns: 12, minimum: (10, 40), environment: ["NO_COLOR": "1"])
    let terminal = try Terminal(theme: .monochrome, options: options)
    defer { terminal.shutdown() }
    #expect(terminal.colorDepth == .monochrome)
    var rendered = false
    terminal.renderFrame { _ in rendered = true }
    #expect(!rendered)
    #expect(terminal.screenText(row: 0).hasPrefix("Terminal to…"))
    #expect(terminal.screenText(row: 1).hasPrefix("12x3, need …"))
  }

  struct Counter: TerminalApplication {
    var ticks = 0
    var frames = 0
    mutating func render(into grid: inout CellGrid) {
      frames += 1
      grid.write("ticks \(ticks)", row: 0, column: 0, role: .header)
    }
    mutating func handle(_ key: Key) -> EventResult { key == .resize ? .redraw : .ignored }
    mutating func tick() -> EventResult {
      ticks += 1
      return ticks == 3 ? .quit : .redraw
    }
  }

  @Test func runLoopDrivesAnApplication() throws {
    let options = headless(rows: 10, columns: 40, minimum: (5, 20), environment: ["LANG": "C.UTF-8"])
    let terminal = try Terminal(theme: .monochrome, options: options)
    defer { terminal.shutdown() }
    var application = Counter()
    let signal = terminal.run(&application, tick: .milliseconds(2))
    #expect(signal == nil)
    #expect(application.ticks == 3)
    #expect(application.frames >= 3)
    #expect(terminal.screenText(row: 0).hasPrefix("ticks 2"))
  }
}
