import ClusterEngine
import Foundation
import KubeModel

/// Builds the embedded cluster the dashboard opens: the demo cluster with the whole
/// control plane, as `kubedeck serve` does.
enum EmbeddedSource {
  /// The embedded cluster for `--seed`, `--nodes`, `--cluster FILE` and `--control-planes`.
  static func make(seed: UInt64, workers: Int?, clusterFile: String?, controlPlanes: Int = 1) throws -> EmbeddedCluster {
    do {
      return EmbeddedCluster(
        try ClusterFactory.make(
          seed: seed, nodes: workers, clusterFile: clusterFile, epochSeconds: wallClockEpoch(),
          controlPlanes: controlPlanes))
    } catch let errors as ManifestErrors {
      throw SourceError(description: errors.description)
    }
  }
}

/// The Unix second at which a cluster started now begins its virtual time, so timestamps
/// read as today's and kubectl's client-side ages (events in `describe`) are right. Only the
/// timestamps move with it: names, placements, usage and logs still follow the seed alone.
func wallClockEpoch() -> Int64 {
  Int64(Date().timeIntervalSince1970)
}

/// A cluster source that cannot be built, with the reason.
struct SourceError: Error, CustomStringConvertible {
  var description: String
}
