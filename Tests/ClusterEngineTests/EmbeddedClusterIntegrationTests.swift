import KubeModel
import Testing

@testable import ClusterEngine

/// The client over the demo cluster with every component installed: what the dashboard
/// and `kubectl` see.
@Suite struct EmbeddedClusterIntegrationTests {
  func host() throws -> EmbeddedCluster {
    let cluster = try DemoCluster.make(components: [
      Scheduler(), ReplicaSetController(), DeploymentController(), DaemonSetController(), GarbageCollector(),
      NamespaceController(), DisruptionController(),
    ])
    let host = EmbeddedCluster(cluster)
    host.step(by: 60)
    return host
  }

  func webserverPods(_ host: EmbeddedCluster) async throws -> [Pod] {
    try await host.list(Pod.self, namespace: "default", options: ListOptions(labelSelector: "app=webserver")).items
  }

  @Test func logsMetricsAndShellOfTheDemoCluster() async throws {
    let host = try host()
    let pods = try await webserverPods(host)
    #expect(pods.count == 2)
    #expect(pods.allSatisfy { $0.status?.phase == "Running" })
    let pod = try #require(pods.first)
    // nginx writes nothing when it starts: a pod's log is its access lines, so the two
    // pods' logs together hold the minute's requests (the demo's traffic picks them at random).
    var lines: [String] = []
    for replica in pods { lines += try await host.logs(namespace: "default", pod: replica.name, options: LogOptions()) }
    #expect(lines.contains { $0.contains("\"GET / HTTP/1.1\" 200") })
    let nodes = try await host.nodeMetrics()
    #expect(nodes.count == 5)
    let podMetrics = try await host.podMetrics(namespace: "default")
    #expect(podMetrics.contains { $0.name == pod.name })
    let hostname = try await host.exec(namespace: "default", pod: pod.name, container: nil, command: ["hostname"])
    #expect(hostname.stdout == pod.name + "\n")
    let dns = try await host.exec(
      namespace: "default", pod: pod.name, container: nil, command: ["sh", "-c", "nslookup kube-dns.kube-system"])
    #expect(dns.stdout.contains("Name:\tkube-dns.kube-system.svc.cluster.local"))
  }

  @Test func followingLogsDeliversTheCurrentLinesThenNewOnes() async throws {
    let host = try host()
    let pod = try #require(try await webserverPods(host).first)
    let current = try await host.logs(namespace: "default", pod: pod.name, options: LogOptions())
    var stream = host.followLogs(namespace: "default", pod: pod.name, options: LogOptions()).makeAsyncIterator()
    var first: [String] = []
    for _ in current { if let line = try await stream.next() { first.append(line) } }
    #expect(first == current)
    try await host.delete(Pod.self, namespace: "default", name: pod.name, options: DeleteOptions(gracePeriodSeconds: 0))
    host.step(by: 1)
    // The pod is gone: the stream ends.
    while try await stream.next() != nil {}
  }

  @Test func followingTheLogOfAContainerEndsWhenItExits() async throws {
    let host = try host()
    var container = Container(name: "once", image: "busybox")
    container.command = ["/bin/sh", "-c", "echo hello; sleep 8; echo bye"]
    var spec = PodSpec(containers: [container])
    spec.restartPolicy = "Never"
    _ = try await host.create(Pod(metadata: ObjectMeta(name: "once", namespace: "default"), spec: spec), dryRun: false)
    host.step(by: 5)
    var stream = host.followLogs(namespace: "default", pod: "once", options: LogOptions()).makeAsyncIterator()
    #expect(try await stream.next() == "hello")
    host.step(by: 10)
    // `kubectl logs -f` returns once the container has exited, after its last line.
    #expect(try await stream.next() == "bye")
    #expect(try await stream.next() == nil)
    let done = try await host.get(Pod.self, namespace: "default", name: "once")
    #expect(done.status?.phase == "Succeeded")
    // An exited container's follow ends after its lines at once.
    var again = host.followLogs(namespace: "default", pod: "once", options: LogOptions()).makeAsyncIterator()
    #expect(try await again.next() == "hello")
    #expect(try await again.next() == "bye")
    #expect(try await again.next() == nil)
  }

  /// A follow streams one run of the container: when it exits, the stream ends after its
  /// last line, though the container starts again (its next run is a new log), and a
  /// follow begun while it waits out its back-off prints the last run and returns.
  @Test func followingACrashingContainerEndsWithTheRunItFollowed() async throws {
    let host = try host()
    var container = Container(name: "crash", image: "busybox")
    container.command = ["/bin/sh", "-c", "echo hello; sleep 8; echo bye; exit 1"]
    _ = try await host.create(
      Pod(metadata: ObjectMeta(name: "crash", namespace: "default"), spec: PodSpec(containers: [container])), dryRun: false)
    host.step(by: 5)
    let running = host.followLogs(namespace: "default", pod: "crash", options: LogOptions())
    host.step(by: 10)
    let restarted = try await host.get(Pod.self, namespace: "default", name: "crash")
    #expect(restarted.status?.containerStatuses?.first?.restartCount == 1)
    #expect(await Self.wholeStream(running) == ["hello", "bye"])

    // After its second exit it waits 10 s before starting again.
    host.step(by: 9)
    let waiting = try await host.get(Pod.self, namespace: "default", name: "crash")
    #expect(waiting.status?.containerStatuses?.first?.state?.waiting?.reason == "CrashLoopBackOff")
    let backingOff = host.followLogs(namespace: "default", pod: "crash", options: LogOptions())
    #expect(await Self.wholeStream(backingOff) == ["hello", "bye"])
  }

  /// Every line of a stream that has ended; nil when it is still open (it has not ended
  /// within two seconds of wall time, though everything it had to send is queued already).
  static func wholeStream(_ stream: AsyncThrowingStream<String, any Error>) async -> [String]? {
    let reader = Task { () -> [String]? in
      var lines: [String] = []
      do {
        for try await line in stream { lines.append(line) }
      } catch {
        return nil
      }
      return Task.isCancelled ? nil : lines
    }
    let deadline = Task {
      try await Task.sleep(for: .seconds(2))
      reader.cancel()
    }
    let lines = await reader.value
    deadline.cancel()
    return lines
  }

  @Test func scaleEvictAndDrainThroughTheClient() async throws {
    let host = try host()
    let scale = try await host.scale(.deployments, namespace: "default", name: "webserver", replicas: 3)
    #expect(scale.spec?.replicas == 3)
    host.step(by: 60)
    #expect(try await webserverPods(host).filter { $0.status?.phase == "Running" }.count == 3)
    let victim = try #require(try await webserverPods(host).first)
    try await host.evict(namespace: "default", pod: victim.name)
    #expect(try await host.get(Pod.self, namespace: "default", name: victim.name).metadata.deletionTimestamp != nil)
    let node = try #require(try await webserverPods(host).first { $0.metadata.deletionTimestamp == nil }?.spec?.nodeName)
    let report = try await host.drain(node: node, options: DrainOptions(ignoreDaemonSets: true, force: true, deleteEmptyDirData: true))
    #expect(report.isComplete)
    host.step(by: 90)
    let running = try await webserverPods(host).filter { $0.status?.phase == "Running" && $0.metadata.deletionTimestamp == nil }
    #expect(running.count == 3)
    #expect(running.allSatisfy { $0.spec?.nodeName != node })
  }

  @Test func joinNodeRegistersThroughTheKubelet() throws {
    let host = try host()
    let node = try host.withCluster { cluster throws(Status) in
      try cluster.joinNode(.sized("worker-9", cpu: 2, memoryGiB: 4, labels: ["disk": "ssd"]))
    }
    #expect(node.labels["disk"] == "ssd")
    host.step(by: 20)
    let ready = host.withCluster { $0.store.get(Node.self, name: "worker-9")?.status?.condition("Ready")?.status }
    #expect(ready == "True")
  }
}
