import TerminalUI

/// A text pane with a `/` search line above it: what describe, YAML and log views share.
struct SearchableText {
  /// The text and its scroll state.
  var pane: TextPane
  /// The search being typed, if any.
  var prompt: CommandPrompt?

  init(pane: TextPane) {
    self.pane = pane
  }

  /// Opens the search line.
  mutating func beginSearch() {
    prompt = CommandPrompt(symbol: "/")
  }

  /// Feeds a key to an open search line; returns false when no search is open.
  mutating func handleSearch(_ key: Key, jumpForward: Bool) -> Bool {
    guard var editing = prompt else { return false }
    _ = editing.handle(key)
    switch editing.outcome {
    case .submitted(let term):
      pane.searchTerm = term.isEmpty ? nil : term
      prompt = nil
      if !term.isEmpty { pane.jumpToMatch(forward: jumpForward) }
    case .cancelled: prompt = nil
    case .editing: prompt = editing
    }
    return true
  }

  /// Draws the search line (when open) and the text.
  mutating func draw(into grid: inout CellGrid, in rect: Rect) {
    var area = rect
    if let prompt {
      let (top, rest) = rect.splitTop(1)
      prompt.draw(into: &grid, in: top)
      area = rest
    }
    pane.draw(into: &grid, in: area)
  }
}
