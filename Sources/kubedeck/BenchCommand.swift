import ArgumentParser
import ClusterEngine
import Dashboard
import Foundation
import KubeAPI
import KubeModel

/// `kubedeck bench`: measures the scheduler, the engine, the dashboard and the API at
/// scale (release builds only give meaningful numbers), printing each figure beside its
/// target, or one JSON object with `--json`.
struct BenchCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bench",
    abstract: "Measure the engine, the dashboard and the API at scale (use a release build)."
  )

  @Option(help: "Worker nodes of the cluster.")
  var nodes: Int = 5_000

  @Option(help: "Pods, created through Deployments of 100 replicas.")
  var pods: Int = 150_000

  @Option(help: "Basic pods for the scheduler's throughput.")
  var schedulerPods: Int = 20_000

  @Option(help: "Pods with required anti-affinity for the scheduler's throughput.")
  var antiAffinityPods: Int = 5_000

  @Option(help: "Requests per second the API load generator sends.")
  var apiRate: Double = 2_000

  @Option(help: "Seconds the API load lasts.")
  var apiSeconds: Double = 5

  @Flag(help: "Print one JSON object instead of the table.")
  var json = false

  @Option(
    help: ArgumentHelp(
      "Measure only these sections, comma-separated: scheduler, engine, dashboard, api, demo (the dashboard and the api run on the engine's cluster).",
      valueName: "sections"))
  var only: String?

  @Flag(help: ArgumentHelp("Measure the dashboard over generated pods instead of the engine's cluster.", visibility: .hidden))
  var synthetic = false

  /// The sections to measure: all of them unless `--only` names some.
  private var sections: Set<String> {
    guard let only else { return ["scheduler", "engine", "dashboard", "api", "demo"] }
    return Set(only.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() })
  }

  func validate() throws {
    guard nodes > 0, pods >= 0, schedulerPods > 0, antiAffinityPods >= 0 else {
      throw ValidationError("--nodes, --pods and the scheduler counts must be positive")
    }
    let known: Set<String> = ["scheduler", "engine", "dashboard", "api", "demo"]
    if let unknown = sections.subtracting(known).sorted().first {
      throw ValidationError("--only: unknown section \"\(unknown)\" (expected \(known.sorted().joined(separator: ", ")))")
    }
  }

  func run() throws {
    var figures: [(key: String, value: Double, target: String)] = []
    func note(_ message: String) {
      if !json { FileHandle.standardError.write(Data((message + "\n").utf8)) }
    }

    let sections = self.sections
    if sections.contains("scheduler") {
      note("scheduler: \(nodes) nodes, \(schedulerPods) basic pods, \(antiAffinityPods) with anti-affinity…")
      let scheduling = SchedulerBenchmark.run(nodes: nodes, pods: schedulerPods, antiAffinityPods: antiAffinityPods)
      figures.append(("schedule_pods_per_s", scheduling.podsPerSecond, "≥ 100000"))
      figures.append(("schedule_antiaffinity_pods_per_s", scheduling.antiAffinityPodsPerSecond, "≥ 5000"))
    }

    if synthetic {
      note("dashboard: headless frames over \(pods) generated pods…")
      let dashboard = try runBlocking {
        try await DashboardBenchmark.run(client: SyntheticCluster(nodes: nodes, pods: pods), selector: "app=bench-7")
      }
      figures += dashboardFigures(dashboard)
    } else if !sections.isDisjoint(with: ["engine", "dashboard", "api"]) {
      note("engine: \(nodes) nodes, \(pods) pods through Deployments, from empty to Running…")
      let (engine, cluster) = try ClusterBenchmark.run(nodes: nodes, pods: pods)
      figures.append(("empty_to_running_s", engine.emptyToRunningSeconds, "≤ 10"))
      figures.append(("running_pods", Double(engine.runningPods), "= \(pods)"))
      figures.append(("empty_to_running_virtual_s", engine.virtualSeconds, ""))
      figures.append(("store_writes", Double(cluster.store.revision), ""))
      figures.append(("sim_second_cpu_ms", engine.simSecondMilliseconds, "≤ 50"))

      let embedded = EmbeddedCluster(cluster)
      if sections.contains("dashboard") {
        note("dashboard: headless frames over \(pods) pods…")
        let dashboard = try runBlocking { try await DashboardBenchmark.run(client: embedded, selector: "app=bench-7") }
        figures += dashboardFigures(dashboard)
      }
      if sections.contains("api") {
        note("api: list every pod, then GET load from a second process…")
        figures += try measureAPI(embedded)
      }
    }

    if sections.contains("demo") {
      note("demo cluster start to first frame…")
      // The cluster's start, then the dashboard's first frame (the benchmark's other
      // phases, run after it, are not part of the figure).
      let demoStart = ContinuousClock.now
      let demo = EmbeddedCluster(try ClusterFactory.make())
      let startMs = milliseconds(ContinuousClock.now - demoStart)
      let demoFrame = try runBlocking { try await DashboardBenchmark.run(client: demo, keyPresses: 1) }
      figures.append(("demo_first_frame_ms", startMs + demoFrame.firstFrameMs, "≤ 150"))
    }

    figures.append(("peak_rss_mib", ClusterBenchmark.peakResidentMiB(), "≤ 1024"))
    output(figures)
  }

  private func dashboardFigures(_ dashboard: DashboardBenchmark.Result) -> [(key: String, value: Double, target: String)] {
    [
      ("first_frame_ms", dashboard.firstFrameMs, "≤ 1000"), ("key_frame_p99_ms", dashboard.keyFramePercentile99Ms, "≤ 16"),
      ("label_filter_ms", dashboard.labelFilterMs, "≤ 30"), ("text_filter_ms", dashboard.textFilterMs, ""),
      ("sort_ms", dashboard.sortMs, "≤ 60"), ("change_frame_ms", dashboard.changeFrameMs, "≤ 16"),
    ]
  }

  private func measureAPI(_ embedded: EmbeddedCluster) throws -> [(key: String, value: Double, target: String)] {
    let handler = APIHandler(client: embedded, clock: { [embedded] in embedded.withCluster { $0.clock.now } })
    let server = HTTPServer(handler: handler)
    let port = try runBlocking { try await server.start(host: "127.0.0.1", port: 0) }
    defer { _ = try? runBlocking { await server.shutdown() } }
    let client = try LoopbackHTTPClient(port: port)
    // Read as kubectl would, chunk by chunk, keeping only the ends: the body (hundreds of
    // megabytes) is the client's memory, not the server's.
    var (size, head, tail) = (0, [UInt8](), [UInt8]())
    let listStart = ContinuousClock.now
    let status = try client.get("/api/v1/pods") { piece in
      size += piece.count
      if head.count < 32 { head += piece.prefix(32 - head.count) }
      tail = Array((tail + piece.suffix(32)).suffix(32))
    }
    let listSeconds = milliseconds(ContinuousClock.now - listStart) / 1000
    guard status == 200, String(decoding: head, as: UTF8.self).hasPrefix(#"{"kind":"PodList""#), tail.last == UInt8(ascii: "}")
    else { throw ValidationError("listing pods failed with HTTP \(status) (\(size) bytes)") }
    let paths = embedded.withCluster { cluster in
      cluster.store.list(Pod.self, namespace: "default").prefix(1_000).map { "/api/v1/namespaces/default/pods/\($0.name)" }
    }
    let report = try loadFromSecondProcess(port: port, paths: paths)
    return [
      ("api_list_all_pods_s", listSeconds, "≤ 3"), ("api_get_p99_ms", report.p99Milliseconds, "≤ 5"),
      ("api_get_rps", report.requestsPerSecond, "≥ \(Int(apiRate)) offered"),
    ]
  }

  /// Runs `kubedeck bench-load` as a child process and reads its JSON report.
  private func loadFromSecondProcess(port: Int, paths: [String]) throws -> LoadGenerator.Report {
    let pathsFile = FileManager.default.temporaryDirectory.appendingPathComponent("kubedeck-bench-paths-\(getpid())")
    try paths.joined(separator: "\n").write(to: pathsFile, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: pathsFile) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
    if !FileManager.default.isExecutableFile(atPath: process.executableURL?.path ?? "") {
      process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    }
    process.arguments = [
      "bench-load", "--port", String(port), "--paths", pathsFile.path, "--rate", String(apiRate), "--seconds",
      String(apiSeconds),
    ]
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return try JSONDecoder().decode(LoadGenerator.Report.self, from: data)
  }

  private func output(_ figures: [(key: String, value: Double, target: String)]) {
    if json {
      var members: [(String, JSONValue)] = [("nodes", .int(Int64(nodes))), ("pods", .int(Int64(pods)))]
      for figure in figures { members.append((figure.key, .double((figure.value * 1000).rounded() / 1000))) }
      print(JSONWriter.write(.object(.init(uniqueKeysWithValues: members))))
      return
    }
    print("kubedeck bench: \(nodes) nodes, \(pods) pods")
    for figure in figures {
      let value = figure.value >= 100 ? String(Int(figure.value.rounded())) : String(format: "%.2f", figure.value)
      print("  " + figure.key.padding(toLength: 36, withPad: " ", startingAt: 0) + value.padding(toLength: 12, withPad: " ", startingAt: 0) + (figure.target.isEmpty ? "" : "target " + figure.target))
    }
  }
}

/// `kubedeck bench-load`: the benchmark's load generator, run as a second process.
struct BenchLoadCommand: ParsableCommand {
  static let configuration = CommandConfiguration(commandName: "bench-load", shouldDisplay: false)

  @Option var port: Int
  @Option var paths: String
  @Option var rate: Double = 2_000
  @Option var seconds: Double = 5
  @Option var connections: Int = 32

  func run() throws {
    let list = try String(contentsOfFile: paths, encoding: .utf8).split(separator: "\n").map(String.init)
    let report = LoadGenerator.run(port: port, paths: list, rate: rate, seconds: seconds, connections: connections)
    let data = try JSONEncoder().encode(report)
    FileHandle.standardOutput.write(data)
  }
}

/// Milliseconds in a duration.
func milliseconds(_ duration: Duration) -> Double {
  let parts = duration.components
  return Double(parts.seconds) * 1000 + Double(parts.attoseconds) / 1e15
}
