import ArgumentParser
import KubeModel

/// The `kubedeck` command: a terminal dashboard over an embedded, simulated Kubernetes cluster.
struct KubeDeck: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "kubedeck",
    abstract: "A terminal dashboard for Kubernetes over an embedded, simulated cluster.",
    subcommands: [DashboardCommand.self, ServeCommand.self, BenchCommand.self, BenchLoadCommand.self],
    defaultSubcommand: DashboardCommand.self
  )
}

KubeDeck.main()
