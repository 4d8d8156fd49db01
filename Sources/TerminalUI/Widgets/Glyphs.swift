/// The characters widgets draw with, in a Unicode and an ASCII flavour.
///
/// Use `.ascii` on terminals or fonts without box drawing and block elements.
public struct Glyphs: Sendable, Hashable {
  /// Horizontal line.
  public var horizontal: Character
  /// Vertical line.
  public var vertical: Character
  /// Corners: top-left, top-right, bottom-left, bottom-right.
  public var corners: (Character, Character, Character, Character)
  /// Ellipsis appended to truncated text.
  public var ellipsis: String
  /// Sparkline levels, lowest first (eight of them).
  public var sparkline: [Character]
  /// Meter fill character.
  public var meterFill: Character
  /// Sort markers: ascending, descending.
  public var sortAscending: Character
  /// Descending sort marker.
  public var sortDescending: Character
  /// Checkbox states.
  public var checkboxOn: String
  /// Unchecked checkbox.
  public var checkboxOff: String

  /// Box drawing, block elements and arrows.
  public static let unicode = Glyphs(
    horizontal: "─", vertical: "│", corners: ("┌", "┐", "└", "┘"), ellipsis: "…",
    sparkline: ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"], meterFill: "|",
    sortAscending: "↑", sortDescending: "↓", checkboxOn: "[x]", checkboxOff: "[ ]")

  /// Plain ASCII.
  public static let ascii = Glyphs(
    horizontal: "-", vertical: "|", corners: ("+", "+", "+", "+"), ellipsis: "~",
    sparkline: ["_", ".", "-", ":", "=", "+", "*", "#"], meterFill: "|",
    sortAscending: "^", sortDescending: "v", checkboxOn: "[x]", checkboxOff: "[ ]")

  public static func == (lhs: Glyphs, rhs: Glyphs) -> Bool {
    lhs.horizontal == rhs.horizontal && lhs.ellipsis == rhs.ellipsis && lhs.sparkline == rhs.sparkline
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(horizontal)
    hasher.combine(ellipsis)
  }
}
