import KubeModel
import TerminalUI

/// The one table that maps keys to actions, per view: it drives dispatch, the footer hints
/// and the `?` help, so they cannot drift apart. A keymap file can rebind keys.
public struct Keymap: Sendable {
  /// Bindings that work in every view.
  public var global: [KeyBinding]
  /// Bindings of one view, by resource plural (`nodes`, `pods`, `deployments`).
  public var views: [String: [KeyBinding]]

  /// Creates a keymap.
  public init(global: [KeyBinding], views: [String: [KeyBinding]]) {
    self.global = global
    self.views = views
  }

  /// The k9s-compatible defaults.
  public static let standard = Keymap(
    global: [
      KeyBinding(.character(":"), .command, "Command"),
      KeyBinding(.character("/"), .filter, "Filter"),
      KeyBinding(.character("?"), .help, "Help"),
      KeyBinding(.escape, .back, "Back", hint: false),
      KeyBinding(.character("q"), .quit, "Back/Quit", hint: false),
      KeyBinding(.ctrl("c"), .quitNow, "Quit", hint: false),
      KeyBinding(.enter, .drillDown, "View", hint: false),
      KeyBinding(.character("d"), .describe, "Describe"),
      KeyBinding(.character("y"), .yaml, "YAML"),
      KeyBinding(.character("e"), .edit, "Edit"),
      KeyBinding(.ctrl("d"), .delete, "Delete", confirm: true),
      KeyBinding(.character("w"), .toggleWide, "Wide", hint: false),
      KeyBinding(.character("N"), .sortName, "Sort name", hint: false),
      KeyBinding(.character("A"), .sortAge, "Sort age", hint: false),
      KeyBinding(.character("T"), .nextTheme, "Next theme", hint: false),
      KeyBinding(.character(" "), .togglePause, "Pause", hint: false),
      KeyBinding(.character("+"), .faster, "Faster", hint: false),
      KeyBinding(.character("-"), .slower, "Slower", hint: false),
    ],
    views: [
      "nodes": [
        KeyBinding(.character("c"), .cordon, "Cordon"),
        KeyBinding(.character("u"), .uncordon, "Uncordon"),
        KeyBinding(.character("r"), .drain, "Drain"),
        KeyBinding(.character("L"), .editLabels, "Labels"),
        KeyBinding(.character("F"), .togglePower, "Power", confirm: true),
        KeyBinding(.character("a"), .joinNode, "Join node"),
        KeyBinding(.character("C"), .sortCPU, "Sort CPU", hint: false),
        KeyBinding(.character("M"), .sortMemory, "Sort MEM", hint: false),
      ],
      "pods": [
        KeyBinding(.character("l"), .logs, "Logs"),
        KeyBinding(.character("p"), .previousLogs, "Logs previous"),
        KeyBinding(.character("s"), .shell, "Shell"),
        KeyBinding(.character("x"), .explain, "Explain"),
        KeyBinding(.character("F"), .portForward, "Port-forward"),
        KeyBinding(.character("L"), .editLabels, "Labels"),
        KeyBinding(.character("R"), .sortReady, "Sort ready", hint: false),
        KeyBinding(.character("S"), .sortStatus, "Sort status", hint: false),
        KeyBinding(.character("T"), .sortRestarts, "Sort restarts", hint: false),
        KeyBinding(.character("C"), .sortCPU, "Sort CPU", hint: false),
        KeyBinding(.character("M"), .sortMemory, "Sort MEM", hint: false),
        KeyBinding(.character("I"), .sortIP, "Sort IP", hint: false),
        KeyBinding(.character("O"), .sortNode, "Sort node", hint: false),
      ],
      "deployments": [
        KeyBinding(.character("s"), .scale, "Scale"),
        KeyBinding(.character("R"), .restart, "Restart", confirm: true),
        KeyBinding(.character("U"), .undo, "Undo", confirm: true),
        KeyBinding(.character("h"), .history, "History"),
      ],
      "services": [
        KeyBinding(.character("t"), .traffic, "Load"),
      ],
      "secrets": [
        KeyBinding(.character("x"), .decodeSecret, "Decode"),
      ],
    ])

  /// The bindings active in a view: the view's own first, then the global ones.
  public func bindings(for resource: ResourceType) -> [KeyBinding] {
    (views[resource.plural] ?? []) + global
  }

  /// The binding a key triggers in a view.
  public func binding(for key: Key, in resource: ResourceType) -> KeyBinding? {
    bindings(for: resource).first { $0.key == key }
  }

  /// Footer hints for a view.
  public func hints(for resource: ResourceType, simulated: Bool = true) -> [KeyHintBar.Hint] {
    bindings(for: resource).filter { $0.isHinted && (simulated || !$0.action.needsSimulation) }
      .map { KeyHintBar.Hint($0.key, $0.title) }
  }

  /// The `?` screen for a view.
  public func helpSections(for resource: ResourceType) -> [HelpOverlay.Section] {
    func entries(_ list: [KeyBinding]) -> [HelpOverlay.Entry] {
      list.map { HelpOverlay.Entry($0.key.displayName, $0.title + ($0.needsConfirmation ? " (confirm)" : "")) }
    }
    var sections: [HelpOverlay.Section] = []
    if let own = views[resource.plural], !own.isEmpty {
      sections.append(HelpOverlay.Section(title: resource.plural.uppercased(), entries: entries(own)))
    }
    // A global binding whose key the view binds itself does not apply here.
    let ownKeys = Set((views[resource.plural] ?? []).map(\.key))
    sections.append(HelpOverlay.Section(title: "GENERAL", entries: entries(global.filter { !ownKeys.contains($0.key) })))
    sections.append(
      HelpOverlay.Section(
        title: "NAVIGATION",
        entries: [
          HelpOverlay.Entry("<j>/<down>", "Down"), HelpOverlay.Entry("<k>/<up>", "Up"),
          HelpOverlay.Entry("<pgdn>", "Page down"), HelpOverlay.Entry("<pgup>", "Page up"),
          HelpOverlay.Entry("<g>", "Top"), HelpOverlay.Entry("<shift-g>", "Bottom"),
        ]))
    return sections
  }

  /// Binds `action` to `key` in a view (nil: the global table); the key's old meaning in that
  /// table is removed.
  public mutating func rebind(_ action: Action, to key: Key, view: String?) {
    func apply(_ list: inout [KeyBinding]) -> Bool {
      guard let index = list.firstIndex(where: { $0.action == action }) else { return false }
      list.removeAll { $0.key == key && $0.action != action }
      if let again = list.firstIndex(where: { $0.action == action }) { list[again].key = key }
      _ = index
      return true
    }
    if let view {
      var list = views[view] ?? []
      if !apply(&list) {
        let title = (Keymap.standard.global + Keymap.standard.views.values.flatMap { $0 })
          .first { $0.action == action }?.title ?? action.rawValue
        list.append(KeyBinding(key, action, title))
      }
      views[view] = list
    } else {
      _ = apply(&global)
    }
  }
}
