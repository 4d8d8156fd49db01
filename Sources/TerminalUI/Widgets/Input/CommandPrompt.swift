/// The `:` / `/` command line: editing, history, and Tab completion from supplied candidates.
///
/// The suggestion (the rest of the first candidate that extends the typed text) is drawn
/// after the cursor in `promptSuggestion`, as k9s does; Tab (or right arrow at the end)
/// accepts the longest common prefix of all matching candidates.
public struct CommandPrompt: Sendable {
  /// What a key did to the prompt.
  public enum Outcome: Sendable, Hashable {
    /// Still editing.
    case editing
    /// Enter was pressed with this text.
    case submitted(String)
    /// Escape was pressed.
    case cancelled
  }

  /// The symbol before the text, e.g. `:` or `/`.
  public var symbol: String
  /// The text being edited.
  public var editor = LineEditor()
  /// Completion candidates (for example resource names and aliases).
  public var candidates: [String]
  /// Previous submissions, oldest first.
  public private(set) var history: [String] = []
  /// How many history entries are kept.
  public var historyLimit: Int = 100
  /// The result of the last key.
  public private(set) var outcome: Outcome = .editing
  private var historyIndex: Int?
  private var draft = ""

  /// Creates a prompt.
  public init(symbol: String = ":", candidates: [String] = [], history: [String] = []) {
    self.symbol = symbol
    self.candidates = candidates
    self.history = history
  }

  /// The current text.
  public var text: String { editor.text }

  /// Clears the text and outcome for a new entry (history is kept).
  public mutating func reset(text: String = "") {
    editor = LineEditor(text)
    outcome = .editing
    historyIndex = nil
  }

  /// Candidates that start with the current text (case-insensitive), in the given order.
  public var matches: [String] {
    let typed = text.lowercased()
    guard !typed.isEmpty else { return [] }
    return candidates.filter { $0.lowercased().hasPrefix(typed) && $0.count > typed.count }
  }

  /// The text completion would add (shown greyed after the cursor).
  public var suggestion: String {
    guard editor.cursor == editor.characters.count, let first = matches.first else { return "" }
    return String(first.dropFirst(text.count))
  }

  /// Handles a key; read `outcome` afterwards.
  public mutating func handle(_ key: Key) -> EventResult {
    outcome = .editing
    switch key {
    case .enter:
      let submitted = text.trimmingWhitespace()
      if !submitted.isEmpty && history.last != submitted {
        history.append(submitted)
        if history.count > historyLimit { history.removeFirst(history.count - historyLimit) }
      }
      historyIndex = nil
      outcome = .submitted(submitted)
      return [.handled, .redraw]
    case .escape:
      historyIndex = nil
      outcome = .cancelled
      return [.handled, .redraw]
    case .tab:
      complete()
      return [.handled, .redraw]
    case .right where editor.cursor == editor.characters.count && !suggestion.isEmpty:
      editor.text = text + suggestion
      return [.handled, .redraw]
    case .up:
      recall(offset: -1)
      return [.handled, .redraw]
    case .down:
      recall(offset: 1)
      return [.handled, .redraw]
    default:
      return editor.handle(key)
    }
  }

  /// Completes to the longest common prefix of the matching candidates.
  public mutating func complete() {
    let found = matches
    guard let first = found.first else { return }
    var prefix = Array(first)
    for candidate in found.dropFirst() {
      let other = Array(candidate)
      var length = 0
      while length < min(prefix.count, other.count)
        && String(prefix[length]).lowercased() == String(other[length]).lowercased()
      {
        length += 1
      }
      prefix = Array(prefix[0..<length])
    }
    if prefix.count > editor.characters.count { editor.text = String(prefix) }
  }

  private mutating func recall(offset: Int) {
    guard !history.isEmpty else { return }
    if historyIndex == nil { draft = text }
    let next = (historyIndex ?? history.count) + offset
    if next >= history.count {
      historyIndex = nil
      editor.text = draft
    } else {
      historyIndex = max(0, next)
      editor.text = history[max(0, next)]
    }
  }

  /// Draws the prompt on the first row of `rect`: symbol, text, cursor, suggestion.
  public func draw(into grid: inout CellGrid, in rect: Rect, showsCursor: Bool = true) {
    guard rect.height > 0, rect.width > 0 else { return }
    grid.fill(Rect(row: rect.row, column: rect.column, height: 1, width: rect.width), role: .prompt)
    let x = grid.write(symbol, row: rect.row, column: rect.column, role: .prompt, limit: rect.right)
    let width = rect.right - x
    guard width > 0 else { return }
    editor.draw(into: &grid, row: rect.row, column: x, width: width, role: .prompt, cursorRole: showsCursor ? .promptCursor : nil)
    let typedWidth = text.displayWidth
    if !suggestion.isEmpty && typedWidth + 1 < width {
      let start = x + typedWidth
      // The cursor cell sits on the suggestion's first character.
      grid.write(suggestion, row: rect.row, column: start, role: .promptSuggestion, limit: rect.right)
      if showsCursor, let first = suggestion.first {
        grid.put(first, row: rect.row, column: start, role: .promptCursor, limit: rect.right)
      }
    }
  }
}
