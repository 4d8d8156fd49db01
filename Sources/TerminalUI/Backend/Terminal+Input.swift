import CNCursesShim
import CNCursesW
import Foundation

extension Terminal {
  /// Waits up to `timeout` for a key; nil when none arrived.
  ///
  /// A `.resize` key has already updated `rows` and `columns`.
  public func readKey(timeout: Duration) -> Key? {
    guard isRunning, let window = nc_stdscr() else { return nil }
    let (seconds, attoseconds) = timeout.components
    let milliseconds = max(0, min(Int64(Int32.max), seconds * 1000 + attoseconds / 1_000_000_000_000_000))
    wtimeout(window, Int32(milliseconds))
    var character: wint_t = 0
    switch wget_wch(window, &character) {
    case KEY_CODE_YES:
      let key = CursesKeyDecoder.key(forKeyCode: Int32(bitPattern: character), mouse: CursesKeyDecoder.readMouse)
      if key == .resize { handleResize() }
      return key
    case OK:
      guard let scalar = Unicode.Scalar(UInt32(character)) else { return nil }
      return Key(scalar: scalar)
    default:
      return nil
    }
  }

  /// Runs the event loop until a handler returns `.quit` or SIGTERM/SIGHUP arrives. SIGINT
  /// (Ctrl-C) is handed to `handle` as `.ctrl("c")`, and ends the loop when that quits.
  ///
  /// - Parameters:
  ///   - tick: how often `onTick` runs when no key arrives (and at least that often otherwise).
  ///   - onTick: periodic work (advance a model, poll data); return `.redraw` to draw.
  ///   - render: draws a frame into a grid of the screen size. Not called while the screen is
  ///     below the minimum size; the `TooSmallNotice` is drawn instead.
  ///   - handle: handles a key (including `.resize` and `.mouse`). Any non-empty result
  ///     redraws; `.quit` leaves the loop; `.repaint` rewrites every cell.
  /// - Returns: the termination signal that ended the loop, if any.
  @discardableResult
  public func run(
    tick: Duration = .milliseconds(250),
    onTick: () -> EventResult = { .ignored },
    render: (inout CellGrid) -> Void,
    handle: (Key) -> EventResult
  ) -> Int32? {
    let clock = ContinuousClock()
    var nextTick = clock.now.advanced(by: tick)
    var dirty = true
    while isRunning {
      if let signal = receivedTerminationSignal {
        // Ctrl-C arrives as SIGINT (the terminal keeps its signal keys): it is offered to
        // the handler as the key first, so that a pane can take it (a shell interrupts its
        // line); the loop ends only when the handler quits.
        guard signal == SIGINT else { return signal }
        ncshim_clear_termination_signal()
        // Keys typed before it come first (`abc` then Ctrl-C interrupts the line `abc`).
        while let key = readKey(timeout: .zero) {
          if handle(key).contains(.quit) { return nil }
        }
        let result = handle(.ctrl("c"))
        if result.contains(.quit) { return signal }
        dirty = true
        continue
      }
      if dirty {
        renderFrame(render)
        dirty = false
      }
      let wait = max(.zero, clock.now.duration(to: nextTick))
      if let key = readKey(timeout: wait) {
        let result = handle(key)
        if result.contains(.quit) { return nil }
        if result.contains(.repaint) { invalidate() }
        dirty = dirty || !result.isEmpty || key == .resize
      }
      if clock.now >= nextTick {
        nextTick = clock.now.advanced(by: tick)
        let result = onTick()
        if result.contains(.quit) { return nil }
        if result.contains(.repaint) { invalidate() }
        dirty = dirty || !result.isEmpty
      }
    }
    return receivedTerminationSignal
  }

  /// Draws one frame with `render` (or the too-small notice) and presents it.
  public func renderFrame(_ render: (inout CellGrid) -> Void) {
    var grid = makeGrid()
    let notice = TooSmallNotice(minimumRows: options.minimumRows, minimumColumns: options.minimumColumns)
    if notice.applies(rows: rows, columns: columns) {
      notice.draw(into: &grid)
    } else {
      render(&grid)
    }
    present(grid)
  }

  /// Leaves curses mode while `body` runs (for example an interactive shell), then restores it.
  public func withScreenSuspended<T>(_ body: () throws -> T) rethrows -> T {
    guard isRunning else { return try body() }
    def_prog_mode()
    endwin()
    suspendStderrRedirect(true)
    defer {
      // Ctrl-C inside the child was meant for the child, not for us.
      if receivedTerminationSignal == SIGINT { ncshim_clear_termination_signal() }
      suspendStderrRedirect(false)
      reset_prog_mode()
      invalidate()
      if let window = nc_stdscr() { wrefresh(window) }
      handleResize()
    }
    return try body()
  }
}
