import ArgumentParser
import ClusterEngine
import Dashboard
import Foundation
import KubeModel

/// `kubedeck [dashboard]`: opens the dashboard on the embedded cluster.
struct DashboardCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "dashboard",
    abstract: "Open the terminal dashboard on the embedded cluster (the default command)."
  )

  @Option(help: "Seed of the simulation: the same seed and actions give the same cluster.")
  var seed: UInt64 = 1

  @Option(help: "Virtual seconds per wall-clock second (1, 2, 10, 60).")
  var speed: Double = 1

  @Option(help: "Number of worker nodes (default: the demo cluster's four workers, one with a GPU).")
  var nodes: Int?

  @Option(help: "A cluster file describing nodes and workloads.")
  var cluster: String?

  @Option(help: "Control-plane nodes, each with an etcd member (3 for a highly available control plane).")
  var controlPlanes: Int = 1

  @Option(help: "Theme name (a file in Themes/).")
  var theme: String?

  @Option(help: "A YAML file that rebinds keys.")
  var keymap: String?

  @Option(help: .hidden)
  var exitAfter: Double?

  @Option(help: .hidden)
  var script: String?

  func validate() throws {
    guard speed > 0 else { throw ValidationError("--speed must be greater than 0") }
    if let nodes, !(0...5_000).contains(nodes) { throw ValidationError("--nodes must be between 0 and 5000") }
    try validateControlPlanes(controlPlanes, clusterFile: cluster)
  }

  func run() throws {
    var steps: [DashboardScript.Step] = []
    if let script {
      do {
        steps = try DashboardScript.parse(try String(contentsOfFile: script, encoding: .utf8))
      } catch let error as CommandError {
        throw ValidationError("\(script): \(error.description)")
      }
    }
    let client = try EmbeddedSource.make(seed: seed, workers: nodes, clusterFile: cluster, controlPlanes: controlPlanes)
    client.speed = speed
    client.start()
    defer { client.stop() }
    let options = DashboardOptions(
      themeName: theme, keymapFile: keymap, exitAfter: exitAfter.map { .milliseconds(Int($0 * 1000)) }, script: steps)
    try DashboardRunner.run(client: client, options: options)
  }
}
