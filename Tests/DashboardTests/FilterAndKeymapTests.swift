import Dashboard
import KubeModel
import TerminalUI
import Testing

@Suite struct FilterAndKeymapTests {
  @Test func textFilterMatchesNamespaceAndName() throws {
    let filter = try ViewFilter(parsing: "WEB")
    #expect(filter.matches(namespace: "default", name: "web-1", labels: [:]))
    #expect(!filter.matches(namespace: "default", name: "api", labels: [:]))
    let byNamespace = try ViewFilter(parsing: "team-a/")
    #expect(byNamespace.matches(namespace: "team-a", name: "hog", labels: [:]))
    // A miss on the name asks the row, with the lower-cased text.
    #expect(filter.matches(namespace: "default", name: "api", labels: [:]) { $0 == "web" })
    #expect(!filter.matches(namespace: "default", name: "api", labels: [:]) { _ in false })
    #expect(ViewFilter.cells(["api", "Running", "worker-1"], contain: "running"))
    #expect(!ViewFilter.cells(["api", "Pending"], contain: "running"))
  }

  @Test func labelFilterAndInversion() throws {
    let simple = try ViewFilter(parsing: "-l app in (web,api)")
    #expect(simple.matches(namespace: "", name: "x", labels: ["app": "api"]))
    #expect(!simple.matches(namespace: "", name: "x", labels: ["app": "db"]))
    let inverted = try ViewFilter(parsing: "! -l app=web")
    #expect(inverted.isInverted)
    #expect(!inverted.matches(namespace: "", name: "x", labels: ["app": "web"]))
    #expect(inverted.matches(namespace: "", name: "x", labels: ["app": "db"]))
    let invertedText = try ViewFilter(parsing: "!web")
    #expect(!invertedText.matches(namespace: "", name: "web-1", labels: [:]))
    #expect(throws: SelectorError.self) { try ViewFilter(parsing: "-l app in (web") }
    #expect(throws: SelectorError.self) { try ViewFilter(parsing: "-l") }
  }

  @Test func keymapDrivesHintsAndHelp() {
    let keymap = Keymap.standard
    let hints = keymap.hints(for: .nodes).map { "\($0.key) \($0.title)" }
    #expect(Array(hints.prefix(4)) == ["<c> Cordon", "<u> Uncordon", "<r> Drain", "<shift-l> Labels"])
    let help = keymap.helpSections(for: .pods)
    #expect(help.map(\.title) == ["PODS", "GENERAL", "NAVIGATION"])
    #expect(
      help[0].entries.map(\.key) == [
        "<l>", "<p>", "<s>", "<x>", "<shift-f>", "<shift-l>", "<shift-r>", "<shift-s>", "<shift-t>", "<shift-c>", "<shift-m>",
        "<shift-i>", "<shift-o>",
      ])
    #expect(help[1].entries.contains(HelpOverlay.Entry("<ctrl-d>", "Delete (confirm)")))
    // The pods' own <shift-t> (sort by restarts, as in k9s) hides the global theme key there.
    #expect(keymap.binding(for: .character("T"), in: .pods)?.action == .sortRestarts)
    #expect(!help[1].entries.contains { $0.key == "<shift-t>" })
    #expect(keymap.helpSections(for: .deployments)[1].entries.contains(HelpOverlay.Entry("<shift-t>", "Next theme")))
    #expect(keymap.binding(for: .character("s"), in: .deployments)?.action == .scale)
    #expect(keymap.binding(for: .character("s"), in: .pods)?.action == .shell)
    #expect(keymap.binding(for: .character("c"), in: .pods) == nil)
  }

  @Test func keymapFileRebinds() throws {
    let text = """
      global:
        delete: ctrl-x
      nodes:
        cordon: C
      """
    let keymap = try KeymapFile.apply(text, to: .standard)
    #expect(keymap.binding(for: .ctrl("x"), in: .pods)?.action == .delete)
    #expect(keymap.binding(for: .ctrl("d"), in: .pods) == nil)
    #expect(keymap.binding(for: .character("C"), in: .nodes)?.action == .cordon)
    #expect(keymap.binding(for: .character("c"), in: .nodes) == nil)
    #expect(throws: KeymapFile.Problem.self) { try KeymapFile.apply("nodes:\n  fly: x\n", to: .standard) }
    #expect(throws: KeymapFile.Problem.self) { try KeymapFile.apply("widgets:\n  cordon: x\n", to: .standard) }
    #expect(throws: KeymapFile.Problem.self) { try KeymapFile.apply("nodes:\n  cordon: ctrl-\n", to: .standard) }
  }

  @Test func scriptParsing() throws {
    let steps = try DashboardScript.parse("# demo\ntype :no\nkey enter\nwait 1.5\nkey G\nquit\n")
    #expect(steps.count == 6)
    #expect(steps[3].key == .enter)
    #expect(steps[4].at == .milliseconds(1500))
    #expect(steps[5].key == nil)
    #expect(throws: CommandError.self) { try DashboardScript.parse("jump 3") }
  }
}
