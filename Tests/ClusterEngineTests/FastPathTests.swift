import Testing

@testable import ClusterEngine
@testable import KubeModel

/// The cheaper paths of status writes, the garbage collector, the ReplicaSet controller and
/// the timer queue: what they skip must be exactly what the full path would not change.
@Suite struct FastPathTests {
  /// A bare cluster with its default namespace.
  func cluster() throws -> Cluster { try APIServerTests().cluster() }

  static func status(_ phase: String) -> PodStatus {
    var status = PodStatus()
    status.phase = phase
    return status
  }

  func pod(_ name: String) -> Pod {
    var pod = Pod()
    pod.metadata.name = name
    pod.metadata.labels = ["app": "web"]
    pod.spec = PodSpec(containers: [Container(name: "nginx", image: "nginx:1.14")])
    return pod
  }

  @Test func podStatusWriteSharesTheStoredSpecAndKeepsMetadata() throws {
    let cluster = try cluster()
    let created = try cluster.api.create(pod("a"))
    var update = created
    update.metadata.labels = ["app": "other"]
    update.metadata.annotations = ["note": "ignored"]
    update.spec?.containers?[0].image = "nginx:9"
    update.status = Self.status("Running")
    let written = try cluster.api.updateStatus(update)
    #expect(written.status?.phase == "Running")
    #expect(written.metadata.labels == ["app": "web"])
    #expect(written.metadata.annotations == nil)
    #expect(written.spec?.containers?[0].image == "nginx:1.14")
    #expect(written.specBox.sharesStorage(with: created.specBox))
    #expect(written.metadata.resourceVersion != created.metadata.resourceVersion)
    // The same status again is no write at all.
    let again = try cluster.api.updateStatus(written)
    #expect(again.metadata.resourceVersion == written.metadata.resourceVersion)
  }

  @Test func workloadStatusWritesAreComparedStatusFirst() throws {
    let cluster = try cluster()
    var deployment = Deployment()
    deployment.metadata.name = "web"
    deployment.metadata.labels = ["app": "web"]
    var spec = DeploymentSpec()
    spec.selector = LabelSelector(matchLabels: ["app": "web"])
    spec.template = PodTemplateSpec(
      metadata: ObjectMeta(labels: ["app": "web"]), spec: PodSpec(containers: [Container(name: "nginx", image: "nginx:1.14")]))
    deployment.spec = spec
    let created = try cluster.api.create(deployment)
    var update = created
    update.metadata.labels = ["app": "other"]
    #expect(!APIServer.statusDiffers(update, created))
    update.status = DeploymentStatus()
    update.status?.replicas = 3
    #expect(APIServer.statusDiffers(update, created))
    let written = try cluster.api.updateStatus(update)
    #expect(written.status?.replicas == 3)
    #expect(written.metadata.labels == ["app": "web"])
    #expect(written.metadata.resourceVersion != created.metadata.resourceVersion)
    // The same status again is no write at all.
    let again = try cluster.api.updateStatus(written)
    #expect(again.metadata.resourceVersion == written.metadata.resourceVersion)
    // Kinds not checked are never said to differ.
    var pod = pod("a")
    let stored = pod
    pod.status = Self.status("Running")
    #expect(!APIServer.statusDiffers(pod, stored))
  }

  @Test func podStatusWriteWithAStaleVersionIsStillAConflict() throws {
    let cluster = try cluster()
    let created = try cluster.api.create(pod("a"))
    var first = created
    first.status = Self.status("Pending")
    try cluster.api.updateStatus(first)
    var stale = created
    stale.status = Self.status("Running")
    #expect(throws: Status.self) { try cluster.api.updateStatus(stale) }
  }

  @Test func garbageCollectorStillNotesOwnersThatChangeOnAnUpdate() throws {
    let cluster = try cluster()
    let collector = GarbageCollector()
    cluster.install(collector)
    var owner = ConfigMap()
    owner.metadata.name = "owner"
    let storedOwner = try cluster.api.create(owner)
    let created = try cluster.api.create(pod("a"))
    cluster.settle()
    #expect(collector.owners[GarbageCollector.UIDKey(created.metadata.uid ?? "")] == nil)
    var status = created
    status.status = Self.status("Pending")
    try cluster.api.updateStatus(status)
    cluster.settle()
    #expect(collector.owners[GarbageCollector.UIDKey(created.metadata.uid ?? "")] == nil)
    try cluster.api.modify(Pod.self, namespace: "default", name: "a") { pod in
      pod.metadata.ownerReferences = [
        OwnerReference(apiVersion: "v1", kind: "ConfigMap", name: "owner", uid: storedOwner.metadata.uid ?? "")
      ]
    }
    cluster.settle()
    #expect(collector.owners[GarbageCollector.UIDKey(created.metadata.uid ?? "")]?.references.first?.name == "owner")
    try cluster.api.delete(ConfigMap.self, namespace: "default", name: "owner")
    cluster.settle()
    #expect(cluster.store.get(Pod.self, namespace: "default", name: "a") == nil)
  }

  @Test func timerQueueRunsByDueTimeThenSchedulingOrderAndReusesSlots() {
    var queue = TimerQueue()
    var order: [String] = []
    func note(_ label: String) -> (Cluster) -> Void { { _ in order.append(label) } }
    queue.schedule(at: 30, note("c"))
    queue.schedule(at: 10, note("a1"))
    queue.schedule(at: 20, note("b"))
    queue.schedule(at: 10, note("a2"))
    let cluster = Cluster()
    #expect(queue.count == 4)
    while let entry = queue.popDue(before: 20) { entry.action(cluster) }
    #expect(order == ["a1", "a2", "b"])
    #expect(queue.count == 1)
    #expect(queue.nextDue == 30)
    // Freed slots are taken again; the order stays by due time and sequence.
    queue.schedule(at: 25, note("d"))
    queue.schedule(at: 30, note("e"))
    queue.schedule(at: 5, note("f"))
    while let entry = queue.popDue(before: 100) { entry.action(cluster) }
    #expect(order == ["a1", "a2", "b", "f", "d", "c", "e"])
    #expect(queue.popDue(before: 1_000) == nil)
  }

  /// A tally of `app=web` pods, and pod `p` pending and running.
  func tallyAndPod() -> (tally: ReplicaSetTally, key: ObjectKey, pending: Pod, running: Pod) {
    let tally = ReplicaSetTally(
      key: ObjectKey(namespace: "default", name: "rs"), selector: parsedSelector(LabelSelector(matchLabels: ["app": "web"])),
      templateLabels: ["app": "web"], minReadySeconds: 0)
    var pending = pod("p")
    pending.spec?.nodeName = "n1"
    pending.status = Self.status("Pending")
    var running = pending
    running.status = Self.status("Running")
    return (tally, ObjectKey(namespace: "default", name: "p"), pending, running)
  }

  @Test func replicaSetTallyRefreshCountsAsRemoveThenInsert() throws {
    let (tally, key, pending, running) = tallyAndPod()
    var ready = running
    _ = ready.status?.setCondition(PodCondition(type: "Ready", status: "True"), now: Time(seconds: 5))
    var stray = ready
    stray.metadata.labels = ["app": "db"]
    var finished = stray
    finished.status?.phase = "Succeeded"
    var refreshed = tally
    var reinserted = tally
    #expect(refreshed.refresh(key, from: pending) == nil)
    refreshed.insert(key, tally.facts(of: pending))
    reinserted.insert(key, tally.facts(of: pending))
    #expect(refreshed.refresh(key, from: pending) == false)
    for next in [ready, stray, finished, pending, ready] {
      #expect(refreshed.refresh(key, from: next) == true)
      reinserted.remove(key)
      reinserted.insert(key, tally.facts(of: next))
      #expect(refreshed.pods == reinserted.pods)
      #expect(refreshed.replicas == reinserted.replicas)
      #expect(refreshed.ready == reinserted.ready)
      #expect(refreshed.fullyLabeled == reinserted.fullyLabeled)
      #expect(refreshed.mismatched == reinserted.mismatched)
    }
    #expect(refreshed.ready == 1)
    #expect(refreshed.pods[key]?.readySince == 5_000_000)
  }

  @Test func replicaSetTallyForgetsTestedLabelsWhenItsSelectorChanges() throws {
    let (initial, key, pending, running) = tallyAndPod()
    var tally = initial
    tally.insert(key, tally.facts(of: pending))
    #expect(tally.refresh(key, from: running) == false)
    #expect(tally.replicas == 1 && tally.fullyLabeled == 1)
    // The same label dictionary, now tested against another selector and template labels.
    tally.reconfigure(
      selector: parsedSelector(LabelSelector(matchLabels: ["app": "db"])), templateLabels: ["app": "db"],
      minReadySeconds: 0, store: nil)
    tally.insert(key, tally.facts(of: pending))
    #expect(tally.replicas == 0 && tally.mismatched == [key])
    #expect(tally.refresh(key, from: running) == false)
    #expect(tally.pods[key] == tally.facts(of: running))
    #expect(tally.pods[key]?.counted == false && tally.pods[key]?.fullyLabeled == false)
    // Labels in another dictionary are tested afresh.
    var relabelled = running
    relabelled.metadata.labels = ["app": "db"]
    #expect(tally.refresh(key, from: relabelled) == true)
    #expect(tally.pods[key] == tally.facts(of: relabelled))
    #expect(tally.replicas == 1 && tally.mismatched.isEmpty)
  }

  @Test func aParsedSelectorIsParsedAgainWhenTheObjectsSelectorChanges() {
    var cache = ParsedSelectorCache()
    let key = ObjectKey(namespace: "default", name: "web")
    let web = LabelSelector(matchLabels: ["app": "web"])
    #expect(cache.selector(for: key, web).matches(["app": "web"]))
    #expect(cache.selector(for: key, web) == parsedSelector(web))
    let db = LabelSelector(matchLabels: ["app": "db"])
    #expect(!cache.selector(for: key, db).matches(["app": "web"]))
    #expect(cache.selector(for: key, db).matches(["app": "db"]))
    #expect(cache.selector(for: key, nil) == .nothing)
    cache.remove(key)
    #expect(cache.count == 0)
  }

  @Test func generatedNameSuffixesKeepTheirAlphabetAndSequence() {
    let cluster = Cluster(configuration: ClusterConfiguration(seed: 7))
    var random = SeededRandom(seed: 7)
    let alphabet = Array("bcdfghjklmnpqrstvwxz2456789")
    for _ in 0..<1_000 {
      let expected = String((0..<5).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] })
      #expect(cluster.randomSuffix() == expected)
    }
  }
}

extension ReplicaSetTally {
  /// `refresh(_:from:)` with the pod passed as the tests hold it (the controller passes the
  /// address where the store event holds it).
  mutating func refresh(_ key: ObjectKey, from pod: Pod) -> Bool? {
    withUnsafePointer(to: pod) { refresh(key, from: $0) }
  }
}
