/// A modal form: a few labelled text or checkbox fields, then OK and Cancel.
///
/// Tab / Shift-Tab (or down/up) move focus through the fields and buttons; typing edits the
/// focused text field; space toggles a checkbox; Enter on a field moves on, Enter on OK
/// confirms; Escape cancels. Read `values` once `outcome` is `.confirmed`.
public struct FormDialog: Sendable {
  /// One form field.
  public struct Field: Sendable {
    /// What the field holds.
    public enum Kind: Sendable {
      /// Free text.
      case text(LineEditor)
      /// A yes/no box.
      case checkbox(Bool)
      /// Text shown for reference, not edited: focus passes over it.
      case note(String)
    }
    /// The label shown before the field.
    public var label: String
    /// The field's value.
    public var kind: Kind

    /// A text field.
    public static func text(_ label: String, value: String = "") -> Field { Field(label: label, kind: .text(LineEditor(value))) }
    /// A checkbox.
    public static func checkbox(_ label: String, checked: Bool = false) -> Field { Field(label: label, kind: .checkbox(checked)) }
    /// A read-only line of text.
    public static func note(_ label: String, _ text: String) -> Field { Field(label: label, kind: .note(text)) }

    var isFocusable: Bool {
      if case .note = kind { return false }
      return true
    }
  }

  /// A field's value, for reading the result.
  public enum Value: Sendable, Hashable {
    /// Text content.
    case text(String)
    /// Checkbox state.
    case checkbox(Bool)
  }

  /// The frame title.
  public var title: String
  /// The fields, top to bottom.
  public var fields: [Field]
  /// Focus: 0..<fields.count are fields, then OK, then Cancel.
  public private(set) var focus: Int = 0
  /// The result of the last key.
  public private(set) var outcome: DialogOutcome = .open
  /// Drawing characters.
  public var glyphs: Glyphs = .unicode

  /// Creates a form.
  public init(title: String, fields: [Field]) {
    self.title = title
    self.fields = fields
    focus = fields.firstIndex(where: \.isFocusable) ?? fields.count
  }

  /// The values by label, in field order.
  public var values: [(label: String, value: Value)] {
    fields.map { field in
      switch field.kind {
      case .text(let editor): return (field.label, .text(editor.text))
      case .checkbox(let checked): return (field.label, .checkbox(checked))
      case .note(let text): return (field.label, .text(text))
      }
    }
  }

  private var focusCount: Int { fields.count + 2 }

  /// Handles a key; the form consumes every key while open.
  public mutating func handle(_ key: Key) -> EventResult {
    switch key {
    case .tab, .down: moveFocus(by: 1)
    case .backTab, .up: moveFocus(by: -1)
    case .escape: outcome = .cancelled
    case .enter:
      if focus == fields.count {
        outcome = .confirmed
      } else if focus == fields.count + 1 {
        outcome = .cancelled
      } else {
        moveFocus(by: 1)
      }
    default:
      guard focus < fields.count else {
        if key == .left || key == .right { focus = focus == fields.count ? fields.count + 1 : fields.count }
        return [.handled, .redraw]
      }
      switch fields[focus].kind {
      case .text(var editor):
        _ = editor.handle(key)
        fields[focus].kind = .text(editor)
      case .checkbox(let checked):
        if key == .character(" ") || key == .character("x") { fields[focus].kind = .checkbox(!checked) }
      case .note:
        break
      }
    }
    return [.handled, .redraw]
  }

  /// Moves focus one place forward or back, passing over read-only fields.
  private mutating func moveFocus(by step: Int) {
    for _ in 0..<focusCount {
      focus = (focus + step + focusCount) % focusCount
      if focus >= fields.count || fields[focus].isFocusable { return }
    }
  }

  /// Draws the form centred in `rect`.
  public func draw(into grid: inout CellGrid, in rect: Rect) {
    let labelWidth = min(24, fields.map { $0.label.displayWidth }.max() ?? 0)
    // Wide enough for a note to be read whole when the screen allows.
    let noteWidth = fields.map { field in
      if case .note(let text) = field.kind { return text.displayWidth }
      return 0
    }.max() ?? 0
    let width = min(rect.width, max(44, labelWidth + 34, labelWidth + noteWidth + 5))
    let box = rect.centered(height: fields.count + 5, width: width)
    let inner = Box(title: [Span(title, role: .title)], isFocused: true, glyphs: glyphs).draw(into: &grid, in: box, fill: .dialog)
    guard !inner.isEmpty else { return }
    for (index, field) in fields.enumerated() {
      let row = inner.row + 1 + index
      guard row < inner.bottom - 1 else { break }
      let x = grid.write(field.label.padded(to: labelWidth) + " ", row: row, column: inner.column + 1, role: .dialogLabel, limit: inner.right)
      let fieldWidth = inner.right - 1 - x
      let focused = index == focus
      switch field.kind {
      case .text(let editor):
        editor.draw(
          into: &grid, row: row, column: x, width: fieldWidth, role: focused ? .dialogFieldFocus : .dialogField,
          cursorRole: focused ? .promptCursor : nil)
      case .checkbox(let checked):
        grid.write(checked ? glyphs.checkboxOn : glyphs.checkboxOff, row: row, column: x, role: focused ? .dialogFieldFocus : .dialogField, limit: inner.right)
      case .note(let text):
        // From its start, with an ellipsis where it is cut.
        grid.write(text.truncated(to: fieldWidth), row: row, column: x, role: .dialogLabel, limit: inner.right - 1)
      }
    }
    let buttonFocus = focus >= fields.count ? focus - fields.count : nil
    DialogButtons.draw(["OK", "Cancel"], focused: buttonFocus, into: &grid, row: inner.bottom - 1, rect: inner)
  }
}
