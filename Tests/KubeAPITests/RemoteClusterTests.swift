import ClusterEngine
import Foundation
@testable import KubeAPI
import KubeModel
import Testing

/// The dashboard's client for a kubeconfig context, against the embedded cluster served on
/// loopback: what it reads, watches and writes is what the API server holds.
@Suite(.serialized)
struct RemoteClusterTests {
  /// Serves a settled demo cluster and hands `body` a client for the harness's kubeconfig.
  static func withRemote(_ body: (EmbeddedCluster, RemoteCluster, KubectlHarness) async throws -> Void) async throws {
    let cluster = EmbeddedCluster(try ClusterFactory.make(seed: 1))
    cluster.step(by: 30)
    let harness = try await KubectlHarness(cluster: cluster)
    do {
      let remote = try RemoteCluster(selection: try KubeconfigSelection.load(path: harness.kubeconfig, context: nil))
      try await body(cluster, remote, harness)
      remote.close()
    } catch {
      await harness.shutdown()
      throw error
    }
    await harness.shutdown()
  }

  static func firstPod(_ cluster: EmbeddedCluster, prefix: String) -> Pod? {
    cluster.withCluster { $0.store.list(Pod.self).first { $0.name.hasPrefix(prefix) } }
  }

  @Test func readsWatchesAndWritesWhatTheServerHolds() async throws {
    try await Self.withRemote { cluster, remote, _ in
      let info = try await remote.info()
      #expect(info.source == "context kubedeck")
      #expect(!info.isSimulated)
      #expect(info.serverVersion.hasPrefix("v1."))

      let nodes = try await remote.list(Node.self, namespace: nil, options: ListOptions())
      #expect(nodes.items.map(\.name).sorted() == cluster.withCluster { $0.store.list(Node.self).map(\.name).sorted() })
      let web = try #require(Self.firstPod(cluster, prefix: "webserver-"))
      let read = try await remote.get(Pod.self, namespace: "default", name: web.name)
      #expect(read.spec?.nodeName == web.spec?.nodeName)

      // A watch from the list's revision delivers the label written next.
      let pods = try await remote.list(Pod.self, namespace: "default", options: ListOptions())
      let changes = remote.watch(Pod.self, namespace: "default", options: ListOptions(resourceVersion: pods.metadata.resourceVersion))
      let labelled = try await remote.patch(
        Pod.self, namespace: "default", name: web.name, patch: Patch(.merge, ["metadata": ["labels": ["tier": "web"]]]))
      #expect(labelled.labels["tier"] == "web")
      var seen: WatchEvent<Pod>?
      for try await change in changes where change.object.name == web.name && change.object.labels["tier"] == "web" {
        seen = change
        break
      }
      #expect(seen?.type == .modified)

      let scaled = try await remote.scale(.deployments, namespace: "default", name: "webserver", replicas: 3)
      #expect(scaled.spec?.replicas == 3)
      #expect(cluster.withCluster { $0.store.get(Deployment.self, namespace: "default", name: "webserver")?.spec?.replicas } == 3)

      try await remote.delete(Pod.self, namespace: "default", name: web.name, options: DeleteOptions())
      #expect(cluster.withCluster { $0.store.get(Pod.self, namespace: "default", name: web.name)?.metadata.deletionTimestamp } != nil)

      // The server's own Status comes back as the error.
      do {
        _ = try await remote.get(Pod.self, namespace: "default", name: "nope")
        Issue.record("a missing pod was read")
      } catch let status as Status {
        #expect(status.code == 404)
        #expect(status.message == "pods \"nope\" not found")
      }
    }
  }

  @Test func drainRefusesThenEvictsAsKubectlDoes() async throws {
    try await Self.withRemote { cluster, remote, _ in
      let node = try #require(Self.firstPod(cluster, prefix: "webserver-")?.spec?.nodeName)
      do {
        _ = try await remote.drain(node: node, options: DrainOptions())
        Issue.record("a node with a DaemonSet pod drained without --ignore-daemonsets")
      } catch let error as DrainError {
        #expect(error.problems.contains { $0.contains("cannot delete DaemonSet-managed Pods") })
      }
      #expect(cluster.withCluster { $0.store.get(Node.self, name: node)?.spec?.unschedulable } == true)
      let report = try await remote.drain(
        node: node, options: DrainOptions(ignoreDaemonSets: true, force: true, deleteEmptyDirData: true))
      #expect(report.wasCordoned)
      let evicted = report.entries.filter { $0.outcome == .evicted }.map(\.name)
      #expect(evicted.contains { $0.hasPrefix("webserver-") })
      for name in evicted {
        #expect(cluster.withCluster { $0.store.get(Pod.self, namespace: "default", name: name)?.metadata.deletionTimestamp } != nil)
      }
      let uncordoned = try await remote.setUnschedulable(node: node, false)
      #expect(uncordoned.spec?.unschedulable == nil)
    }
  }

  @Test func execKeepsTheShellsDirectoryAndExitCode() async throws {
    try await Self.withRemote { cluster, remote, _ in
      let web = try #require(Self.firstPod(cluster, prefix: "webserver-"))
      let moved = try await remote.exec(namespace: "default", pod: web.name, container: nil, command: ["sh", "-c", "cd /etc"])
      #expect(moved.workingDirectory == "/etc")
      #expect(moved.stdout.isEmpty)
      let here = try await remote.exec(
        namespace: "default", pod: web.name, container: nil, command: ["sh", "-c", "pwd"], stdin: "", workingDirectory: "/etc")
      #expect(here.stdout == "/etc\n")
      let failed = try await remote.exec(namespace: "default", pod: web.name, container: nil, command: ["sh", "-c", "exit 3"])
      #expect(failed.exitCode == 3)
      let missing = try await remote.exec(namespace: "default", pod: web.name, container: nil, command: ["ls", "/nope"])
      #expect(missing.exitCode != 0)
      #expect(missing.stderr.contains("/nope"))
      let counted = try await remote.exec(
        namespace: "default", pod: web.name, container: nil, command: ["wc", "-l"], stdin: "a\nb\n")
      #expect(counted.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "2")
      do {
        _ = try await remote.exec(namespace: "default", pod: "nope", container: nil, command: ["ls"])
        Issue.record("exec ran in a missing pod")
      } catch let status as Status {
        #expect(status.code == 404)
      }
    }
  }

  @Test func logsFollowedLogsAndMetrics() async throws {
    try await Self.withRemote { cluster, remote, _ in
      // A webserver that has served a request (nginx writes nothing else to its log).
      var web: Pod?
      for pod in cluster.withCluster({ $0.store.list(Pod.self) }) where pod.name.hasPrefix("webserver-") {
        if try await !cluster.logs(namespace: "default", pod: pod.name, options: LogOptions()).isEmpty {
          web = pod
          break
        }
      }
      let logged = try #require(web)
      let lines = try await remote.logs(namespace: "default", pod: logged.name, options: LogOptions())
      let served = try await cluster.logs(namespace: "default", pod: logged.name, options: LogOptions())
      #expect(!lines.isEmpty)
      #expect(lines == Array(served.prefix(lines.count)))
      var first: String?
      for try await line in remote.followLogs(namespace: "default", pod: logged.name, options: LogOptions(tailLines: 1)) {
        first = line
        break
      }
      #expect(first != nil)
      let nodes = try await remote.nodeMetrics()
      #expect(nodes.count == cluster.withCluster { $0.store.list(Node.self).count })
      let pods = try await remote.podMetrics(namespace: "default")
      #expect(pods.contains { $0.name == logged.name })
    }
  }

  @Test func anObjectThisBuildCannotReadIsLeftOutOfItsList() throws {
    let body = Array(
      """
      {"kind":"PodList","apiVersion":"v1","metadata":{"resourceVersion":"42"},"items":[
        {"metadata":{"name":"fine","namespace":"default"},"spec":{"containers":[{"name":"app","image":"nginx"}]},
         "someFieldFromANewerServer":{"x":1}},
        {"metadata":{"name":"odd","namespace":"default"},"spec":{"containers":"not a list"}},
        {"metadata":{"name":"also-fine","namespace":"default"}}
      ]}
      """.utf8)
    let list = try RemoteCluster.decodeList(Pod.self, body, decoder: StrictDecoder(rejectsUnknownFields: false))
    #expect(list.items.map(\.name) == ["fine", "also-fine"])
    #expect(list.metadata.resourceVersion == "42")
    #expect(throws: Status.self) {
      try RemoteCluster.decodeList(Pod.self, Array("<html>".utf8), decoder: StrictDecoder(rejectsUnknownFields: false))
    }
  }

  @Test func aServerNobodyAnswersReadsAsKubectlSaysIt() async throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kubedeck-remote-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    // A port just closed: nothing listens on it.
    let probe = HTTPServer(handler: APIHandler(client: EmbeddedCluster(try ClusterFactory.make()), clock: { Time(seconds: 0) }))
    let port = try await probe.start(host: "127.0.0.1", port: 0)
    await probe.shutdown()
    let path = try Kubeconfig.write(server: "http://127.0.0.1:\(port)", to: folder.appendingPathComponent("config").path)
    let remote = try RemoteCluster(selection: try KubeconfigSelection.load(path: path, context: nil))
    do {
      _ = try await remote.list(Node.self, namespace: nil, options: ListOptions())
      Issue.record("a list succeeded with no server")
    } catch let status as Status {
      #expect(status.message == "Unable to connect to the server: dial tcp 127.0.0.1:\(port): connect: connection refused")
    }
  }

  @Test func kubeconfigProblemsNameTheFileAndWhatIsWrong() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kubedeck-remote-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let missing = folder.appendingPathComponent("absent").path
    #expect(throws: KubeconfigError(file: missing, message: "stat \(missing): no such file or directory")) {
      try KubeconfigSelection.load(path: missing, context: nil)
    }
    let path = try Kubeconfig.write(server: "http://127.0.0.1:1", to: folder.appendingPathComponent("config").path)
    #expect(throws: KubeconfigError(file: path, message: "context \"prod\" does not exist (contexts: kubedeck)")) {
      try KubeconfigSelection.load(path: path, context: "prod")
    }
    let noServer = folder.appendingPathComponent("no-server").path
    try Data(
      """
      apiVersion: v1
      kind: Config
      current-context: lab
      clusters: [{name: lab, cluster: {}}]
      contexts: [{name: lab, context: {cluster: lab, namespace: teaching}}]
      """.utf8
    ).write(to: URL(fileURLWithPath: noServer))
    #expect(throws: KubeconfigError(file: noServer, message: "cluster \"lab\": server is not set")) {
      try KubeconfigSelection.load(path: noServer, context: nil)
    }
    let selection = try KubeconfigSelection.load(path: path, context: nil)
    #expect(selection.namespace == "default")
    #expect(!selection.needsKubectl)
    #expect(selection.httpEndpoint?.port == 1)

    // TLS, client certificates and exec plugins are kubectl's to speak.
    let secure = folder.appendingPathComponent("secure").path
    try Data(
      """
      apiVersion: v1
      kind: Config
      current-context: kind
      clusters: [{name: kind, cluster: {server: "https://127.0.0.1:6443"}}]
      users: [{name: admin, user: {token: abc}}]
      contexts: [{name: kind, context: {cluster: kind, user: admin, namespace: teaching}}]
      """.utf8
    ).write(to: URL(fileURLWithPath: secure))
    let kind = try KubeconfigSelection.load(path: secure, context: nil)
    #expect(kind.needsKubectl)
    #expect(kind.namespace == "teaching")
    #expect(kind.authorization == "Bearer abc")
  }

  /// A server speaking TLS with a token (as `kubedeck serve --tls` and `--allow-remote` do):
  /// kubectl trusts it through the kubeconfig's certificate and sends the token; the
  /// dashboard's client reaches it through a `kubectl proxy` it starts on loopback and stops
  /// on close.
  @Test(.enabled(if: KubectlHarness.kubectlPath != nil, "kubectl is not installed"))
  func aTLSServerIsReachedThroughKubectl() async throws {
    let cluster = EmbeddedCluster(try ClusterFactory.make(seed: 1))
    cluster.step(by: 30)
    let handler = APIHandler(client: cluster, bearerToken: "s3cret", clock: { [cluster] in cluster.withCluster { $0.clock.now } })
    let server = HTTPServer(handler: handler)
    let certificate = try ServingCertificate(dnsNames: ["localhost"], ipAddresses: ["127.0.0.1"])
    let port = try await server.start(host: "127.0.0.1", port: 0, tls: try certificate.serverContext())
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kubedeck-remote-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    func kubeconfig(_ name: String, token: String?, trusted: Bool) throws -> String {
      try Kubeconfig.write(
        server: "https://127.0.0.1:\(port)", token: token, certificateAuthority: trusted ? certificate.certificatePEM : nil,
        to: folder.appendingPathComponent(name).path)
    }
    func kubectl(_ config: String, _ arguments: [String]) throws -> (Int32, String, String) {
      let process = Process()
      process.executableURL = URL(fileURLWithPath: KubectlHarness.kubectlPath ?? "kubectl")
      process.arguments = ["--kubeconfig", config] + arguments
      var environment = ProcessInfo.processInfo.environment
      environment["HOME"] = folder.path
      process.environment = environment
      let out = folder.appendingPathComponent("out-\(UUID().uuidString)")
      let err = folder.appendingPathComponent("err-\(UUID().uuidString)")
      FileManager.default.createFile(atPath: out.path, contents: nil)
      FileManager.default.createFile(atPath: err.path, contents: nil)
      process.standardOutput = try FileHandle(forWritingTo: out)
      process.standardError = try FileHandle(forWritingTo: err)
      try process.run()
      process.waitUntilExit()
      return (process.terminationStatus, try String(contentsOf: out, encoding: .utf8), try String(contentsOf: err, encoding: .utf8))
    }
    let good = try kubeconfig("good", token: "s3cret", trusted: true)
    let nodes = try kubectl(good, ["get", "nodes", "-o", "name"])
    #expect(nodes.0 == 0, "\(nodes.2)")
    #expect(nodes.1.contains("node/worker-1"))
    let untrusted = try kubectl(try kubeconfig("untrusted", token: "s3cret", trusted: false), ["get", "nodes"])
    #expect(untrusted.0 != 0)
    #expect(untrusted.2.contains("certificate signed by unknown authority"))
    let stranger = try kubectl(try kubeconfig("stranger", token: "guess", trusted: true), ["get", "nodes"])
    #expect(stranger.0 != 0)
    #expect(stranger.2.contains("You must be logged in to the server (Unauthorized)"), "\(stranger.2)")

    let selection = try KubeconfigSelection.load(path: good, context: nil)
    #expect(selection.needsKubectl)
    let remote = try RemoteCluster(selection: selection)
    let listed = try await remote.list(Node.self, namespace: nil, options: ListOptions())
    #expect(listed.items.count == cluster.withCluster { $0.store.list(Node.self).count })
    let web = try #require(Self.firstPod(cluster, prefix: "webserver-"))
    let moved = try await remote.exec(namespace: "default", pod: web.name, container: nil, command: ["sh", "-c", "cd /etc"])
    #expect(moved.workingDirectory == "/etc")
    let proxyPort = try #require(remote.proxyPort)
    remote.close()
    // Closing stops the proxy: its port answers no more.
    await #expect(throws: Status.self) { try await APITransport(host: "127.0.0.1", port: proxyPort).send(.GET, "/version") }
    await server.shutdown()
  }
}
