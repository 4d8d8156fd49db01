/// A modal list to pick one item from (a pod's containers, say), numbered from 1.
///
/// Keys: up/down (or `k`/`j`) move the selection, Enter picks it, a digit picks that item
/// at once, Escape cancels. Read `outcome` and `selected` after each key.
public struct PickerDialog: Sendable {
  /// The frame title.
  public var title: String
  /// The items, top to bottom.
  public var items: [String]
  /// The highlighted item.
  public private(set) var selected: Int
  /// The result of the last key.
  public private(set) var outcome: DialogOutcome = .open
  /// Drawing characters.
  public var glyphs: Glyphs = .unicode

  /// Creates a picker with `selected` highlighted (clamped to the items).
  public init(title: String, items: [String], selected: Int = 0) {
    self.title = title
    self.items = items
    self.selected = items.isEmpty ? 0 : min(max(selected, 0), items.count - 1)
  }

  /// Handles a key; the picker consumes every key while open.
  public mutating func handle(_ key: Key) -> EventResult {
    guard !items.isEmpty else {
      outcome = .cancelled
      return [.handled, .redraw]
    }
    switch key {
    case .up, .character("k"): selected = (selected + items.count - 1) % items.count
    case .down, .character("j"), .tab: selected = (selected + 1) % items.count
    case .home: selected = 0
    case .end: selected = items.count - 1
    case .enter: outcome = .confirmed
    case .escape: outcome = .cancelled
    case .character(let character):
      guard let digit = character.wholeNumberValue, digit >= 1, digit <= min(items.count, 9) else { return .handled }
      selected = digit - 1
      outcome = .confirmed
    default: return .handled
    }
    return [.handled, .redraw]
  }

  /// Draws the picker centred in `rect`; items that do not fit are scrolled to keep the
  /// selection in view.
  public func draw(into grid: inout CellGrid, in rect: Rect) {
    // The selection is marked as well as coloured, so it reads in any theme (and in a
    // screen capture).
    let labels = items.enumerated().map { index, item in
      (index == selected ? "> " : "  ") + (index < 9 ? "\(index + 1) \(item)" : "  \(item)")
    }
    let widest = max(labels.map(\.displayWidth).max() ?? 0, title.displayWidth + 2)
    let width = min(rect.width, max(30, widest + 6))
    let box = rect.centered(height: min(rect.height, items.count + 4), width: width)
    let inner = Box(title: [Span(title, role: .title)], isFocused: true, glyphs: glyphs).draw(into: &grid, in: box, fill: .dialog)
    guard !inner.isEmpty else { return }
    let visible = max(1, inner.height - 2)
    let first = min(max(0, selected - visible + 1), max(0, items.count - visible))
    for (offset, index) in (first..<min(items.count, first + visible)).enumerated() {
      let row = inner.row + 1 + offset
      let role: ColorRole = index == selected ? .dialogFieldFocus : .dialog
      grid.write(labels[index].padded(to: max(0, inner.width - 2)), row: row, column: inner.column + 1, role: role, limit: inner.right - 1)
    }
  }
}
