import KubeModel
import Testing

@testable import ClusterEngine

/// Records the revision of every change it is given.
final class RevisionProbe: ClusterComponent {
  var revisions: [Int64] = []

  func attach(to cluster: Cluster) {}
  func observe(_ event: StoreEvent) { revisions.append(event.revision) }
  var hasPendingWork: Bool { false }
  func reconcile() {}
}

/// Writes ConfigMap `step-N+1` after seeing `step-N`, up to `last`: one write per round.
final class ChainWriter: ClusterComponent {
  weak var cluster: Cluster?
  let last: Int
  var next: [Int] = []

  init(last: Int) { self.last = last }

  func attach(to cluster: Cluster) { self.cluster = cluster }
  var observedKinds: [any KubeObject.Type]? { [ConfigMap.self] }
  func observe(_ event: StoreEvent) {
    let name = event.object.name
    guard name.hasPrefix("step-"), let step = Int(name.dropFirst("step-".count)), step < last else { return }
    next.append(step + 1)
  }
  var hasPendingWork: Bool { !next.isEmpty }
  func reconcile() {
    let steps = next
    next = []
    for step in steps { cluster?.store.put(DispatchTests.configMap("step-\(step)")) }
  }
}

@Suite struct DispatchTests {
  static func configMap(_ name: String) -> ConfigMap {
    var config = ConfigMap()
    config.metadata.namespace = "default"
    config.metadata.name = name
    return config
  }

  @Test func everyChangeReachesObserversOnceInRevisionOrderAcrossRounds() {
    let cluster = Cluster()
    let probe = RevisionProbe()
    cluster.install(probe)
    cluster.install(ChainWriter(last: 40))
    // A large first round, then forty rounds of one change each.
    for index in 0..<2_000 { cluster.store.put(Self.configMap("bulk-\(index)")) }
    cluster.store.put(Self.configMap("step-0"))
    cluster.settle()
    #expect(probe.revisions.count == 2_041)
    #expect(probe.revisions == probe.revisions.sorted())
    #expect(Set(probe.revisions).count == probe.revisions.count)
    #expect(cluster.store.undispatched.isEmpty)
    cluster.store.put(Self.configMap("late"))
    cluster.settle()
    #expect(probe.revisions.count == 2_042)
  }

  @Test func aKeyQueuedTwiceInOneInstantSyncsOnce() {
    var queue = WorkQueue()
    let web = ObjectKey(namespace: "default", name: "web")
    let api = ObjectKey(namespace: "default", name: "api")
    queue.add(web)
    queue.add(api)
    queue.add(web)
    #expect(queue.drain() == [api, web])
    #expect(queue.isEmpty)
    #expect(queue.drain().isEmpty)
  }

  @Test func templatesCompareEqualIgnoringOnlyTheHashLabel() {
    let spec = PodSpec(containers: [Container(name: "nginx", image: "nginx:1.14")])
    let plain = PodTemplateSpec(metadata: ObjectMeta(labels: ["app": "web"]), spec: spec)
    let hashed = PodTemplateSpec(metadata: ObjectMeta(labels: ["app": "web", podTemplateHashLabel: "abc"]), spec: spec)
    #expect(DeploymentUtil.equalIgnoringHash(plain, hashed))
    #expect(DeploymentUtil.equalIgnoringHash(hashed, plain))
    let other = PodTemplateSpec(metadata: ObjectMeta(labels: ["app": "api", podTemplateHashLabel: "abc"]), spec: spec)
    #expect(!DeploymentUtil.equalIgnoringHash(plain, other))
    let extra = PodTemplateSpec(metadata: ObjectMeta(labels: ["app": "web", "tier": "front"]), spec: spec)
    #expect(!DeploymentUtil.equalIgnoringHash(plain, extra))
    #expect(!DeploymentUtil.equalIgnoringHash(extra, hashed))
    // No metadata, no labels, and only the hash label are all the same template.
    let bare = PodTemplateSpec(spec: spec)
    #expect(DeploymentUtil.equalIgnoringHash(bare, PodTemplateSpec(metadata: ObjectMeta(), spec: spec)))
    #expect(DeploymentUtil.equalIgnoringHash(bare, PodTemplateSpec(metadata: ObjectMeta(labels: [podTemplateHashLabel: "x"]), spec: spec)))
    var annotated = plain
    annotated.metadata?.annotations = ["note": "1"]
    #expect(!DeploymentUtil.equalIgnoringHash(plain, annotated))
    let otherImage = PodTemplateSpec(
      metadata: ObjectMeta(labels: ["app": "web"]), spec: PodSpec(containers: [Container(name: "nginx", image: "nginx:1.16")]))
    #expect(!DeploymentUtil.equalIgnoringHash(plain, otherImage))
    #expect(DeploymentUtil.equalIgnoringHash(nil, PodTemplateSpec()))
  }

  /// What a user sees of the workloads: pods with their nodes and status, the workloads'
  /// statuses, and the events.
  static func snapshot(_ cluster: Cluster) -> [String] {
    var lines: [String] = []
    for pod in cluster.store.all(Pod.self).sorted(by: { $0.key < $1.key }) {
      let conditions = (pod.status?.conditions ?? []).map { "\($0.type ?? "")=\($0.status ?? "")@\($0.lastTransitionTime.map { "\($0)" } ?? "")" }
      let containers = (pod.status?.containerStatuses ?? []).map { "\($0.name ?? "") ready=\($0.ready ?? false) \($0.state.map { "\($0)" } ?? "")" }
      lines.append("pod \(pod.key) uid=\(pod.metadata.uid ?? "") node=\(pod.spec?.nodeName ?? "") phase=\(pod.status?.phase ?? "") ip=\(pod.status?.podIP ?? "") \(conditions) \(containers)")
    }
    for set in cluster.store.all(ReplicaSet.self).sorted(by: { $0.key < $1.key }) {
      lines.append("rs \(set.key) \(set.status.map { "\($0)" } ?? "")")
    }
    for deployment in cluster.store.all(Deployment.self).sorted(by: { $0.key < $1.key }) {
      lines.append("deploy \(deployment.key) \(deployment.status.map { "\($0)" } ?? "")")
    }
    var events: [String] = []
    for event in cluster.store.all(Event.self) {
      events.append(
        "event \(event.involvedObject.name ?? "") \(event.reason ?? "") \(event.message ?? "") x\(event.count ?? 0) "
          + "\(event.firstTimestamp.map { "\($0)" } ?? "")..\(event.lastTimestamp.map { "\($0)" } ?? "")")
    }
    return lines + events.sorted()
  }

  static func workloadCluster() throws -> Cluster {
    let cluster = try DemoCluster.make(
      configuration: ClusterConfiguration(seed: 11), nodes: 6, components: ClusterFactory.standardComponents())
    ClusterFactory.wire(cluster)
    for index in 0..<3 {
      try cluster.api.create(ClusterBenchmark.deployment(name: "batch-\(index)", replicas: 8 + index))
    }
    return cluster
  }

  @Test func steppingTimeInOneCallOrSecondBySecondGivesTheSameCluster() throws {
    let whole = try Self.workloadCluster()
    whole.advance(by: 45)
    let stepped = try Self.workloadCluster()
    for _ in 0..<45 { stepped.advance(by: 1) }
    let expected = Self.snapshot(whole)
    #expect(expected.contains { $0.contains("phase=Running") })
    #expect(Self.snapshot(stepped) == expected)
  }

  @Test func uidsKeepTheirFormAndSequence() {
    let cluster = Cluster(configuration: ClusterConfiguration(seed: 5))
    var random = SeededRandom(seed: 5)
    func hex(_ value: UInt64, _ digits: Int) -> String {
      let text = String(value, radix: 16)
      return String(repeating: "0", count: max(0, digits - text.count)) + text.suffix(digits)
    }
    for _ in 0..<2_000 {
      let high = random.next()
      let low = random.next()
      let expected = "\(hex(high >> 32, 8))-\(hex((high >> 16) & 0xFFFF, 4))-4\(hex(high & 0xFFF, 3))-"
        + "\(hex(0x8000 | (low >> 48) & 0x3FFF, 4))-\(hex(low & 0xFFFF_FFFF_FFFF, 12))"
      #expect(cluster.newUID() == expected)
    }
  }
}
