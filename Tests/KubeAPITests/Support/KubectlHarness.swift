import ClusterEngine
import Foundation
import KubeAPI
import KubeModel

/// Runs the real kubectl against a server on loopback, with HOME in a fresh temporary
/// folder so kubectl's discovery cache cannot leak between runs.
final class KubectlHarness: @unchecked Sendable {
  let home: URL
  let kubeconfig: String
  let port: Int
  let server: HTTPServer
  let cluster: EmbeddedCluster

  /// The kubectl on PATH, or nil (tests then say they were skipped).
  static let kubectlPath: String? = {
    for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
      let candidate = "\(directory)/kubectl"
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
  }()

  init(cluster: EmbeddedCluster) async throws {
    self.cluster = cluster
    home = FileManager.default.temporaryDirectory.appendingPathComponent("kubedeck-kubectl-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
    let handler = APIHandler(client: cluster, clock: { [cluster] in cluster.withCluster { $0.clock.now } })
    server = HTTPServer(handler: handler)
    port = try await server.start(host: "127.0.0.1", port: 0)
    kubeconfig = try Kubeconfig.write(server: "http://127.0.0.1:\(port)", to: home.appendingPathComponent(".kube/config").path)
  }

  /// Runs `kubectl <arguments>` and returns (exit code, stdout, stderr). The wait happens
  /// on a dispatch thread, so the server's tasks keep the cooperative pool.
  func run(_ arguments: [String], stdin: String? = nil, timeout: Double = 30) async throws -> (Int32, String, String) {
    try await withCheckedThrowingContinuation { continuation in
      DispatchQueue.global().async {
        continuation.resume(with: Result { try self.runWaiting(arguments, stdin: stdin, timeout: timeout) })
      }
    }
  }

  private func runWaiting(_ arguments: [String], stdin: String?, timeout: Double) throws -> (Int32, String, String) {
    guard let kubectl = Self.kubectlPath else { return (-1, "", "kubectl not installed") }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: kubectl)
    process.arguments = arguments
    var environment = ProcessInfo.processInfo.environment
    environment["HOME"] = home.path
    environment["KUBECONFIG"] = kubeconfig
    process.environment = environment
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    if let stdin {
      let input = Pipe()
      process.standardInput = input
      try process.run()
      input.fileHandleForWriting.write(Data(stdin.utf8))
      try input.fileHandleForWriting.close()
    } else {
      process.standardInput = FileHandle.nullDevice
      try process.run()
    }
    let deadline = Date().addingTimeInterval(timeout)
    while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
    if process.isRunning { process.terminate() }
    process.waitUntilExit()
    let out = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    let err = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    return (process.terminationStatus, out, err)
  }

  func shutdown() async {
    await server.shutdown()
    try? FileManager.default.removeItem(at: home)
  }
}
