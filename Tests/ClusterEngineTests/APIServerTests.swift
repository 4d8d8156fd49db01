import KubeModel
import Testing

@testable import ClusterEngine

@Suite struct APIServerTests {
  func cluster() throws -> Cluster {
    let cluster = Cluster()
    var namespace = Namespace()
    namespace.metadata.name = "default"
    try cluster.api.create(namespace)
    return cluster
  }

  func nginxPod(_ name: String = "nginx") -> Pod {
    var pod = Pod()
    pod.metadata.name = name
    pod.spec = PodSpec(containers: [Container(name: "nginx", image: "nginx:1.14", ports: [ContainerPort(containerPort: 80)])])
    return pod
  }

  @Test func createDefaultsAndStamps() throws {
    let cluster = try cluster()
    let pod = try cluster.api.create(nginxPod())
    #expect(pod.metadata.namespace == "default")
    #expect(pod.metadata.uid?.count == 36)
    // Pods carry no generation in 1.32; workloads do (below).
    #expect(pod.metadata.generation == nil)
    #expect(pod.metadata.creationTimestamp == Time(seconds: 1_767_225_600))
    #expect(pod.spec?.restartPolicy == "Always")
    #expect(pod.spec?.terminationGracePeriodSeconds == 30)
    #expect(pod.spec?.containers?.first?.imagePullPolicy == "IfNotPresent")
    #expect(pod.spec?.containers?.first?.ports?.first?.protocol == "TCP")
    #expect(pod.status?.phase == "Pending")
    #expect(pod.status?.qosClass == "BestEffort")
    let tolerations = pod.spec?.tolerations ?? []
    #expect(tolerations.contains(Toleration(key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300)))
    #expect(tolerations.contains(Toleration(key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300)))
  }

  @Test func duplicateNamesAndMissingNamespacesAreRefused() throws {
    let cluster = try cluster()
    try cluster.api.create(nginxPod())
    #expect(throws: Status.alreadyExists(.pods, name: "nginx")) { try cluster.api.create(nginxPod()) }
    var elsewhere = nginxPod()
    elsewhere.metadata.namespace = "missing"
    #expect(throws: Status.notFound(.namespaces, name: "missing")) { try cluster.api.create(elsewhere) }
  }

  /// A dry-run update, patch or scale answers with the object as it would be stored and
  /// commits nothing; an invalid one is still refused.
  @Test func dryRunWritesCommitNothing() throws {
    let cluster = try cluster()
    let created = try cluster.api.create(nginxPod())
    let revision = cluster.store.revision
    var labelled = created
    labelled.metadata.labels = ["tier": "web"]
    let answered = try cluster.api.update(labelled, dryRun: true)
    #expect(answered.metadata.labels == ["tier": "web"])
    #expect(answered.metadata.resourceVersion == created.metadata.resourceVersion)
    let patched = try cluster.api.patch(
      Pod.self, namespace: "default", name: "nginx", patch: Patch(.merge, ["metadata": ["labels": ["x": "y"]]]), dryRun: true)
    #expect(patched.metadata.labels?["x"] == "y")
    var invalid = created
    invalid.metadata.labels = ["bad key!": "v"]
    #expect(throws: Status.self) { try cluster.api.update(invalid, dryRun: true) }
    #expect(cluster.store.revision == revision)
    #expect(cluster.store.get(Pod.self, namespace: "default", name: "nginx")?.metadata.labels == created.metadata.labels)
  }

  /// A pod template gets the pod spec's defaults but not what only pods get (service
  /// account, priority, service links, requests from limits), as `kubectl get deploy -o
  /// yaml` shows on a real cluster; the pods made from it get them all.
  @Test func templatesTakeOnlyThePodSpecDefaults() throws {
    let cluster = try cluster()
    var deployment = ClusterBenchmark.deployment(name: "web", replicas: 1)
    deployment.spec?.template?.spec?.containers?[0].resources = ResourceRequirements(limits: ["cpu": Quantity.milli(200)])
    let stored = try cluster.api.create(deployment)
    let template = try #require(stored.spec?.template?.spec)
    #expect(template.restartPolicy == "Always" && template.dnsPolicy == "ClusterFirst")
    #expect(template.serviceAccountName == nil && template.priority == nil && template.enableServiceLinks == nil)
    #expect(template.containers?.first?.resources?.requests == nil)
    var pod = Pod(metadata: ObjectMeta(name: "from-template", namespace: "default"), spec: template)
    pod = try cluster.api.create(pod)
    #expect(pod.spec?.serviceAccountName == "default" && pod.spec?.priority == 0 && pod.spec?.enableServiceLinks == true)
    #expect(pod.spec?.containers?.first?.resources?.requests == ["cpu": Quantity.milli(200)])
  }

  /// Probes take upstream's defaults (1 s timeout, every 10 s, one success, three
  /// failures; an HTTP GET of `/`), as `kubectl get pod -o yaml` and describe's
  /// `Liveness:` line show them; values given stay.
  @Test func probesTakeTheirDefaults() throws {
    let cluster = try cluster()
    var pod = nginxPod()
    var liveness = Probe()
    var action = HTTPGetAction()
    action.port = .int(80)
    liveness.httpGet = action
    liveness.initialDelaySeconds = 5
    var readiness = Probe()
    var tcp = TCPSocketAction()
    tcp.port = .int(80)
    readiness.tcpSocket = tcp
    readiness.failureThreshold = 7
    pod.spec?.containers?[0].livenessProbe = liveness
    pod.spec?.containers?[0].readinessProbe = readiness
    let stored = try #require(try cluster.api.create(pod).spec?.containers?.first)
    let live = try #require(stored.livenessProbe)
    #expect(live.timeoutSeconds == 1 && live.periodSeconds == 10 && live.successThreshold == 1 && live.failureThreshold == 3)
    #expect(live.initialDelaySeconds == 5 && live.httpGet?.path == "/" && live.httpGet?.scheme == "HTTP")
    let ready = try #require(stored.readinessProbe)
    #expect(ready.timeoutSeconds == 1 && ready.periodSeconds == 10 && ready.successThreshold == 1 && ready.failureThreshold == 7)
    #expect(stored.startupProbe == nil)
  }

  @Test func aPodsPriorityComesFromItsPriorityClass() throws {
    let cluster = try cluster()
    var critical = nginxPod()
    critical.spec?.priorityClassName = "system-node-critical"
    #expect(try cluster.api.create(critical).spec?.priority == 2_000_001_000)
    var unknown = nginxPod()
    unknown.metadata.name = "urgent"
    unknown.spec?.priorityClassName = "high-priority"
    do {
      try cluster.api.create(unknown)
      Issue.record("a pod of an unknown class was created")
    } catch {
      #expect(error.message == "pods \"urgent\" is forbidden: no PriorityClass with name high-priority was found")
    }
  }

  @Test func statefulSetsJobsAndCronJobsTakeTheirDefaults() throws {
    let cluster = try cluster()
    let container = Container(name: "app", image: "busybox")
    var set = StatefulSet()
    set.metadata = ObjectMeta(name: "db", namespace: "default")
    var setSpec = StatefulSetSpec()
    setSpec.selector = LabelSelector(matchLabels: ["app": "db"])
    setSpec.serviceName = "db"
    setSpec.template = PodTemplateSpec(metadata: ObjectMeta(labels: ["app": "db"]), spec: PodSpec(containers: [container]))
    set.spec = setSpec
    let storedSet = try cluster.api.create(set)
    #expect(storedSet.spec?.updateStrategy?.type == "RollingUpdate")
    #expect(storedSet.spec?.updateStrategy?.rollingUpdate?.partition == 0)
    #expect(storedSet.spec?.persistentVolumeClaimRetentionPolicy?["whenDeleted"] == JSONValue.string("Retain"))
    var podSpec = PodSpec(containers: [container])
    podSpec.restartPolicy = "Never"
    var jobSpec = JobSpec()
    jobSpec.template = PodTemplateSpec(spec: podSpec)
    var job = Job()
    job.metadata = ObjectMeta(name: "once", namespace: "default")
    job.spec = jobSpec
    #expect(try cluster.api.create(job).spec?.podReplacementPolicy == "TerminatingOrFailed")
    var cronSpec = CronJobSpec()
    cronSpec.schedule = "*/5 * * * *"
    var jobTemplate = JobTemplateSpec()
    jobTemplate.spec = jobSpec
    cronSpec.jobTemplate = jobTemplate
    var cron = CronJob()
    cron.metadata = ObjectMeta(name: "tick", namespace: "default")
    cron.spec = cronSpec
    let templateSpec = try #require(try cluster.api.create(cron).spec?.jobTemplate?.spec?.template?.spec)
    #expect(templateSpec.dnsPolicy == "ClusterFirst" && templateSpec.schedulerName == "default-scheduler")
    #expect(templateSpec.containers?.first?.terminationMessagePath == "/dev/termination-log")
  }

  @Test func staleResourceVersionIsAConflict() throws {
    let cluster = try cluster()
    let created = try cluster.api.create(nginxPod())
    var first = created
    first.metadata.labels = ["a": "1"]
    try cluster.api.update(first)
    var second = created
    second.metadata.labels = ["b": "2"]
    do {
      try cluster.api.update(second)
      Issue.record("expected a conflict")
    } catch {
      #expect(error.code == 409)
      #expect(
        error.message
          == #"Operation cannot be fulfilled on pods "nginx": the object has been modified; please apply your changes to the latest version and try again"#
      )
    }
  }

  @Test func specChangesBumpGenerationStatusChangesDoNot() throws {
    let cluster = try cluster()
    var deployment = Deployment()
    deployment.metadata.name = "web"
    var spec = DeploymentSpec()
    spec.replicas = 2
    spec.selector = LabelSelector(matchLabels: ["app": "web"])
    spec.template = PodTemplateSpec(
      metadata: ObjectMeta(labels: ["app": "web"]), spec: PodSpec(containers: [Container(name: "nginx", image: "nginx:1.14")]))
    deployment.spec = spec
    var stored = try cluster.api.create(deployment)
    #expect(stored.spec?.strategy?.rollingUpdate?.maxSurge == .string("25%"))
    #expect(stored.spec?.revisionHistoryLimit == 10)
    var status = DeploymentStatus()
    status.replicas = 2
    stored.status = status
    stored = try cluster.api.updateStatus(stored)
    #expect(stored.metadata.generation == 1)
    #expect(stored.status?.replicas == 2)
    stored.spec?.replicas = 5
    stored.status = nil
    stored = try cluster.api.update(stored)
    #expect(stored.metadata.generation == 2)
    #expect(stored.status?.replicas == 2, "an update of the object keeps its status")
  }

  @Test func aPodSpecUpdateMayChangeImagesDeadlinesAndAddTolerationsOnly() throws {
    let cluster = try cluster()
    try cluster.api.create(nginxPod())
    func change(_ edit: (inout PodSpec) -> Void) throws -> Pod {
      try cluster.api.modify(Pod.self, namespace: "default", name: "nginx") { pod in
        if var spec = pod.spec {
          edit(&spec)
          pod.spec = spec
        }
      }
    }
    #expect(try change { $0.containers?[0].image = "nginx:1.15" }.spec?.containers?.first?.image == "nginx:1.15")
    #expect(try change { $0.activeDeadlineSeconds = 600 }.spec?.activeDeadlineSeconds == 600)
    #expect(try change { $0.activeDeadlineSeconds = 300 }.spec?.activeDeadlineSeconds == 300)
    let added = try change { $0.tolerations = ($0.tolerations ?? []) + [Toleration(key: "gpu", operator: "Exists")] }
    #expect(added.spec?.tolerations?.contains { $0.key == "gpu" } == true)
    let forbidden = Status.invalid(.pods, name: "nginx", errors: [.forbidden(FieldPath("spec"), APIServer.podUpdateForbidden)])
    #expect(forbidden.message?.hasPrefix(
      "Pod \"nginx\" is invalid: spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,") == true)
    #expect(throws: forbidden) { try change { $0.containers?[0].ports?[0].containerPort = 81 } }
    #expect(throws: forbidden) { try change { $0.activeDeadlineSeconds = 900 } }
    #expect(throws: forbidden) { try change { $0.tolerations = $0.tolerations?.filter { $0.key != "gpu" } } }
    #expect(throws: forbidden) { try change { $0.containers?.append(Container(name: "sidecar", image: "busybox")) } }
    #expect(cluster.store.get(Pod.self, namespace: "default", name: "nginx")?.spec?.containers?.first?.ports?.first?.containerPort == 80)
  }

  @Test func unboundPodsGoAtOnceBoundPodsTerminateGracefully() throws {
    let cluster = try cluster()
    try cluster.api.create(nginxPod("loose"))
    try cluster.api.delete(Pod.self, namespace: "default", name: "loose")
    #expect(cluster.store.get(Pod.self, namespace: "default", name: "loose") == nil)

    var bound = nginxPod("bound")
    bound.spec?.nodeName = "worker-1"
    try cluster.api.create(bound)
    let terminating = try cluster.api.delete(Pod.self, namespace: "default", name: "bound")
    #expect(terminating.metadata.deletionGracePeriodSeconds == 30)
    #expect(terminating.metadata.deletionTimestamp == Time(seconds: 1_767_225_630))
    #expect(cluster.store.get(Pod.self, namespace: "default", name: "bound") != nil)
    try cluster.api.delete(Pod.self, namespace: "default", name: "bound", options: DeleteOptions(gracePeriodSeconds: 0))
    #expect(cluster.store.get(Pod.self, namespace: "default", name: "bound") == nil)
  }

  @Test func finalizersHoldDeletionUntilRemoved() throws {
    let cluster = try cluster()
    var map = ConfigMap()
    map.metadata.name = "held"
    map.metadata.finalizers = ["example.com/hold"]
    try cluster.api.create(map)
    try cluster.api.delete(ConfigMap.self, namespace: "default", name: "held")
    var held = try #require(cluster.store.get(ConfigMap.self, namespace: "default", name: "held"))
    #expect(held.metadata.deletionTimestamp != nil)
    held.metadata.finalizers?.append("example.com/another")
    #expect(throws: Status.self) { try cluster.api.update(held) }
    held.metadata.finalizers = []
    try cluster.api.update(held)
    #expect(cluster.store.get(ConfigMap.self, namespace: "default", name: "held") == nil)
  }

  @Test func invalidObjectsAreRefusedWith422() throws {
    let cluster = try cluster()
    var pod = nginxPod("Bad_Name")
    pod.spec?.containers = []
    do {
      try cluster.api.create(pod)
      Issue.record("expected Invalid")
    } catch {
      #expect(error.code == 422)
      #expect(error.reason == .invalid)
      #expect(error.message?.hasPrefix(#"Pod "Bad_Name" is invalid: "#) == true)
    }
    #expect(cluster.store.count(Pod.self) == 0)
  }

  @Test func aWorkloadWhoseSelectorMissesItsTemplateIsRefused() throws {
    let cluster = try cluster()
    var deployment = Deployment()
    deployment.metadata = ObjectMeta(name: "badsel", namespace: "default")
    deployment.spec = DeploymentSpec()
    deployment.spec?.replicas = 1
    deployment.spec?.selector = LabelSelector(matchLabels: ["app": "foo"])
    deployment.spec?.template = PodTemplateSpec(
      metadata: ObjectMeta(labels: ["app": "bar"]), spec: PodSpec(containers: [Container(name: "nginx", image: "nginx")]))
    do {
      try cluster.api.create(deployment)
      Issue.record("expected Invalid")
    } catch {
      #expect(error.code == 422)
      #expect(
        error.message
          == #"Deployment.apps "badsel" is invalid: spec.template.metadata.labels: Invalid value: {"app":"bar"}: `selector` does not match template `labels`"#
      )
    }
    #expect(cluster.store.count(Deployment.self) == 0)
    // Matching labels are accepted, and a later edit that breaks the match is refused too.
    deployment.spec?.template?.metadata?.labels = ["app": "foo", "tier": "web"]
    var stored = try cluster.api.create(deployment)
    stored.spec?.template?.metadata?.labels = ["tier": "web"]
    #expect(throws: Status.self) { try cluster.api.update(stored) }
  }

  @Test func eventsAggregateRepeats() throws {
    let cluster = try cluster()
    let pod = try cluster.api.create(nginxPod())
    cluster.api.recordEvent(about: pod, type: "Warning", reason: "BackOff", message: "Back-off restarting failed container", component: "kubelet", host: "w1")
    cluster.advance(by: 10)
    cluster.api.recordEvent(about: pod, type: "Warning", reason: "BackOff", message: "Back-off restarting failed container", component: "kubelet", host: "w1")
    let events = cluster.store.list(Event.self, namespace: "default")
    #expect(events.count == 1)
    #expect(events.first?.count == 2)
    #expect(events.first?.firstTimestamp == Time(seconds: 1_767_225_600))
    #expect(events.first?.lastTimestamp == Time(seconds: 1_767_225_610))
    #expect(events.first?.involvedObject.name == "nginx")
  }

  @Test func sameSeedSameUIDs() throws {
    let first = try cluster()
    let second = try cluster()
    #expect(try first.api.create(nginxPod()).metadata.uid == second.api.create(nginxPod()).metadata.uid)
  }

  @Test func timersRunInTimeOrder() {
    let cluster = Cluster()
    var order: [String] = []
    cluster.schedule(after: 5) { _ in order.append("b") }
    cluster.schedule(after: 1) { _ in order.append("a") }
    cluster.schedule(after: 5) { _ in order.append("c") }
    cluster.advance(by: 3)
    #expect(order == ["a"])
    #expect(cluster.clock.seconds == 3)
    cluster.advance(by: 3)
    #expect(order == ["a", "b", "c"])
  }
}

@Suite struct GeneratedNameTests {
  /// A pod to create with `generateName: web-`.
  func generated() -> Pod {
    var pod = Pod()
    pod.metadata.namespace = "default"
    pod.metadata.generateName = "web-"
    pod.spec = PodSpec(containers: [Container(name: "web", image: "nginx:1.14")])
    return pod
  }

  /// The next `count` suffixes a cluster of `seed` will generate.
  func suffixes(seed: UInt64, _ count: Int) -> [String] {
    let probe = Cluster(configuration: ClusterConfiguration(seed: seed))
    return (0..<count).map { _ in probe.randomSuffix() }
  }

  /// A cluster of `seed` whose store already holds pods named with its next `taken` suffixes
  /// (put straight into the store, which draws nothing from the generator).
  func clusterWithTakenNames(seed: UInt64, _ taken: [String]) -> Cluster {
    let cluster = Cluster(configuration: ClusterConfiguration(seed: seed))
    var namespace = Namespace()
    namespace.metadata.name = "default"
    cluster.store.put(namespace)
    for suffix in taken {
      var pod = generated()
      pod.metadata.name = "web-" + suffix
      cluster.store.put(pod)
    }
    return cluster
  }

  @Test func aTakenGeneratedNameIsGeneratedAgain() throws {
    let next = suffixes(seed: 5, 3)
    let cluster = clusterWithTakenNames(seed: 5, Array(next.prefix(2)))
    let created = try cluster.api.create(generated())
    #expect(created.name == "web-" + next[2])
  }

  @Test func afterEightTakenNamesTheCreateReportsTheLastAsTaken() throws {
    let next = suffixes(seed: 5, 8)
    let cluster = clusterWithTakenNames(seed: 5, next)
    #expect(throws: Status.alreadyExists(.pods, name: "web-" + next[7])) { try cluster.api.create(generated()) }
    // A name given outright is not generated again.
    var named = generated()
    named.metadata.name = "web-" + next[0]
    #expect(throws: Status.alreadyExists(.pods, name: "web-" + next[0])) { try cluster.api.create(named) }
  }
}
