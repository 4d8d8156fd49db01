/// How one colour role looks: foreground, background and attributes.
public struct Style: Sendable, Hashable {
  /// Foreground colour.
  public var foreground: Color
  /// Background colour.
  public var background: Color
  /// Attributes.
  public var attributes: CellAttributes

  /// Creates a style; both colours default to the terminal's own.
  public init(foreground: Color = .terminalDefault, background: Color = .terminalDefault, attributes: CellAttributes = []) {
    self.foreground = foreground
    self.background = background
    self.attributes = attributes
  }

  /// The style with its colours reduced to what a terminal of `depth` can show.
  ///
  /// Monochrome keeps only attributes: colour must never be the only carrier of meaning.
  public func reduced(to depth: ColorDepth) -> Style {
    Style(foreground: foreground.reduced(to: depth), background: background.reduced(to: depth), attributes: attributes)
  }
}
