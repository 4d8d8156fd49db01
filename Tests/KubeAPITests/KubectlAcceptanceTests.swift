import ClusterEngine
import Foundation
import KubeAPI
import KubeModel
import Testing

/// The study guide's kubectl commands, run with the real kubectl against the demo cluster,
/// asserting what a real cluster prints. Virtual time is stepped between commands.
@Suite(
  .serialized,
  .enabled(if: KubectlHarness.kubectlPath != nil, "kubectl is not installed; the kubectl acceptance test is skipped"))
struct KubectlAcceptanceTests {
  /// The demo cluster with virtual time flowing fast, so kubectl's waits (drain, delete)
  /// see pods terminate.
  static func demo() throws -> EmbeddedCluster {
    let cluster = EmbeddedCluster(try ClusterFactory.make(seed: 1))
    cluster.speed = 30
    cluster.start()
    return cluster
  }

  func expectSuccess(_ result: (Int32, String, String), _ command: String) {
    #expect(result.0 == 0, "kubectl \(command) failed: \(result.2)")
  }

  @Test func nodesMaintenanceAndLabels() async throws {
    let cluster = try Self.demo()
    cluster.step(by: 30)
    let kubectl = try await KubectlHarness(cluster: cluster)
    defer {
      cluster.stop()
      Task { await kubectl.shutdown() }
    }

    let wide = try await kubectl.run(["get", "nodes", "-o", "wide"])
    expectSuccess(wide, "get nodes -o wide")
    #expect(wide.1.hasPrefix("NAME "))
    #expect(wide.1.contains("INTERNAL-IP") && wide.1.contains("CONTAINER-RUNTIME"))
    #expect(wide.1.contains("control-plane   Ready    control-plane"))

    #expect(try await kubectl.run(["cordon", "worker-1"]).1 == "node/worker-1 cordoned\n")
    #expect(try await kubectl.run(["get", "nodes"]).1.contains("worker-1        Ready,SchedulingDisabled"))
    #expect(try await kubectl.run(["uncordon", "worker-1"]).1 == "node/worker-1 uncordoned\n")

    #expect(try await kubectl.run(["label", "nodes", "worker-1", "gpu=true"]).1 == "node/worker-1 labeled\n")
    let withGPU = try await kubectl.run(["get", "nodes", "-L", "gpu"]).1
    #expect(withGPU.split(separator: "\n").first?.hasSuffix("GPU") == true)
    #expect(withGPU.split(separator: "\n").contains { $0.hasPrefix("worker-1") && $0.hasSuffix("true") })
    let refused = try await kubectl.run(["label", "nodes", "worker-1", "gpu=false"])
    #expect(refused.0 != 0)
    #expect(refused.2.contains("'gpu' already has a value (true), and --overwrite is false"))
    #expect(try await kubectl.run(["label", "nodes", "worker-1", "gpu-"]).1 == "node/worker-1 unlabeled\n")
    #expect(try await kubectl.run(["get", "nodes", "--show-labels"]).1.contains("kubernetes.io/hostname=worker-1"))

    let refusedDrain = try await kubectl.run(["drain", "worker-2"])
    #expect(refusedDrain.0 != 0)
    #expect(refusedDrain.2.contains("cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore)"))
    let drain = try await kubectl.run(["drain", "worker-2", "--ignore-daemonsets", "--force"], timeout: 90)
    expectSuccess(drain, "drain --ignore-daemonsets --force")
    #expect(drain.1.contains("node/worker-2 drained"))

    #expect(try await kubectl.run(["delete", "node", "worker-3"]).1 == "node \"worker-3\" deleted\n")
    #expect(!(try await kubectl.run(["get", "nodes"]).1.contains("worker-3")))
  }

  @Test func podsDeploymentsAndServices() async throws {
    let cluster = try Self.demo()
    cluster.step(by: 30)
    let kubectl = try await KubectlHarness(cluster: cluster)
    defer {
      cluster.stop()
      Task { await kubectl.shutdown() }
    }

    #expect(try await kubectl.run(["run", "nginx", "--image=nginx:1.14", "--port=80"]).1 == "pod/nginx created\n")
    let dryRun = try await kubectl.run(["run", "nginx", "--image=nginx:1.14", "--port=80", "--dry-run=client", "-o", "yaml"])
    #expect(dryRun.1.contains("image: nginx:1.14") && dryRun.1.contains("containerPort: 80"))
    cluster.step(by: 20)
    let pods = try await kubectl.run(["get", "pods", "-o", "wide"]).1
    #expect(pods.split(separator: "\n").contains { $0.hasPrefix("nginx ") && $0.contains("Running") })
    #expect(try await kubectl.run(["describe", "pod", "nginx"]).1.contains("Status:           Running"))
    #expect(try await kubectl.run(["logs", "nginx"]).0 == 0)
    let listing = try await kubectl.run(["exec", "nginx", "--", "ls", "/"])
    expectSuccess(listing, "exec nginx -- ls /")
    #expect(listing.1.contains("etc") && listing.1.contains("usr"))

    #expect(try await kubectl.run(["label", "pod", "nginx", "tier=web"]).1 == "pod/nginx labeled\n")
    #expect(try await kubectl.run(["label", "pod", "nginx", "tier=db", "--overwrite"]).1 == "pod/nginx labeled\n")
    #expect(try await kubectl.run(["get", "pods", "--show-labels"]).1.contains("run=nginx,tier=db"))
    #expect(try await kubectl.run(["label", "pod", "nginx", "tier-"]).1 == "pod/nginx unlabeled\n")

    let create = try await kubectl.run(["create", "deployment", "webserver2", "--image=nginx:1.14", "--replicas=2", "--port=80"])
    #expect(create.1 == "deployment.apps/webserver2 created\n", "\(create.2)")
    cluster.step(by: 30)
    #expect(try await kubectl.run(["get", "deployments.apps"]).1.contains("webserver2   2/2     2            2"))
    #expect(try await kubectl.run(["expose", "deployment", "webserver2", "--port=80"]).1 == "service/webserver2 exposed\n")
    let services = try await kubectl.run(["get", "service"]).1
    #expect(services.split(separator: "\n").contains { $0.hasPrefix("webserver2") && $0.contains("ClusterIP") && $0.contains("80/TCP") })
    #expect(try await kubectl.run(["scale", "deployment", "webserver2", "--replicas=3"]).1 == "deployment.apps/webserver2 scaled\n")
    cluster.step(by: 30)
    #expect(try await kubectl.run(["rollout", "status", "deployment", "webserver2"]).1.contains("successfully rolled out"))
    #expect(try await kubectl.run(["top", "nodes"]).1.hasPrefix("NAME"))

    #expect(try await kubectl.run(["delete", "pod", "nginx"], timeout: 60).1 == "pod \"nginx\" deleted\n")
  }

  @Test func seedManifestsWithTyposAreRejected() async throws {
    let cluster = try Self.demo()
    let kubectl = try await KubectlHarness(cluster: cluster)
    defer {
      cluster.stop()
      Task { await kubectl.shutdown() }
    }
    let file = kubectl.home.appendingPathComponent("testpod.yaml")
    try """
      apiVersion: v1
      kind: Pod
      metadata:
        name: testpod
      spec:
        containers:
        - name: nginx
          image: ngnix:1.14
        nodeSlector:
          type: ssh
      """.write(to: file, atomically: true, encoding: .utf8)
    let typo = try await kubectl.run(["apply", "-f", file.path])
    #expect(typo.0 != 0)
    #expect(typo.2.contains(#"strict decoding error: unknown field "spec.nodeSlector""#), "\(typo.2)")
    let good = kubectl.home.appendingPathComponent("pod-nginx.yaml")
    try """
      apiVersion: v1
      kind: Pod
      metadata:
        name: nginx
      spec:
        containers:
        - image: nginx:1.14
          name: nginx
          ports:
          - containerPort: 80
      """.write(to: good, atomically: true, encoding: .utf8)
    #expect(try await kubectl.run(["apply", "-f", good.path]).1 == "pod/nginx created\n")
    #expect(try await kubectl.run(["apply", "-f", good.path]).1 == "pod/nginx unchanged\n")
  }
}
