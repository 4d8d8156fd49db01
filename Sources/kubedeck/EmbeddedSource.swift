import ClusterEngine
import KubeModel

/// Builds the embedded cluster the dashboard opens: the demo cluster with the whole
/// control plane, as `kubedeck serve` does.
enum EmbeddedSource {
  /// The embedded cluster for `--seed`, `--nodes`, `--cluster FILE` and `--control-planes`.
  static func make(seed: UInt64, workers: Int?, clusterFile: String?, controlPlanes: Int = 1) throws -> EmbeddedCluster {
    do {
      return EmbeddedCluster(
        try ClusterFactory.make(seed: seed, nodes: workers, clusterFile: clusterFile, controlPlanes: controlPlanes))
    } catch let errors as ManifestErrors {
      throw SourceError(description: errors.description)
    }
  }
}

/// A cluster source that cannot be built, with the reason.
struct SourceError: Error, CustomStringConvertible {
  var description: String
}
