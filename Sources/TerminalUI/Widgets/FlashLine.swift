/// A transient status message (info, warning, error) that expires after a while.
///
/// Time is supplied by the caller, so tests can step it: `show(_:level:at:)` then
/// `current(at:)` returns the message until `duration` has elapsed.
public struct FlashLine: Sendable {
  /// Severity of a message.
  public enum Level: Sendable, Hashable {
    /// Neutral information.
    case info
    /// Something the user should notice.
    case warning
    /// Something failed.
    case error

    /// The colour role for the level.
    public var role: ColorRole {
      switch self {
      case .info: return .flashInfo
      case .warning: return .flashWarning
      case .error: return .flashError
      }
    }
  }

  /// A shown message.
  public struct Message: Sendable, Hashable {
    /// The text.
    public var text: String
    /// The level.
    public var level: Level
  }

  /// How long a message stays.
  public var duration: Duration
  private var message: Message?
  private var expiry: ContinuousClock.Instant?

  /// Creates an empty flash line.
  public init(duration: Duration = .seconds(5)) {
    self.duration = duration
  }

  /// Shows a message from `now` for `duration`.
  public mutating func show(_ text: String, level: Level = .info, at now: ContinuousClock.Instant) {
    message = Message(text: text, level: level)
    expiry = now.advanced(by: duration)
  }

  /// Removes the message.
  public mutating func clear() {
    message = nil
    expiry = nil
  }

  /// The message still showing at `now`, if any.
  public func current(at now: ContinuousClock.Instant) -> Message? {
    guard let message, let expiry, now < expiry else { return nil }
    return message
  }

  /// Draws the message (or blank) on the first row of `rect`.
  public func draw(into grid: inout CellGrid, in rect: Rect, at now: ContinuousClock.Instant) {
    guard rect.height > 0, rect.width > 0 else { return }
    let line = Rect(row: rect.row, column: rect.column, height: 1, width: rect.width)
    guard let shown = current(at: now) else {
      grid.fill(line, role: .body)
      return
    }
    grid.fill(line, role: shown.level.role)
    grid.write(shown.text.truncated(to: rect.width), row: rect.row, column: rect.column, role: shown.level.role, limit: rect.right)
  }
}
