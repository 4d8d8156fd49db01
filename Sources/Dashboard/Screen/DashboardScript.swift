import TerminalUI

/// Keys typed by a script, for demos and unattended runs.
///
/// One instruction per line: `wait SECONDS`, `type TEXT` (each character a key), `key NAME`
/// (`enter`, `esc`, `ctrl-d`, `G`…), `quit`. Blank lines and `#` comments are ignored.
public enum DashboardScript {
  /// A key due at an offset from the start.
  public struct Step: Sendable, Hashable {
    /// When, from the start.
    public var at: Duration
    /// The key, or nil to quit.
    public var key: Key?
  }

  /// Parses a script; errors name the line.
  public static func parse(_ text: String) throws(CommandError) -> [Step] {
    var steps: [Step] = []
    var time = Duration.zero
    for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let line = String(raw).trimmedSpaces
      if line.isEmpty || line.hasPrefix("#") { continue }
      let verb = line.prefix { $0 != " " }
      let rest = String(line.dropFirst(verb.count).dropFirst())
      switch verb {
      case "wait":
        guard let seconds = Double(rest), seconds >= 0 else { throw CommandError("script line \(index + 1): wait needs seconds") }
        time += .milliseconds(Int(seconds * 1000))
      case "type":
        for character in rest { steps.append(Step(at: time, key: .character(character))) }
      case "key":
        guard let key = Key(parsing: rest) else { throw CommandError("script line \(index + 1): unknown key \"\(rest)\"") }
        steps.append(Step(at: time, key: key))
      case "quit":
        steps.append(Step(at: time, key: nil))
      default:
        throw CommandError("script line \(index + 1): expected wait, type, key or quit")
      }
    }
    return steps
  }
}
