import Foundation
import KubeModel

/// A `kubectl proxy` on loopback, for clusters whose TLS and credentials (client
/// certificates, exec plugins, auth providers) kubectl speaks: the dashboard then talks plain
/// HTTP to the proxy, and kubectl authenticates every request. Stopped with `stop()`, and
/// also when this process ends however it ends (a signal included): a small shell watches a
/// pipe this process holds and stops kubectl once the pipe closes.
public final class KubectlProxy: @unchecked Sendable {
  public let port: Int
  private let process: Process
  /// Closing it tells the watching shell to stop kubectl.
  private let lifeline: Pipe

  private init(process: Process, lifeline: Pipe, port: Int) {
    self.process = process
    self.lifeline = lifeline
    self.port = port
  }

  /// The executable `name` on PATH (or at `name`, when it is a path), if any.
  public static func find(_ name: String) -> String? {
    if name.contains("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
    for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
      let candidate = "\(directory)/\(name)"
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
  }

  /// Starts `kubectl proxy` on a free loopback port for the selection's context and waits
  /// (up to `timeout`) for it to serve.
  public static func start(
    for selection: KubeconfigSelection, kubectl: String = "kubectl", timeout: Duration = .seconds(20)
  ) throws(KubeconfigError) -> KubectlProxy {
    guard let executable = find(kubectl) else {
      throw KubeconfigError(
        file: selection.path, message: "this cluster needs kubectl (for its TLS or credentials), and there is no \(kubectl) on PATH")
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    // Only attach is refused (the dashboard never attaches); exec serves its shell pane.
    process.arguments = [
      "proxy", "--kubeconfig", selection.path, "--context", selection.contextName, "--address", "127.0.0.1", "--port", "0",
      "--reject-paths", "^/api/.*/pods/.*/attach",
    ]
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    process.standardInput = FileHandle.nullDevice
    do {
      try process.run()
    } catch {
      throw KubeconfigError(file: selection.path, message: "kubectl proxy could not be started: \(error)")
    }
    // The watchdog: a shell reading the lifeline, which only this process holds open; when
    // the pipe closes (`stop()`, or this process ending however it ends) it kills kubectl,
    // if that pid is still kubectl's.
    let lifeline = Pipe()
    let watchdog = Process()
    watchdog.executableURL = URL(fileURLWithPath: "/bin/sh")
    watchdog.arguments = [
      "-c", #"read _; [ "$(cat /proc/$1/comm 2>/dev/null)" = "$2" ] && kill -9 "$1""#, "sh",
      String(process.processIdentifier), String(URL(fileURLWithPath: executable).lastPathComponent.prefix(15)),
    ]
    watchdog.standardInput = lifeline
    watchdog.standardOutput = FileHandle.nullDevice
    watchdog.standardError = FileHandle.nullDevice
    try? watchdog.run()
    // kubectl prints "Starting to serve on 127.0.0.1:PORT" once it listens.
    let reader = output.fileHandleForReading
    var text = ""
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
      let chunk = reader.availableData
      if chunk.isEmpty { break }
      text += String(decoding: chunk, as: UTF8.self)
      if let range = text.range(of: "Starting to serve on "), let line = text[range.upperBound...].split(separator: "\n").first,
        text[range.upperBound...].contains("\n"), let port = line.split(separator: ":").last.flatMap({ Int($0) })
      {
        return KubectlProxy(process: process, lifeline: lifeline, port: port)
      }
    }
    process.terminate()
    try? lifeline.fileHandleForWriting.close()
    process.waitUntilExit()
    let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
      .trimmingCharacters(in: .whitespacesAndNewlines)
    throw KubeconfigError(
      file: selection.path, message: "kubectl proxy did not start" + (message.isEmpty ? "" : ": \(message)"))
  }

  /// Stops the proxy.
  public func stop() {
    if process.isRunning { process.terminate() }
    try? lifeline.fileHandleForWriting.close()
    process.waitUntilExit()
  }

  deinit { stop() }
}
