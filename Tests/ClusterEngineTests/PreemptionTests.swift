import KubeModel
import Testing

@testable import ClusterEngine

/// Priority classes and DefaultPreemption, on hand-sized clusters whose outcome can be
/// worked out by hand.
@Suite struct PreemptionTests {
  /// A pod of `fixture` that names `priorityClass`.
  private func pod(_ fixture: SchedulerFixture, _ name: String, cpu: String, priorityClass: String? = nil, labels: [String: String] = [:])
    throws -> Pod
  {
    var pod = try fixture.pod(name, cpu: cpu, labels: labels)
    pod.spec?.priorityClassName = priorityClass
    return pod
  }

  /// Records that pod `name` started `seconds` after the epoch (there is no kubelet here).
  private func started(_ fixture: SchedulerFixture, _ name: String, at seconds: Int64) throws {
    try fixture.cluster.api.modify(Pod.self, namespace: "default", name: name, status: true) { pod in
      pod.status?.startTime = Time(seconds: fixture.cluster.configuration.epochSeconds + seconds)
    }
    fixture.cluster.settle()
  }

  /// Finishes the graceful deletion of every terminating pod (there is no kubelet here).
  private func finishDeletions(_ fixture: SchedulerFixture) throws {
    for pod in fixture.cluster.store.list(Pod.self) where pod.metadata.deletionTimestamp != nil {
      var options = DeleteOptions()
      options.gracePeriodSeconds = 0
      try fixture.cluster.api.delete(Pod.self, namespace: pod.namespace, name: pod.name, options: options)
    }
    fixture.cluster.settle()
  }

  @Test func aHigherPriorityPodEvictsTheLeastImportantPodAndTakesItsPlace() throws {
    let fixture = try SchedulerFixture()
    try fixture.addNode("node-1", cpu: "2")
    // Named against their start order, so that the start, not the name, decides.
    try fixture.create(pod(fixture, "second", cpu: "1"))
    try fixture.create(pod(fixture, "first", cpu: "1"))
    try started(fixture, "second", at: 10)
    try started(fixture, "first", at: 5)
    try fixture.cluster.api.create(PriorityClass(name: "high", value: 1000))
    let urgent = try fixture.create(pod(fixture, "urgent", cpu: "1", priorityClass: "high"))
    #expect(urgent.spec?.priority == 1000)
    #expect(urgent.spec?.preemptionPolicy == "PreemptLowerPriority")

    // Either pod frees enough; the one that started later is the less important.
    let victim = try #require(fixture.stored("second"))
    #expect(victim.metadata.deletionTimestamp != nil)
    let condition = try #require(victim.status?.condition("DisruptionTarget"))
    #expect(condition.reason == "PreemptionByScheduler")
    #expect(condition.message == "default-scheduler: preempting to accommodate a higher priority pod")
    #expect(fixture.stored("first")?.metadata.deletionTimestamp == nil)
    let preempted = fixture.events(reason: "Preempted", about: "second")
    #expect(preempted.map(\.message) == ["Preempted by pod \(urgent.metadata.uid ?? "") on node node-1"])
    #expect(fixture.stored("urgent")?.status?.nominatedNodeName == "node-1")
    #expect(fixture.events(reason: "FailedScheduling", about: "urgent").map(\.message) == ["0/1 nodes are available: 1 Insufficient cpu."])

    // While the victim terminates, the pod waits for it rather than preempting again.
    fixture.cluster.advance(by: 2)
    #expect(fixture.node(of: "urgent") == nil)
    #expect(fixture.cluster.store.list(Pod.self).filter { $0.metadata.deletionTimestamp != nil }.count == 1)

    try finishDeletions(fixture)
    fixture.cluster.advance(by: 10)
    #expect(fixture.node(of: "urgent") == "node-1")
    #expect(fixture.stored("first")?.spec?.nodeName == "node-1")
  }

  @Test func theRoomAVictimLeavesIsHeldForTheNominatedPod() throws {
    let fixture = try SchedulerFixture()
    try fixture.addNode("node-1", cpu: "1")
    try fixture.create(pod(fixture, "victim", cpu: "1"))
    try fixture.cluster.api.create(PriorityClass(name: "high", value: 1000))
    try fixture.create(pod(fixture, "urgent", cpu: "1", priorityClass: "high"))
    #expect(fixture.stored("urgent")?.status?.nominatedNodeName == "node-1")
    // The victim goes at once, while the preemptor waits out its back-off: a pod of lower
    // priority arriving now finds the room held (the nominated pod counts on its node).
    try finishDeletions(fixture)
    try fixture.create(pod(fixture, "latecomer", cpu: "1"))
    #expect(fixture.node(of: "latecomer") == nil)
    fixture.cluster.advance(by: 10)
    #expect(fixture.node(of: "urgent") == "node-1")
    #expect(fixture.node(of: "latecomer") == nil)
  }

  @Test func aPodThatStillDoesNotFitWithoutTheLowerPodsEvictsNothing() throws {
    let fixture = try SchedulerFixture()
    try fixture.addNode("node-1", cpu: "2")
    try fixture.addNode("node-2", cpu: "2", taints: [Taint(key: "dedicated", value: "infra", effect: "NoSchedule")])
    try fixture.create(pod(fixture, "small", cpu: "1"))
    try fixture.cluster.api.create(PriorityClass(name: "high", value: 1000))
    try fixture.create(pod(fixture, "huge", cpu: "3", priorityClass: "high"))
    #expect(fixture.stored("small")?.metadata.deletionTimestamp == nil)
    #expect(
      fixture.events(reason: "FailedScheduling", about: "huge").map(\.message) == [
        "0/2 nodes are available: 1 Insufficient cpu, 1 node(s) had untolerated taint {dedicated: infra}. preemption: 0/2 nodes are available: 1 Insufficient cpu, 1 Preemption is not helpful for scheduling.."
      ])
  }

  @Test func podsOfEqualPriorityAreNeverVictims() throws {
    let fixture = try SchedulerFixture()
    try fixture.addNode("node-1", cpu: "1")
    try fixture.cluster.api.create(PriorityClass(name: "high", value: 1000))
    try fixture.create(pod(fixture, "running", cpu: "1", priorityClass: "high"))
    try fixture.create(pod(fixture, "waiting", cpu: "1", priorityClass: "high"))
    #expect(fixture.stored("running")?.metadata.deletionTimestamp == nil)
    #expect(
      fixture.events(reason: "FailedScheduling", about: "waiting").map(\.message) == [
        "0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.."
      ])
  }

  @Test func aClassThatNeverPreemptsWaits() throws {
    let fixture = try SchedulerFixture()
    try fixture.addNode("node-1", cpu: "1")
    try fixture.create(pod(fixture, "running", cpu: "1"))
    try fixture.cluster.api.create(PriorityClass(name: "polite", value: 1000, preemptionPolicy: "Never"))
    let polite = try fixture.create(pod(fixture, "polite", cpu: "1", priorityClass: "polite"))
    #expect(polite.spec?.preemptionPolicy == "Never")
    #expect(fixture.stored("running")?.metadata.deletionTimestamp == nil)
    #expect(
      fixture.events(reason: "FailedScheduling", about: "polite").map(\.message) == [
        "0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.."
      ])
  }

  @Test func theNodeWhoseVictimsMatterLeastIsChosen() throws {
    let fixture = try SchedulerFixture()
    try fixture.addNode("node-1", cpu: "1")
    try fixture.addNode("node-2", cpu: "1")
    try fixture.cluster.api.create(PriorityClass(name: "medium", value: 500))
    try fixture.cluster.api.create(PriorityClass(name: "high", value: 1000))
    try fixture.create(pod(fixture, "medium-pod", cpu: "1", priorityClass: "medium"))
    try fixture.create(pod(fixture, "low-pod", cpu: "1"))
    let placed = [fixture.node(of: "medium-pod"), fixture.node(of: "low-pod")]
    #expect(Set(placed.compactMap { $0 }) == ["node-1", "node-2"])
    try fixture.create(pod(fixture, "urgent", cpu: "1", priorityClass: "high"))
    #expect(fixture.stored("low-pod")?.metadata.deletionTimestamp != nil)
    #expect(fixture.stored("medium-pod")?.metadata.deletionTimestamp == nil)
    #expect(fixture.stored("urgent")?.status?.nominatedNodeName == fixture.node(of: "low-pod"))
  }

  @Test func aDisruptionBudgetSteersPreemptionToAnotherNode() throws {
    let fixture = try SchedulerFixture()
    try fixture.addNode("node-1", cpu: "1")
    try fixture.addNode("node-2", cpu: "1")
    try fixture.create(pod(fixture, "guarded", cpu: "1", labels: ["app": "guarded"]))
    try fixture.create(pod(fixture, "free", cpu: "1", labels: ["app": "free"]))
    var budget = PodDisruptionBudget(name: "guard", minAvailable: .int(1), matchLabels: ["app": "guarded"])
    var status = PodDisruptionBudgetStatus()
    status.disruptionsAllowed = 0
    budget.status = status
    try fixture.cluster.api.create(budget)
    try fixture.cluster.api.create(PriorityClass(name: "high", value: 1000))
    try fixture.create(pod(fixture, "urgent", cpu: "1", priorityClass: "high"))
    #expect(fixture.stored("guarded")?.metadata.deletionTimestamp == nil)
    #expect(fixture.stored("free")?.metadata.deletionTimestamp != nil)
  }

  @Test func evictingAPodTheAntiAffinityCountsMakesRoom() throws {
    let fixture = try SchedulerFixture()
    try fixture.addNode("node-1", cpu: "4")
    try fixture.create(pod(fixture, "neighbour", cpu: "1", labels: ["app": "noisy"]))
    try fixture.create(pod(fixture, "bystander", cpu: "1", labels: ["app": "quiet"]))
    try fixture.cluster.api.create(PriorityClass(name: "high", value: 1000))
    var urgent = try pod(fixture, "urgent", cpu: "1", priorityClass: "high")
    urgent.spec?.affinity = SchedulerFixture.antiAffinity(app: "noisy")
    try fixture.create(urgent)
    #expect(
      fixture.events(reason: "FailedScheduling", about: "urgent").map(\.message) == [
        "0/1 nodes are available: 1 node(s) didn't match pod anti-affinity rules."
      ])
    // Room for its CPU was never the problem: only the pod its anti-affinity counts goes.
    #expect(fixture.stored("neighbour")?.metadata.deletionTimestamp != nil)
    #expect(fixture.stored("bystander")?.metadata.deletionTimestamp == nil)
    #expect(fixture.stored("urgent")?.status?.nominatedNodeName == "node-1")
    // The attempt's explanation says where the pod is headed and whom it displaced.
    let explanation = try #require(fixture.scheduler.explanation(namespace: "default", pod: "urgent"))
    #expect(explanation.selectedNode == nil && explanation.nominatedNode == "node-1")
    #expect(explanation.victims == ["default/neighbour"])
    try finishDeletions(fixture)
    fixture.cluster.advance(by: 10)
    #expect(fixture.node(of: "urgent") == "node-1")
  }

  @Test func evictingAPodWhoseAntiAffinityRefusesThePodMakesRoom() throws {
    let fixture = try SchedulerFixture()
    try fixture.addNode("node-1", cpu: "4")
    var loner = try pod(fixture, "loner", cpu: "1", labels: ["app": "loner"])
    loner.spec?.affinity = SchedulerFixture.antiAffinity(app: "crowd")
    try fixture.create(loner)
    try fixture.create(pod(fixture, "other", cpu: "1", labels: ["app": "other"]))
    try fixture.cluster.api.create(PriorityClass(name: "high", value: 1000))
    try fixture.create(pod(fixture, "urgent", cpu: "1", priorityClass: "high", labels: ["app": "crowd"]))
    #expect(
      fixture.events(reason: "FailedScheduling", about: "urgent").map(\.message) == [
        "0/1 nodes are available: 1 node(s) didn't satisfy existing pods anti-affinity rules."
      ])
    #expect(fixture.stored("loner")?.metadata.deletionTimestamp != nil)
    #expect(fixture.stored("other")?.metadata.deletionTimestamp == nil)
    #expect(fixture.stored("urgent")?.status?.nominatedNodeName == "node-1")
  }

  @Test func spreadingPreemptsOnlyWhatTheSkewNeeds() throws {
    let fixture = try SchedulerFixture()
    try fixture.addNode("node-a", cpu: "4", labels: ["topology.kubernetes.io/zone": "a"])
    try fixture.addNode("node-b", cpu: "2", labels: ["topology.kubernetes.io/zone": "b"])
    try fixture.cluster.api.create(PriorityClass(name: "high", value: 1000))
    // Zone b is full with a pod as important as the newcomer: nothing there can go.
    var resident = try pod(fixture, "resident", cpu: "2", priorityClass: "high")
    resident.spec?.nodeName = "node-b"
    try fixture.create(resident)
    for name in ["web-1", "web-2"] {
      var web = try pod(fixture, name, cpu: "1", labels: ["app": "web"])
      web.spec?.nodeName = "node-a"
      try fixture.create(web)
    }
    var urgent = try pod(fixture, "urgent", cpu: "1", priorityClass: "high", labels: ["app": "web"])
    urgent.spec?.topologySpreadConstraints = [
      TopologySpreadConstraint(
        maxSkew: 2, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "DoNotSchedule", matchLabels: ["app": "web"])
    ]
    try fixture.create(urgent)
    #expect(
      fixture.events(reason: "FailedScheduling", about: "urgent").map(\.message) == [
        "0/2 nodes are available: 1 Insufficient cpu, 1 node(s) didn't match pod topology spread constraints."
      ])
    // Zone a holds 2 against 0: one fewer lets the newcomer in at a skew of 2.
    let evicted = ["web-1", "web-2"].filter { fixture.stored($0)?.metadata.deletionTimestamp != nil }
    #expect(evicted.count == 1)
    #expect(fixture.stored("urgent")?.status?.nominatedNodeName == "node-a")
  }

  @Test func admissionTakesThePriorityFromTheClass() throws {
    let fixture = try SchedulerFixture()
    let api = fixture.cluster.api
    let missing = try pod(fixture, "nowhere", cpu: "1", priorityClass: "missing")
    do {
      try api.create(missing)
      Issue.record("a pod of a missing class was accepted")
    } catch {
      #expect(error.message == #"pods "nowhere" is forbidden: no PriorityClass with name missing was found"#)
    }
    try api.create(PriorityClass(name: "batch", value: 100))
    var mismatched = try pod(fixture, "mismatched", cpu: "1", priorityClass: "batch")
    mismatched.spec?.priority = 5
    let given = mismatched
    do {
      try api.create(given)
      Issue.record("a priority that disagrees with the class was accepted")
    } catch {
      #expect(
        error.message
          == #"pods "mismatched" is forbidden: the integer value of priority (5) must not be provided in pod spec; priority admission controller computed 100 from the given PriorityClass name"#
      )
    }
    // No class and no default: priority 0. A global default then applies to new pods.
    #expect(try api.create(try pod(fixture, "plain", cpu: "1")).spec?.priority == 0)
    try api.create(PriorityClass(name: "everyone", value: 10, globalDefault: true))
    let defaulted = try api.create(try pod(fixture, "defaulted", cpu: "1"))
    #expect(defaulted.spec?.priority == 10)
    #expect(defaulted.spec?.priorityClassName == "everyone")
    // The system classes exist in every cluster.
    #expect(try api.create(try pod(fixture, "critical", cpu: "1", priorityClass: "system-node-critical")).spec?.priority == 2_000_001_000)
  }

  @Test func priorityClassValidationAsUpstream() {
    #expect(
      ObjectValidator.validatePriorityClass(PriorityClass(name: "huge", value: 2_000_000_000)).map(\.description) == [
        "value: Forbidden: maximum allowed value of a user defined priority is 1000000000"
      ])
    #expect(
      ObjectValidator.validatePriorityClass(PriorityClass(name: "system-mine", value: 5)).map(\.description) == [
        "metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: system-mine is not a known system priority class"
      ])
    #expect(
      ObjectValidator.validatePriorityClass(PriorityClass(name: "odd", value: 5, preemptionPolicy: "Sometimes")).map(\.description) == [
        #"preemptionPolicy: Unsupported value: "Sometimes": supported values: "PreemptLowerPriority", "Never""#
      ])
    var stored = PriorityClass(name: "batch", value: 5)
    stored.metadata.resourceVersion = "7"
    var changed = stored
    changed.value = 6
    #expect(
      ObjectValidator.validatePriorityClass(changed, old: stored).map(\.description) == [
        "value: Forbidden: may not be changed in an update."
      ])
    #expect(ObjectValidator.validatePriorityClass(PriorityClass.system[0]).isEmpty)
  }
}
