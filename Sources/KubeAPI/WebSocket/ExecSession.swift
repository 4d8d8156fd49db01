import KubeModel

/// A `kubectl exec` session over the `v5.channel.k8s.io` protocol: channel 0 stdin, 1 stdout,
/// 2 stderr, 3 status, 4 resize, 255 close. Runs one command, or — with a TTY and a shell
/// command — an interactive line-by-line shell on the simulated container.
final class ExecSession {
  static let supportedProtocols = ["v5.channel.k8s.io", "v4.channel.k8s.io"]
  static let shells: Set<String> = ["/bin/bash", "/bin/sh", "bash", "sh", "/bin/ash", "ash", "/bin/zsh", "zsh"]

  let namespace: String
  let pod: String
  let container: String?
  let command: [String]
  let tty: Bool
  /// A line-by-line shell session: an exec of a shell with stdin, or an attach to a
  /// container whose program is a shell reading its input (`kubectl run -it … -- sh`).
  var interactive: Bool
  /// Whether the client sends standard input (`kubectl exec -i`).
  let stdin: Bool
  /// An attach (`kubectl run -i`, `kubectl attach`) rather than an exec: it joins the
  /// container's own process, so what that process printed is what it shows.
  let attaches: Bool
  private var line: [UInt8] = []

  /// Parses `/api/v1/namespaces/<ns>/pods/<pod>/exec?command=…&container=…&tty=true`.
  init?(uri: String) {
    let request = HTTPRequest(method: "GET", uri: uri)
    guard let address = ResourcePath(path: request.path), address.resource == "pods", let pod = address.name else {
      return nil
    }
    namespace = address.namespace ?? "default"
    self.pod = pod
    container = request.parameter("container")
    command = request.query["command"] ?? []
    tty = request.flag("tty")
    attaches = request.path.hasSuffix("/attach")
    stdin = request.flag("stdin")
    interactive = stdin && (command.count == 1 && Self.shells.contains(command[0]))
  }

  /// The shell's working directory: each line runs where the one before left it.
  var workingDirectory: String?

  /// The prompt an interactive shell shows, with its working directory.
  var prompt: String { "root@\(pod):\(workingDirectory ?? "/")# " }

  /// What one chunk of stdin produces: bytes to echo, complete lines to run, and whether
  /// the user ended the session (Ctrl-D on an empty line).
  func feed(_ bytes: [UInt8]) -> (echo: [UInt8], lines: [String], end: Bool) {
    var echo: [UInt8] = []
    var lines: [String] = []
    for byte in bytes {
      switch byte {
      case 0x0D, 0x0A:
        if tty { echo += [0x0D, 0x0A] }
        lines.append(String(decoding: line, as: UTF8.self))
        line.removeAll()
      case 0x7F, 0x08:
        if !line.isEmpty {
          line.removeLast()
          if tty { echo += [0x08, 0x20, 0x08] }
        }
      case 0x03:
        line.removeAll()
        if tty { echo += Array("^C\r\n".utf8) + Array(prompt.utf8) }
      case 0x04:
        if line.isEmpty { return (echo, lines, true) }
      default:
        if byte >= 0x20 || byte == 0x09 {
          line.append(byte)
          if tty { echo.append(byte) }
        }
      }
    }
    return (echo, lines, false)
  }

  /// The line typed so far without its end, taken: at the end of the input a shell runs
  /// it too.
  func takePartialLine() -> String? {
    defer { line.removeAll() }
    return line.isEmpty ? nil : String(decoding: line, as: UTF8.self)
  }

  /// Output text as the terminal should show it (CRLF line ends under a TTY).
  func terminalText(_ text: String) -> [UInt8] {
    guard tty else { return Array(text.utf8) }
    var bytes: [UInt8] = []
    for byte in text.utf8 {
      if byte == 0x0A { bytes.append(0x0D) }
      bytes.append(byte)
    }
    return bytes
  }

  /// The channel-3 status document for an exit code.
  /// The status of an exec the runtime could not start: kubectl prints `error: ` and the
  /// message.
  static func internalError(_ message: String) -> [UInt8] {
    let value: JSONValue = [
      "metadata": .emptyObject, "status": "Failure", "message": .string("Internal error occurred: \(message)"),
      "reason": "InternalError", "details": ["causes": [["message": .string(message)]]], "code": 500,
    ]
    return Array(JSONWriter.write(value).utf8)
  }

  /// The runtime names the command in brackets, its words joined by spaces.
  static func status(exitCode: Int32, command: [String]) -> [UInt8] {
    let value: JSONValue
    if exitCode == 0 {
      value = ["metadata": .emptyObject, "status": "Success"]
    } else {
      value = [
        "metadata": .emptyObject, "status": "Failure",
        "message": .string("command terminated with non-zero exit code: error executing command [\(command.joined(separator: " "))], exit code \(exitCode)"),
        "reason": "NonZeroExitCode",
        "details": ["causes": [["reason": "ExitCode", "message": .string(String(exitCode))]]],
      ]
    }
    return Array(JSONWriter.write(value).utf8)
  }
}
