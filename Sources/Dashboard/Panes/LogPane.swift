import KubeModel
import TerminalUI

/// A pod's logs: follows new lines, wraps, shows timestamps, searches with highlight, and
/// keeps a bounded buffer however long it runs. Lines arrive from a background stream.
public final class LogPane: Pane {
  private let client: any ClusterClient
  private let namespace: String
  private let pod: String
  private let container: String?
  private let previous: Bool
  private let simulated: Bool
  private var timestamps = false
  private var content = SearchableText(pane: TextPane(capacity: 5_000))
  private var pane: TextPane {
    get { content.pane }
    set { content.pane = newValue }
  }
  private let inbox = Inbox<LogPane>()
  private var task: Task<Void, Never>?
  private var status = "connecting…"

  /// Opens the log of a pod's container and starts streaming.
  public init(client: any ClusterClient, namespace: String, pod: String, container: String?, previous: Bool, simulated: Bool) {
    self.client = client
    self.namespace = namespace
    self.pod = pod
    self.container = container
    self.previous = previous
    self.simulated = simulated
    pane.wraps = false
    start()
  }

  public var title: [Span] {
    var spans = [Span("logs", role: .title), Span("(\(namespace)/\(pod)\(container.map { ":\($0)" } ?? ""))", role: .title)]
    if previous { spans.append(Span(" previous", role: .titleFilter)) }
    if simulated { spans.append(Span(" [simulated]", role: .titleCounter)) }
    let flags = "autoscroll:\(pane.follows ? "on" : "off") wrap:\(pane.wraps ? "on" : "off") timestamps:\(timestamps ? "on" : "off")"
    spans.append(Span(" " + flags, role: .titleFilter))
    if let term = pane.searchTerm { spans.append(Span(" </\(term)>", role: .titleFilter)) }
    return spans
  }

  public var hints: [KeyHintBar.Hint] {
    [
      KeyHintBar.Hint(.escape, "Back"), KeyHintBar.Hint(.character("s"), "Autoscroll"), KeyHintBar.Hint(.character("w"), "Wrap"),
      KeyHintBar.Hint(.character("t"), "Timestamps"), KeyHintBar.Hint(.character("/"), "Search"),
      KeyHintBar.Hint(.character("c"), "Clear"),
    ]
  }

  /// The buffered lines (for tests).
  public var lines: [String] { pane.lines.map(\.text) }

  private func start() {
    task?.cancel()
    let options = LogOptions(container: container, previous: previous, tailLines: 200, timestamps: timestamps)
    let (client, namespace, pod, inbox) = (self.client, self.namespace, self.pod, self.inbox)
    let follow = !previous
    task = Task.detached {
      do {
        if follow {
          inbox.post { $0.status = "streaming" }
          for try await line in client.followLogs(namespace: namespace, pod: pod, options: options) {
            if Task.isCancelled { return }
            inbox.post { $0.append(line) }
          }
          inbox.post { $0.status = "stream ended" }
        } else {
          let lines = try await client.logs(namespace: namespace, pod: pod, options: options)
          inbox.post { pane in
            lines.forEach { pane.append($0) }
            pane.status = "\(lines.count) lines"
          }
        }
      } catch {
        let message = (error as? Status)?.message ?? "\(error)"
        inbox.post { $0.append("error: \(message)", role: .statusError) }
      }
    }
  }

  private func append(_ line: String, role: ColorRole? = nil) {
    if timestamps, let space = line.firstIndex(of: " "), line.first?.isNumber == true {
      pane.append(spans: [
        Span(String(line[..<space]), role: .logsTimestamp), Span(String(line[space...]), role: role ?? .logs),
      ])
    } else {
      pane.append(line, role: role)
    }
  }

  public func tick(context: RenderContext) -> Bool {
    let updates = inbox.drain()
    updates.forEach { $0(self) }
    return !updates.isEmpty
  }

  public func draw(into grid: inout CellGrid, in rect: Rect, context: RenderContext) {
    content.draw(into: &grid, in: rect)
  }

  public func handle(_ key: Key) -> EventResult {
    if content.handleSearch(key, jumpForward: false) { return [.handled, .redraw] }
    switch key {
    case .escape, .character("q"): return [.handled, .quit]
    case .character("s"): pane.follows.toggle()
    case .character("w"): pane.wraps.toggle()
    case .character("t"):
      timestamps.toggle()
      pane.clear()
      start()
    case .character("c"): pane.clear()
    case .character("/"): content.beginSearch()
    default: return pane.handle(key)
    }
    return [.handled, .redraw]
  }

  public func close() {
    task?.cancel()
    task = nil
  }
}
