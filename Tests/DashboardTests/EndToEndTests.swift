import Foundation
import Testing

/// Drives the real `kubedeck` binary in tmux: keys in with `send-keys`, screen out with
/// `capture-pane`, and the terminal checked with `stty -a` after quitting.
@Suite(.serialized, .enabled(if: EndToEnd.tmuxPath != nil, "tmux is not installed; the end-to-end test needs it"))
struct EndToEndTests {
  @Test func nodeMaintenanceFromTheKeyboard() async throws {
    let binary = try EndToEnd.binary()
    let session = EndToEnd.Session()
    defer { session.kill() }
    let stty = FileManager.default.temporaryDirectory.appendingPathComponent("kubedeck-stty-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: stty) }
    // `e` opens the selected object in $KUBE_EDITOR: here a sed that bumps nginx's image.
    try session.start(
      "KUBE_EDITOR='sed -i s/nginx:1.14/nginx:1.15/' '\(binary)' --speed 10 --exit-after 150; stty -a > '\(stty)'; sleep 30")
    // The first screen waits for the build and the cluster start; a loaded machine is slow.
    #expect(await session.waitFor("Nodes 5/5", timeout: .seconds(90)))
    // Nodes: cordon worker-1 and see SchedulingDisabled.
    session.keys(":nodes", "Enter")
    #expect(await session.waitFor("nodes[5]"))
    session.keys("j", "c")
    #expect(await session.waitFor("Ready,SchedulingDisabled"))
    #expect(await session.waitFor("node/worker-1 cordoned"))
    // Drain worker-2 (force: the demo has bare pods there) and see its pods leave.
    session.keys("j", "r")
    #expect(await session.waitFor("Drain node/worker-2"))
    session.keys("Tab", "Tab", " ", "Enter", "Enter", "Enter")
    #expect(await session.waitFor("drain node/worker-2"))
    #expect(await session.waitFor(timeout: .seconds(40)) { $0.contains("all evicted pods are gone") })
    session.keys("Escape", "Enter")
    #expect(await session.waitFor("pods(node/worker-2)[1]", timeout: .seconds(20)))
    session.keys("Escape")
    // Label a node.
    session.keys(":label nodes worker-3 gpu=true", "Enter")
    #expect(await session.waitFor("node/worker-3 labeled"))
    // Scale a deployment and watch the pods appear.
    session.keys(":scale deployment webserver --replicas=4", "Enter")
    #expect(await session.waitFor("deployment.apps/webserver scaled"))
    session.keys(":deploy", "Enter")
    #expect(await session.waitFor(timeout: .seconds(40)) { $0.contains("webserver") && $0.contains("4/4") })
    session.keys(":pods /webserver", "Enter")
    #expect(await session.waitFor("pods(all)[4]"))
    // Edit the first pod's image: the kubelet restarts that container from the new image.
    session.keys("e")
    #expect(await session.waitFor(timeout: .seconds(20)) { $0.contains(" edited") })
    #expect(await session.waitFor(timeout: .seconds(40)) { $0.contains("  1 (") })
    // Ctrl-C in a pod's shell interrupts the line typed (the terminal sends it as SIGINT);
    // the shell and the dashboard stay.
    session.keys("s")
    #expect(await session.waitFor("[SIMULATED]"))
    session.keys("hostn", "C-c")
    #expect(await session.waitFor { $0.contains("^C") && $0.contains("[SIMULATED]") })
    session.keys("hostname", "Enter")
    #expect(await session.waitFor { $0.contains("$ hostname") })
    session.keys("Escape")
    // Open the logs of a pod.
    session.keys("l")
    #expect(await session.waitFor("logs(default/webserver-"))
    #expect(await session.waitFor("[simulated]"))
    session.keys("Escape", "Escape", "q")
    #expect(await session.waitFor(timeout: .seconds(10)) { _ in FileManager.default.fileExists(atPath: stty) })
    let settings = (try? String(contentsOfFile: stty, encoding: .utf8)) ?? ""
    let words = settings.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == ";" }).map(String.init)
    #expect(words.contains("icanon"))
    #expect(words.contains("echo"))
  }
}

extension EndToEndTests {
  /// `kubedeck serve` in one process, the dashboard attached to it through the kubeconfig
  /// serve wrote: what the dashboard shows and does goes over the REST API.
  @Test func theDashboardAttachesThroughAKubeconfig() async throws {
    let binary = try EndToEnd.binary()
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kubedeck-attach-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let kubeconfig = folder.appendingPathComponent("config").path
    let serve = Process()
    serve.executableURL = URL(fileURLWithPath: binary)
    serve.arguments = ["serve", "--port", "0", "--speed", "10", "--kubeconfig-out", kubeconfig]
    serve.standardOutput = FileHandle.nullDevice
    serve.standardError = FileHandle.nullDevice
    serve.standardInput = FileHandle.nullDevice
    try serve.run()
    defer {
      serve.terminate()
      serve.waitUntilExit()
    }
    let session = EndToEnd.Session()
    defer { session.kill() }
    let deadline = ContinuousClock.now + .seconds(60)
    while !FileManager.default.fileExists(atPath: kubeconfig), ContinuousClock.now < deadline {
      try await Task.sleep(for: .milliseconds(100))
    }
    let stty = folder.appendingPathComponent("stty").path
    try session.start("'\(binary)' --kubeconfig '\(kubeconfig)'; stty -a > '\(stty)'; sleep 30")
    #expect(await session.waitFor("(context kubedeck)", timeout: .seconds(60)))
    #expect(await session.waitFor("Nodes 5/5", timeout: .seconds(30)))
    session.keys(":nodes", "Enter")
    #expect(await session.waitFor("nodes[5]"))
    // What only the simulation can do is neither offered nor done.
    #expect(!session.screen().contains("Power"))
    session.keys("F")
    #expect(await session.waitFor("only the embedded cluster can do that: this one is context kubedeck"))
    session.keys("j", "c")
    #expect(await session.waitFor("node/worker-1 cordoned"))
    #expect(await session.waitFor("Ready,SchedulingDisabled"))
    // A shell in a pod: `cd` lasts from one line to the next.
    session.keys(":pods /webserver", "Enter")
    #expect(await session.waitFor(timeout: .seconds(30)) { $0.contains("Running") && $0.contains("webserver-") })
    session.keys("s")
    #expect(await session.waitFor("$ "))
    session.keys("cd /etc", "Enter")
    #expect(await session.waitFor(":/etc$"))
    session.keys("pwd", "Enter")
    #expect(await session.waitFor { $0.contains(":/etc$ pwd") })
    session.keys("Escape", "Escape", "q")
    #expect(await session.waitFor(timeout: .seconds(10)) { _ in FileManager.default.fileExists(atPath: stty) })
    let settings = (try? String(contentsOfFile: stty, encoding: .utf8)) ?? ""
    #expect(settings.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == ";" }).contains("icanon"))
  }
}

/// Helpers for driving the binary in a private tmux server.
enum EndToEnd {
  static let tmuxPath: String? = ["/usr/bin/tmux", "/usr/local/bin/tmux", "/opt/homebrew/bin/tmux"]
    .first { FileManager.default.isExecutableFile(atPath: $0) }

  /// Single-quotes a word for `sh`.
  static func quoted(_ word: String) -> String {
    "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
  }

  /// The package root (three levels above this file).
  static var packageRoot: URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  }

  /// The built `kubedeck`, building it first when absent.
  static func binary() throws -> String {
    let path = packageRoot.appendingPathComponent(".build/debug/kubedeck").path
    if !FileManager.default.isExecutableFile(atPath: path) {
      _ = try run("/usr/bin/env", ["swift", "build", "--product", "kubedeck"], in: packageRoot, capture: false)
    }
    guard FileManager.default.isExecutableFile(atPath: path) else {
      throw EndToEndError(description: "no kubedeck binary at \(path); run swift build first")
    }
    return path
  }

  @discardableResult
  static func run(_ executable: String, _ arguments: [String], in directory: URL? = nil, capture: Bool = true) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = directory }
    // A tmux server started by new-session would hold a captured pipe open for its lifetime.
    let pipe = Pipe()
    process.standardOutput = capture ? pipe : FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let data = capture ? pipe.fileHandleForReading.readDataToEndOfFile() : Data()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self)
  }

  /// One tmux server on a unique socket, killed in all cases.
  final class Session {
    let socket = "kubedeck-e2e-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))"
    var tmux: String { EndToEnd.tmuxPath ?? "tmux" }

    /// Starts the session through `system`: a server forked from a `Process` child would keep
    /// Foundation's exit-status pipe open, and the launch would wait for the server to end.
    func start(_ command: String) throws {
      let line = [
        tmux, "-L", socket, "new-session", "-d", "-x", "120", "-y", "40", "-e", "LANG=C.UTF-8", "-e",
        "TERM=xterm-256color", "-c", EndToEnd.packageRoot.path, command,
      ].map(EndToEnd.quoted).joined(separator: " ")
      guard system(line + " </dev/null >/dev/null 2>&1") == 0 else {
        throw EndToEndError(description: "tmux new-session failed")
      }
    }

    /// Sends keys; plain text is typed literally, tmux key names (Enter, Escape) are pressed.
    func keys(_ keys: String...) {
      for key in keys {
        let named = ["Enter", "Escape", "Tab", "Up", "Down", "C-c"].contains(key)
        _ = try? EndToEnd.run(tmux, ["-L", socket, "send-keys"] + (named ? [] : ["-l"]) + [key], capture: false)
        usleep(150_000)
      }
    }

    func screen() -> String {
      (try? EndToEnd.run(tmux, ["-L", socket, "capture-pane", "-p"])) ?? ""
    }

    func waitFor(_ text: String, timeout: Duration = .seconds(15)) async -> Bool {
      await waitFor(timeout: timeout) { $0.contains(text) }
    }

    func waitFor(timeout: Duration = .seconds(15), _ condition: (String) -> Bool) async -> Bool {
      let deadline = ContinuousClock.now + timeout
      while ContinuousClock.now < deadline {
        if condition(screen()) { return true }
        try? await Task.sleep(for: .milliseconds(200))
      }
      print("screen at timeout:\n" + screen())
      return false
    }

    func kill() {
      _ = system([tmux, "-L", socket, "kill-server"].map(EndToEnd.quoted).joined(separator: " ") + " >/dev/null 2>&1")
    }
  }
}

struct EndToEndError: Error, CustomStringConvertible {
  var description: String
}
