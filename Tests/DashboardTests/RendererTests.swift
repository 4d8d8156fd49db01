@testable import Dashboard
import KubeModel
import TerminalUI
import Testing

@Suite struct RendererTests {
  let box = InformerCacheBox()

  func podRow(_ name: String) -> [String] {
    let pod = Fixtures.pods.first { $0.name == name } ?? Pod()
    return PodRenderer.cells(pod, context: box.context)
  }

  func nodeRow(_ name: String) -> [String] {
    let node = Fixtures.nodes.first { $0.name == name } ?? Node()
    return NodeRenderer.cells(node, context: box.context)
  }

  @Test func nodeRowsShowStatusRolesPodsAndRequests() {
    #expect(
      nodeRow("cp-1") == [
        "cp-1", "Ready", "control-plane", "1", "0/110", "0/4", "░░░░░░░░░░   0%", "n/a", "0/8Gi", "░░░░░░░░░░   0%", "n/a",
        "3d5h", "v1.31.0", "10.0.0.4", "Simulated Linux", "6.1.0-sim", "containerd://1.7.0",
        "kubernetes.io/hostname=cp-1,node-role.kubernetes.io/control-plane=",
      ])
    #expect(
      nodeRow("worker-1") == [
        "worker-1", "Ready", "<none>", "0", "4/110", "400m/4", "█░░░░░░░░░  10%", "n/a", "512Mi/8Gi", "█░░░░░░░░░   6%",
        "n/a", "3d5h", "v1.31.0", "10.0.0.8", "Simulated Linux", "6.1.0-sim", "containerd://1.7.0",
        "kubernetes.io/hostname=worker-1,zone=서울,팀=플랫폼",
      ])
  }

  @Test func cordonedAndNotReadyNodes() {
    #expect(NodeRenderer.status(Fixtures.node("a", cordoned: true)) == "Ready,SchedulingDisabled")
    #expect(NodeRenderer.status(Fixtures.node("b", ready: false, cordoned: true)) == "NotReady,SchedulingDisabled")
    #expect(NodeRenderer.role(Fixtures.node("b", ready: false), context: box.context) == .statusError)
    #expect(NodeRenderer.role(Fixtures.node("a", cordoned: true), context: box.context) == .statusWarning)
  }

  @Test func podRowsUseKubectlStatusText() {
    #expect(
      podRow("crash") == [
        "default", "crash", "0/1", "CrashLoopBackOff", "3 (2m ago)", "n/a", "n/a", "n/a", "n/a", "n/a", "n/a",
        "10.244.1.5", "worker-1", "5m30s", "", "app=crash",
      ])
    #expect(podRow("pending")[3...4] == ["Pending", "0"])
    #expect(podRow("pending")[11...12] == ["<none>", "<none>"])
    #expect(podRow("creating")[3] == "ContainerCreating")
    #expect(podRow("setup")[3] == "Init:0/1")
    #expect(podRow("web-old")[3] == "Terminating")
    #expect(podRow("batch")[3] == "Completed")
    #expect(podRow("hog")[2...4] == ["0/1", "OOMKilled", "1 (2m ago)"])
    #expect(podRow("web-1")[2...3] == ["1/1", "Running"])
    #expect(podRow("web-1").last == "app=web,팀=플랫폼")
  }

  @Test func podRowRolesFollowHealth() {
    let roles = Dictionary(uniqueKeysWithValues: Fixtures.pods.map { ($0.name, PodRenderer.role($0, context: box.context)) })
    #expect(roles["crash"] == .statusError)
    #expect(roles["hog"] == .statusError)
    #expect(roles["pending"] == .statusPending)
    #expect(roles["setup"] == .statusPending)
    #expect(roles["batch"] == .statusCompleted)
    #expect(roles["web-old"] == .statusTerminating)
    #expect(roles["web-1"] == .rowNormal)
  }

  @Test func podUsageAgainstRequestAndLimit() {
    box.cache.podUsage["default/web-1"] = ResourceTotals(cpuMilli: 50, memoryBytes: 64 << 20)
    #expect(podRow("web-1")[5...10] == ["50m", "50%", "n/a", "64Mi", "50%", "25%"])
  }

  @Test func workloadRows() {
    #expect(
      DeploymentRenderer.cells(Fixtures.web, context: box.context) == [
        "default", "web", "2/2", "2", "2", "120m", "nginx", "nginx:1.27", "app=web",
      ])
    var service = Service()
    service.metadata = ObjectMeta(name: "web", namespace: "default")
    service.metadata.creationTimestamp = Time(seconds: Fixtures.now.seconds - 45)
    var spec = ServiceSpec()
    spec.clusterIP = "10.96.0.10"
    spec.ports = [ServicePort(port: 80, targetPort: .int(8080))]
    spec.selector = ["app": "web"]
    service.spec = spec
    #expect(
      ServiceRenderer.cells(service, context: box.context) == [
        "default", "web", "ClusterIP", "10.96.0.10", "<none>", "80/TCP", "45s", "app=web",
      ])
  }

  @Test func kubectlAges() {
    let cases: [(Int64, String)] = [
      (-5, "<invalid>"), (-1, "0s"), (45, "45s"), (119, "119s"), (120, "2m"), (330, "5m30s"), (600, "10m"),
      (7200, "120m"), (10_920, "3h2m"), (28_800, "8h"), (172_800, "2d"), (277_200, "3d5h"), (86_400 * 400, "400d"),
      (86_400 * 750, "2y20d"), (86_400 * 365 * 9, "9y"),
    ]
    for (seconds, text) in cases { #expect(Format.age(seconds: seconds) == text, "\(seconds)s") }
  }

  @Test func quantitiesAndCounts() {
    #expect(Format.cpu(milli: 250) == "250m")
    #expect(Format.cpu(milli: 2000) == "2")
    #expect(Format.memory(bytes: 3 << 30) == "3Gi")
    #expect(Format.memory(bytes: 1536 << 20) == "1536Mi")
    #expect(Format.count(1_234) == "1,234")
    #expect(Format.count(150_000) == "150,000")
    #expect(Format.bar(0.5, width: 4, unicode: false) == "##..")
  }

  @Test func podRequestsIncludeInitContainers() {
    var pod = Fixtures.pod("p", cpu: "100m")
    var initContainer = Container(name: "init", image: "busybox")
    initContainer.resources = ResourceRequirements(requests: ["cpu": Fixtures.quantity("500m")])
    pod.spec?.initContainers = [initContainer]
    #expect(ResourceTotals.requests(of: pod).cpuMilli == 500)
  }
}

@Suite struct DescribeEventsTests {
  func event(
    _ name: String, about reference: ObjectReference, _ reason: String, at seconds: Int64, from component: String
  ) -> Event {
    Event(
      metadata: ObjectMeta(name: name, namespace: "default"), involvedObject: reference, reason: reason,
      message: reason, source: EventSource(component: component), firstTimestamp: Time(seconds: seconds),
      lastTimestamp: Time(seconds: seconds), count: 1, type: "Normal", reportingComponent: component,
      reportingInstance: nil)
  }

  @Test func nodeDescriptionListsKubeletAndControllerEventsInOrder() {
    let box = InformerCacheBox()
    guard var node = Fixtures.nodes.first(where: { $0.name == "worker-1" }) else { return }
    node.metadata.uid = "4f1c-node-uid"
    // The kubelet names the node by name in the UID field; the node controller by its UID.
    let byKubelet = ObjectReference(kind: "Node", name: "worker-1", uid: "worker-1", apiVersion: "v1")
    let byController = ObjectReference(kind: "Node", name: "worker-1", uid: "4f1c-node-uid", apiVersion: "v1")
    let other = ObjectReference(kind: "Node", name: "worker-2", uid: "worker-2", apiVersion: "v1")
    let now = Fixtures.now.seconds
    box.cache.events.replace(
      with: [
        // Recorded in this order within one second: a hex stamp of a shorter length is older.
        event("worker-1.1a0", about: byKubelet, "NodeReady", at: now - 60, from: "kubelet"),
        event("worker-1.f0", about: byKubelet, "Starting", at: now - 60, from: "kubelet"),
        event("worker-1.2b0", about: byController, "NodeNotReady", at: now - 30, from: "node-controller"),
        event("worker-2.1", about: other, "Starting", at: now - 60, from: "kubelet"),
      ], tick: 0)
    let described = Describer.describe(node, cache: box.cache, now: Fixtures.now)
    let lines = Array(described.drop { $0 != "Events:" })
    let reasons = lines.dropFirst(3).map { $0.split(separator: " ")[1] }
    #expect(reasons == ["Starting", "NodeReady", "NodeNotReady"])
    // Columns fit their longest cell, as kubectl's tab writer sets them: every message
    // starts under the Message title.
    let column = lines[1].range(of: "Message").map { lines[1].distance(from: lines[1].startIndex, to: $0.lowerBound) }
    #expect(column == 47)
    for row in lines.dropFirst(3) {
      #expect(row.dropFirst(column ?? 0).hasPrefix(row.split(separator: " ")[1]), "\(row)")
    }
  }
}
