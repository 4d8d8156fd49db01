import ClusterEngine
import KubeModel

/// Builds the embedded cluster the dashboard opens: a control plane with registered nodes.
enum EmbeddedSource {
  /// The embedded cluster for `--seed` and `--nodes` (a `--cluster` file is not read yet).
  static func make(seed: UInt64, workers: Int, clusterFile: String?) throws -> EmbeddedCluster {
    if let clusterFile {
      throw SourceError(description: "--cluster \(clusterFile): cluster files are not supported yet")
    }
    let cluster = Cluster(configuration: ClusterConfiguration(seed: seed))
    let names = ["control-plane"] + (0..<workers).map { "worker-\($0 + 1)" }
    for name in names {
      _ = try cluster.api.create(node(name, controlPlane: name == "control-plane", now: cluster.clock.now))
    }
    return EmbeddedCluster(cluster)
  }

  private static func node(_ name: String, controlPlane: Bool, now: Time) -> Node {
    var labels = ["kubernetes.io/hostname": name, "kubernetes.io/os": "linux"]
    if controlPlane { labels["node-role.kubernetes.io/control-plane"] = "" }
    var node = Node(metadata: ObjectMeta(name: name, labels: labels))
    var spec = NodeSpec()
    if controlPlane { spec.taints = [Taint(key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule")] }
    node.spec = spec
    var status = NodeStatus()
    let capacity: [String: Quantity] = [
      "cpu": Quantity(4), "memory": Quantity(8 << 30, format: .binarySI), "pods": Quantity(110),
    ]
    status.capacity = capacity
    status.allocatable = capacity
    status.conditions = [
      NodeCondition(type: "Ready", status: "True", reason: "KubeletReady", message: "kubelet is posting ready status",
        lastHeartbeatTime: now, lastTransitionTime: now)
    ]
    node.status = status
    return node
  }
}

/// A cluster source that cannot be built, with the reason.
struct SourceError: Error, CustomStringConvertible {
  var description: String
}
