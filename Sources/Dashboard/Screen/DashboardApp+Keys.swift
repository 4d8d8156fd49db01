import KubeModel
import TerminalUI

extension DashboardApp {
  /// Handles one key: overlays first, then the pane, then the view's keymap, then movement.
  public func handle(_ key: Key) -> EventResult {
    if key == .resize { return .redraw }
    // Ctrl-C quits, except in a pane that takes it itself (the shell interrupts its line).
    if key == .ctrl("c") {
      guard case .none = overlay, let pane, pane.takesInterrupt else { return .quit }
      return pane.handle(key)
    }
    switch overlay {
    case .none: break
    case .command(var prompt):
      _ = prompt.handle(key)
      switch prompt.outcome {
      case .editing: overlay = .command(prompt)
      case .cancelled: overlay = .none
      case .submitted(let line):
        overlay = .none
        return runCommandLine(line)
      }
      return [.handled, .redraw]
    case .filter(var prompt):
      _ = prompt.handle(key)
      switch prompt.outcome {
      case .editing: overlay = .filter(prompt)
      case .cancelled: overlay = .none
      case .submitted(let text):
        overlay = .none
        applyFilter(text)
      }
      return [.handled, .redraw]
    case .help:
      overlay = .none
      return [.handled, .redraw]
    case .confirm(var dialog, let action):
      _ = dialog.handle(key)
      switch dialog.outcome {
      case .open: overlay = .confirm(dialog, action)
      case .cancelled: overlay = .none
      case .confirmed:
        overlay = .none
        action()
      }
      return [.handled, .redraw]
    case .pick(var picker, let action):
      _ = picker.handle(key)
      switch picker.outcome {
      case .open: overlay = .pick(picker, action)
      case .cancelled: overlay = .none
      case .confirmed:
        overlay = .none
        action(picker.selected)
      }
      return [.handled, .redraw]
    case .form(var form, let action):
      _ = form.handle(key)
      switch form.outcome {
      case .open: overlay = .form(form, action)
      case .cancelled: overlay = .none
      case .confirmed:
        overlay = .none
        action(form.values)
      }
      return [.handled, .redraw]
    }
    if let pane {
      let result = pane.handle(key)
      if result.contains(.quit) {
        closePane()
        return [.handled, .redraw]
      }
      if !result.isEmpty { return result }
      if key == .character(":") || key == .character("?") {
        // fall through to the global bindings below
      } else {
        return .handled
      }
    }
    guard let view = current else { return .ignored }
    view.refresh(context: renderContext())
    if let binding = keymap.binding(for: key, in: view.resource) {
      // Power asks which way it switches: the node's power is read first, then confirmed.
      if binding.action == .togglePower { return askPower(view.selectedObject as? Node) }
      if binding.needsConfirmation, let question = confirmation(for: binding.action, in: view) {
        overlay = .confirm(ConfirmDialog(title: binding.title, message: question), { [weak self] in self?.perform(binding.action) })
        return [.handled, .redraw]
      }
      return perform(binding.action)
    }
    return view.handleNavigation(key)
  }

  /// Runs an action of the keymap.
  @discardableResult
  func perform(_ action: Action) -> EventResult {
    guard let view = current else { return .ignored }
    if action.needsSimulation, simulation == nil { return notSimulated() }
    let selected = view.selectedObject
    switch action {
    case .command:
      var prompt = CommandPrompt(symbol: ":", candidates: CommandParser.completions)
      if case .command(let old) = overlay { prompt = old }
      overlay = .command(prompt)
    case .filter:
      var prompt = CommandPrompt(symbol: "/")
      prompt.reset(text: view.filter.source)
      overlay = .filter(prompt)
    case .help:
      var help = HelpOverlay(title: "Help: \(view.resource.plural)", sections: keymap.helpSections(for: view.resource))
      help.glyphs = unicode ? .unicode : .ascii
      overlay = .help(help)
    case .back:
      back()
    case .quit:
      if !back() { return .quit }
    case .quitNow:
      return .quit
    case .drillDown:
      drillDown(selected)
    case .describe:
      guard let selected else { return .handled }
      if let service = selected as? Service {
        describeService(service)
        return [.handled, .redraw]
      }
      if let node = selected as? Node {
        describeNode(node)
        return [.handled, .redraw]
      }
      open(
        TextViewPane(
          title: "describe \(type(of: selected).resource.singular)/\(selected.name)",
          lines: Describer.describe(selected, cache: cache, now: clusterTime)))
    case .yaml:
      guard let selected else { return .handled }
      let yaml = Manifest.yaml(of: selected).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
      open(TextViewPane(title: "yaml \(type(of: selected).resource.singular)/\(selected.name)", lines: yaml, yaml: true))
    case .edit:
      guard let selected else { return .handled }
      beginEdit(selected)
    case .delete:
      guard let selected else { return .handled }
      run(.delete(resource: type(of: selected).resource, names: [selected.name], namespace: selected.metadata.namespace))
    case .editLabels:
      guard let selected else { return .handled }
      let resource = type(of: selected).resource
      let (name, namespace) = (selected.name, selected.metadata.namespace)
      overlay = .form(ActionForms.labels(kind: resource.singular, name: name, current: selected.labels)) { [weak self] values in
        switch ActionForms.labelChanges(values) {
        case .failure(let error): self?.flash(error.description, level: .error)
        case .success(let changes):
          self?.run(.label(LabelRequest(resource: resource, name: name, namespace: namespace, changes: changes, overwrite: true)))
        }
      }
    case .nextTheme:
      applyTheme(named: themes.theme(after: themeName))
    case .togglePause, .faster, .slower:
      adjustSimulation(action)
    case .toggleWide:
      view.isWide.toggle()
    case .sortName:
      view.sort(by: "NAME")
    case .sortAge:
      view.sort(by: view.columnTitles.contains("AGE") ? "AGE" : "LAST SEEN")
    case .sortReady, .sortStatus, .sortRestarts, .sortIP, .sortNode, .sortCPU, .sortMemory:
      sortColumn(for: action, in: view)
    case .cordon, .uncordon:
      guard let node = selected as? Node else { return .handled }
      run(action == .cordon ? .cordon(node: node.name) : .uncordon(node: node.name))
    case .drain:
      guard let node = selected as? Node else { return .handled }
      overlay = .form(ActionForms.drain(node: node.name)) { [weak self] values in
        switch ActionForms.drainOptions(values) {
        case .failure(let error): self?.flash(error.description, level: .error)
        case .success(let options): self?.startDrain(node: node.name, options: options)
        }
      }
    case .togglePower:
      return askPower(selected as? Node)
    case .joinNode:
      guard let simulation else { return notSimulated() }
      background("joining a node") { _ in ["node/\(try await simulation.joinNode()) joined"] }
    case .logs, .previousLogs:
      guard let pod = selected as? Pod else { return .handled }
      let previous = action == .previousLogs
      pickContainer(of: pod, title: previous ? "Previous logs of" : "Logs of", includingInit: true) { [weak self] container in
        guard let self else { return }
        self.open(
          LogPane(
            client: self.client, namespace: pod.namespace, pod: pod.name, container: container, previous: previous,
            simulated: self.info?.isSimulated ?? (self.simulation != nil)))
      }
    case .shell:
      guard let pod = selected as? Pod else { return .handled }
      pickContainer(of: pod, title: "Shell in", includingInit: false) { [weak self] container in
        guard let self else { return }
        self.open(
          ShellPane(
            client: self.client, namespace: pod.namespace, pod: pod.name, container: container,
            simulated: self.info?.isSimulated ?? (self.simulation != nil)))
      }
    case .explain:
      guard let pod = selected as? Pod else { return .handled }
      explain(pod)
    case .portForward:
      guard let pod = selected as? Pod else { return .handled }
      askPortForward(pod)
    case .scale:
      guard let deployment = selected as? Deployment else { return .handled }
      let (name, namespace) = (deployment.name, deployment.namespace)
      overlay = .form(ActionForms.scale(name: name, replicas: deployment.spec?.replicas ?? 1)) { [weak self] values in
        switch ActionForms.replicas(values) {
        case .failure(let error): self?.flash(error.description, level: .error)
        case .success(let replicas):
          self?.run(.scale(resource: .deployments, name: name, namespace: namespace, replicas: replicas))
        }
      }
    case .restart:
      guard let deployment = selected as? Deployment else { return .handled }
      run(.rolloutRestart(name: deployment.name, namespace: deployment.namespace))
    case .undo:
      guard let deployment = selected as? Deployment else { return .handled }
      run(.rolloutUndo(name: deployment.name, namespace: deployment.namespace, toRevision: nil))
    case .history:
      guard let deployment = selected as? Deployment else { return .handled }
      showHistory(name: deployment.name, namespace: deployment.namespace)
    case .traffic:
      guard let service = selected as? Service else { return .handled }
      askLoad(for: service)
    case .decodeSecret:
      guard let secret = selected as? Secret else { return .handled }
      revealSecret(secret)
    }
    return [.handled, .redraw]
  }

  /// Calls `open` with the container to use: at once when the pod has one, otherwise after
  /// the user picks it from a list (the pod's default container, as kubectl chooses it,
  /// highlighted first). Logs list init containers too.
  func pickContainer(of pod: Pod, title: String, includingInit: Bool, _ open: @escaping (String?) -> Void) {
    let choices = ContainerChoice.choices(of: pod, includingInit: includingInit)
    guard choices.names.count > 1 else {
      open(choices.names.first)
      return
    }
    let picker = PickerDialog(title: "\(title) \(pod.name)", items: choices.labels, selected: choices.defaultIndex)
    overlay = .pick(picker) { index in open(choices.names[index]) }
  }

  /// The question a dangerous action asks, or nil when there is nothing to act on.
  func confirmation(for action: Action, in view: any Browser) -> String? {
    guard let selected = view.selectedObject else { return nil }
    let id = "\(type(of: selected).resource.singular)/\(selected.name)"
    switch action {
    case .delete: return "Delete \(id)?"
    case .restart: return "Restart the rollout of \(id)?"
    case .undo: return "Roll \(id) back to its previous revision?"
    default: return "\(action.rawValue) \(id)?"
    }
  }

  func applyFilter(_ text: String) {
    guard let view = current else { return }
    do {
      view.filter = try ViewFilter(parsing: text)
    } catch {
      flash("error: \(error.description)", level: .error)
    }
  }

  func drillDown(_ selected: (any KubeObject)?) {
    guard let selected else { return }
    if let namespace = selected as? Namespace {
      if let pods = BrowserFactory.make(.pods, namespace: namespace.name) { push(pods) }
      return
    }
    if let pod = selected as? Pod {
      open(TextViewPane(title: "containers(\(pod.namespace)/\(pod.name))", lines: ContainerList.lines(pod)))
      return
    }
    if let pods = BrowserFactory.podsOf(selected) {
      push(pods)
    } else {
      perform(.describe)
    }
  }

  /// The columns each k9s sort key names (the first a view has: a pod's usage is `CPU`, a
  /// node's `%CPU`), and whether its order starts from the largest.
  static let sortColumns: [Action: (titles: [String], descendingFirst: Bool)] = [
    .sortReady: (["READY"], false), .sortStatus: (["STATUS"], false), .sortRestarts: (["RESTARTS"], true),
    .sortIP: (["IP"], false), .sortNode: (["NODE"], false), .sortCPU: (["CPU", "%CPU"], true),
    .sortMemory: (["MEM", "%MEM"], true),
  ]

  /// Sorts by the column a k9s sort key names: counts and usage largest first, the others
  /// in ascending order (the same key again reverses it).
  func sortColumn(for action: Action, in view: any Browser) {
    guard let (titles, descendingFirst) = Self.sortColumns[action] else { return }
    guard let title = titles.first(where: view.columnTitles.contains) else {
      flash("\(view.resource.plural) have no \(titles[0]) column", level: .warning)
      return
    }
    view.sort(by: title, descendingFirst: descendingFirst)
  }

  func notSimulated() -> EventResult {
    flash("only the embedded cluster can do that: this one is \(info?.source ?? "not simulated")", level: .warning)
    return [.handled, .redraw]
  }
}
