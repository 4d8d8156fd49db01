/// The `?` screen: sections of (key, description) pairs laid out in columns, k9s style.
///
/// The overlay renders whatever it is given, so the caller generates the sections from its
/// keymap and the help cannot drift from the bindings.
public struct HelpOverlay: Sendable, Hashable {
  /// One binding: the key as shown and what it does.
  public struct Entry: Sendable, Hashable {
    /// The key, e.g. `<ctrl-d>`.
    public var key: String
    /// What it does, e.g. `Delete`.
    public var description: String

    /// Creates an entry.
    public init(_ key: String, _ description: String) {
      self.key = key
      self.description = description
    }
  }

  /// One titled group of bindings.
  public struct Section: Sendable, Hashable {
    /// Section title, e.g. `RESOURCE`.
    public var title: String
    /// The bindings, in display order.
    public var entries: [Entry]

    /// Creates a section.
    public init(title: String, entries: [Entry]) {
      self.title = title
      self.entries = entries
    }
  }

  /// The sections, drawn left to right; a section too tall for the screen continues in the next column.
  public var sections: [Section]
  /// The frame title.
  public var title: String
  /// Drawing characters.
  public var glyphs: Glyphs = .unicode

  /// Creates an overlay.
  public init(title: String = "Help", sections: [Section]) {
    self.title = title
    self.sections = sections
  }

  /// Draws the overlay framed over `rect`.
  public func draw(into grid: inout CellGrid, in rect: Rect) {
    let inner = Box(title: [Span(title, role: .title)], isFocused: true, glyphs: glyphs).draw(into: &grid, in: rect, fill: .help)
    guard !inner.isEmpty else { return }
    let keyWidth = min(14, sections.flatMap { $0.entries.map { $0.key.displayWidth } }.max() ?? 0)
    let descriptionWidth = min(28, sections.flatMap { $0.entries.map { $0.description.displayWidth } }.max() ?? 0)
    let columnWidth = max(keyWidth + descriptionWidth + 3, sections.map { $0.title.displayWidth + 2 }.max() ?? 0)
    var x = inner.column + 1
    var y = inner.row
    for section in sections {
      if y != inner.row && y + 2 > inner.bottom {
        x += columnWidth
        y = inner.row
      }
      guard x < inner.right else { return }
      grid.write(section.title, row: y, column: x, role: .helpSection, limit: min(inner.right, x + columnWidth))
      y += 1
      for entry in section.entries {
        if y >= inner.bottom {
          x += columnWidth
          y = inner.row
          guard x < inner.right else { return }
        }
        let limit = min(inner.right, x + columnWidth - 1)
        let afterKey = grid.write(entry.key.padded(to: keyWidth), row: y, column: x, role: .helpKey, limit: limit)
        grid.write(" " + entry.description.truncated(to: descriptionWidth), row: y, column: afterKey, role: .help, limit: limit)
        y += 1
      }
      y += 1
    }
  }
}
