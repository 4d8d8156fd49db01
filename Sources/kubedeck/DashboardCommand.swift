import ArgumentParser
import ClusterEngine
import Dashboard
import Foundation
import KubeAPI
import KubeModel

/// `kubedeck [dashboard]`: opens the dashboard on the embedded cluster.
struct DashboardCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "dashboard",
    abstract: "Open the terminal dashboard on the embedded cluster (the default command), or on a cluster of a kubeconfig.",
    discussion: """
      With --kubeconfig or --context the dashboard attaches to that cluster instead of starting one: \
      plain http:// servers directly, anything else (TLS, client certificates, exec credential plugins) \
      through a `kubectl proxy` it starts on loopback and stops on quit.
      """
  )

  @Option(help: "Attach to the cluster of this kubeconfig instead of the embedded one.")
  var kubeconfig: String?

  @Option(help: "The kubeconfig context to attach to (default: its current context).")
  var context: String?

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
    let options = DashboardOptions(
      themeName: theme, keymapFile: keymap, exitAfter: exitAfter.map { .milliseconds(Int($0 * 1000)) }, script: steps)
    if kubeconfig != nil || context != nil {
      let remote: RemoteCluster
      do {
        remote = try RemoteCluster(selection: try KubeconfigSelection.load(path: kubeconfig, context: context))
      } catch {
        throw ValidationError(error.description)
      }
      defer { remote.close() }
      try DashboardRunner.run(client: remote, options: options)
      return
    }
    let client = try EmbeddedSource.make(seed: seed, workers: nodes, clusterFile: cluster, controlPlanes: controlPlanes)
    client.speed = speed
    client.start()
    defer { client.stop() }
    try DashboardRunner.run(client: client, options: options)
  }
}
