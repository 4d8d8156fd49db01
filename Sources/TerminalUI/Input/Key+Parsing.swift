extension Key {
  private static let named: [String: Key] = [
    "up": .up, "down": .down, "left": .left, "right": .right,
    "pgup": .pageUp, "pageup": .pageUp, "pgdn": .pageDown, "pgdown": .pageDown, "pagedown": .pageDown,
    "home": .home, "end": .end, "enter": .enter, "return": .enter, "esc": .escape, "escape": .escape,
    "backspace": .backspace, "bs": .backspace, "delete": .delete, "del": .delete, "insert": .insert, "ins": .insert,
    "tab": .tab, "backtab": .backTab, "shift-tab": .backTab, "space": .character(" "), "resize": .resize,
  ]

  /// Parses a key as written in keymap files: `ctrl-d`, `shift-g`, `G`, `space`, `enter`,
  /// `esc`, `pgdn`, `f1`, `?`, `<ctrl-d>`. Case-insensitive for names; nil when unknown.
  public init?(parsing text: String) {
    var spec = text.trimmingWhitespace()
    if spec.hasPrefix("<") && spec.hasSuffix(">") && spec.count > 2 {
      spec = String(spec.dropFirst().dropLast())
    }
    if spec.count == 1, let character = spec.first {
      guard let scalar = character.unicodeScalars.first, scalar.value >= 0x20 else { return nil }
      self = .character(character)
      return
    }
    let lower = spec.lowercased()
    if let key = Key.named[lower] {
      self = key
      return
    }
    if lower.hasPrefix("ctrl-") || lower.hasPrefix("c-") || lower.hasPrefix("^") {
      let rest = lower.hasPrefix("^") ? lower.dropFirst() : lower.drop(while: { $0 != "-" }).dropFirst()
      guard rest.count == 1, let letter = rest.first, letter.isLetter || letter == " " else { return nil }
      self = .ctrl(letter)
      return
    }
    if lower.hasPrefix("shift-") {
      let rest = spec.dropFirst(6)
      if rest.lowercased() == "tab" {
        self = .backTab
        return
      }
      guard rest.count == 1, let letter = rest.first, letter.isLetter else { return nil }
      self = .character(Character(letter.uppercased()))
      return
    }
    if lower.hasPrefix("f"), let number = Int(lower.dropFirst()), (1...24).contains(number) {
      self = .function(number)
      return
    }
    return nil
  }

  /// The name shown in hints and help, as k9s writes keys: `<ctrl-d>`, `<shift-g>`, `<enter>`, `<?>`.
  public var displayName: String { "<\(name)>" }

  /// The name without brackets; `Key(parsing:)` reads it back.
  public var name: String {
    switch self {
    case .character(" "): return "space"
    case .character(let character):
      if character.isUppercase, character.isLetter { return "shift-" + character.lowercased() }
      return String(character)
    case .ctrl(let character): return "ctrl-\(character)"
    case .up: return "up"
    case .down: return "down"
    case .left: return "left"
    case .right: return "right"
    case .pageUp: return "pgup"
    case .pageDown: return "pgdn"
    case .home: return "home"
    case .end: return "end"
    case .enter: return "enter"
    case .escape: return "esc"
    case .backspace: return "backspace"
    case .delete: return "delete"
    case .insert: return "insert"
    case .tab: return "tab"
    case .backTab: return "shift-tab"
    case .function(let number): return "f\(number)"
    case .resize: return "resize"
    case .mouse: return "mouse"
    }
  }
}

extension String {
  func trimmingWhitespace() -> String {
    String(drop(while: { $0.isWhitespace }).reversed().drop(while: { $0.isWhitespace }).reversed())
  }
}
