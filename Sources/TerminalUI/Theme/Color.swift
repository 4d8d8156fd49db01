import Foundation

/// A colour in a theme: the terminal's default, a palette index, or an RGB value.
///
/// Names in theme files: `default`; the ANSI names `black red green yellow blue magenta
/// cyan white` (palette 0–7, so they follow the user's terminal palette) and `bright…`
/// (8–15); `colorN` for palette index N (0–255); `#rrggbb`; and the CSS/X11 names
/// (`dodgerblue`, `orangered`, …) as RGB.
public enum Color: Sendable, Hashable, CustomStringConvertible {
  /// The terminal's own foreground or background (transparent).
  case terminalDefault
  /// A palette index, 0–255.
  case indexed(UInt8)
  /// A 24-bit colour.
  case rgb(UInt8, UInt8, UInt8)

  /// Parses a colour name as written in a theme file; nil when unknown.
  public init?(name: String) {
    let key = name.trimmingCharacters(in: .whitespaces).lowercased()
    if key == "default" || key == "none" || key == "transparent" {
      self = .terminalDefault
    } else if key.hasPrefix("#") {
      let hex = key.dropFirst()
      guard hex.count == 6, let value = UInt32(hex, radix: 16) else { return nil }
      self = .rgb(UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF))
    } else if key.hasPrefix("color"), let index = UInt8(key.dropFirst(5)) {
      self = .indexed(index)
    } else if let index = Color.ansiNames.firstIndex(of: key) {
      self = .indexed(UInt8(index))
    } else if key.hasPrefix("bright"), let index = Color.ansiNames.firstIndex(of: String(key.dropFirst(6))) {
      self = .indexed(UInt8(index + 8))
    } else if let rgb = NamedColors.rgb(named: key) {
      self = .rgb(rgb.0, rgb.1, rgb.2)
    } else {
      return nil
    }
  }

  /// The ANSI colour names, palette order.
  public static let ansiNames = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]

  public var description: String {
    switch self {
    case .terminalDefault: return "default"
    case .indexed(let index): return "color\(index)"
    case .rgb(let r, let g, let b):
      return "#" + [r, g, b].map { value in
        let digits = String(value, radix: 16)
        return digits.count == 1 ? "0" + digits : digits
      }.joined()
    }
  }

  /// This colour as a palette index the given depth can show; nil for the terminal default
  /// (or for any colour on a monochrome terminal).
  public func paletteIndex(for depth: ColorDepth) -> Int? {
    switch reduced(to: depth) {
    case .terminalDefault: return nil
    case .indexed(let index): return Int(index)
    case .rgb(let r, let g, let b): return Color.nearestIndex(r, g, b, among: 256)
    }
  }

  /// The nearest colour a terminal of `depth` can show.
  public func reduced(to depth: ColorDepth) -> Color {
    switch (self, depth) {
    case (.terminalDefault, _), (_, .monochrome): return .terminalDefault
    case (.indexed(let index), .ansi8): return .indexed(index < 16 ? index % 8 : UInt8(Color.nearest(index, among: 8)))
    case (.indexed(let index), .ansi16): return .indexed(index < 16 ? index : UInt8(Color.nearest(index, among: 16)))
    case (.indexed, .indexed256): return self
    case (.rgb(let r, let g, let b), _): return .indexed(UInt8(Color.nearestIndex(r, g, b, among: depth.rawValue)))
    }
  }

  private static func nearest(_ index: UInt8, among count: Int) -> Int {
    let (r, g, b) = rgbValue(ofIndex: Int(index))
    return nearestIndex(r, g, b, among: count)
  }

  /// The palette index among the first `count` (8, 16 or 256) closest to an RGB value.
  static func nearestIndex(_ r: UInt8, _ g: UInt8, _ b: UInt8, among count: Int) -> Int {
    if count >= 256 {
      // The 6x6x6 cube and the grey ramp; basic 0–15 vary between terminals, so avoid them.
      let cube = [r, g, b].map { cubeLevel($0) }
      let cubeIndex = 16 + 36 * cube[0] + 6 * cube[1] + cube[2]
      let average = (Int(r) + Int(g) + Int(b)) / 3
      let greyIndex = 232 + min(23, max(0, (average - 3) / 10))
      let candidates = [cubeIndex, greyIndex]
      return candidates.min { distance(rgbValue(ofIndex: $0), (r, g, b)) < distance(rgbValue(ofIndex: $1), (r, g, b)) }
        ?? cubeIndex
    }
    let limit = min(count, 16)
    return (0..<limit).min { distance(rgbValue(ofIndex: $0), (r, g, b)) < distance(rgbValue(ofIndex: $1), (r, g, b)) } ?? 7
  }

  private static func cubeLevel(_ value: UInt8) -> Int {
    let steps = [0, 95, 135, 175, 215, 255]
    return (0..<6).min { abs(steps[$0] - Int(value)) < abs(steps[$1] - Int(value)) } ?? 0
  }

  /// The RGB value xterm uses for a palette index.
  static func rgbValue(ofIndex index: Int) -> (UInt8, UInt8, UInt8) {
    let basic: [(UInt8, UInt8, UInt8)] = [
      (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
      (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255),
      (255, 255, 255),
    ]
    if index < 16 { return basic[max(0, index)] }
    if index >= 232 {
      let level = UInt8(8 + 10 * (index - 232))
      return (level, level, level)
    }
    let steps: [UInt8] = [0, 95, 135, 175, 215, 255]
    let cube = index - 16
    return (steps[cube / 36], steps[(cube / 6) % 6], steps[cube % 6])
  }

  private static func distance(_ a: (UInt8, UInt8, UInt8), _ b: (UInt8, UInt8, UInt8)) -> Int {
    // Weighted for the eye's sensitivity (a cheap "redmean" approximation).
    let dr = Int(a.0) - Int(b.0)
    let dg = Int(a.1) - Int(b.1)
    let db = Int(a.2) - Int(b.2)
    return 2 * dr * dr + 4 * dg * dg + 3 * db * db
  }
}
