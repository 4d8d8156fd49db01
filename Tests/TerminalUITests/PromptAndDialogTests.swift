import Testing

@testable import TerminalUI

@Suite struct PromptAndDialogTests {
  func type(_ text: String, into prompt: inout CommandPrompt) {
    for character in text { _ = prompt.handle(.character(character)) }
  }

  @Test func lineEditing() {
    var editor = LineEditor("hello world")
    _ = editor.handle(.ctrl("w"))
    #expect(editor.text == "hello ")
    _ = editor.handle(.home)
    _ = editor.handle(.character(">"))
    #expect(editor.text == ">hello ")
    _ = editor.handle(.end)
    _ = editor.handle(.backspace)
    _ = editor.handle(.left)
    _ = editor.handle(.delete)
    #expect(editor.text == ">hell")
    _ = editor.handle(.ctrl("u"))
    #expect(editor.text == "")
    #expect(editor.handle(.function(5)) == .ignored)
  }

  @Test func completionExtendsToCommonPrefix() {
    var prompt = CommandPrompt(candidates: ["pods", "poddisruptionbudgets", "persistentvolumes", "nodes"])
    type("p", into: &prompt)
    _ = prompt.handle(.tab)
    #expect(prompt.text == "p")  // pods, pdb and pv share only "p"
    type("o", into: &prompt)
    #expect(prompt.suggestion == "ds")
    _ = prompt.handle(.tab)
    #expect(prompt.text == "pod")
    type("s", into: &prompt)
    #expect(prompt.suggestion == "")
    _ = prompt.handle(.enter)
    #expect(prompt.outcome == .submitted("pods"))
  }

  @Test func suggestionIsDrawnAfterTheText() {
    var prompt = CommandPrompt(candidates: ["deployments"])
    type("dep", into: &prompt)
    var grid = CellGrid(rows: 1, columns: 20)
    prompt.draw(into: &grid, in: grid.bounds)
    #expect(grid.text(row: 0) == ":deployments        ")
    #expect(grid.role(atRow: 0, column: 1) == .prompt)
    #expect(grid.role(atRow: 0, column: 4) == .promptCursor)
    #expect(grid.role(atRow: 0, column: 5) == .promptSuggestion)
    _ = prompt.handle(.right)
    #expect(prompt.text == "deployments")
  }

  @Test func historyRecallsPreviousCommands() {
    var prompt = CommandPrompt()
    for command in ["pods", "nodes"] {
      prompt.reset()
      type(command, into: &prompt)
      _ = prompt.handle(.enter)
    }
    prompt.reset()
    type("dr", into: &prompt)
    _ = prompt.handle(.up)
    #expect(prompt.text == "nodes")
    _ = prompt.handle(.up)
    #expect(prompt.text == "pods")
    _ = prompt.handle(.down)
    _ = prompt.handle(.down)
    #expect(prompt.text == "dr")
    _ = prompt.handle(.escape)
    #expect(prompt.outcome == .cancelled)
    #expect(prompt.history == ["pods", "nodes"])
  }

  @Test func confirmDialogKeys() {
    var dialog = ConfirmDialog(title: "Delete", message: "Delete pod nginx?")
    #expect(dialog.focusedButton == 1)
    _ = dialog.handle(.enter)
    #expect(dialog.outcome == .cancelled)
    dialog = ConfirmDialog(title: "Delete", message: "Delete pod nginx?")
    _ = dialog.handle(.tab)
    _ = dialog.handle(.enter)
    #expect(dialog.outcome == .confirmed)
    var grid = CellGrid(rows: 12, columns: 60)
    dialog.draw(into: &grid, in: grid.bounds)
    #expect(grid.lines.contains { $0.contains("Delete pod nginx?") })
    #expect(grid.lines.contains { $0.contains("< OK >  < Cancel >") })
    var tiny = CellGrid(rows: 2, columns: 3)
    dialog.draw(into: &tiny, in: tiny.bounds)
    #expect(tiny.isConsistent)
  }

  @Test func formDialogEditsFieldsAndTabs() {
    var form = FormDialog(title: "Scale", fields: [.text("Replicas", value: "3"), .checkbox("Record", checked: false)])
    _ = form.handle(.backspace)
    _ = form.handle(.character("5"))
    _ = form.handle(.tab)
    _ = form.handle(.character(" "))
    _ = form.handle(.tab)
    #expect(form.focus == 2)
    var grid = CellGrid(rows: 10, columns: 50)
    form.draw(into: &grid, in: grid.bounds)
    #expect(grid.lines.contains { $0.contains("Replicas 5") })
    #expect(grid.lines.contains { $0.contains("Record   [x]") })
    _ = form.handle(.enter)
    #expect(form.outcome == .confirmed)
    #expect(form.values.map(\.value) == [.text("5"), .checkbox(true)])
  }

  @Test func formNotesAreShownButNotEdited() {
    var form = FormDialog(title: "Labels", fields: [.note("Current", "app=web tier=frontend zone=seoul-1"), .text("Change", value: "")])
    #expect(form.focus == 1)
    _ = form.handle(.character("a"))
    _ = form.handle(.backTab)
    #expect(form.focus == 3)
    _ = form.handle(.tab)
    #expect(form.focus == 1)
    var grid = CellGrid(rows: 8, columns: 44)
    form.draw(into: &grid, in: grid.bounds)
    // Cut at its end with an ellipsis, its start kept.
    #expect(grid.lines.contains { $0.contains("Current app=web tier=frontend") && $0.contains("…") })
    #expect(form.values.map(\.value) == [.text("app=web tier=frontend zone=seoul-1"), .text("a")])
  }

  @Test func pickerMovesWrapsAndPicksByDigit() {
    var picker = PickerDialog(title: "Logs of web", items: ["init:setup", "nginx", "sidecar"], selected: 1)
    _ = picker.handle(.down)
    _ = picker.handle(.down)
    #expect(picker.selected == 0)
    _ = picker.handle(.up)
    #expect(picker.selected == 2 && picker.outcome == .open)
    var grid = CellGrid(rows: 10, columns: 40)
    picker.draw(into: &grid, in: grid.bounds)
    #expect(grid.lines.contains { $0.contains("  1 init:setup") })
    #expect(grid.lines.contains { $0.contains("> 3 sidecar") })
    let row = grid.lines.firstIndex { $0.contains("3 sidecar") } ?? 0
    #expect(grid.role(atRow: row, column: 20) == .dialogFieldFocus)
    _ = picker.handle(.character("2"))
    #expect(picker.outcome == .confirmed && picker.selected == 1)
    var empty = PickerDialog(title: "none", items: [])
    _ = empty.handle(.enter)
    #expect(empty.outcome == .cancelled)
  }

  @Test func flashExpiresWithSuppliedClock() {
    let start = ContinuousClock.now
    var flash = FlashLine(duration: .seconds(3))
    flash.show("Deleted pod nginx", level: .warning, at: start)
    #expect(flash.current(at: start.advanced(by: .seconds(2)))?.text == "Deleted pod nginx")
    #expect(flash.current(at: start.advanced(by: .seconds(3))) == nil)
    var grid = CellGrid(rows: 1, columns: 10)
    flash.draw(into: &grid, in: grid.bounds, at: start)
    #expect(grid.text(row: 0) == "Deleted p…")
    #expect(grid.role(atRow: 0, column: 0) == .flashWarning)
  }

  @Test func helpOverlayRendersSections() {
    let help = HelpOverlay(sections: [
      .init(title: "RESOURCE", entries: [.init("<ctrl-d>", "Delete"), .init("<s>", "Shell")]),
      .init(title: "NAVIGATION", entries: [.init("<j>", "Down")]),
    ])
    var grid = CellGrid(rows: 10, columns: 40)
    help.draw(into: &grid, in: grid.bounds)
    let lines = grid.lines
    #expect(lines[1].contains("RESOURCE"))
    #expect(lines[2].contains("<ctrl-d> Delete"))
    #expect(lines[3].contains("<s>      Shell"))
    #expect(lines[5].contains("NAVIGATION"))
    #expect(grid.role(atRow: 2, column: 2) == .helpKey)
  }

  @Test func boxTitleAndHints() {
    var grid = CellGrid(rows: 3, columns: 20)
    Box(title: [Span("pods", role: .title), Span("[3]", role: .titleCounter)]).draw(into: &grid, in: grid.bounds)
    #expect(grid.lines == ["┌──── pods[3] ─────┐", "│                  │", "└──────────────────┘"])
    var bar = CellGrid(rows: 1, columns: 24)
    KeyHintBar(hints: [.init(.ctrl("d"), "Delete"), .init(.character("s"), "Shell")]).draw(into: &bar, in: bar.bounds)
    #expect(bar.text(row: 0) == "<ctrl-d> Delete         ")
  }

  @Test func tooSmallNoticeAtAnySize() {
    let notice = TooSmallNotice(minimumRows: 10, minimumColumns: 40)
    for (rows, columns) in [(1, 1), (1, 5), (2, 20), (5, 30), (0, 0)] {
      var grid = CellGrid(rows: rows, columns: columns)
      notice.draw(into: &grid)
      #expect(grid.isConsistent)
    }
    var grid = CellGrid(rows: 3, columns: 20)
    notice.draw(into: &grid)
    #expect(grid.trimmedLines == [" Terminal too small", "  20x3, need 40x10", ""])
  }
}
