import TerminalUI

/// A read-only text view (describe, YAML, explain) with `/` search and highlight.
public final class TextViewPane: Pane {
  public let title: [Span]
  private var content = SearchableText(pane: TextPane(capacity: 100_000))
  private var text: TextPane {
    get { content.pane }
    set { content.pane = newValue }
  }
  /// Whether lines are recomputed on each tick (a live view such as drain progress).
  private let refresh: ((RenderContext) -> [String])?
  private var lastLines: [String] = []

  /// Creates a pane over fixed lines, or over lines recomputed every tick.
  public init(title: String, lines: [String], yaml: Bool = false, refresh: ((RenderContext) -> [String])? = nil) {
    self.title = [Span(title, role: .title)]
    self.refresh = refresh
    text.follows = false
    text.wraps = false
    if yaml {
      lines.forEach { text.append(spans: YAMLHighlighter.spans(for: $0)) }
    } else {
      text.setLines(lines)
    }
    lastLines = lines
  }

  /// The text shown (for tests).
  public var lines: [String] { text.lines.map(\.text) }

  public var hints: [KeyHintBar.Hint] {
    [KeyHintBar.Hint(.escape, "Back"), KeyHintBar.Hint(.character("/"), "Search"), KeyHintBar.Hint(.character("n"), "Next match"),
     KeyHintBar.Hint(.character("w"), "Wrap")]
  }

  public func tick(context: RenderContext) -> Bool {
    guard let refresh else { return false }
    let lines = refresh(context)
    guard lines != lastLines else { return false }
    lastLines = lines
    let top = text.topLine
    text.setLines(lines)
    text.scroll(by: top)
    return true
  }

  public func draw(into grid: inout CellGrid, in rect: Rect, context: RenderContext) {
    content.draw(into: &grid, in: rect)
  }

  public func handle(_ key: Key) -> EventResult {
    if content.handleSearch(key, jumpForward: true) { return [.handled, .redraw] }
    switch key {
    case .escape, .character("q"): return [.handled, .quit]
    case .character("/"):
      content.beginSearch()
      return [.handled, .redraw]
    case .character("w"):
      text.wraps.toggle()
      return [.handled, .redraw]
    default: return text.handle(key)
    }
  }
}
