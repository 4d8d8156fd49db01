import KubeModel
import TerminalUI

extension DashboardApp {
  /// Runs what was typed in the `:` bar.
  func runCommandLine(_ line: String) -> EventResult {
    guard !line.isEmpty else { return [.handled, .redraw] }
    do {
      let command = try CommandParser.parse(line)
      switch command {
      case .quit: return .quit
      case .view(let request): show(request)
      case .theme(let name): applyTheme(named: name)
      case .drain(let node, let options): startDrain(node: node, options: options)
      case .etcd: showEtcd()
      case .rollout(.history, let name, let namespace): showHistory(name: name, namespace: namespace)
      default: run(command)
      }
    } catch {
      flash(error.description, level: .error)
    }
    return [.handled, .redraw]
  }

  /// Runs a kubectl verb in the background; its output goes to the flash line.
  public func run(_ command: Command) {
    let namespace = current?.namespace ?? defaultNamespace
    let time = clusterTime
    background("") { client in
      try await CommandRunner.run(command, client: client, defaultNamespace: namespace, now: time)
    }
  }

  /// Runs work against the client off the UI thread; the last output line (or the error)
  /// is flashed.
  func background(_ label: String, _ work: @escaping @Sendable (any ClusterClient) async throws -> [String]) {
    let (client, inbox) = (self.client, self.inbox)
    Task.detached {
      do {
        let lines = try await work(client)
        inbox.post { app in
          if let last = lines.last { app.flash(lines.count > 1 ? lines.joined(separator: "; ") : last) }
        }
      } catch {
        let message = DashboardApp.describe(error)
        inbox.post { $0.flash(message, level: .error) }
      }
    }
  }

  /// An error as the user should read it.
  static func describe(_ error: any Error) -> String {
    switch error {
    case let status as Status: return "Error from server (\(status.reason?.rawValue ?? "Unknown")): \(status.message ?? "")"
    case let command as CommandError: return command.description
    case let drain as DrainError: return "error: " + drain.description
    default: return "error: \(error)"
    }
  }

  /// Drains a node and opens a live progress pane: each evicted pod and where it stands.
  func startDrain(node: String, options: DrainOptions) {
    let progress = DrainProgress(node: node)
    drains[node] = progress
    open(TextViewPane(title: "drain node/\(node)", lines: progress.lines(cache: cache)) { progress.lines(cache: $0.cache) })
    let (client, inbox) = (self.client, self.inbox)
    Task.detached {
      do {
        let report = try await client.drain(node: node, options: options)
        inbox.post { app in
          app.drains[node]?.report = report
          app.flash(report.isComplete ? "node/\(node) drained" : "node/\(node): some evictions refused, retrying",
            level: report.isComplete ? .info : .warning)
        }
      } catch {
        let message = DashboardApp.describe(error)
        inbox.post { app in
          app.drains[node]?.failure = (error as? DrainError)?.lines ?? [message]
          app.flash(message, level: .error)
        }
      }
    }
  }

  /// Reads whether the node is powered, then asks to switch it the other way: the
  /// question says which way, and the answer switches it that way (not whichever way it
  /// stands by then).
  func askPower(_ node: Node?) -> EventResult {
    guard let node else { return .handled }
    guard let simulation else { return notSimulated() }
    let (name, inbox) = (node.name, self.inbox)
    Task.detached {
      let on = await simulation.isNodePoweredOn(node: name)
      inbox.post { app in
        app.overlay = .confirm(ConfirmDialog(title: "Power", message: DashboardApp.powerQuestion(node: name, on: on))) {
          [weak app] in app?.setPower(node: name, on: !on)
        }
      }
    }
    return [.handled, .redraw]
  }

  static func powerQuestion(node: String, on: Bool) -> String {
    on
      ? "Power node \(node) off? Its kubelet stops; the node turns NotReady after 50s and its pods are evicted 5m later."
      : "Power node \(node) on? Its kubelet starts again and the node turns Ready."
  }

  func setPower(node: String, on: Bool) {
    guard let simulation else { return }
    background("power") { _ in
      try await simulation.setNodePower(node: node, on: on)
      return ["node/\(node) powered \(on ? "on" : "off")"]
    }
  }

  func explain(_ pod: Pod) {
    guard let simulation else {
      _ = notSimulated()
      return
    }
    let (namespace, name, inbox) = (pod.namespace, pod.name, self.inbox)
    Task.detached {
      do {
        let explanation = try await simulation.explainScheduling(namespace: namespace, pod: name)
        let lines = ExplanationText.lines(explanation)
        inbox.post { $0.open(TextViewPane(title: "explain scheduling pod/\(name)", lines: lines)) }
      } catch {
        let message = DashboardApp.describe(error)
        inbox.post { $0.flash(message, level: .error) }
      }
    }
  }

  /// The speeds `+` and `-` step through.
  static let speeds: [Double] = [1, 2, 10, 60]

  func adjustSimulation(_ action: Action) {
    guard let simulation else {
      _ = notSimulated()
      return
    }
    let status = simulationStatus ?? SimulationStatus(time: MicroTime(micros: 0), speed: 1, isPaused: false)
    var next = status
    switch action {
    case .togglePause: next.isPaused.toggle()
    case .faster: next.speed = DashboardApp.speeds.first { $0 > status.speed } ?? status.speed
    case .slower: next.speed = DashboardApp.speeds.last { $0 < status.speed } ?? status.speed
    default: return
    }
    // Show the new state at once; the next poll confirms it.
    simulationStatus = SimulationStatus(time: MicroTime(micros: Int64(clusterTime.seconds) * 1_000_000), speed: next.speed, isPaused: next.isPaused)
    wallClockAtStatus = now()
    flash(next.isPaused ? "simulation paused" : "simulation speed \(DashboardApp.speedText(next.speed))")
    Task.detached {
      if next.isPaused != status.isPaused { await simulation.setSimulationPaused(next.isPaused) }
      if next.speed != status.speed { await simulation.setSimulationSpeed(next.speed) }
    }
  }

  /// `1×`, `60×`.
  static func speedText(_ speed: Double) -> String {
    speed == speed.rounded() ? "\(Int(speed))×" : "\(speed)×"
  }
}
