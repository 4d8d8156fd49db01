import CNCursesW

/// Turns roles and attributes into curses attributes and extended colour pairs, lazily.
///
/// Pairs are allocated on first use with `init_extended_pair`, so themes are not limited to
/// 256 pairs; when the terminal runs out, the default pair is used (attributes still apply).
struct CursesPalette {
  private struct PairKey: Hashable {
    var foreground: Int32
    var background: Int32
  }

  private struct StyleKey: Hashable {
    var role: ColorRole
    var attributes: CellAttributes
  }

  /// The theme, already reduced to the terminal's depth.
  private(set) var theme: Theme
  let depth: ColorDepth
  private var pairs: [PairKey: Int32] = [:]
  private var resolved: [StyleKey: (attr_t, Int32)] = [:]
  private var nextPair: Int32 = 1

  init(theme: Theme, depth: ColorDepth) {
    self.depth = depth
    self.theme = theme.reduced(to: depth)
  }

  /// Switches theme; pairs already allocated are reused when colours repeat.
  mutating func setTheme(_ newTheme: Theme) {
    theme = newTheme.reduced(to: depth)
    resolved.removeAll()
  }

  /// The curses attributes and pair for a cell.
  mutating func attributes(for role: ColorRole, extra: CellAttributes) -> (attr_t, Int32) {
    let key = StyleKey(role: role, attributes: extra)
    if let known = resolved[key] { return known }
    let style = theme.style(for: role)
    let flags = CursesPalette.cursesAttributes(style.attributes.union(extra))
    let pair = depth == .monochrome ? 0 : pairNumber(style)
    resolved[key] = (flags, pair)
    return (flags, pair)
  }

  private mutating func pairNumber(_ style: Style) -> Int32 {
    let key = PairKey(
      foreground: Int32(style.foreground.paletteIndex(for: depth) ?? -1),
      background: Int32(style.background.paletteIndex(for: depth) ?? -1))
    if key.foreground == -1 && key.background == -1 { return 0 }
    if let pair = pairs[key] { return pair }
    guard nextPair < Int32(nc_color_pairs()) else { return 0 }
    let pair = nextPair
    guard init_extended_pair(pair, key.foreground, key.background) == OK else { return 0 }
    nextPair += 1
    pairs[key] = pair
    return pair
  }

  static func cursesAttributes(_ attributes: CellAttributes) -> attr_t {
    var flags = nc_a_normal()
    if attributes.contains(.bold) { flags |= nc_a_bold() }
    if attributes.contains(.dim) { flags |= nc_a_dim() }
    if attributes.contains(.reverse) { flags |= nc_a_reverse() }
    if attributes.contains(.underline) { flags |= nc_a_underline() }
    return flags
  }
}
