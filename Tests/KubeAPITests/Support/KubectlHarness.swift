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
  /// The server's way into the cluster, counting kubectl's calls.
  let client: CountingClient<EmbeddedCluster>
  private var outputs = 0

  /// The kubectl on PATH, or nil (tests then say they were skipped).
  static let kubectlPath = KubectlProxy.find("kubectl")

  init(cluster: EmbeddedCluster) async throws {
    self.cluster = cluster
    home = FileManager.default.temporaryDirectory.appendingPathComponent("kubedeck-kubectl-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
    client = CountingClient(cluster)
    let handler = APIHandler(client: client, clock: { [cluster] in cluster.withCluster { $0.clock.now } })
    server = HTTPServer(handler: handler)
    port = try await server.start(host: "127.0.0.1", port: 0)
    kubeconfig = try Kubeconfig.write(server: "http://127.0.0.1:\(port)", to: home.appendingPathComponent(".kube/config").path)
  }

  /// A kubectl process still running (`get -w`), writing to files in HOME.
  struct Running {
    let process: Process
    let stdout: URL
    let stderr: URL

    /// What it has printed so far.
    var output: String { (try? String(contentsOf: stdout, encoding: .utf8)) ?? "" }

    /// Stops it and returns (stdout, stderr).
    func stop() -> (String, String) {
      if process.isRunning { process.terminate() }
      process.waitUntilExit()
      return (output, (try? String(contentsOf: stderr, encoding: .utf8)) ?? "")
    }
  }

  /// Starts `kubectl <arguments>` without waiting for it. Output goes to files (never a
  /// pipe that could fill up and stall kubectl).
  /// `executable` runs something else with kubectl's environment (`script` giving kubectl
  /// a terminal).
  func launch(
    _ arguments: [String], stdin: String? = nil, environment extra: [String: String] = [:], executable: String? = nil
  ) throws -> Running {
    guard let kubectl = executable ?? Self.kubectlPath else { throw CocoaError(.executableNotLoadable) }
    outputs += 1
    let stdout = home.appendingPathComponent("out-\(outputs).txt")
    let stderr = home.appendingPathComponent("err-\(outputs).txt")
    FileManager.default.createFile(atPath: stdout.path, contents: nil)
    FileManager.default.createFile(atPath: stderr.path, contents: nil)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: kubectl)
    process.arguments = arguments
    var environment = ProcessInfo.processInfo.environment
    environment["HOME"] = home.path
    environment["KUBECONFIG"] = kubeconfig
    for (key, value) in extra { environment[key] = value }
    process.environment = environment
    process.standardOutput = try FileHandle(forWritingTo: stdout)
    process.standardError = try FileHandle(forWritingTo: stderr)
    if let stdin {
      let input = home.appendingPathComponent("in-\(outputs).txt")
      try stdin.write(to: input, atomically: true, encoding: .utf8)
      process.standardInput = try FileHandle(forReadingFrom: input)
    } else {
      process.standardInput = FileHandle.nullDevice
    }
    try process.run()
    return Running(process: process, stdout: stdout, stderr: stderr)
  }

  /// Runs `kubectl <arguments>` and returns (exit code, stdout, stderr). With `stepping`,
  /// virtual time advances by that many seconds every 20 ms while kubectl runs, from its
  /// first call to the server on (for the commands that wait for the cluster: drain, delete,
  /// rollout status: each sees the cluster as it was when it started); otherwise the cluster
  /// stands still.
  func run(
    _ arguments: [String], stdin: String? = nil, environment: [String: String] = [:], stepping: Double? = nil,
    timeout: Double = 30
  ) async throws -> (Int32, String, String) {
    guard Self.kubectlPath != nil else { return (-1, "", "kubectl not installed") }
    let callsBefore = client.calls
    let running = try launch(arguments, stdin: stdin, environment: environment)
    let deadline = Date().addingTimeInterval(timeout)
    // Sleeping, not blocking: the server answering kubectl runs on the same thread pool.
    while running.process.isRunning && Date() < deadline {
      try await Task.sleep(for: .milliseconds(20))
      if let stepping, client.calls > callsBefore { cluster.step(by: stepping) }
    }
    let timedOut = running.process.isRunning
    let (out, err) = running.stop()
    return (timedOut ? -2 : running.process.terminationStatus, out, err)
  }

  func shutdown() async {
    await server.shutdown()
    try? FileManager.default.removeItem(at: home)
  }
}
