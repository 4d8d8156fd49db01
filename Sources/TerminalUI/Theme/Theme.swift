/// A complete mapping from every `ColorRole` to a `Style`.
///
/// Themes are data: they come from YAML files in `Themes/` (see `ThemeLibrary`), except the
/// built-in `Theme.monochrome`, which uses attributes only and is always available.
public struct Theme: Sendable, Hashable {
  /// The theme's name (its file name without `.yaml`).
  public var name: String
  /// The name to show users (the file's `name:`), defaulting to `name`.
  public var displayName: String
  /// One style per role; always complete.
  public private(set) var styles: [ColorRole: Style]

  /// Creates a theme; roles missing from `styles` take their style from `base`.
  public init(name: String, displayName: String? = nil, styles: [ColorRole: Style], base: Theme? = nil) {
    self.name = name
    self.displayName = displayName ?? name
    var complete = base?.styles ?? Theme.monochromeStyles
    for (role, style) in styles {
      complete[role] = style
    }
    self.styles = complete
  }

  /// The style for a role.
  public func style(for role: ColorRole) -> Style {
    styles[role] ?? Style()
  }

  /// Whether the theme uses any colour at all.
  public var usesColor: Bool {
    styles.values.contains { $0.foreground != .terminalDefault || $0.background != .terminalDefault }
  }

  /// The theme with every colour reduced to what a terminal of `depth` can show.
  public func reduced(to depth: ColorDepth) -> Theme {
    if depth == .monochrome { return .monochrome }
    var copy = self
    copy.styles = styles.mapValues { $0.reduced(to: depth) }
    return copy
  }
}
