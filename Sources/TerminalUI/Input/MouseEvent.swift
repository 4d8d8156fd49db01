/// A mouse event in screen coordinates (0-based).
public struct MouseEvent: Sendable, Hashable {
  /// What happened.
  public enum Action: Sendable, Hashable {
    /// Left button pressed.
    case press
    /// Left button released.
    case release
    /// Left button clicked (press + release).
    case click
    /// Wheel up.
    case scrollUp
    /// Wheel down.
    case scrollDown
    /// Anything else (other buttons, motion).
    case other
  }

  /// Row of the event.
  public var row: Int
  /// Column of the event.
  public var column: Int
  /// The action.
  public var action: Action

  /// Creates a mouse event.
  public init(row: Int, column: Int, action: Action) {
    self.row = row
    self.column = column
    self.action = action
  }
}
