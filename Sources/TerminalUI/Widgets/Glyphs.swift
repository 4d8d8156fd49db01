/// The characters widgets draw with, in a Unicode and an ASCII flavour.
///
/// Use `.ascii` on terminals or fonts without box drawing and block elements.
public struct Glyphs: Sendable, Hashable {
  /// Horizontal line.
  public var horizontal: Character
  /// Vertical line.
  public var vertical: Character
  /// Top-left corner.
  public var topLeft: Character
  /// Top-right corner.
  public var topRight: Character
  /// Bottom-left corner.
  public var bottomLeft: Character
  /// Bottom-right corner.
  public var bottomRight: Character
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
    horizontal: "─", vertical: "│", topLeft: "┌", topRight: "┐", bottomLeft: "└", bottomRight: "┘", ellipsis: "…",
    sparkline: ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"], meterFill: "|",
    sortAscending: "↑", sortDescending: "↓", checkboxOn: "[x]", checkboxOff: "[ ]")

  /// Plain ASCII.
  public static let ascii = Glyphs(
    horizontal: "-", vertical: "|", topLeft: "+", topRight: "+", bottomLeft: "+", bottomRight: "+", ellipsis: "~",
    sparkline: ["_", ".", "-", ":", "=", "+", "*", "#"], meterFill: "|",
    sortAscending: "^", sortDescending: "v", checkboxOn: "[x]", checkboxOff: "[ ]")

}
