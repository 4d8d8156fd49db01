/// A modal yes/no question: a framed message with OK and Cancel buttons.
///
/// Keys: left/right/Tab move between buttons, Enter presses the focused one, `y` confirms,
/// `n` and Escape cancel. Read `outcome` after each key.
public struct ConfirmDialog: Sendable {
  /// The frame title.
  public var title: String
  /// The question (wrapped to the dialog width).
  public var message: String
  /// Button titles: confirm, cancel.
  public var buttons: (confirm: String, cancel: String)
  /// 0 = confirm focused, 1 = cancel focused.
  public private(set) var focusedButton: Int
  /// The result of the last key.
  public private(set) var outcome: DialogOutcome = .open
  /// Drawing characters.
  public var glyphs: Glyphs = .unicode

  /// Creates a dialog; dangerous actions should keep Cancel focused (the default).
  public init(title: String, message: String, confirm: String = "OK", cancel: String = "Cancel", focusesCancel: Bool = true) {
    self.title = title
    self.message = message
    self.buttons = (confirm, cancel)
    self.focusedButton = focusesCancel ? 1 : 0
  }

  /// Handles a key; the dialog consumes every key while open.
  public mutating func handle(_ key: Key) -> EventResult {
    switch key {
    case .left, .right, .tab, .backTab, .character("h"), .character("l"): focusedButton = 1 - focusedButton
    case .enter: outcome = focusedButton == 0 ? .confirmed : .cancelled
    case .character("y"), .character("Y"): outcome = .confirmed
    case .character("n"), .character("N"), .escape: outcome = .cancelled
    default: return .handled
    }
    return [.handled, .redraw]
  }

  /// Draws the dialog centred in `rect`.
  public func draw(into grid: inout CellGrid, in rect: Rect) {
    let width = min(rect.width, max(40, min(70, message.displayWidth + 4)))
    let text = DialogButtons.wrap(message, width: max(1, width - 4))
    let box = rect.centered(height: text.count + 5, width: width)
    let inner = Box(title: [Span(title, role: .title)], isFocused: true, glyphs: glyphs).draw(into: &grid, in: box, fill: .dialog)
    guard !inner.isEmpty else { return }
    for (offset, line) in text.enumerated() where inner.row + 1 + offset < inner.bottom - 1 {
      grid.write(line, row: inner.row + 1 + offset, column: inner.column + 1, role: .dialog, limit: inner.right - 1)
    }
    DialogButtons.draw([buttons.confirm, buttons.cancel], focused: focusedButton, into: &grid, row: inner.bottom - 1, rect: inner)
  }
}
