import ClusterEngine
import Foundation
import KubeModel

/// Builds the embedded cluster the dashboard opens: the demo cluster (or a cluster file's
/// nodes and objects) with the scheduler and the workload controllers running.
enum EmbeddedSource {
  /// The embedded cluster for `--seed`, `--nodes` and `--cluster`.
  static func make(seed: UInt64, workers: Int?, clusterFile: String?) throws -> EmbeddedCluster {
    var file: ClusterFile?
    if let clusterFile {
      let text: String
      do {
        text = try String(contentsOfFile: clusterFile, encoding: .utf8)
      } catch {
        throw SourceError(description: "--cluster \(clusterFile): cannot read the file")
      }
      file = try ClusterFile.parse(text, file: clusterFile)
    }
    let cluster = try DemoCluster.make(
      configuration: ClusterConfiguration(seed: seed), nodes: workers, clusterFile: file,
      components: [
        Scheduler(), ReplicaSetController(), DeploymentController(), DaemonSetController(), GarbageCollector(),
        NamespaceController(), DisruptionController(),
      ])
    return EmbeddedCluster(cluster)
  }
}

/// A cluster source that cannot be built, with the reason.
struct SourceError: Error, CustomStringConvertible {
  var description: String
}
