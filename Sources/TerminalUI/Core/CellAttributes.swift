/// Text attributes a terminal can show without colour.
public struct CellAttributes: OptionSet, Sendable, Hashable {
  public let rawValue: UInt8
  public init(rawValue: UInt8) { self.rawValue = rawValue }

  /// Bold (often also brighter).
  public static let bold = CellAttributes(rawValue: 1 << 0)
  /// Dim / faint.
  public static let dim = CellAttributes(rawValue: 1 << 1)
  /// Foreground and background swapped.
  public static let reverse = CellAttributes(rawValue: 1 << 2)
  /// Underlined.
  public static let underline = CellAttributes(rawValue: 1 << 3)

  /// Names used in theme files, in a stable order.
  public static let names: [(String, CellAttributes)] = [
    ("bold", .bold), ("dim", .dim), ("reverse", .reverse), ("underline", .underline),
  ]
}
