import KubeModel
import Testing

@testable import ClusterEngine

/// Builds a cluster with the kubelet and one or more nodes, for the kubelet's tests.
struct KubeletFixture {
  let cluster: Cluster
  let kubelet: Kubelet

  init(nodes: [String] = ["worker-1"], seed: UInt64 = 1) throws {
    cluster = Cluster(configuration: ClusterConfiguration(seed: seed))
    kubelet = Kubelet()
    cluster.install(kubelet)
    for name in ["default", "kube-system", "kube-node-lease"] {
      var namespace = Namespace()
      namespace.metadata.name = name
      try cluster.api.create(namespace)
    }
    for name in nodes { try kubelet.register(.sized(name, cpu: 4, memoryGiB: 8)) }
  }

  /// Creates a pod bound to `node`.
  @discardableResult
  func run(_ name: String, on node: String = "worker-1", _ containers: [Container], init initContainers: [Container] = [],
    restartPolicy: String? = nil, namespace: String = "default", hostNetwork: Bool = false) throws -> Pod {
    var pod = Pod()
    pod.metadata.name = name
    pod.metadata.namespace = namespace
    var spec = PodSpec(containers: containers)
    spec.initContainers = initContainers.isEmpty ? nil : initContainers
    spec.nodeName = node
    spec.restartPolicy = restartPolicy
    spec.hostNetwork = hostNetwork ? true : nil
    pod.spec = spec
    return try cluster.api.create(pod)
  }

  /// The running instance of the pod's first container (the test stops without one).
  func runningInstance(_ name: String) throws -> ContainerInstance {
    let runtime = try #require(kubelet.runtime(at: ObjectKey(namespace: "default", name: name)))
    let running: ContainerInstance? = if case .running(let instance) = runtime.containers[0].stage { instance } else { nil }
    return try #require(running, "the first container of \(name) is not running")
  }

  /// Steps the clock to the virtual instant `micros`.
  func advance(toMicros micros: Int64) {
    cluster.advance(by: Double(micros - cluster.clock.micros) / 1_000_000)
  }

  /// The Unhealthy Events (failed probes) about the pod `name`.
  func unhealthyEvents(_ name: String) -> [Event] {
    cluster.store.list(Event.self).filter { $0.involvedObject.name == name && $0.reason == "Unhealthy" }
  }

  /// The pod's first Unhealthy Event (repeats of one failure count on it).
  func unhealthy(_ name: String) -> Event? { unhealthyEvents(name).first }

  func pod(_ name: String, namespace: String = "default") -> Pod? {
    cluster.store.get(Pod.self, namespace: namespace, name: name)
  }

  func status(_ name: String, container: Int = 0) -> ContainerStatus? {
    pod(name)?.status?.containerStatuses?[container]
  }

  /// Events about `object`, oldest first, as `reason: message`.
  func events(about name: String) -> [String] {
    cluster.store.list(Event.self).filter { $0.involvedObject.name == name }
      .sorted { ($0.firstTimestamp ?? Time(seconds: 0), $0.name) < ($1.firstTimestamp ?? Time(seconds: 0), $1.name) }
      .map { "\($0.reason ?? ""): \($0.message ?? "")" }
  }

  /// A probe of `GET path` on `port`, or of `command` run in the container.
  static func probe(
    port: Int? = nil, path: String? = nil, command: [String]? = nil, delay: Int32? = nil, period: Int32? = nil,
    failureThreshold: Int32? = nil
  ) -> Probe {
    var probe = Probe()
    if let port {
      var get = HTTPGetAction()
      get.port = .int(port)
      get.path = path
      probe.httpGet = get
    }
    if let command {
      var exec = ExecAction()
      exec.command = command
      probe.exec = exec
    }
    probe.initialDelaySeconds = delay
    probe.periodSeconds = period
    probe.failureThreshold = failureThreshold
    return probe
  }

  static func container(_ name: String, _ image: String, command: [String]? = nil) -> Container {
    var container = Container(name: name, image: image)
    container.command = command
    return container
  }
}

@Suite struct KubeletTests {
  @Test func registersNodeWithLeaseAndHealthyConditions() throws {
    let fixture = try KubeletFixture()
    let node = try #require(fixture.cluster.store.get(Node.self, name: "worker-1"))
    #expect(node.spec?.podCIDR == "10.244.0.0/24")
    #expect(node.status?.condition("Ready")?.status == "True")
    #expect(node.status?.condition("Ready")?.message == "kubelet is posting ready status")
    #expect(node.status?.condition("MemoryPressure")?.reason == "KubeletHasSufficientMemory")
    #expect(node.status?.capacity?["cpu"] == Quantity(4))
    #expect(node.status?.allocatable?["cpu"] == .milli(3900))
    #expect(node.status?.nodeInfo?.kubeletVersion == "v1.32.4")
    #expect(node.status?.nodeInfo?.containerRuntimeVersion?.hasPrefix("containerd://1.7.") == true)
    #expect(node.status?.addresses?.map { $0.type ?? "" } == ["InternalIP", "Hostname"])
    #expect(node.metadata.labels?["kubernetes.io/hostname"] == "worker-1")
    let lease = try #require(fixture.cluster.store.get(Lease.self, namespace: "kube-node-lease", name: "worker-1"))
    #expect(lease.spec?.leaseDurationSeconds == 40)
    fixture.cluster.advance(by: 25)
    let renewed = try #require(fixture.cluster.store.get(Lease.self, namespace: "kube-node-lease", name: "worker-1"))
    #expect(renewed.spec?.renewTime == MicroTime(micros: (1_767_225_600 + 20) * 1_000_000))
  }

  @Test func nginxPodTimeline() throws {
    let fixture = try KubeletFixture()
    try fixture.run("nginx", [KubeletFixture.container("nginx", "nginx:1.14")])
    fixture.cluster.settle()
    #expect(fixture.pod("nginx")?.status?.phase == "Pending")
    #expect(fixture.status("nginx")?.state?.waiting?.reason == "ContainerCreating")
    #expect(fixture.pod("nginx")?.status?.condition("PodScheduled")?.status == "True")
    #expect(fixture.pod("nginx")?.status?.hostIP == "172.18.0.2")
    // The sandbox exists after a second, but the kubelet reports it (its IP, the
    // PodReadyToStartContainers condition) only with the containers its sync then started.
    fixture.cluster.advance(by: 1)
    #expect(fixture.pod("nginx")?.status?.podIP == nil)
    #expect(fixture.pod("nginx")?.status?.condition("PodReadyToStartContainers")?.status == "False")
    #expect(fixture.status("nginx")?.state?.waiting?.reason == "ContainerCreating")
    fixture.cluster.advance(by: 10)
    let pod = try #require(fixture.pod("nginx"))
    #expect(pod.status?.phase == "Running")
    #expect(pod.status?.podIP == "10.244.0.2")
    #expect(pod.status?.podIPs == [PodIP(ip: "10.244.0.2")])
    #expect(pod.status?.condition("PodReadyToStartContainers")?.status == "True")

    // A pod on the host's network has the node's address from its first status on.
    try fixture.run("host", [KubeletFixture.container("nginx", "nginx:1.14")], hostNetwork: true)
    fixture.cluster.settle()
    #expect(fixture.status("host")?.state?.waiting?.reason == "ContainerCreating")
    #expect(fixture.pod("host")?.status?.podIP == "172.18.0.2")
    #expect(fixture.pod("host")?.status?.podIPs == [PodIP(ip: "172.18.0.2")])
    #expect(pod.status?.condition("Ready")?.status == "True")
    #expect(fixture.status("nginx")?.ready == true)
    #expect(fixture.status("nginx")?.image == "docker.io/library/nginx:1.14")
    let events = fixture.events(about: "nginx")
    #expect(events.first == "Pulling: Pulling image \"nginx:1.14\"")
    #expect(events.contains { $0.hasPrefix("Pulled: Successfully pulled image \"nginx:1.14\" in ") && $0.hasSuffix(" bytes.") })
    #expect(events.suffix(2) == ["Created: Created container: nginx", "Started: Started container nginx"])
  }

  /// The kubelet hears of a container's start from its relist loop (PLEG, once a second,
  /// from when the kubelet started) and writes the pod's status from that sync: the pod
  /// reads ContainerCreating until the node's next relist, then Running with the
  /// container's own start time. The Events are the pod worker's, at the start itself.
  @Test func aContainerStartReachesThePodStatusAtTheNodesNextRelist() throws {
    func startedMicros(_ fixture: KubeletFixture) throws -> Int64 {
      let runtime = try #require(fixture.kubelet.runtime(at: ObjectKey(namespace: "default", name: "nginx")))
      guard case .running(let instance) = runtime.containers[0].stage else {
        Issue.record("the container is not running")
        return 0
      }
      return instance.startedAt
    }
    let nginx = [KubeletFixture.container("nginx", "nginx:1.14")]
    let first = try KubeletFixture()
    try first.run("nginx", nginx)
    first.cluster.advance(by: 15)
    let started = try startedMicros(first)
    // The node registered at time zero, so it relists on whole seconds.
    let relist = (started / 1_000_000 + 1) * 1_000_000
    try #require(relist - started > 2_000)

    // The same seed again, stopped a millisecond after the start.
    let second = try KubeletFixture()
    try second.run("nginx", nginx)
    second.cluster.advance(by: Double(started + 1_000) / 1_000_000)
    #expect(try startedMicros(second) == started)
    #expect(second.events(about: "nginx").last == "Started: Started container nginx")
    #expect(second.pod("nginx")?.status?.phase == "Pending")
    #expect(second.status("nginx")?.state?.waiting?.reason == "ContainerCreating")
    second.cluster.advance(by: Double(relist - 1_000 - second.cluster.clock.micros) / 1_000_000)
    #expect(second.pod("nginx")?.status?.phase == "Pending")
    second.cluster.advance(by: 0.001)
    #expect(second.pod("nginx")?.status?.phase == "Running")
    #expect(second.status("nginx")?.state?.running?.startedAt == second.kubelet.time(started))
    #expect(second.pod("nginx")?.status?.condition("Ready")?.lastTransitionTime == second.kubelet.time(relist))

    // A node that joins mid-second relists at that point of each second.
    second.cluster.advance(by: 0.25)
    try second.kubelet.register(.sized("worker-2", cpu: 4, memoryGiB: 8))
    let phase = second.cluster.clock.micros % 1_000_000
    #expect(phase == 250_000)
    try second.run("late", on: "worker-2", nginx)
    second.cluster.advance(by: 15)
    let late = try #require(second.kubelet.runtime(at: ObjectKey(namespace: "default", name: "late")))
    guard case .running(let instance) = late.containers[0].stage else {
      Issue.record("the second pod is not running")
      return
    }
    let lateRelist = instance.startedAt - (instance.startedAt - phase) % 1_000_000 + 1_000_000
    #expect(second.pod("late")?.status?.condition("Ready")?.lastTransitionTime == second.kubelet.time(lateRelist))
  }
}

@Suite struct KubeletLifecycleTests {
  typealias C = KubeletFixture

  @Test func misspeltImageFailsToPullThenBacksOffWhileTheOtherContainerRuns() throws {
    let fixture = try KubeletFixture()
    try fixture.run("multiple-pod", [
      C.container("nginx-container", "ningx:1.14"), C.container("centos-container", "centos:7", command: ["sleep", "10000"]),
    ])
    // The kubelet pulls a sync's images one after another and reports that sync's outcome
    // when it returns: while the centos image is still pulling, the failed pull before it
    // reads ContainerCreating like its sibling, and the pod shows no IP yet.
    var seconds = 0
    while fixture.status("multiple-pod", container: 1)?.state?.running == nil, seconds < 30 {
      // (No status at all before the first sync.)
      #expect((fixture.status("multiple-pod")?.state?.waiting?.reason ?? "ContainerCreating") == "ContainerCreating")
      #expect(fixture.pod("multiple-pod")?.status?.podIP == nil)
      fixture.cluster.advance(by: 1)
      seconds += 1
    }
    #expect(seconds > 1)
    let waiting = try #require(fixture.status("multiple-pod")?.state?.waiting)
    #expect(waiting.reason == "ErrImagePull" || waiting.reason == "ImagePullBackOff")
    #expect(fixture.pod("multiple-pod")?.status?.podIP != nil)
    fixture.cluster.advance(by: 5)
    let backOff = try #require(fixture.status("multiple-pod")?.state?.waiting)
    #expect(backOff.reason == "ImagePullBackOff")
    #expect(
      backOff.message
        == "Back-off pulling image \"ningx:1.14\": ErrImagePull: failed to pull and unpack image \"docker.io/library/ningx:1.14\": failed to resolve reference \"docker.io/library/ningx:1.14\": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed"
    )
    #expect(fixture.status("multiple-pod", container: 1)?.state?.running != nil)
    #expect(fixture.pod("multiple-pod")?.status?.phase == "Pending")
    let events = fixture.events(about: "multiple-pod")
    #expect(events.contains("Failed: Error: ErrImagePull"))
    #expect(events.contains("BackOff: Back-off pulling image \"ningx:1.14\""))
    #expect(events.contains("Failed: Error: ImagePullBackOff"))
    #expect(events.contains("Started: Started container centos-container"))
  }

  @Test func aFailingImageIsNeverShownAsContainerCreatingAgainWhileItsPullIsRetried() throws {
    let fixture = try KubeletFixture()
    try fixture.run("typo", [C.container("nginx", "ningx:1.14")])
    var reasons: [String] = []
    for _ in 0..<120 {
      fixture.cluster.advance(by: 1)
      let reason = fixture.status("typo")?.state?.waiting?.reason ?? "none"
      if reasons.last != reason { reasons.append(reason) }
    }
    // The pull was tried again (back-off 10 s, 20 s, 40 s) ...
    let pulls = fixture.cluster.store.list(Event.self).first { $0.involvedObject.name == "typo" && $0.reason == "Pulling" }
    #expect((pulls?.count ?? 0) >= 3)
    // ... yet only the first pull reads ContainerCreating: then a pull error or its back-off.
    #expect(reasons.first == "ContainerCreating")
    let later = reasons.dropFirst()
    #expect(later.allSatisfy { $0 == "ErrImagePull" || $0 == "ImagePullBackOff" }, "\(reasons)")
    #expect(later.contains("ErrImagePull") && later.contains("ImagePullBackOff"), "\(reasons)")
  }

  @Test func aTagTheRegistryDoesNotHaveIsNotFound() throws {
    let fixture = try KubeletFixture()
    try fixture.run("badtag", [C.container("nginx", "nginx:doesnotexist")])
    try fixture.run("variant", [C.container("nginx", "nginx:1.25.3-alpine3.18")])
    fixture.cluster.advance(by: 10)
    let waiting = try #require(fixture.status("badtag")?.state?.waiting)
    #expect(waiting.reason == "ImagePullBackOff")
    #expect(
      waiting.message
        == "Back-off pulling image \"nginx:doesnotexist\": ErrImagePull: failed to pull and unpack image \"docker.io/library/nginx:doesnotexist\": failed to resolve reference \"docker.io/library/nginx:doesnotexist\": docker.io/library/nginx:doesnotexist: not found"
    )
    #expect(fixture.status("variant")?.state?.running != nil)
    for tag in ["latest", "1.14", "v2.3.1", "1.25-alpine", "3.12-slim-bookworm", "stable-perl", "alpine3.20", "sha256:0a1b"] {
      #expect(ImageCatalog.hasTag(tag), "\(tag)")
    }
    for tag in ["doesnotexist", "latestt", "nope", "1.14-", "-alpine", "1.x"] { #expect(!ImageCatalog.hasTag(tag), "\(tag)") }
  }

  @Test func initContainersRunInOrderFirst() throws {
    let fixture = try KubeletFixture()
    try fixture.run(
      "app", [C.container("app", "nginx:1.14")],
      init: [C.container("wait", "busybox:1.36", command: ["sh", "-c", "sleep 5"]), C.container("setup", "busybox:1.36", command: ["sh", "-c", "echo done"])])
    fixture.cluster.advance(by: 1.5)
    let pod = try #require(fixture.pod("app"))
    #expect(pod.status?.phase == "Pending")
    #expect(pod.status?.initContainerStatuses?.first?.state?.waiting?.reason == "PodInitializing" || pod.status?.initContainerStatuses?.first?.state?.running != nil)
    #expect(pod.status?.containerStatuses?.first?.state?.waiting?.reason == "PodInitializing")
    #expect(pod.status?.condition("Initialized")?.message == "containers with incomplete status: [wait setup]")
    fixture.cluster.advance(by: 30)
    let done = try #require(fixture.pod("app"))
    #expect(done.status?.phase == "Running")
    #expect(done.status?.initContainerStatuses?.map { $0.state?.terminated?.reason ?? "" } == ["Completed", "Completed"])
    #expect(done.status?.condition("Initialized")?.status == "True")
    let wait = try #require(done.status?.initContainerStatuses?[0].state?.terminated)
    let setup = try #require(done.status?.initContainerStatuses?[1].state?.terminated)
    #expect((wait.startedAt ?? Time(seconds: 0)) < (setup.startedAt ?? Time(seconds: 0)))
  }

  /// Restart delays of a container that keeps failing: start of each run minus the end of the one before.
  func restartDelays(command: [String], seconds: Int, step: Double = 1) throws -> ([Int64], KubeletFixture) {
    let fixture = try KubeletFixture()
    try fixture.run("crash", [C.container("crash", "busybox:1.36", command: command)])
    var delays: [Int64] = []
    var seen: Int32 = 0
    for _ in 0..<Int(Double(seconds) / step) {
      fixture.cluster.advance(by: step)
      guard let container = fixture.kubelet.pods[ObjectKey(namespace: "default", name: "crash")]?.containers.first,
        container.restartCount > seen, let instance = container.instance, let last = container.last
      else { continue }
      seen = container.restartCount
      delays.append((instance.startedAt - last.finishedAt) / 1_000_000)
    }
    return (delays, fixture)
  }

  @Test func crashLoopBackOffDoublesToFiveMinutes() throws {
    let (delays, fixture) = try restartDelays(command: ["sh", "-c", "sleep 1; exit 1"], seconds: 1_600)
    #expect(Array(delays.prefix(8)) == [0, 10, 20, 40, 80, 160, 300, 300])
    let status = try #require(fixture.status("crash"))
    #expect(status.lastState?.terminated?.exitCode == 1)
    #expect(status.lastState?.terminated?.reason == "Error")
    let uid = fixture.pod("crash")?.metadata.uid ?? ""
    #expect(fixture.events(about: "crash").contains("BackOff: Back-off restarting failed container crash in pod crash_default(\(uid))"))
  }

  @Test func crashLoopBackOffMessageNamesTheDelay() throws {
    let fixture = try KubeletFixture()
    try fixture.run("crash", [C.container("crash", "busybox:1.36", command: ["sh", "-c", "sleep 1; exit 1"])])
    var messages: Set<String> = []
    for _ in 0..<120 {
      fixture.cluster.advance(by: 1)
      if let waiting = fixture.status("crash")?.state?.waiting, waiting.reason == "CrashLoopBackOff" { messages.insert(waiting.message ?? "") }
    }
    let uid = fixture.pod("crash")?.metadata.uid ?? ""
    #expect(messages.contains("back-off 40s restarting failed container=crash pod=crash_default(\(uid))"))
    #expect(fixture.pod("crash")?.status?.phase == "Running")
  }

  @Test func backOffResetsAfterTenMinutesOfRunning() throws {
    let (delays, _) = try restartDelays(command: ["sh", "-c", "sleep 660; exit 1"], seconds: 2_100, step: 5)
    #expect(delays == [0, 0, 0])
  }

  @Test func restartPolicyDecidesThePhase() throws {
    let fixture = try KubeletFixture()
    try fixture.run("ok", [C.container("c", "busybox:1.36", command: ["sh", "-c", "echo hi"])], restartPolicy: "Never")
    try fixture.run("bad", [C.container("c", "busybox:1.36", command: ["sh", "-c", "exit 3"])], restartPolicy: "Never")
    try fixture.run("retry", [C.container("c", "busybox:1.36", command: ["sh", "-c", "exit 3"])], restartPolicy: "OnFailure")
    fixture.cluster.advance(by: 30)
    #expect(fixture.pod("ok")?.status?.phase == "Succeeded")
    #expect(fixture.pod("ok")?.status?.condition("Ready")?.reason == "PodCompleted")
    // Its sandbox is gone with it.
    #expect(fixture.pod("ok")?.status?.condition("PodReadyToStartContainers")?.status == "False")
    #expect(fixture.pod("bad")?.status?.phase == "Failed")
    #expect(fixture.status("bad")?.state?.terminated?.exitCode == 3)
    #expect(fixture.pod("retry")?.status?.phase == "Running")
    #expect((fixture.status("retry")?.restartCount ?? 0) >= 1)
  }

  @Test func memoryPastTheLimitIsOOMKilled() throws {
    let fixture = try KubeletFixture()
    var stress = C.container("memory-demo", "polinux/stress", command: ["stress"])
    stress.args = ["--vm", "1", "--vm-bytes", "250M", "--vm-hang", "1"]
    stress.resources = ResourceRequirements(limits: ["memory": Quantity(100 << 20, format: .binarySI)])
    try fixture.run("memory-demo", [stress])
    fixture.cluster.advance(by: 20)
    let status = try #require(fixture.status("memory-demo"))
    let terminated = status.state?.terminated ?? status.lastState?.terminated
    #expect(terminated?.reason == "OOMKilled")
    #expect(terminated?.exitCode == 137)
  }

  @Test func livenessFailureRestartsTheContainer() throws {
    let fixture = try KubeletFixture()
    var nginx = C.container("nginx", "nginx:1.14")
    nginx.livenessProbe = C.probe(port: 8080, path: "/healthz", delay: 3, period: 3)
    try fixture.run("live", [nginx])
    fixture.cluster.advance(by: 30)
    #expect((fixture.status("live")?.restartCount ?? 0) >= 1)
    let events = fixture.events(about: "live")
    #expect(events.contains("Killing: Container nginx failed liveness probe, will be restarted"))
    #expect(events.contains { $0.hasPrefix("Unhealthy: Liveness probe failed: Get \"http://10.244.0.2:8080/healthz\": dial tcp 10.244.0.2:8080: connect: connection refused") })
  }

  @Test func readinessWaitsForTheInitialDelay() throws {
    let fixture = try KubeletFixture()
    var nginx = C.container("nginx", "nginx:1.14")
    nginx.readinessProbe = C.probe(port: 80, delay: 20)
    try fixture.run("ready", [nginx])
    fixture.cluster.advance(by: 10)
    #expect(fixture.pod("ready")?.status?.phase == "Running")
    #expect(fixture.pod("ready")?.status?.condition("Ready")?.status == "False")
    #expect(fixture.pod("ready")?.status?.condition("Ready")?.message == "containers with unready status: [nginx]")
    // The prober hands its result to the status manager, which writes it at once: the pod
    // is Ready at the very instant of the first successful probe, not at the next relist.
    let readyAt = try #require(try fixture.runningInstance("ready").readyAt)
    fixture.advance(toMicros: readyAt - 1)
    #expect(fixture.pod("ready")?.status?.condition("Ready")?.status == "False")
    fixture.cluster.advance(by: 0.000_001)
    #expect(fixture.pod("ready")?.status?.condition("Ready")?.status == "True")
  }

  /// A startup probe holds the container unstarted (and so unready, its liveness probe not
  /// yet running) until it first passes; one that never passes gets the container killed
  /// after `failureThreshold` failures, with the kubelet's Events.
  @Test func startupProbeHoldsReadinessAndKillsWhenItNeverPasses() throws {
    let fixture = try KubeletFixture()
    func probe(port: Int, delay: Int32) -> Probe {
      C.probe(port: port, path: "/healthz", delay: delay, period: 10, failureThreshold: 3)
    }
    var slow = C.container("nginx", "nginx:1.14")
    slow.startupProbe = probe(port: 80, delay: 15)
    try fixture.run("slow", [slow])
    fixture.cluster.advance(by: 10)
    #expect(fixture.pod("slow")?.status?.phase == "Running")
    #expect(fixture.status("slow")?.started == false)
    #expect(fixture.status("slow")?.ready == false)
    #expect(fixture.pod("slow")?.status?.condition("Ready")?.status == "False")
    fixture.cluster.advance(by: 15)
    #expect(fixture.status("slow")?.started == true)
    #expect(fixture.status("slow")?.ready == true)
    #expect(fixture.pod("slow")?.status?.condition("Ready")?.status == "True")

    var never = C.container("nginx", "nginx:1.14")
    never.startupProbe = probe(port: 8080, delay: 5)
    try fixture.run("never", [never])
    // Probed 5, 15 and 25 s after its start, each failure recorded when it happens.
    fixture.cluster.advance(by: 15)
    #expect(fixture.status("never")?.started == false)
    #expect(fixture.unhealthy("never")?.count == 1)
    #expect(fixture.status("never")?.restartCount == 0)
    // Killed at the third failure, it restarts.
    fixture.cluster.advance(by: 12)
    #expect(fixture.status("never")?.restartCount == 1)
    let events = fixture.events(about: "never")
    let failure = "Unhealthy: Startup probe failed: Get \"http://10.244.0.3:8080/healthz\": dial tcp 10.244.0.3:8080: connect: connection refused"
    #expect(events.contains(failure))
    #expect(events.contains("Killing: Container nginx failed startup probe, will be restarted"))
    // One Event counted three times over 20 s, as kubectl shows `x3 over 20s`.
    let counted = try #require(fixture.unhealthy("never"))
    #expect(counted.count == 3)
    let first = try #require(counted.firstTimestamp)
    let last = try #require(counted.lastTimestamp)
    #expect(last.seconds - first.seconds == 20)
  }

  /// The liveness example of the Kubernetes documentation, as typed: its busybox comes from
  /// registry.k8s.io; the file goes at 30 s, the probes every 5 s fail from then on, each
  /// failure recorded when it happens (one Event, `x3 over 10s`), and the third restarts it.
  @Test func theDocumentationsLivenessExampleFailsThreeTimesOverTenSeconds() throws {
    let fixture = try KubeletFixture()
    var container = C.container(
      "liveness", "registry.k8s.io/busybox:1.27.2",
      command: ["/bin/sh", "-c", "touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600"])
    container.livenessProbe = C.probe(command: ["cat", "/tmp/healthy"], delay: 5, period: 5)
    try fixture.run("liveness-exec", [container])
    fixture.cluster.advance(by: 30)
    #expect(fixture.pod("liveness-exec")?.status?.phase == "Running")
    #expect(fixture.status("liveness-exec")?.imageID?.hasPrefix("registry.k8s.io/busybox@sha256:") == true)
    fixture.cluster.advance(by: 20)
    let unhealthy = try #require(fixture.unhealthy("liveness-exec"))
    #expect(unhealthy.message == "Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory")
    #expect(unhealthy.count == 3)
    let first = try #require(unhealthy.firstTimestamp)
    let last = try #require(unhealthy.lastTimestamp)
    #expect(last.seconds - first.seconds == 10)
    #expect(fixture.events(about: "liveness-exec").contains("Killing: Container liveness failed liveness probe, will be restarted"))
    // Its shell ignores SIGTERM: it goes when the 30 s grace period ends, and starts again.
    fixture.cluster.advance(by: 35)
    #expect(fixture.status("liveness-exec")?.restartCount == 1)
  }

  /// Each failed liveness probe is recorded as it happens, also when the failures stop short
  /// of the threshold: a container that exits first (its restart comes from the exit, not a
  /// kill), and an exec probe whose file is gone for less than three periods.
  @Test func livenessFailuresShortOfTheThresholdAreRecordedWithoutAKill() throws {
    let fixture = try KubeletFixture()
    var crashing = C.container("app", "busybox", command: ["/bin/sh", "-c", "sleep 15; exit 1"])
    crashing.livenessProbe = C.probe(port: 8080, path: "/healthz", period: 10, failureThreshold: 3)
    try fixture.run("crashing", [crashing])
    var blip = C.container(
      "app", "busybox",
      command: ["/bin/sh", "-c", "touch /tmp/healthy; sleep 20; rm -f /tmp/healthy; sleep 10; touch /tmp/healthy; sleep 600"])
    blip.livenessProbe = C.probe(command: ["cat", "/tmp/healthy"], period: 5, failureThreshold: 3)
    try fixture.run("blip", [blip])
    fixture.cluster.advance(by: 5)
    // Probed at 0 and 10 s after its start, failing; it exits at 15 s, before a third probe.
    fixture.advance(toMicros: try fixture.runningInstance("crashing").startedAt + 14_000_000)
    let failed = try #require(fixture.unhealthy("crashing"))
    #expect(failed.count == 2)
    #expect(failed.type == "Warning")
    let ip = fixture.pod("crashing")?.status?.podIP ?? ""
    #expect(failed.message == "Liveness probe failed: Get \"http://\(ip):8080/healthz\": dial tcp \(ip):8080: connect: connection refused")
    fixture.cluster.advance(by: 2)
    #expect(fixture.status("crashing")?.restartCount == 1)
    #expect(fixture.status("crashing")?.lastState?.terminated?.reason == "Error")
    #expect(!fixture.events(about: "crashing").contains { $0.hasPrefix("Killing:") })
    // Restarted at once, the new container is probed at its start: a third failure.
    #expect(fixture.unhealthy("crashing")?.count == 3)

    // The file is gone from 20 to 30 s: the probes of 20 and 25 s fail, the one of 30 passes.
    fixture.cluster.advance(by: 60)
    #expect(fixture.unhealthy("blip")?.count == 2)
    #expect(fixture.unhealthy("blip")?.message == "Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory")
    #expect(fixture.status("blip")?.restartCount == 0)
    #expect(!fixture.events(about: "blip").contains { $0.hasPrefix("Killing:") })
  }

  /// A startup probe's failures before it passes are recorded as they happen (the
  /// documentation's slow-start pattern: up to 30 probes 10 s apart), and the container is
  /// neither killed nor started until it passes; its liveness probe runs from then on.
  @Test func startupFailuresBeforeItPassesAreRecorded() throws {
    let fixture = try KubeletFixture()
    var slow = C.container("app", "busybox", command: ["/bin/sh", "-c", "sleep 25; touch /tmp/started; sleep 600"])
    slow.startupProbe = C.probe(command: ["cat", "/tmp/started"], period: 10, failureThreshold: 30)
    slow.livenessProbe = C.probe(command: ["cat", "/tmp/started"], period: 10)
    try fixture.run("slow", [slow])
    fixture.cluster.advance(by: 5)
    // Probed at 0, 10 and 20 s after its start, failing; passing at 30.
    fixture.advance(toMicros: try fixture.runningInstance("slow").startedAt + 29_000_000)
    #expect(fixture.status("slow")?.started == false)
    #expect(fixture.unhealthyEvents("slow").count == 1)
    #expect(fixture.unhealthyEvents("slow").first?.count == 3)
    #expect(fixture.unhealthyEvents("slow").first?.message == "Startup probe failed: cat: can't open '/tmp/started': No such file or directory")
    fixture.cluster.advance(by: 60)
    #expect(fixture.status("slow")?.started == true)
    #expect(fixture.status("slow")?.restartCount == 0)
    #expect(fixture.unhealthyEvents("slow").count == 1)
    #expect(fixture.unhealthyEvents("slow").first?.count == 3)
  }

  /// A readiness probe fails every period until it first passes (an exec probe sees the
  /// file its command writes later), each failure counted on one Event; one that never
  /// passes goes on failing, and being recorded, for as long as the container runs.
  @Test func readinessFailuresAreRecordedEveryPeriodUntilItPasses() throws {
    let fixture = try KubeletFixture()
    var later = C.container("app", "busybox", command: ["/bin/sh", "-c", "sleep 20; touch /tmp/ready; sleep 600"])
    later.readinessProbe = C.probe(command: ["cat", "/tmp/ready"], period: 5)
    try fixture.run("later", [later])
    fixture.cluster.advance(by: 12)
    #expect(fixture.pod("later")?.status?.condition("Ready")?.status == "False")
    #expect((fixture.unhealthy("later")?.count ?? 0) >= 2)
    fixture.cluster.advance(by: 20)
    #expect(fixture.pod("later")?.status?.condition("Ready")?.status == "True")
    let failed = try #require(fixture.unhealthy("later"))
    #expect(failed.message == "Readiness probe failed: cat: can't open '/tmp/ready': No such file or directory")
    // Probed at 0, 5, 10 and 15 s after the start, failing; passing at 20.
    #expect(failed.count == 4)
    fixture.cluster.advance(by: 30)
    #expect(fixture.unhealthy("later")?.count == 4)

    var never = C.container("nginx", "nginx:1.14")
    never.readinessProbe = C.probe(port: 8080, period: 10)
    try fixture.run("never", [never])
    fixture.cluster.advance(by: 30)
    let early = fixture.unhealthy("never")?.count ?? 0
    fixture.cluster.advance(by: 60)
    #expect(fixture.pod("never")?.status?.condition("Ready")?.status == "False")
    #expect(fixture.unhealthy("never")?.count == early + 6)
  }

  /// A ready container whose readiness probe then fails `failureThreshold` times in a row
  /// is unready again, without a restart: the pod's Ready condition turns False with the
  /// kubelet's message at that very probe, its Service's endpoints list it as not ready,
  /// and each failure is recorded. After `successThreshold` passes in a row it is ready again.
  @Test func aReadyContainerTurnsUnreadyWhileItsProbeFailsAndReadyWhenItPassesAgain() throws {
    let fixture = try KubeletFixture()
    fixture.cluster.install(ServiceAllocator())
    fixture.cluster.install(EndpointsController())
    var app = C.container(
      "app", "busybox",
      command: ["/bin/sh", "-c", "touch /tmp/ready; sleep 30; rm -f /tmp/ready; sleep 30; touch /tmp/ready; sleep 600"])
    var probe = C.probe(command: ["cat", "/tmp/ready"], period: 5, failureThreshold: 2)
    probe.successThreshold = 2
    app.readinessProbe = probe
    try fixture.run("web", [app])
    try fixture.cluster.api.modify(Pod.self, namespace: "default", name: "web") { $0.metadata.labels = ["app": "web"] }
    var service = Service()
    service.metadata = ObjectMeta(name: "web", namespace: "default")
    var spec = ServiceSpec()
    spec.selector = ["app": "web"]
    spec.ports = [ServicePort(port: 80, targetPort: .int(80), name: "http")]
    service.spec = spec
    try fixture.cluster.api.create(service)
    func ready() -> String? { fixture.pod("web")?.status?.condition("Ready")?.status }
    func endpoints() -> (ready: Int, notReady: Int) {
      let subsets = fixture.cluster.store.get(Endpoints.self, namespace: "default", name: "web")?.subsets ?? []
      return (subsets.reduce(0) { $0 + ($1.addresses?.count ?? 0) }, subsets.reduce(0) { $0 + ($1.notReadyAddresses?.count ?? 0) })
    }
    fixture.cluster.advance(by: 10)
    let instance = try fixture.runningInstance("web")
    let unreadyAt = try #require(instance.unreadyAt)
    let start = instance.startedAt
    // Ready at its second pass in a row, 5 s after the start; the file goes at 30 s, and the
    // probes of 30 and 35 s fail: unready at 35 s.
    #expect(instance.readyAt == start + 5_000_000)
    #expect(unreadyAt == start + 35_000_000)
    fixture.advance(toMicros: start + 20_000_000)
    #expect(ready() == "True")
    #expect(endpoints() == (1, 0))
    fixture.advance(toMicros: unreadyAt - 1)
    #expect(ready() == "True")
    fixture.cluster.advance(by: 0.000_001)
    #expect(ready() == "False")
    #expect(fixture.pod("web")?.status?.condition("Ready")?.message == "containers with unready status: [app]")
    #expect(fixture.status("web")?.ready == false)
    #expect(fixture.status("web")?.restartCount == 0)
    #expect(fixture.status("web")?.state?.running != nil)
    #expect(endpoints() == (0, 1))
    // Failing every 5 s until the file is back at 60 s; ready again at the second pass, 65 s.
    fixture.advance(toMicros: start + 65_000_000 - 1)
    #expect(ready() == "False")
    fixture.cluster.advance(by: 0.000_001)
    #expect(ready() == "True")
    #expect(endpoints() == (1, 0))
    let unhealthy = try #require(fixture.unhealthy("web"))
    #expect(unhealthy.message == "Readiness probe failed: cat: can't open '/tmp/ready': No such file or directory")
    // Probed at 30, 35, 40, 45, 50 and 55 s: six failures on one Event.
    #expect(unhealthy.count == 6)
    fixture.cluster.advance(by: 60)
    #expect(ready() == "True")
    #expect(fixture.unhealthy("web")?.count == unhealthy.count)
  }

  @Test func gracefulTerminationWaitsForContainers() throws {
    let fixture = try KubeletFixture()
    try fixture.run("web", [C.container("nginx", "nginx:1.14")])
    try fixture.run("sleeper", [C.container("sleeper", "busybox:1.36", command: ["sleep", "3600"])])
    fixture.cluster.advance(by: 20)
    try fixture.cluster.api.delete(Pod.self, namespace: "default", name: "web")
    try fixture.cluster.api.delete(Pod.self, namespace: "default", name: "sleeper")
    #expect(fixture.pod("web")?.metadata.deletionTimestamp != nil)
    fixture.cluster.advance(by: 1)
    #expect(fixture.pod("web") == nil)
    #expect(fixture.events(about: "web").contains("Killing: Stopping container nginx"))
    // A shell running sleep ignores SIGTERM: it goes when the 30 s grace period ends.
    fixture.cluster.advance(by: 28)
    #expect(fixture.pod("sleeper") != nil)
    fixture.cluster.advance(by: 2)
    #expect(fixture.pod("sleeper") == nil)
  }

  @Test func sameSeedGivesTheSameStatusesAndLogs() throws {
    func snapshot() throws -> [String] {
      let fixture = try KubeletFixture(nodes: ["worker-1", "worker-2"], seed: 42)
      try fixture.run("a", [C.container("nginx", "nginx:1.27")])
      try fixture.run("b", [C.container("b", "busybox:1.36", command: ["sh", "-c", "sleep 3; exit 1"])], )
      try fixture.run("c", [C.container("c", "ningx:1.14")], init: [], restartPolicy: nil)
      fixture.cluster.advance(by: 900)
      let pods = fixture.cluster.store.list(Pod.self).map { "\($0.name) \(String(describing: $0.status))" }
      let logs = try fixture.kubelet.logs(namespace: "default", pod: "a", timestamps: true)
      return pods + logs
    }
    #expect(try snapshot() == snapshot())
  }

  @Test func idleClusterWritesOnlyHeartbeats() throws {
    let fixture = try KubeletFixture(nodes: (1...200).map { "worker-\($0)" })
    fixture.kubelet.configuration.recordEvents = false
    for node in 1...200 {
      for index in 0..<30 {
        try fixture.run("p-\(node)-\(index)", on: "worker-\(node)", [C.container("nginx", "nginx:1.14")])
      }
    }
    fixture.cluster.advance(by: 120)
    #expect(fixture.cluster.store.list(Pod.self).allSatisfy { $0.status?.phase == "Running" })
    let before = fixture.cluster.store.revision
    fixture.cluster.advance(by: 60)
    let writes = fixture.cluster.store.revision - before
    // 200 leases renewed every 10 s; node status at most once per node in 5 minutes; no pod writes.
    #expect(writes <= 1_200 + 200)
    #expect(writes >= 1_200)
  }
}
