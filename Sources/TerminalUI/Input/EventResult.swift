/// What handling an event did, as htop's `HandlerResult`: combine freely.
public struct EventResult: OptionSet, Sendable, Hashable {
  public let rawValue: UInt8
  public init(rawValue: UInt8) { self.rawValue = rawValue }

  /// Nobody handled the event (the empty set).
  public static let ignored: EventResult = []
  /// The event was consumed; do not pass it on.
  public static let handled = EventResult(rawValue: 1 << 0)
  /// The screen must be drawn again.
  public static let redraw = EventResult(rawValue: 1 << 1)
  /// Leave the run loop.
  public static let quit = EventResult(rawValue: 1 << 2)
  /// The data behind the view should be reloaded before the next frame.
  public static let refresh = EventResult(rawValue: 1 << 3)
  /// The screen must be cleared and repainted in full (after corruption or a theme change).
  public static let repaint = EventResult(rawValue: 1 << 4)
}
