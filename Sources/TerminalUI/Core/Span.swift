/// A run of text with one colour role, for building styled lines.
public struct Span: Sendable, Hashable {
  /// The text.
  public var text: String
  /// Its colour role.
  public var role: ColorRole
  /// Extra attributes.
  public var attributes: CellAttributes

  /// Creates a span.
  public init(_ text: String, role: ColorRole = .body, attributes: CellAttributes = []) {
    self.text = text
    self.role = role
    self.attributes = attributes
  }

  /// Display width of the text in columns.
  public var width: Int { DisplayWidth.of(text) }
}
