/// How many colours a terminal can show.
public enum ColorDepth: Int, Sendable, Hashable, Comparable {
  /// No colours: attributes only (also forced by `NO_COLOR`).
  case monochrome = 0
  /// The 8 ANSI colours.
  case ansi8 = 8
  /// The 16 ANSI colours.
  case ansi16 = 16
  /// The xterm 256-colour palette.
  case indexed256 = 256

  /// The depth for a terminal reporting `colors` colours (curses' `COLORS`).
  public init(colorCount colors: Int) {
    switch colors {
    case 256...: self = .indexed256
    case 16..<256: self = .ansi16
    case 8..<16: self = .ansi8
    default: self = .monochrome
    }
  }

  public static func < (lhs: ColorDepth, rhs: ColorDepth) -> Bool { lhs.rawValue < rhs.rawValue }
}
