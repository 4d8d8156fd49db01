import KubeModel
import TerminalUI

/// A shell-like pane inside a pod: each line is run with the client's exec and its output
/// shown. On the embedded cluster the container is simulated, and the pane says so.
public final class ShellPane: Pane {
  private let client: any ClusterClient
  private let namespace: String
  private let pod: String
  private let container: String?
  private let simulated: Bool
  private var output = TextPane(capacity: 2_000)
  private var input = LineEditor()
  private var history: [String] = []
  /// Where Up and Down are in `history` (its count: the line being typed).
  private var historyIndex = 0
  /// What was typed before Up went into the history.
  private var draft = ""
  private let inbox = Inbox<ShellPane>()
  private var running = false
  /// Counts the commands run; an answer for an interrupted one (an older number) is dropped.
  private var commandNumber = 0
  /// Lines entered while a command runs, run in order once it answers (as a terminal
  /// reads type-ahead); Ctrl-C drops them with the command.
  private var typedAhead: [String] = []
  /// The shell's working directory as the last command left it (`cd` lasts).
  private var workingDirectory: String?
  public private(set) var wantsClose = false

  /// Opens a shell in a pod's container.
  public init(client: any ClusterClient, namespace: String, pod: String, container: String?, simulated: Bool) {
    self.client = client
    self.namespace = namespace
    self.pod = pod
    self.container = container
    self.simulated = simulated
    if simulated {
      output.append("# simulated shell: commands are answered by the embedded cluster, not a real container", role: .logsTimestamp)
      output.append("# try: ls, cat, env, ps | grep X, echo X > FILE, nslookup SERVICE, curl SERVICE, help, exit", role: .logsTimestamp)
    }
  }

  public var title: [Span] {
    var spans = [Span("shell", role: .title), Span("(\(namespace)/\(pod)\(container.map { ":\($0)" } ?? ""))", role: .title)]
    if simulated { spans.append(Span(" [SIMULATED]", role: .titleCounter)) }
    return spans
  }

  public var hints: [KeyHintBar.Hint] {
    [
      KeyHintBar.Hint(key: "<enter>", title: "Run"), KeyHintBar.Hint(.ctrl("c"), "Interrupt"),
      KeyHintBar.Hint(key: "<up>/<down>", title: "History"), KeyHintBar.Hint(key: "exit", title: "Close"),
      KeyHintBar.Hint(.escape, "Close"),
    ]
  }

  public var takesInterrupt: Bool { true }

  /// `pod$ `, or `pod:/etc$ ` once `cd` left the root.
  private var prompt: String {
    guard let workingDirectory, workingDirectory != "/" else { return "\(pod)$ " }
    return "\(pod):\(workingDirectory)$ "
  }

  /// Everything shown so far (for tests).
  public var transcript: [String] { output.lines.map(\.text) }

  public func tick(context: RenderContext) -> Bool {
    let updates = inbox.drain()
    updates.forEach { $0(self) }
    return !updates.isEmpty
  }

  public func draw(into grid: inout CellGrid, in rect: Rect, context: RenderContext) {
    let (top, bottom) = rect.splitBottom(1)
    output.draw(into: &grid, in: top)
    let prompt = self.prompt
    let x = grid.write(prompt, row: bottom.row, column: bottom.column, role: .prompt, limit: bottom.right)
    input.draw(into: &grid, row: bottom.row, column: x, width: bottom.right - x, role: .prompt, cursorRole: running ? nil : .promptCursor)
  }

  public func handle(_ key: Key) -> EventResult {
    switch key {
    case .escape: return [.handled, .quit]
    case .ctrl("c"):
      // As in a terminal: the line being typed is dropped, and a command still running is
      // given up on (its answer, when it comes, is not shown). The pane stays open.
      output.append("\(prompt)\(input.text)^C", role: .prompt)
      output.follows = true
      input = LineEditor()
      historyIndex = history.count
      typedAhead = []
      if running {
        running = false
        commandNumber += 1
      }
      return [.handled, .redraw]
    case .up, .down:
      recall(key == .up ? -1 : 1)
      return [.handled, .redraw]
    case .enter:
      let line = input.text.trimmedSpaces
      input = LineEditor()
      // Up starts again from the newest line, whichever way this one ends.
      defer { historyIndex = history.count }
      if !line.isEmpty, line != "exit" { history.append(line) }
      if running {
        typedAhead.append(line)
        return [.handled, .redraw]
      }
      return submit(line) ? [.handled, .quit] : [.handled, .redraw]
    case .pageUp, .pageDown: return output.handle(key)
    default:
      return input.handle(key).isEmpty ? .handled : [.handled, .redraw]
    }
  }

  /// Moves through the lines run before (Up: older; Down: newer, then what was being typed).
  private func recall(_ step: Int) {
    let target = historyIndex + step
    guard target >= 0, target <= history.count, target != historyIndex else { return }
    if historyIndex == history.count { draft = input.text }
    historyIndex = target
    input = LineEditor(target == history.count ? draft : history[target])
  }

  /// Shows the line after the prompt and runs it; true when it is `exit`.
  private func submit(_ line: String) -> Bool {
    output.append("\(prompt)\(line)", role: .prompt)
    output.follows = true
    if line == "exit" { return true }
    if line == "clear" {
      output.clear()
    } else if !line.isEmpty {
      run(line)
    }
    return false
  }

  /// A command answered: the lines typed meanwhile run in turn, up to the next command
  /// that has to wait for its answer.
  private func finished() {
    running = false
    while !running, !typedAhead.isEmpty {
      if submit(typedAhead.removeFirst()) {
        typedAhead = []
        wantsClose = true
      }
    }
  }

  private func run(_ line: String) {
    running = true
    commandNumber += 1
    let number = commandNumber
    // As a shell would run the line: quotes, `&&`, `$VARS` and a missing program's
    // `not found` are the container shell's.
    let words = ["sh", "-c", line]
    let (client, namespace, pod, container, inbox) = (self.client, self.namespace, self.pod, self.container, self.inbox)
    let directory = workingDirectory
    Task.detached {
      do {
        let result = try await client.exec(
          namespace: namespace, pod: pod, container: container, command: words, stdin: "", workingDirectory: directory)
        inbox.post { pane in
          guard pane.commandNumber == number else { return }
          if let directory = result.workingDirectory { pane.workingDirectory = directory }
          pane.show(result.stdout, role: .logs)
          pane.show(result.stderr, role: .statusError)
          if let failure = result.failure { pane.show("error: Internal error occurred: \(failure)", role: .statusError) }
          if result.exitCode != 0 { pane.output.append("exit status \(result.exitCode)", role: .statusWarning) }
          pane.finished()
        }
      } catch {
        let message = (error as? Status)?.message ?? "\(error)"
        inbox.post { pane in
          guard pane.commandNumber == number else { return }
          pane.output.append("error: \(message)", role: .statusError)
          pane.finished()
        }
      }
    }
  }

  private func show(_ text: String, role: ColorRole) {
    guard !text.isEmpty else { return }
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    if lines.last == "" { lines.removeLast() }
    lines.forEach { output.append($0, role: role) }
  }
}
