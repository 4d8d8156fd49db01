/// A decoded key press (or resize / mouse event), independent of curses.
///
/// Upper-case letters are `.character("G")`, so "shift-g" and "G" are the same key.
/// Control keys are `.ctrl("d")` with a lower-case letter. Tab, Enter, Escape and
/// Backspace are their own cases, never `.ctrl`.
public enum Key: Sendable, Hashable {
  /// A printable character (including space).
  case character(Character)
  /// Control plus a letter, stored lower-case.
  case ctrl(Character)
  /// Arrow up.
  case up
  /// Arrow down.
  case down
  /// Arrow left.
  case left
  /// Arrow right.
  case right
  /// Page up.
  case pageUp
  /// Page down.
  case pageDown
  /// Home.
  case home
  /// End.
  case end
  /// Enter / Return.
  case enter
  /// Escape.
  case escape
  /// Backspace.
  case backspace
  /// Delete (forward).
  case delete
  /// Insert.
  case insert
  /// Tab.
  case tab
  /// Shift-Tab.
  case backTab
  /// Function key F1…F24.
  case function(Int)
  /// The terminal changed size.
  case resize
  /// A mouse event.
  case mouse(MouseEvent)

  /// The key for a raw character code as terminals send it (control codes decoded).
  public init(scalar: Unicode.Scalar) {
    switch scalar.value {
    case 0x09: self = .tab
    case 0x0A, 0x0D: self = .enter
    case 0x1B: self = .escape
    case 0x08, 0x7F: self = .backspace
    case 0x00: self = .ctrl(" ")
    case 0x01...0x1A: self = .ctrl(Character(Unicode.Scalar(scalar.value + 0x60) ?? "?"))
    default: self = .character(Character(scalar))
    }
  }

  /// Whether the key is a printable character (what a text field inserts).
  public var printable: Character? {
    if case .character(let character) = self { return character }
    return nil
  }
}
