import Foundation
import KubeModel

/// A `kubectl proxy` on loopback, for clusters whose TLS and credentials (client
/// certificates, exec plugins, auth providers) kubectl speaks: the dashboard then talks plain
/// HTTP to the proxy, and kubectl authenticates every request. Stopped with `stop()` or
/// when the process ends.
public final class KubectlProxy: @unchecked Sendable {
  public let port: Int
  private let process: Process

  private init(process: Process, port: Int) {
    self.process = process
    self.port = port
  }

  /// Starts `kubectl proxy` on a free loopback port for the selection's context and waits
  /// (up to `timeout`) for it to serve.
  public static func start(
    for selection: KubeconfigSelection, kubectl: String = "kubectl", timeout: Duration = .seconds(20)
  ) throws(KubeconfigError) -> KubectlProxy {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    // Only attach is refused (the dashboard never attaches); exec serves its shell pane.
    process.arguments = [
      kubectl, "proxy", "--kubeconfig", selection.path, "--context", selection.contextName, "--address", "127.0.0.1",
      "--port", "0", "--reject-paths", "^/api/.*/pods/.*/attach",
    ]
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    process.standardInput = FileHandle.nullDevice
    do {
      try process.run()
    } catch {
      throw KubeconfigError(file: selection.path, message: "this cluster needs kubectl (for its TLS or credentials), and \(kubectl) could not be started: \(error)")
    }
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
        return KubectlProxy(process: process, port: port)
      }
    }
    process.terminate()
    let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
      .trimmingCharacters(in: .whitespacesAndNewlines)
    throw KubeconfigError(
      file: selection.path, message: "kubectl proxy did not start" + (message.isEmpty ? "" : ": \(message)"))
  }

  /// Stops the proxy.
  public func stop() {
    if process.isRunning {
      process.terminate()
      process.waitUntilExit()
    }
  }

  deinit { stop() }
}
