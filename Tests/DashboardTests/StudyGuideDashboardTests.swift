@testable import Dashboard
import KubeModel
import TerminalUI
import Testing

/// The study guide's demos from the keyboard: `:load`, `:set image`, `:rollout …`,
/// `:autoscale`, the etcd members in the header and `:etcd`, a service's traffic in its
/// describe, and Secret values shown only when asked.
@Suite struct StudyGuideCommandTests {
  @Test func loadParsesRatesAndRefusesBadOnes() throws {
    #expect(try CommandParser.parse("load svc/webserver 300rps") == .load(service: "webserver", namespace: nil, requestsPerSecond: 300))
    #expect(try CommandParser.parse("load service webserver 0 -n shop") == .load(service: "webserver", namespace: "shop", requestsPerSecond: 0))
    #expect(try CommandParser.parse("load svc/webserver 12.5") == .load(service: "webserver", namespace: nil, requestsPerSecond: 12.5))
    #expect(throws: CommandError("error: invalid rate \"fast\": use requests per second such as 300rps, or 0 to stop")) {
      try CommandParser.parse("load svc/webserver fast")
    }
    #expect(throws: CommandError("error: invalid rate \"-5rps\": use requests per second such as 300rps, or 0 to stop")) {
      try CommandParser.parse("load svc/webserver -5rps")
    }
    #expect(throws: CommandError("error: load is sent to a service (load svc/NAME 300rps), not to deployments")) {
      try CommandParser.parse("load deploy/webserver 300rps")
    }
    #expect(throws: CommandError("error: usage: load svc/NAME RATE (300rps, 300 or 0 to stop)")) {
      try CommandParser.parse("load svc/webserver")
    }
  }

  @Test func rolloutSetImageAutoscaleAndEtcd() throws {
    #expect(
      try CommandParser.parse("set image deployment/web nginx=nginx:1.16")
        == .setImage(name: "web", namespace: nil, images: ["nginx": "nginx:1.16"]))
    #expect(throws: CommandError("error: invalid image update \"nginx\": use CONTAINER=IMAGE")) {
      try CommandParser.parse("set image deploy/web nginx")
    }
    for verb in [RolloutVerb.history, .pause, .resume, .status] {
      #expect(try CommandParser.parse("rollout \(verb.rawValue) deploy/web") == .rollout(verb, name: "web", namespace: nil))
    }
    #expect(
      try CommandParser.parse("kubectl autoscale deployment web --cpu-percent=50 --min=1 --max=10")
        == .autoscale(name: "web", namespace: nil, min: 1, max: 10, cpuPercent: 50))
    #expect(throws: CommandError("error: --max=MAXPODS must be larger or equal to --min=MINPODS")) {
      try CommandParser.parse("autoscale deployment web --min=5 --max=2")
    }
    #expect(try CommandParser.parse("etcd") == .etcd)
  }

  @Test func createJobFromCronJobRunsItsTemplateNow() async throws {
    #expect(
      try CommandParser.parse("create job manual-1 --from=cronjob/hello")
        == .createJobFromCronJob(name: "manual-1", namespace: nil, cronJob: "hello"))
    #expect(throws: CommandError("error: from must be an existing cronjob: deploy/web")) {
      try CommandParser.parse("create job manual-1 --from=deploy/web")
    }
    let cluster = FakeCluster()
    var cron = CronJob()
    cron.metadata = ObjectMeta(name: "hello", namespace: "default")
    cron.spec = CronJobSpec()
    cron.spec?.schedule = "*/1 * * * *"
    cron.spec?.jobTemplate = JobTemplateSpec()
    cron.spec?.jobTemplate?.spec = JobSpec()
    _ = try await cluster.create(cron, dryRun: false)
    let lines = try await CommandRunner.run(
      .createJobFromCronJob(name: "manual-1", namespace: nil, cronJob: "hello"), client: cluster, defaultNamespace: "default",
      now: Time(seconds: 0))
    #expect(lines == ["job.batch/manual-1 created"])
    let job = try await cluster.get(Job.self, namespace: "default", name: "manual-1")
    #expect(job.metadata.annotations?["cronjob.kubernetes.io/instantiate"] == "manual")
    #expect(job.metadata.controllerRef?.kind == "CronJob")
    #expect(job.metadata.controllerRef?.name == "hello")
  }

  @Test func rolloutStatusAndHistoryReadLikeKubectl() async throws {
    let cluster = FakeCluster()
    var web = try await cluster.get(Deployment.self, namespace: "default", name: "web")
    web.metadata.generation = 2
    var status = web.status ?? DeploymentStatus()
    status.observedGeneration = 2
    status.replicas = 4
    status.updatedReplicas = 1
    status.availableReplicas = 3
    status.conditions = [Self.condition("ReplicaSetUpdated")]
    web.status = status
    web.spec?.replicas = 3
    _ = try await cluster.update(web)
    #expect(
      try await CommandRunner.rolloutStatus(name: "web", namespace: "default", client: cluster)
        == "Waiting for deployment \"web\" rollout to finish: 1 out of 3 new replicas have been updated...")
    web.status?.conditions = [Self.condition("ProgressDeadlineExceeded")]
    _ = try await cluster.update(web)
    await #expect(throws: CommandError("error: deployment \"web\" exceeded its progress deadline")) {
      try await CommandRunner.rolloutStatus(name: "web", namespace: "default", client: cluster)
    }
    for revision in 1...2 {
      var set = ReplicaSet()
      set.metadata = ObjectMeta(name: "web-\(revision)", namespace: "default")
      set.metadata.annotations = ["deployment.kubernetes.io/revision": "\(revision)"]
      set.metadata.ownerReferences = [OwnerReference(apiVersion: "apps/v1", kind: "Deployment", name: "web", uid: web.metadata.uid ?? "", controller: true)]
      _ = try await cluster.create(set, dryRun: false)
    }
    #expect(
      try await CommandRunner.history(name: "web", namespace: "default", client: cluster)
        == ["deployment.apps/web ", "REVISION  CHANGE-CAUSE", "1         <none>", "2         <none>"])
  }

  static func condition(_ reason: String) -> DeploymentCondition {
    var condition = DeploymentCondition()
    condition.type = "Progressing"
    condition.status = reason == "ProgressDeadlineExceeded" ? "False" : "True"
    condition.reason = reason
    return condition
  }

  @Test func autoscalerDescribeShowsWhy() {
    var hpa = ObjectBuilder.autoscaler(name: "webserver", namespace: "default", min: 2, max: 10, cpuPercent: 50)
    var status = HorizontalPodAutoscalerStatus()
    status.currentReplicas = 2
    status.desiredReplicas = 4
    var metric = MetricStatus()
    metric.type = "Resource"
    metric.resource = ResourceMetricStatus()
    metric.resource?.name = "cpu"
    metric.resource?.current = MetricValueStatus()
    metric.resource?.current?.averageUtilization = 174
    status.currentMetrics = [metric]
    var limited = HorizontalPodAutoscalerCondition()
    limited.type = "ScalingLimited"
    limited.status = "True"
    limited.reason = "ScaleUpLimit"
    limited.message = "the desired replica count is increasing faster than the maximum scale rate"
    status.conditions = [limited]
    hpa.status = status
    hpa.metadata.creationTimestamp = Time(seconds: 1_767_225_600)
    let lines = Describer.describe(hpa, cache: InformerCache(), now: Time(seconds: 1_767_225_660))
    // kubectl's layout: one column for the fields and the metric (its current value beside
    // the utilization, 0 when not reported), then the conditions' own columns.
    #expect(
      lines.dropFirst(5).prefix(5) == [
        "Reference:                                             Deployment/webserver",
        "Metrics:                                               ( current / target )",
        "  resource cpu on pods  (as a percentage of request):  174% (0) / 50%",
        "Min replicas:                                          2",
        "Max replicas:                                          10",
      ])
    #expect(lines.contains("Deployment pods:                                       2 current / 4 desired"))
    #expect(lines.contains("  Type            Status  Reason        Message"))
    #expect(
      lines.contains("  ScalingLimited  True    ScaleUpLimit  the desired replica count is increasing faster than the maximum scale rate"))
  }

  @Test func etcdLinesShowMembersAndQuorum() {
    let status = ControlPlaneStatus(
      members: [
        .init(node: "control-plane", healthy: true, leader: false), .init(node: "control-plane2", healthy: false, leader: false),
        .init(node: "control-plane3", healthy: false, leader: false),
      ], hasQuorum: false)
    #expect(
      EtcdText.lines(status) == [
        "MEMBER                  STATUS    LEADER", "control-plane           healthy   ", "control-plane2          down      ",
        "control-plane3          down      ", "",
        "NO QUORUM: 1/3 members up; writes fail with \"etcdserver: request timed out\"",
        "controllers and the scheduler are stopped; pods already running on workers keep running",
      ])
    #expect(status.summary == "etcd 1/3 NO QUORUM")
  }
}

@MainActor
@Suite(.serialized) struct StudyGuideAppTests {
  func webService() -> Service {
    var service = Service()
    service.metadata = ObjectMeta(name: "webserver", namespace: "default")
    service.spec = ServiceSpec()
    service.spec?.selector = ["app": "web"]
    service.spec?.clusterIP = "10.96.12.7"
    service.spec?.ports = [ServicePort(port: 80)]
    return service
  }

  @Test func loadFromTheCommandBarAndTheServiceDescribe() async throws {
    let cluster = FakeCluster()
    _ = try await cluster.create(webService(), dryRun: false)
    let harness = await Harness(cluster: cluster)
    defer { harness.stop() }
    harness.type(":load svc/webserver 300rps")
    harness.press(.enter)
    await harness.waitFor { harness.app.flashText == "service/webserver load 300 req/s (simulated)" }
    #expect(harness.app.flashText == "service/webserver load 300 req/s (simulated)")
    #expect(cluster.loads["default/webserver"] == 300)
    harness.type(":load svc/nope 300rps")
    harness.press(.enter)
    await harness.waitFor { harness.app.flashText?.contains("nope") == true }
    #expect(harness.app.flashText == "Error from server (NotFound): services \"nope\" not found")
    // The services view: `d` describes with the load, endpoints and answers.
    harness.type(":svc")
    harness.press(.enter)
    await harness.waitFor { harness.app.cache.services.isSynced }
    _ = harness.screen()
    harness.type("d")
    await harness.waitFor { harness.screen().joined(separator: "\n").contains("Offered Load") }
    let screen = harness.screen(rows: 40, columns: 100).joined(separator: "\n")
    #expect(screen.contains("Offered Load:       300 req/s (simulated)"))
    #expect(screen.contains("Endpoints:          10.244.1.2,10.244.1.3"))
    #expect(screen.contains("web-1                           10.244.1.2      worker-1        150"))
    #expect(screen.contains("Recent Answers (round-robin over ready endpoints):"))
    // `t` on a service asks for a rate.
    harness.press(.escape)
    harness.type("t")
    #expect(harness.screen().joined().contains("Load service/webserver"))
    harness.press(.enter)
    await harness.waitFor { cluster.loads["default/webserver"] == 300 && harness.app.flashText?.contains("load 300") == true }
  }

  @Test func endpointsViewListsAddressesAsKubectlDoes() async throws {
    let cluster = FakeCluster()
    var endpoints = Endpoints()
    endpoints.metadata = ObjectMeta(name: "webserver", namespace: "default")
    var subset = EndpointSubset()
    subset.addresses = (2...5).map { index in
      var address = EndpointAddress()
      address.ip = "10.244.1.\(index)"
      return address
    }
    subset.ports = [Int32(80), 443].map { number in
      var port = EndpointPort()
      port.port = number
      return port
    }
    endpoints.subsets = [subset]
    _ = try await cluster.create(endpoints, dryRun: false)
    var empty = Endpoints()
    empty.metadata = ObjectMeta(name: "idle", namespace: "default")
    _ = try await cluster.create(empty, dryRun: false)
    let harness = await Harness(cluster: cluster)
    defer { harness.stop() }
    harness.type(":ep")
    harness.press(.enter)
    await harness.waitFor { harness.app.cache.endpoints.isSynced }
    let screen = harness.screen(rows: 30, columns: 120)
    let header = try #require(screen.first { $0.contains("ENDPOINTS") })
    #expect(header.contains("NAMESPACE") && header.contains("NAME") && header.contains("AGE"))
    let row = try #require(screen.first { $0.contains("webserver") })
    #expect(row.contains("10.244.1.2:80,10.244.1.3:80,10.244.1.4:80 + 5 more..."), "\(row)")
    #expect(screen.first { $0.contains("idle") }?.contains("<none>") == true)
  }

  @Test func etcdMembersInTheHeaderAndARefusedWrite() async throws {
    let cluster = FakeCluster()
    cluster.etcdMembers = ["control-plane", "control-plane2", "control-plane3"]
    let harness = await Harness(cluster: cluster)
    defer { harness.stop() }
    await harness.waitFor { harness.app.controlPlane?.members.count == 3 }
    var grid = harness.grid()
    #expect(grid.text(row: 0).hasPrefix("KubeDeck fake (test)  Nodes 3/3  Pods running 5/9  etcd 3/3"))
    try await cluster.setNodePower(node: "control-plane2", on: false)
    await harness.waitFor { harness.app.controlPlane?.members.filter(\.healthy).count == 2 }
    grid = harness.grid()
    #expect(grid.text(row: 0).hasPrefix("KubeDeck fake (test)  Nodes 3/3  Pods running 5/9  etcd 2/3"))
    let column = grid.text(row: 0).distance(of: "2/3")
    #expect(grid.role(atRow: 0, column: column) == .statusWarning)
    try await cluster.setNodePower(node: "control-plane3", on: false)
    await harness.waitFor { harness.app.controlPlane?.hasQuorum == false }
    grid = harness.grid()
    #expect(grid.text(row: 0).hasPrefix("KubeDeck fake (test)  Nodes 3/3  Pods running 5/9  etcd 1/3 NO QUORUM"))
    #expect(grid.role(atRow: 0, column: column) == .statusError)
    harness.type(":scale deployment web --replicas=5")
    harness.press(.enter)
    await harness.waitFor { harness.app.flashText?.contains("etcdserver") == true }
    let screen = harness.screen()
    #expect(screen[29] == "Error from server (ServiceUnavailable): etcdserver: request timed out")
    harness.type(":etcd")
    harness.press(.enter)
    let pane = harness.screen().joined(separator: "\n")
    #expect(pane.contains("etcd members"))
    #expect(pane.contains("control-plane2          down"))
    #expect(pane.contains("NO QUORUM: 1/3 members up"))
  }

  @Test func secretValuesOnlyWhenAsked() async throws {
    let cluster = FakeCluster()
    var secret = Secret()
    secret.metadata = ObjectMeta(name: "db", namespace: "default")
    secret.data = ["password": "czNjcjN0"]
    _ = try await cluster.create(secret, dryRun: false)
    let harness = await Harness(cluster: cluster)
    defer { harness.stop() }
    harness.type(":secrets")
    harness.press(.enter)
    await harness.waitFor { harness.app.cache.secrets.isSynced && harness.app.current?.count == 1 }
    _ = harness.screen()
    harness.type("d")
    let described = harness.screen().joined(separator: "\n")
    #expect(described.contains("password:  6 bytes"))
    #expect(!described.contains("s3cr3t"))
    harness.press(.escape)
    harness.type("y")
    #expect(!harness.screen().joined().contains("s3cr3t"))
    harness.press(.escape)
    #expect(harness.screen()[28].hasPrefix("<x> Decode"))
    harness.type("x")
    let decoded = harness.screen().joined(separator: "\n")
    #expect(decoded.contains("decoded secret/db"))
    #expect(decoded.contains("password: s3cr3t"))
  }
}

extension String {
  /// The display column where `text` starts (ASCII headers only).
  fileprivate func distance(of text: String) -> Int {
    guard let range = range(of: text) else { return 0 }
    return self.distance(from: startIndex, to: range.lowerBound)
  }
}
