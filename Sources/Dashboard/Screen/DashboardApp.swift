import Foundation
import KubeModel
import TerminalUI

/// The dashboard: a stack of resource views over the informer cache, with the command bar,
/// filter, dialogs and panes. Runs on one thread; cluster work happens in background tasks
/// whose results come back through inboxes drained by `tick()`.
///
/// Drive it with `handle(_:)` for keys, `tick()` periodically, and `draw(into:)` per frame;
/// `DashboardRunner` does this on a real terminal, tests do it on an in-memory grid.
public final class DashboardApp {
  /// The cluster.
  public let client: any ClusterClient
  /// Simulation-only controls when the cluster is simulated.
  public let simulation: (any SimulationControl)?
  /// The informer cache.
  public let cache = InformerCache()
  /// Where informers post.
  public let cacheInbox = Inbox<InformerCache>()
  /// Where actions post their results.
  public let inbox = Inbox<DashboardApp>()
  /// The key table.
  public var keymap: Keymap
  /// Theme files and the current theme.
  public var themes: ThemeLibrary
  /// The current theme's name.
  public private(set) var themeName: String
  /// Set when the theme changed; the runner applies it to the terminal.
  public var pendingTheme: Theme?
  /// An object copy waiting for the runner to open it in the user's editor (`e`).
  public var pendingEdit: EditRequest?
  /// Whether box-drawing and block characters may be used.
  public var unicode: Bool
  /// The view stack; the last is shown.
  public private(set) var stack: [any Browser] = []
  /// The pane over the table, if any.
  public private(set) var pane: (any Pane)?
  var overlay: Overlay = .none
  var flash = FlashLine(duration: .seconds(6))
  /// What the cluster says about itself.
  public internal(set) var info: ClusterInfo?
  /// The simulation clock, when simulated.
  public internal(set) var simulationStatus: SimulationStatus?
  /// The etcd members, when simulated.
  public internal(set) var controlPlane: ControlPlaneStatus?
  var wallClockAtStatus = ContinuousClock.now
  var cpuHistory: [Double] = []
  var memoryHistory: [Double] = []
  var tasks: [Task<Void, Never>] = []
  var tickCount = 0
  var headerStats = HeaderStats()
  /// Drains in progress, by node.
  var drains: [String: DrainProgress] = [:]
  /// Port forwards running (`F` on a pod), oldest first.
  public internal(set) var forwards: [PortForwarder] = []
  /// The flash clock (injectable for tests).
  var now: () -> ContinuousClock.Instant = { ContinuousClock.now }
  /// The namespace commands use when none is given.
  public var defaultNamespace = "default"

  /// Creates the app over a client, on the pods of all namespaces.
  public init(
    client: any ClusterClient, keymap: Keymap = .standard, themes: ThemeLibrary = ThemeLibrary(directory: nil),
    themeName: String = ThemeLibrary.defaultName, unicode: Bool = true
  ) {
    self.client = client
    self.simulation = client as? any SimulationControl
    self.keymap = keymap
    self.themes = themes
    self.themeName = themeName
    self.unicode = unicode
    if let pods = BrowserFactory.make(.pods, namespace: nil) { stack = [pods] }
  }

  /// Starts the informers and pollers.
  public func start() {
    tasks += Informer.start(client: client, inbox: cacheInbox)
    let (client, inbox, simulation) = (self.client, self.inbox, self.simulation)
    tasks.append(
      Task.detached {
        if let info = try? await client.info() { inbox.post { $0.info = info } }
        while !Task.isCancelled, let simulation {
          let status = await simulation.simulationStatus()
          let controlPlane = await simulation.controlPlaneStatus()
          inbox.post { app in
            app.simulationStatus = status
            app.wallClockAtStatus = app.now()
            app.controlPlane = controlPlane
          }
          try? await Task.sleep(for: .milliseconds(250))
        }
      })
  }

  /// Stops every background task.
  public func stop() {
    tasks.forEach { $0.cancel() }
    tasks = []
    pane?.close()
    forwards.forEach { $0.stop() }
    forwards = []
  }

  /// The view shown.
  public var current: (any Browser)? { stack.last }

  /// The cluster time: the simulation clock (advanced by wall time since the last poll at
  /// its speed), or the wall clock.
  public var clusterTime: Time {
    guard let status = simulationStatus else { return Time(unixTime: Date().timeIntervalSince1970) }
    let elapsed = status.isPaused ? 0 : (now() - wallClockAtStatus) / .seconds(1) * status.speed
    return Time(seconds: status.time.time.seconds + Int64(elapsed))
  }

  /// The render context of this frame.
  public func renderContext() -> RenderContext {
    RenderContext(now: clusterTime, cache: cache, unicode: unicode)
  }

  /// Applies queued background results; returns `.redraw` when anything changed.
  @discardableResult
  public func tick() -> EventResult {
    tickCount += 1
    let cacheUpdates = cacheInbox.drain()
    let appUpdates = inbox.drain()
    cacheUpdates.forEach { $0(cache) }
    appUpdates.forEach { $0(self) }
    if !cacheUpdates.isEmpty { cache.advanceTick() }
    if tickCount % 4 == 0 { recordHistory() }
    let context = renderContext()
    var paneChanged = pane?.tick(context: context) ?? false
    if pane?.wantsClose == true {
      closePane()
      paneChanged = true
    }
    // Ages and the clock move on their own, so a periodic redraw is always worthwhile.
    return cacheUpdates.isEmpty && appUpdates.isEmpty && !paneChanged && tickCount % 4 != 0 ? .ignored : .redraw
  }

  private func recordHistory() {
    let totals = cache.clusterTotals()
    func push(_ history: inout [Double], _ value: Double) {
      history.append(value)
      if history.count > 120 { history.removeFirst(history.count - 120) }
    }
    let cpu = totals.allocatable.cpuMilli > 0 ? Double(totals.used.cpuMilli) / Double(totals.allocatable.cpuMilli) : 0
    let memory = totals.allocatable.memoryBytes > 0 ? Double(totals.used.memoryBytes) / Double(totals.allocatable.memoryBytes) : 0
    push(&cpuHistory, cpu)
    push(&memoryHistory, memory)
  }

  // MARK: Navigation

  /// Shows a view on top of the stack.
  public func push(_ browser: any Browser) {
    browser.isWide = current?.isWide ?? false
    stack.append(browser)
    browser.refresh(context: renderContext())
  }

  /// Replaces the whole stack with one view (a `:` resource switch).
  public func show(_ request: ViewRequest) {
    let namespace: String?
    switch request.namespace {
    case .none: namespace = current?.namespace
    case .some(let chosen): namespace = chosen
    }
    guard let browser = BrowserFactory.make(request.resource, namespace: namespace) else {
      flash(CommandError("no view for \(request.resource.plural) yet").description, level: .error)
      return
    }
    if let text = request.filter {
      do {
        browser.filter = try ViewFilter(parsing: text)
      } catch {
        flash("error: \(error.description)", level: .error)
      }
    }
    browser.labelColumns = request.labelColumns
    browser.showsLabels = request.showsLabels
    closePane()
    stack = [browser]
    browser.isWide = request.isWide
    browser.refresh(context: renderContext())
    // A namespace that does not exist shows an empty list: say why.
    if let namespace, request.resource.namespaced, cache.namespaces.isSynced, cache.namespaces[namespace] == nil {
      flash("namespace \"\(namespace)\" not found", level: .warning)
    }
  }

  /// Opens a pane over the table.
  public func open(_ newPane: any Pane) {
    pane?.close()
    pane = newPane
  }

  /// Closes the pane, if any.
  public func closePane() {
    pane?.close()
    pane = nil
  }

  /// Goes back one level: pane, then view stack. Returns false at the root.
  @discardableResult
  public func back() -> Bool {
    if pane != nil {
      closePane()
      return true
    }
    if let view = current, view.filter.isActive {
      view.filter = .none
      return true
    }
    if stack.count > 1 {
      stack.removeLast()
      return true
    }
    return false
  }

  /// Shows a message in the flash line.
  public func flash(_ text: String, level: FlashLine.Level = .info) {
    flash.show(text, level: level, at: now())
  }

  /// The flash message showing now (tests).
  public var flashText: String? { flash.current(at: now())?.text }

  /// Switches to a theme by name; a broken theme file is reported and the default kept.
  public func applyTheme(named name: String) {
    do {
      let theme = try themes.effectiveTheme(named: name)
      pendingTheme = theme
      themeName = name
      flash("theme \(name)")
    } catch {
      flash("theme \(name): \(error)", level: .error)
    }
  }
}
