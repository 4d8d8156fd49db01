import ClusterEngine
import Foundation
import KubeAPI
import KubeModel
import Testing

@Suite(.serialized) struct KubectlSmokeTests {
  static func smallCluster() throws -> EmbeddedCluster {
    let cluster = Cluster()
    var namespace = Namespace()
    namespace.metadata.name = "default"
    try cluster.api.create(namespace)
    var node = Node()
    node.metadata.name = "worker-1"
    node.metadata.labels = ["kubernetes.io/hostname": "worker-1"]
    var status = NodeStatus()
    status.conditions = [NodeCondition(type: "Ready", status: "True", reason: "KubeletReady", message: "kubelet is posting ready status", lastHeartbeatTime: nil, lastTransitionTime: nil)]
    node.status = status
    try cluster.api.create(node)
    return EmbeddedCluster(cluster)
  }

  @Test func getNodesAndRunAPod() async throws {
    guard KubectlHarness.kubectlPath != nil else {
      print("kubectl is not installed: skipped")
      return
    }
    let harness = try await KubectlHarness(cluster: try Self.smallCluster())
    do {
      try await checks(harness)
    } catch {
      await harness.shutdown()
      throw error
    }
    await harness.shutdown()
  }

  /// The checks, apart so that the server stops and HOME is removed whatever happens.
  func checks(_ harness: KubectlHarness) async throws {
    let nodes = try await harness.run(["get", "nodes"])
    #expect(nodes.0 == 0, "\(nodes.2)")
    #expect(nodes.1.contains("worker-1"))
    #expect(nodes.1.hasPrefix("NAME"))
    let run = try await harness.run(["run", "nginx", "--image=nginx:1.14", "--port=80"])
    #expect(run.0 == 0, "\(run.2)")
    #expect(run.1 == "pod/nginx created\n")
    let pods = try await harness.run(["get", "pods", "-o", "wide"])
    #expect(pods.1.contains("nginx"), "\(pods.2)")
    let labels = try await harness.run(["get", "pods", "--show-labels"])
    #expect(labels.1.contains("run=nginx"), "\(labels)")
    let create = try await harness.run(["create", "deployment", "webserver", "--image=nginx:1.14", "--replicas=2", "--port=80"])
    #expect(create.0 == 0, "\(create.2)")
    #expect(create.1 == "deployment.apps/webserver created\n")
    let deployments = try await harness.run(["get", "deployments.apps"])
    #expect(deployments.1.contains("webserver"), "\(deployments)")
    let missing = try await harness.run(["get", "pod", "nope"])
    #expect(missing.0 == 1)
    #expect(missing.2.contains(#"Error from server (NotFound): pods "nope" not found"#), "\(missing)")
  }
}
