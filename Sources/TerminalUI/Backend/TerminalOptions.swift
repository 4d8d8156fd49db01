/// How a `Terminal` is set up.
public struct TerminalOptions: Sendable {
  /// Where curses reads and writes.
  public enum Device: Sendable, Hashable {
    /// The process's own terminal (stdin/stdout), with signal handlers and stderr redirection.
    case standard
    /// No terminal: output to /dev/null with a fixed size, for tests. Installs no signal handlers.
    case headless(rows: Int, columns: Int, termType: String)
  }

  /// The device.
  public var device: Device
  /// Report mouse events as `Key.mouse`.
  public var enablesMouse: Bool
  /// Below this size the `TooSmallNotice` is drawn instead of the application.
  public var minimumRows: Int
  /// Below this width the `TooSmallNotice` is drawn instead of the application.
  public var minimumColumns: Int
  /// Force a colour depth (nil: detect; `NO_COLOR` always means monochrome).
  public var colorDepth: ColorDepth?
  /// Where stderr goes while curses owns the screen (nil: an anonymous temporary file).
  /// Its contents are written to the real stderr after teardown.
  public var stderrLogPath: String?
  /// Milliseconds curses waits after Escape for the rest of a sequence.
  public var escapeDelayMilliseconds: Int
  /// Environment consulted for `NO_COLOR` and `TERM`.
  public var environment: [String: String]

  /// Creates options.
  public init(
    device: Device = .standard, enablesMouse: Bool = false, minimumRows: Int = 10, minimumColumns: Int = 40,
    colorDepth: ColorDepth? = nil, stderrLogPath: String? = nil, escapeDelayMilliseconds: Int = 25,
    environment: [String: String]
  ) {
    self.device = device
    self.enablesMouse = enablesMouse
    self.minimumRows = minimumRows
    self.minimumColumns = minimumColumns
    self.colorDepth = colorDepth
    self.stderrLogPath = stderrLogPath
    self.escapeDelayMilliseconds = escapeDelayMilliseconds
    self.environment = environment
  }
}
