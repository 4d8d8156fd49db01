import KubeModel

/// kube-controller-manager's disruption controller: keeps each PodDisruptionBudget's
/// status (expected pods, current and desired healthy, disruptions allowed, pods the
/// eviction API is deleting) in step with its pods, as upstream's `disruption.go`.
public final class DisruptionController: ClusterComponent {
  static let component = "controllermanager"
  /// How long a pod the eviction API marked as disrupted is expected to take to go.
  static let deletionTimeoutSeconds: Int64 = 120
  static let namespaceIndex = "disruption-controller/namespace"

  unowned var cluster: Cluster?
  var queue = WorkQueue()
  /// Budgets by namespace, with their parsed selectors.
  var budgets: [String: [ObjectKey: Selector]] = [:]

  public init() {}

  public func attach(to cluster: Cluster) {
    self.cluster = cluster
    cluster.store.addIndex(Pod.self, Self.namespaceIndex, readsOnly: .metadata, sameValues: { $0.namespace == $1.namespace }) { $0.namespace }
    for budget in cluster.store.all(PodDisruptionBudget.self) { track(budget, deleted: false) }
  }

  public var hasPendingWork: Bool { !queue.isEmpty }

  public var observedKinds: [any KubeObject.Type]? { [PodDisruptionBudget.self, Pod.self, ReplicaSet.self, Deployment.self, StatefulSet.self] }

  public func observe(_ event: StoreEvent) {
    if let budget = event.object(as: PodDisruptionBudget.self) {
      track(budget, deleted: event.type == .deleted)
      if event.type != .deleted { queue.add(budget.key) }
      return
    }
    guard !budgets.isEmpty else { return }
    // The pod read in place (see `StoreEvent.readingPod`).
    let podChange = event.readingPod { pod in
      for (key, selector) in budgets[pod.pointee.namespace] ?? [:] where selector.matches(pod.pointee.metadata.labels) { queue.add(key) }
    }
    if !podChange, event.object is ReplicaSet || event.object is Deployment || event.object is StatefulSet {
      for key in (budgets[event.object.namespace] ?? [:]).keys { queue.add(key) }
    }
  }

  private func track(_ budget: PodDisruptionBudget, deleted: Bool) {
    let selector = budget.spec?.selector.map { (try? Selector($0)) ?? .nothing } ?? .nothing
    budgets[budget.namespace, default: [:]][budget.key] = deleted ? nil : selector
  }

  public func reconcile() {
    for key in queue.drain() { sync(key) }
  }

  private func sync(_ key: ObjectKey) {
    guard let cluster, let budget = cluster.store.get(PodDisruptionBudget.self, key),
      let selector = budgets[key.namespace]?[key]
    else { return }
    let pods = cluster.store.objects(Pod.self, index: Self.namespaceIndex, value: key.namespace).filter {
      selector.matches($0.metadata.labels)
    }
    if pods.isEmpty {
      cluster.api.recordEvent(about: budget, reason: "NoPods", message: "No matching pods found", component: Self.component)
    }
    let expected: (count: Int32, desired: Int32)
    do {
      expected = try expectedPodCount(budget, pods)
    } catch {
      var status = budget.status ?? PodDisruptionBudgetStatus()
      status.disruptionsAllowed = 0
      Self.setCondition(&status, type: "DisruptionAllowed", status: "False", reason: "SyncFailed", message: error.description, now: cluster.clock.now)
      write(budget, status)
      return
    }
    let now = cluster.nowMicros
    var disrupted: [String: Time] = [:]
    var recheck: Int64?
    for pod in pods where pod.metadata.deletionTimestamp == nil {
      guard let time = budget.status?.disruptedPods?[pod.name] else { continue }
      let expiry = (time.seconds + Self.deletionTimeoutSeconds) * 1_000_000
      if expiry < now {
        cluster.api.recordEvent(
          about: pod, type: "Warning", reason: "NotDeleted",
          message: "Pod was expected by PDB \(budget.namespace)/\(budget.name) to be deleted but it wasn't",
          component: Self.component)
      } else {
        disrupted[pod.name] = time
        recheck = min(recheck ?? expiry, expiry)
      }
    }
    let healthy = Int32(pods.filter { pod in
      pod.metadata.deletionTimestamp == nil && disrupted[pod.name] == nil && pod.isReady
    }.count)
    var allowed = healthy - expected.desired
    if expected.count <= 0 || allowed <= 0 { allowed = 0 }
    var status = budget.status ?? PodDisruptionBudgetStatus()
    status.currentHealthy = healthy
    status.desiredHealthy = expected.desired
    status.expectedPods = expected.count
    status.disruptionsAllowed = allowed
    status.disruptedPods = disrupted.isEmpty ? nil : disrupted
    status.observedGeneration = budget.metadata.generation
    Self.updateDisruptionAllowedCondition(&status, now: cluster.clock.now)
    write(budget, status)
    if let recheck { cluster.schedule(atEpochMicros: recheck + 1) { [unowned self] _ in self.queue.add(key) } }
  }

  private func write(_ budget: PodDisruptionBudget, _ status: PodDisruptionBudgetStatus) {
    guard status != budget.status else { return }
    var updated = budget
    updated.status = status
    _ = try? cluster?.api.updateStatus(updated)
  }

  /// Expected pods and desired healthy pods from minAvailable / maxUnavailable
  /// (`getExpectedPodCount`); percentages and maxUnavailable use the controllers' scale.
  private func expectedPodCount(_ budget: PodDisruptionBudget, _ pods: [Pod]) throws(Status) -> (count: Int32, desired: Int32) {
    if let maxUnavailable = budget.spec?.maxUnavailable {
      let count = try expectedScale(pods)
      let unavailable = Int32(maxUnavailable.scaledValue(total: Int(count), roundUp: true) ?? 0)
      return (count, max(count - unavailable, 0))
    }
    if let minAvailable = budget.spec?.minAvailable {
      if case .int(let value) = minAvailable { return (Int32(pods.count), Int32(value)) }
      let count = try expectedScale(pods)
      return (count, Int32(minAvailable.scaledValue(total: Int(count), roundUp: true) ?? 0))
    }
    return (0, 0)
  }

  /// The summed scale of the pods' controllers (`getExpectedScale`).
  private func expectedScale(_ pods: [Pod]) throws(Status) -> Int32 {
    guard let cluster else { return 0 }
    var scales: [String: Int32] = [:]
    for pod in pods {
      guard let ref = pod.metadata.controllerRef, scales[ref.uid] == nil else { continue }
      switch ref.kind {
      case "ReplicaSet":
        guard let set = cluster.store.get(ReplicaSet.self, namespace: pod.namespace, name: ref.name),
          set.metadata.uid == ref.uid
        else { throw Status.internalError("found no controllers for pod \"\(pod.name)\"") }
        if let owner = set.metadata.controllerRef, owner.kind == "Deployment",
          let deployment = cluster.store.get(Deployment.self, namespace: pod.namespace, name: owner.name),
          deployment.metadata.uid == owner.uid
        {
          scales[owner.uid] = deployment.spec?.replicas ?? 1
        } else {
          scales[ref.uid] = set.spec?.replicas ?? 1
        }
      case "StatefulSet":
        guard let set = cluster.store.get(StatefulSet.self, namespace: pod.namespace, name: ref.name),
          set.metadata.uid == ref.uid
        else { throw Status.internalError("found no controllers for pod \"\(pod.name)\"") }
        scales[ref.uid] = set.spec?.replicas ?? 1
      default:
        throw Status.internalError("found no controllers for pod \"\(pod.name)\"")
      }
    }
    return scales.values.reduce(0, +)
  }

  /// DisruptionAllowed True `SufficientPods` or False `InsufficientPods`.
  static func updateDisruptionAllowedCondition(_ status: inout PodDisruptionBudgetStatus, now: Time) {
    let allowed = (status.disruptionsAllowed ?? 0) > 0
    setCondition(
      &status, type: "DisruptionAllowed", status: allowed ? "True" : "False",
      reason: allowed ? "SufficientPods" : "InsufficientPods", message: "", now: now)
  }

  /// `meta.SetStatusCondition`: the transition time moves only when the status changes.
  static func setCondition(
    _ status: inout PodDisruptionBudgetStatus, type: String, status value: String, reason: String, message: String, now: Time
  ) {
    var conditions = status.conditions ?? []
    var condition = Condition(
      type: type, status: value, observedGeneration: status.observedGeneration, lastTransitionTime: now, reason: reason,
      message: message)
    if let index = conditions.firstIndex(where: { $0.type == type }) {
      if conditions[index].status == value { condition.lastTransitionTime = conditions[index].lastTransitionTime }
      conditions[index] = condition
    } else {
      conditions.append(condition)
    }
    status.conditions = conditions
  }
}
