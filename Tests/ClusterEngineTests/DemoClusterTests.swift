import Foundation
import KubeModel
import Testing

@testable import ClusterEngine

@Suite struct DemoClusterTests {
  @Test func defaultClusterHasControlPlaneWorkersAndSeedWorkloads() throws {
    let cluster = try DemoCluster.make()
    let nodes = cluster.store.list(Node.self).map(\.name)
    #expect(nodes == ["control-plane", "worker-1", "worker-2", "worker-3", "worker-gpu"])
    let controlPlane = try #require(cluster.store.get(Node.self, name: "control-plane"))
    #expect(controlPlane.spec?.taints?.map(\.summary) == ["node-role.kubernetes.io/control-plane:NoSchedule"])
    let gpu = try #require(cluster.store.get(Node.self, name: "worker-gpu"))
    #expect(gpu.metadata.labels?["gpu"] == "true")
    #expect(gpu.status?.capacity?["nvidia.com/gpu"] == Quantity(1))
    let statics = cluster.store.list(Pod.self, namespace: "kube-system").map(\.name)
    #expect(statics == ["etcd-control-plane", "kube-apiserver-control-plane", "kube-controller-manager-control-plane", "kube-scheduler-control-plane"])
    let apiserver = try #require(cluster.store.get(Pod.self, namespace: "kube-system", name: "kube-apiserver-control-plane"))
    #expect(apiserver.metadata.annotations?["kubernetes.io/config.mirror"] != nil)
    #expect(apiserver.metadata.ownerReferences?.first?.kind == "Node")
    #expect(cluster.store.list(Namespace.self).map(\.name) == ["default", "kube-node-lease", "kube-public", "kube-system"])
    #expect(cluster.store.get(Deployment.self, namespace: "default", name: "webserver")?.spec?.replicas == 2)
    #expect(cluster.store.get(Deployment.self, namespace: "kube-system", name: "coredns")?.spec?.replicas == 2)
    #expect(cluster.store.get(DaemonSet.self, namespace: "kube-system", name: "kube-proxy") != nil)
    #expect(cluster.store.get(Pod.self, namespace: "default", name: "multiple-pod")?.spec?.containers?.first?.image == "ningx:1.14")
    cluster.advance(by: 30)
    #expect(cluster.store.get(Pod.self, namespace: "kube-system", name: "etcd-control-plane")?.status?.phase == "Running")
  }

  @Test func nodesScalesTheWorkers() throws {
    let cluster = try DemoCluster.make(nodes: 6)
    #expect(cluster.store.count(Node.self) == 7)
    #expect(cluster.store.get(Node.self, name: "worker-6") != nil)
  }

  @Test func clusterFileJoinsItsNodesAndAppliesItsManifests() throws {
    let text = """
      nodes:
      - name: cp
        role: control-plane
      - name: big
        capacity:
          cpu: "16"
          memory: 64Gi
        labels:
          disk: ssd
        taints:
        - key: dedicated
          value: db
          effect: NoSchedule
      manifests:
      - apiVersion: v1
        kind: Namespace
        metadata:
          name: shop
      - apiVersion: v1
        kind: Pod
        metadata:
          name: pinned
          namespace: shop
        spec:
          nodeName: big
          containers:
          - name: nginx
            image: nginx:1.27
      """
    let file = try ClusterFile.parse(text, file: "cluster.yaml")
    let cluster = try DemoCluster.make(clusterFile: file)
    #expect(cluster.store.list(Node.self).map(\.name) == ["big", "cp"])
    #expect(cluster.store.get(Node.self, name: "big")?.status?.capacity?["cpu"] == Quantity(16))
    #expect(cluster.store.get(Node.self, name: "big")?.spec?.taints?.map(\.summary) == ["dedicated=db:NoSchedule"])
    cluster.advance(by: 20)
    #expect(cluster.store.get(Pod.self, namespace: "shop", name: "pinned")?.status?.phase == "Running")
  }

  @Test func clusterFileErrorsNameFileAndLine() throws {
    let text = """
      nodes:
      - name: a
        capacity:
          cpu: lots
      - name: a
        colour: blue
      manifests:
      - apiVersion: v1
        kind: Pod
        metadata:
          name: x
        spec:
          containers:
          - name: c
            image: nginx
            imagePullPolice: Always
      """
    do {
      _ = try ClusterFile.parse(text, file: "cluster.yaml")
      Issue.record("expected errors")
    } catch {
      let lines = error.errors.map(\.description)
      #expect(lines.contains("cluster.yaml:4: capacity cpu: \"lots\" is not a quantity"))
      #expect(lines.contains("cluster.yaml:5: duplicate node name \"a\""))
      #expect(lines.contains("cluster.yaml:6: unknown node field \"colour\""))
      #expect(lines.contains { $0.hasPrefix("cluster.yaml:16:") && $0.contains("imagePullPolice") })
    }
  }

  @Test func exampleClusterFileParses() throws {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("Examples/cluster.yaml")
    let text = try String(contentsOf: url, encoding: .utf8)
    let file = try ClusterFile.parse(text, file: "Examples/cluster.yaml")
    #expect(file.nodes.count == 4)
    #expect(file.objects.count == 3)
  }
}
