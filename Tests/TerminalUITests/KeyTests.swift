import Testing

@testable import TerminalUI

@Suite struct KeyTests {
  @Test func parsesKeymapNames() {
    #expect(Key(parsing: "ctrl-d") == .ctrl("d"))
    #expect(Key(parsing: "Ctrl-D") == .ctrl("d"))
    #expect(Key(parsing: "shift-g") == .character("G"))
    #expect(Key(parsing: "G") == .character("G"))
    #expect(Key(parsing: "g") == .character("g"))
    #expect(Key(parsing: "space") == .character(" "))
    #expect(Key(parsing: "enter") == .enter)
    #expect(Key(parsing: "esc") == .escape)
    #expect(Key(parsing: "pgdn") == .pageDown)
    #expect(Key(parsing: "pgup") == .pageUp)
    #expect(Key(parsing: "f1") == .function(1))
    #expect(Key(parsing: "F12") == .function(12))
    #expect(Key(parsing: "?") == .character("?"))
    #expect(Key(parsing: "<ctrl-d>") == .ctrl("d"))
    #expect(Key(parsing: "shift-tab") == .backTab)
    #expect(Key(parsing: "tab") == .tab)
  }

  @Test func rejectsUnknownNames() {
    #expect(Key(parsing: "hyper-x") == nil)
    #expect(Key(parsing: "f99") == nil)
    #expect(Key(parsing: "ctrl-") == nil)
    #expect(Key(parsing: "") == nil)
  }

  @Test func displayNamesRoundTrip() {
    let keys: [Key] = [.ctrl("d"), .character("G"), .character("s"), .character(" "), .enter, .escape, .pageDown, .function(1), .backTab, .character("?")]
    #expect(Key.ctrl("d").displayName == "<ctrl-d>")
    #expect(Key.character("G").displayName == "<shift-g>")
    #expect(Key.character(" ").displayName == "<space>")
    for key in keys {
      #expect(Key(parsing: key.displayName) == key)
    }
  }

  @Test func controlCodesDecode() {
    #expect(Key(scalar: "\u{04}") == .ctrl("d"))
    #expect(Key(scalar: "\t") == .tab)
    #expect(Key(scalar: "\r") == .enter)
    #expect(Key(scalar: "\u{1B}") == .escape)
    #expect(Key(scalar: "\u{7F}") == .backspace)
    #expect(Key(scalar: "한") == .character("한"))
  }

  @Test func eventResultCombines() {
    let result: EventResult = [.handled, .redraw]
    #expect(result.contains(.redraw))
    #expect(!result.contains(.quit))
    #expect(EventResult.ignored.isEmpty)
  }
}
