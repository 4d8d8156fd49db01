import ArgumentParser
import ClusterEngine
import Foundation
import KubeAPI
import KubeModel

/// `kubedeck serve`: runs the embedded cluster headless and serves the Kubernetes API on
/// loopback for kubectl.
struct ServeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "serve",
    abstract: "Run the embedded cluster without the dashboard and serve the Kubernetes API for kubectl."
  )

  @Option(help: "Port to listen on (0 picks a free one).")
  var port: Int = 6443

  @Option(help: "Address to bind. Anything but loopback requires --allow-remote, and is served with TLS and a bearer token.")
  var address: String = "127.0.0.1"

  @Flag(help: "Allow binding a non-loopback address (served with TLS; requests then need the generated token).")
  var allowRemote = false

  @Flag(help: "Serve HTTPS with a fresh self-signed certificate and a bearer token, on loopback too (always so with --allow-remote).")
  var tls = false

  @Option(help: "Where to write the kubeconfig for kubectl (never ~/.kube/config).")
  var kubeconfigOut: String?

  @OptionGroup var cluster: ClusterOptions

  func validate() throws {
    try cluster.validate()
    guard (0...65_535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
    if !isLoopback(address) && !allowRemote {
      throw ValidationError("--address \(address) is not loopback: add --allow-remote to expose the cluster (it is then served over TLS with a bearer token)")
    }
  }

  func run() throws {
    let embedded = EmbeddedCluster(try cluster.makeCluster())
    embedded.speed = cluster.speed
    // kubectl sends a token only over TLS: a server others reach speaks it, with a
    // certificate for every address of this machine, which the kubeconfig trusts.
    let secure = tls || !isLoopback(address)
    let token = secure ? Self.newToken() : nil
    let certificate = secure ? try Self.certificate(for: address) : nil
    let handler = APIHandler(
      client: embedded, bearerToken: token, clock: { [embedded] in embedded.withCluster { $0.clock.now } })
    let server = HTTPServer(handler: handler)
    let context = try certificate?.serverContext()
    let bound = try runBlocking { try await server.start(host: address, port: port, tls: context) }
    embedded.start()
    // A wildcard address is reached on loopback from here; other machines use any address
    // the certificate names.
    let reachable = Self.wildcards.contains(address) ? "127.0.0.1" : address
    let host = reachable.contains(":") ? "[\(reachable)]" : reachable
    let scheme = secure ? "https" : "http"
    let path = kubeconfigOut ?? Kubeconfig.defaultPath
    try Kubeconfig.write(
      server: "\(scheme)://\(host):\(bound)", token: token, certificateAuthority: certificate?.certificatePEM, to: path)
    var banner = "kubedeck: serving the embedded cluster at \(scheme)://\(host):\(bound)\n"
    if let certificate {
      banner += "kubedeck: TLS certificate for \((certificate.dnsNames + certificate.ipAddresses).joined(separator: ", "))\n"
    }
    banner += "export KUBECONFIG=\(path)\n"
    FileHandle.standardOutput.write(Data(banner.utf8))
    waitForTermination()
    embedded.stop()
    try? runBlocking { await server.shutdown() }
  }

  /// A certificate for `localhost`, this machine's name, every interface address and the
  /// bound one.
  static func certificate(for address: String) throws -> ServingCertificate {
    var names = ["localhost"]
    let host = ProcessInfo.processInfo.hostName
    if !host.isEmpty, host != "localhost", ServingCertificate.addressBytes(host) == nil { names.append(host) }
    var addresses = ServingCertificate.interfaceAddresses()
    for extra in ["127.0.0.1", "::1", address] where !addresses.contains(extra) && !Self.wildcards.contains(extra) {
      addresses.append(extra)
    }
    return try ServingCertificate(dnsNames: names, ipAddresses: addresses)
  }

  /// Addresses that bind every interface: no certificate names them, no client dials them.
  static let wildcards: Set<String> = ["0.0.0.0", "::", "[::]"]

  static func newToken() -> String {
    var generator = SystemRandomNumberGenerator()
    return (0..<32).map { _ in String(generator.next() % 16, radix: 16) }.joined()
  }
}

/// Whether `address` is a loopback address.
func isLoopback(_ address: String) -> Bool {
  address == "localhost" || address == "::1" || address.hasPrefix("127.")
}

/// The options every command that runs a cluster takes.
struct ClusterOptions: ParsableArguments {
  @Option(help: "Seed of the simulation: the same seed and actions give the same cluster.")
  var seed: UInt64 = 1

  @Option(help: "Virtual seconds per wall-clock second (0 pauses; 1, 2, 10, 60).")
  var speed: Double = 1

  @Option(help: "Number of worker nodes (default: the demo cluster's workers).")
  var nodes: Int?

  @Option(name: .customLong("cluster"), help: "A cluster file: nodes (capacity, labels, taints) and manifests to apply.")
  var clusterFile: String?

  @Option(help: "Control-plane nodes, each with an etcd member (3 for a highly available control plane).")
  var controlPlanes: Int = 1

  func validate() throws {
    guard speed >= 0 else { throw ValidationError("--speed must not be negative") }
    if let nodes, !(0...5_000).contains(nodes) { throw ValidationError("--nodes must be between 0 and 5000") }
    try validateControlPlanes(controlPlanes, clusterFile: clusterFile)
  }

  /// The cluster these options describe; a cluster file with errors is reported whole.
  func makeCluster() throws -> Cluster {
    do {
      return try ClusterFactory.make(
        seed: seed, nodes: nodes, clusterFile: clusterFile, epochSeconds: wallClockEpoch(), controlPlanes: controlPlanes)
    } catch let errors as ManifestErrors {
      throw ValidationError(errors.description)
    }
  }
}

/// Checks `--control-planes`: 1 to 7 members, as etcd clusters are sized; a cluster file
/// names its own control-plane nodes.
func validateControlPlanes(_ count: Int, clusterFile: String?) throws {
  guard (1...7).contains(count) else { throw ValidationError("--control-planes must be between 1 and 7") }
  if count != 1, clusterFile != nil {
    throw ValidationError("--control-planes cannot be combined with --cluster: the file's nodes with role control-plane are the members")
  }
}

/// Runs async work from synchronous command code.
func runBlocking<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
  let box = ResultBox<T>()
  let semaphore = DispatchSemaphore(value: 0)
  Task {
    do { box.set(.success(try await body())) } catch { box.set(.failure(error)) }
    semaphore.signal()
  }
  semaphore.wait()
  return try box.get()
}

/// Blocks until SIGINT or SIGTERM.
func waitForTermination() {
  let semaphore = DispatchSemaphore(value: 0)
  signal(SIGINT, SIG_IGN)
  signal(SIGTERM, SIG_IGN)
  let sources = [SIGINT, SIGTERM].map { signalNumber in
    let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
    source.setEventHandler { semaphore.signal() }
    source.resume()
    return source
  }
  semaphore.wait()
  sources.forEach { $0.cancel() }
}

/// A result handed from a task to a waiting thread.
final class ResultBox<T: Sendable>: @unchecked Sendable {
  private let lock = NSLock()
  private var result: Result<T, any Error>?

  func set(_ value: Result<T, any Error>) {
    lock.lock()
    result = value
    lock.unlock()
  }

  func get() throws -> T {
    lock.lock()
    defer { lock.unlock() }
    guard let result else { throw CancellationError() }
    return try result.get()
  }
}
