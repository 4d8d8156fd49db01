import TerminalUI

/// A read-only text view (describe, YAML, explain) with `/` search and highlight.
public final class TextViewPane: Pane {
  public let title: [Span]
  /// The text and its scroll state.
  public var text = TextPane(capacity: 100_000)
  private var search: CommandPrompt?
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
    var area = rect
    if let search {
      let (top, rest) = rect.splitTop(1)
      search.draw(into: &grid, in: top)
      area = rest
    }
    text.draw(into: &grid, in: area)
  }

  public func handle(_ key: Key) -> EventResult {
    if var prompt = search {
      _ = prompt.handle(key)
      switch prompt.outcome {
      case .submitted(let term):
        text.searchTerm = term.isEmpty ? nil : term
        search = nil
        text.jumpToMatch(forward: true)
      case .cancelled: search = nil
      case .editing: search = prompt
      }
      return [.handled, .redraw]
    }
    switch key {
    case .escape, .character("q"): return [.handled, .quit]
    case .character("/"):
      search = CommandPrompt(symbol: "/")
      return [.handled, .redraw]
    case .character("w"):
      text.wraps.toggle()
      return [.handled, .redraw]
    default: return text.handle(key)
    }
  }
}
