/// Horizontal alignment of text inside a field.
public enum TextAlignment: Sendable, Hashable {
  /// Text starts at the left edge.
  case left
  /// Text ends at the right edge (numbers, ages, sizes).
  case right
  /// Text is centred; an odd leftover column goes to the right.
  case center
}
