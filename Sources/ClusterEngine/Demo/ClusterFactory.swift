import Foundation
import KubeModel

/// Builds the embedded cluster every command opens: the demo cluster with the whole
/// control plane installed, so `kubedeck`, `kubedeck serve` and the tests run the same loop.
public enum ClusterFactory {
  /// The control-plane components, in the order they reconcile.
  public static func standardComponents() -> [any ClusterComponent] {
    [
      ControlPlane(), ServiceAllocator(), Scheduler(), ReplicaSetController(), DeploymentController(),
      DaemonSetController(), StatefulSetController(), JobController(), CronJobController(), GarbageCollector(),
      NamespaceController(), DisruptionController(), EndpointsController(), KubeProxy(), ServiceTraffic(),
      HorizontalPodAutoscalerController(), PersistentVolumeController(), StorageProtectionController(), ServiceAccountController(), PodGarbageCollector(),
    ]
  }

  /// The demo cluster for `--seed`, `--nodes`, `--control-planes` and `--cluster FILE` (a
  /// file with errors throws them all, with file and line, and nothing is built).
  public static func make(
    seed: UInt64 = 1, nodes: Int? = nil, clusterFile path: String? = nil, epochSeconds: Int64? = nil,
    controlPlanes: Int = 1
  ) throws -> Cluster {
    var configuration = ClusterConfiguration(seed: seed)
    if let epochSeconds { configuration.epochSeconds = epochSeconds }
    var file: ClusterFile?
    if let path {
      let text: String
      do {
        text = try String(contentsOfFile: path, encoding: .utf8)
      } catch {
        throw ManifestErrors([ManifestError(file: path, line: 0, message: "cannot read the cluster file: \(error.localizedDescription)")])
      }
      file = try ClusterFile.parse(text, file: path)
    }
    let cluster = try DemoCluster.make(
      configuration: configuration, nodes: nodes, clusterFile: file, controlPlanes: controlPlanes,
      components: standardComponents())
    wire(cluster)
    return cluster
  }
}
