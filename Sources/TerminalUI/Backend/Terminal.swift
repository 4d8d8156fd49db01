import CNCursesShim
import CNCursesW
import Foundation

/// The one owner of the curses screen: setup, drawing, input and teardown.
///
/// Only one `Terminal` may be active at a time. Teardown (`shutdown()`) is idempotent and
/// also runs from `deinit` and, through the C shim, at exit; crash signals restore the
/// terminal in the shim and re-raise. SIGINT, SIGTERM and SIGHUP make `run` return normally.
///
/// A frame is drawn into a `CellGrid`; `present(_:)` writes only the cells that changed since
/// the previous frame. Most applications call `run(tick:onTick:render:handle:)`:
/// ```swift
/// let terminal = try Terminal(theme: theme)
/// defer { terminal.shutdown() }
/// terminal.run(tick: .milliseconds(500), onTick: { model.advance(); return .redraw },
///              render: { grid in view.draw(into: &grid) },
///              handle: { key in view.handle(key) })
/// ```
public final class Terminal {
  /// Rows of the screen.
  public private(set) var rows: Int = 0
  /// Columns of the screen.
  public private(set) var columns: Int = 0
  /// The colour depth in use (monochrome under `NO_COLOR`).
  public let colorDepth: ColorDepth
  /// Whether the locale's character set is UTF-8 (otherwise use `Glyphs.ascii`).
  public let supportsUnicode: Bool
  /// The options the terminal was created with.
  public let options: TerminalOptions
  /// The theme; setting it repaints the whole screen on the next frame.
  public var theme: Theme {
    didSet {
      stylePalette.setTheme(theme)
      previousFrame = nil
    }
  }

  var stylePalette: CursesPalette
  var previousFrame: CellGrid?
  private var screen: OpaquePointer?
  private var files: [UnsafeMutablePointer<FILE>] = []
  private var stderrRedirect: StderrRedirect?
  private var deferredMessages: [String] = []
  private var isActive = false

  /// Whether curses currently owns the screen (false after `shutdown()`).
  public var isRunning: Bool { isActive }

  /// Takes over the terminal.
  public init(theme: Theme, options: TerminalOptions = TerminalOptions(environment: ProcessInfo.processInfo.environment)) throws {
    guard ncshim_curses_active() == 0 else { throw TerminalError.alreadyActive }
    self.options = options
    self.theme = theme
    supportsUnicode = Terminal.selectLocale(environment: options.environment)

    let termType: String
    switch options.device {
    case .standard:
      guard isatty(STDIN_FILENO) != 0, isatty(STDOUT_FILENO) != 0 else { throw TerminalError.notATerminal }
      termType = options.environment["TERM"].flatMap { $0.isEmpty ? nil : $0 } ?? "xterm-256color"
      // Before curses starts, so curses leaves SIGINT/SIGTERM to us.
      _ = ncshim_install_handlers(STDOUT_FILENO)
      screen = newterm(termType, nc_stdout(), nc_stdin())
    case .headless(_, _, let type):
      termType = type
      if let output = fopen("/dev/null", "w"), let input = fopen("/dev/null", "r") {
        files = [output, input]
        screen = newterm(type, output, input)
      }
    }
    guard screen != nil, let window = nc_stdscr() else {
      files.forEach { fclose($0) }
      files = []
      if case .standard = options.device { ncshim_uninstall_handlers() }
      throw TerminalError.cannotInitialize(termType: termType)
    }
    ncshim_set_curses_active(1)
    isActive = true
    cbreak()
    noecho()
    nonl()
    keypad(window, true)
    curs_set(0)
    set_escdelay(Int32(options.escapeDelayMilliseconds))
    var depth = ColorDepth.monochrome
    if has_colors() {
      start_color()
      use_default_colors()
      depth = ColorDepth(colorCount: Int(nc_colors()))
    }
    if let forced = options.colorDepth { depth = min(depth, forced) }
    if let noColor = options.environment["NO_COLOR"], !noColor.isEmpty { depth = .monochrome }
    colorDepth = depth
    stylePalette = CursesPalette(theme: theme, depth: depth)
    if options.enablesMouse {
      mousemask(nc_all_mouse_events(), nil)
      mouseinterval(0)
    }
    if case .headless(let rows, let columns, _) = options.device {
      resizeterm(Int32(max(1, rows)), Int32(max(1, columns)))
    } else {
      prepareCrashRestore()
      stderrRedirect = StderrRedirect(logPath: options.stderrLogPath)
      ncshim_register_atexit { _ = endwin() }
    }
    updateSize()
  }

  deinit {
    shutdown()
  }

  /// Restores the terminal. Safe to call more than once; later calls do nothing.
  public func shutdown() {
    guard isActive else { return }
    isActive = false
    endwin()
    if let screen { delscreen(screen) }
    screen = nil
    ncshim_set_curses_active(0)
    files.forEach { fclose($0) }
    files = []
    if case .standard = options.device {
      ncshim_uninstall_handlers()
      stderrRedirect?.end()
      stderrRedirect = nil
    }
    for message in deferredMessages {
      FileHandle.standardError.write(Data((message + "\n").utf8))
    }
    deferredMessages = []
  }

  /// Queues a message for stderr, printed after the screen is restored.
  public func printAfterShutdown(_ message: String) {
    deferredMessages.append(message)
  }

  /// A blank grid of the current screen size.
  public func makeGrid() -> CellGrid { CellGrid(rows: rows, columns: columns) }

  /// The termination signal (SIGINT, SIGTERM, SIGHUP) received, or nil.
  public var receivedTerminationSignal: Int32? {
    let signal = ncshim_termination_signal()
    return signal == 0 ? nil : signal
  }

  /// Sets the locale from the environment (before curses starts, or wide text is mangled).
  ///
  /// Unless a locale variable explicitly names another character set, it falls back to
  /// `C.UTF-8` (locales are often unset in containers), as tmux does. Returns whether the
  /// resulting character set is UTF-8.
  private static func selectLocale(environment: [String: String]) -> Bool {
    setlocale(LC_ALL, "")
    let named = ["LC_ALL", "LC_CTYPE", "LANG"].compactMap { environment[$0] }.filter { !$0.isEmpty }
    let asksForOther = named.contains { !$0.lowercased().replacingOccurrences(of: "-", with: "").contains("utf8") }
    if !isUTF8Locale() && !asksForOther {
      setlocale(LC_CTYPE, "C.UTF-8")
    }
    return isUTF8Locale()
  }

  private static func isUTF8Locale() -> Bool {
    String(cString: nc_codeset()).uppercased().replacingOccurrences(of: "-", with: "") == "UTF8"
  }

  /// Gives stderr back to the real terminal (true) or to the log again (false).
  func suspendStderrRedirect(_ suspended: Bool) {
    if suspended { stderrRedirect?.pause() } else { stderrRedirect?.resume() }
  }

  /// Re-reads the screen size after `KEY_RESIZE` and forces a full redraw.
  func handleResize() {
    updateSize()
    previousFrame = nil
  }

  private func updateSize() {
    guard let window = nc_stdscr() else { return }
    rows = Int(getmaxy(window))
    columns = Int(getmaxx(window))
  }

  private func prepareCrashRestore() {
    var bytes: [UInt8] = []
    for capability in ["sgr0", "cnorm", "rmkx", "rmcup"] {
      if let sequence = nc_tigetstr(capability) { bytes += Array(String(cString: sequence).utf8) }
    }
    if options.enablesMouse { bytes += Array("\u{1B}[?1000l\u{1B}[?1002l\u{1B}[?1003l\u{1B}[?1006l".utf8) }
    bytes += Array("\r\n".utf8)
    bytes.withUnsafeBufferPointer { buffer in
      buffer.baseAddress.map { base in
        base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { ncshim_set_restore_sequence($0, buffer.count) }
      }
    }
  }
}
