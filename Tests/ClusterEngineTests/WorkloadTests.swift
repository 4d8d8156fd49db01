import KubeModel
import Testing

@testable import ClusterEngine

@Suite struct WorkloadTests {
  typealias C = KubeletFixture

  @Test func scriptOutputTailAndTimestamps() throws {
    let fixture = try KubeletFixture()
    try fixture.run("ticker", [C.container("ticker", "busybox:1.36", command: ["sh", "-c", "echo start; while true; do echo tick; sleep 5; done"])])
    fixture.cluster.advance(by: 60)
    let all = try fixture.kubelet.logs(namespace: "default", pod: "ticker")
    #expect(all.first == "start")
    #expect(all.dropFirst().allSatisfy { $0 == "tick" })
    #expect(all.count >= 11)
    #expect(try fixture.kubelet.logs(namespace: "default", pod: "ticker", tailLines: 3) == ["tick", "tick", "tick"])
    let stamped = try fixture.kubelet.logs(namespace: "default", pod: "ticker", tailLines: 1, timestamps: true)
    #expect(stamped.first?.hasPrefix("2026-01-01T00:00:") == true)
    #expect(stamped.first?.hasSuffix("Z tick") == true)
    let recent = try fixture.kubelet.logs(namespace: "default", pod: "ticker", sinceSeconds: 10)
    #expect(recent.count == 2)
  }

  @Test func logsAreBoundedHoweverLongTheContainerRuns() throws {
    let fixture = try KubeletFixture()
    try fixture.run("ticker", [C.container("ticker", "busybox:1.36", command: ["sh", "-c", "while true; do date; sleep 1; done"])])
    fixture.cluster.advance(by: 86_400)
    let lines = try fixture.kubelet.logs(namespace: "default", pod: "ticker")
    #expect(lines.count == LogModel.maxLines)
    #expect(lines.last?.hasSuffix("UTC 2026") == true)
  }

  @Test func previousLogsAndErrors() throws {
    let fixture = try KubeletFixture()
    try fixture.run("crash", [C.container("crash", "busybox:1.36", command: ["sh", "-c", "echo booting; sleep 2; exit 1"])])
    try fixture.run("two", [C.container("a", "nginx:1.14"), C.container("b", "redis:7.2")])
    fixture.cluster.settle()
    #expect(throws: Status.badRequest("container \"crash\" in pod \"crash\" is waiting to start: ContainerCreating")) {
      try fixture.kubelet.logs(namespace: "default", pod: "crash")
    }
    #expect(throws: Status.badRequest("a container name must be specified for pod two, choose one of: [a b]")) {
      try fixture.kubelet.logs(namespace: "default", pod: "two")
    }
    fixture.cluster.advance(by: 10)
    #expect(throws: Status.badRequest("previous terminated container \"a\" in pod \"two\" not found")) {
      try fixture.kubelet.logs(namespace: "default", pod: "two", container: "a", previous: true)
    }
    fixture.cluster.advance(by: 30)
    #expect(try fixture.kubelet.logs(namespace: "default", pod: "crash", previous: true) == ["booting"])
    #expect(try fixture.kubelet.logs(namespace: "default", pod: "two", container: "b").last?.hasSuffix("Ready to accept connections tcp") == true)
  }

  /// `kubectl run -it … -- sh`: a shell with `stdin: true` runs until its session ends it;
  /// without stdin it exits at once, as a shell with nothing to read does.
  @Test func aShellReadingItsInputRunsUntilItsSessionEnds() throws {
    let fixture = try KubeletFixture()
    var interactive = C.container("tb", "busybox:1.36", command: ["sh"])
    interactive.stdin = true
    interactive.stdinOnce = true
    interactive.tty = true
    try fixture.run("tb", [interactive], restartPolicy: "Never")
    var image = C.container("ub", "ubuntu:24.04")
    image.stdin = true
    try fixture.run("ub", [image])
    try fixture.run("plain", [C.container("plain", "busybox:1.36", command: ["sh"])], restartPolicy: "Never")
    fixture.cluster.advance(by: 60)
    #expect(fixture.status("tb")?.state?.running != nil)
    #expect(fixture.status("ub")?.state?.running != nil)
    #expect(fixture.status("plain")?.state?.terminated?.reason == "Completed")
    #expect(ContainerProfile.readsTerminal(interactive) && !ContainerProfile.readsTerminal(C.container("x", "busybox", command: ["sh"])))
    // `exit 3` in the session: the container ends with that code.
    try fixture.kubelet.endShell(namespace: "default", pod: "tb", container: nil, exitCode: 3)
    fixture.cluster.advance(by: 1)
    #expect(fixture.status("tb")?.state?.terminated?.exitCode == 3)
    #expect(fixture.pod("tb")?.status?.phase == "Failed")
    // Under restartPolicy Always the shell starts again, waiting for the next session.
    try fixture.kubelet.endShell(namespace: "default", pod: "ub", container: "ub", exitCode: 0)
    fixture.cluster.advance(by: 15)
    #expect(fixture.status("ub")?.restartCount == 1)
    #expect(fixture.status("ub")?.state?.running != nil)
  }

  @Test func crashedContainerLogsItsCrash() throws {
    let fixture = try KubeletFixture()
    try fixture.run("web", [C.container("nginx", "nginx:1.27")])
    fixture.cluster.advance(by: 20)
    try fixture.kubelet.crashContainer(namespace: "default", pod: "web")
    fixture.cluster.advance(by: 1)
    #expect(fixture.status("web")?.restartCount == 1)
    #expect(try fixture.kubelet.logs(namespace: "default", pod: "web", previous: true).last == "Segmentation fault (core dumped)")
  }

  @Test func metricsSumPodsIntoNodes() throws {
    let fixture = try KubeletFixture()
    try fixture.run("web", [C.container("nginx", "nginx:1.14")])
    try fixture.run("sleeper", [C.container("sleeper", "centos:7", command: ["sleep", "10000"])])
    var stress = C.container("stress", "polinux/stress", command: ["stress"])
    stress.args = ["--cpu", "1"]
    try fixture.run("stress", [stress])
    fixture.cluster.advance(by: 60)
    let pods = fixture.kubelet.podMetrics(namespace: "default")
    #expect(pods.map(\.name) == ["sleeper", "stress", "web"])
    func cpu(_ name: String) -> Int64 { pods.first { $0.name == name }?.containers?.first?.usage?["cpu"]?.milliValue ?? -1 }
    #expect(cpu("sleeper") <= 1)
    #expect((1...5).contains(cpu("web")))
    #expect(cpu("stress") >= 900)
    #expect(pods.first?.window == "10s")
    fixture.kubelet.workload.setLoad(namespace: "default", pod: "web", millicores: 400, now: fixture.cluster.clock.micros)
    let loaded = fixture.kubelet.podMetrics(namespace: "default").first { $0.name == "web" }
    #expect((loaded?.containers?.first?.usage?["cpu"]?.milliValue ?? 0) >= 400)
    let node = try #require(fixture.kubelet.nodeMetrics().first)
    let podCPU = fixture.kubelet.podMetrics().flatMap { $0.containers ?? [] }.reduce(Int64(0)) { $0 + ($1.usage?["cpu"].map { $0.scaledValue(-9) } ?? 0) }
    #expect((node.usage?["cpu"]?.scaledValue(-9) ?? 0) > podCPU)
  }

  /// `kubectl top nodes` lists the nodes the API lists: a deleted Node object's machine
  /// is not scraped (before, it stayed in the list, with no capacity to print against).
  @Test func deletedNodeLeavesTheNodeMetrics() throws {
    let fixture = try KubeletFixture(nodes: ["worker-1", "worker-2"])
    fixture.cluster.advance(by: 20)
    #expect(fixture.kubelet.nodeMetrics().map(\.name) == ["worker-1", "worker-2"])
    try fixture.cluster.api.delete(Node.self, name: "worker-2")
    fixture.cluster.advance(by: 1)
    #expect(fixture.kubelet.nodeMetrics().map(\.name) == ["worker-1"])
  }
}
