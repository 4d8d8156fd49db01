import KubeModel

/// kube-controller-manager's node lifecycle controller: watches node heartbeats (the
/// Lease and the Ready condition's heartbeat), marks a silent node's conditions `Unknown`
/// after the grace period, marks its pods not ready, and keeps the condition taints in
/// step: `node.kubernetes.io/unreachable` / `not-ready` (NoExecute and NoSchedule), the
/// pressure taints, and `node.kubernetes.io/unschedulable` following `spec.unschedulable`.
public final class NodeLifecycleController: ClusterComponent {
  /// The controller's flags, with upstream's defaults for v1.32.
  public struct Configuration: Sendable {
    /// `--node-monitor-period`.
    public var monitorPeriodSeconds: Double = 5
    /// `--node-monitor-grace-period` (50 s since v1.32).
    public var gracePeriodSeconds: Double = 50
    /// `--node-startup-grace-period`.
    public var startupGracePeriodSeconds: Double = 60

    public init() {}
  }

  /// The taint keys this controller owns.
  static let conditionTaints: [(condition: String, status: String, key: String)] = [
    ("Ready", "False", "node.kubernetes.io/not-ready"),
    ("Ready", "Unknown", "node.kubernetes.io/unreachable"),
    ("MemoryPressure", "True", "node.kubernetes.io/memory-pressure"),
    ("DiskPressure", "True", "node.kubernetes.io/disk-pressure"),
    ("PIDPressure", "True", "node.kubernetes.io/pid-pressure"),
    ("NetworkUnavailable", "True", "node.kubernetes.io/network-unavailable"),
  ]
  static let unschedulableKey = "node.kubernetes.io/unschedulable"
  /// The taint keys this controller owns (the conditions' and the unschedulable one).
  static let ownedKeys = Set(conditionTaints.map(\.key) + [unschedulableKey])

  public var configuration: Configuration
  private unowned var attached: Cluster?
  /// When a heartbeat of each node was last observed (virtual micros).
  private var probeTimes: [String: Int64] = [:]
  private var heartbeats: [String: Time] = [:]
  private var everReady: Set<String> = []
  private var dirty: [String] = []
  private var dirtySet: Set<String> = []

  public init(configuration: Configuration = Configuration()) {
    self.configuration = configuration
  }

  private var cluster: Cluster {
    guard let attached else { fatalError("NodeLifecycleController used before it was installed in a cluster") }
    return attached
  }

  public func attach(to cluster: Cluster) {
    attached = cluster
    cluster.store.addPodNodeIndex()
    scheduleMonitor()
  }

  public var observedKinds: [any KubeObject.Type]? { [Lease.self, Node.self] }

  public func observe(_ event: StoreEvent) {
    let now = cluster.clock.micros
    if event.resource == .leases, event.type != .deleted, let lease = event.object(as: Lease.self),
      lease.metadata.namespace == "kube-node-lease"
    {
      probeTimes[lease.name] = now
      return
    }
    guard event.resource == .nodes, let node = event.object(as: Node.self) else { return }
    let name = node.name
    if event.type == .deleted {
      probeTimes[name] = nil
      heartbeats[name] = nil
      everReady.remove(name)
      return
    }
    if event.type == .added {
      probeTimes[name] = probeTimes[name] ?? now
      recordNodeEvent(node, reason: "RegisteredNode", message: "Node \(name) event: Registered Node \(name) in Controller")
    }
    let ready = node.status?.condition("Ready")
    if let beat = ready?.lastHeartbeatTime, beat != heartbeats[name] {
      heartbeats[name] = beat
      probeTimes[name] = now
    }
    if ready?.status == "True" { everReady.insert(name) }
    if dirtySet.insert(name).inserted { dirty.append(name) }
  }

  public var hasPendingWork: Bool { !dirty.isEmpty }

  public func reconcile() {
    let names = dirty
    dirty.removeAll()
    dirtySet.removeAll()
    for name in names { reconcileTaints(name) }
  }

  // MARK: Health monitoring

  private func scheduleMonitor() {
    cluster.schedule(after: configuration.monitorPeriodSeconds) { [unowned self] _ in
      self.monitorNodeHealth()
      self.scheduleMonitor()
    }
  }

  /// Marks nodes whose heartbeat is older than the grace period as `Unknown`.
  func monitorNodeHealth() {
    let now = cluster.clock.micros
    guard cluster.controlPlaneAvailable else {
      // Without etcd quorum kube-controller-manager cannot renew its leader lease and
      // stops; the instance elected afterwards starts its heartbeat clocks afresh.
      for name in probeTimes.keys { probeTimes[name] = now }
      return
    }
    for name in probeTimes.keys.sorted() {
      guard let probe = probeTimes[name], let node = cluster.store.get(Node.self, name: name) else { continue }
      let grace = everReady.contains(name) ? configuration.gracePeriodSeconds : configuration.startupGracePeriodSeconds
      guard now > probe + microseconds(grace) else { continue }
      let conditions = node.status?.conditions ?? []
      let watched = ["Ready", "MemoryPressure", "DiskPressure", "PIDPressure"]
      let allUnknown = watched.allSatisfy { type in conditions.contains { $0.type == type && $0.status == "Unknown" } }
      if allUnknown { continue }
      let wasReady = node.status?.condition("Ready")?.status == "True"
      markUnknown(name, never: conditions.isEmpty)
      if wasReady {
        recordNodeEvent(node, reason: "NodeNotReady", message: "Node \(name) status is now: NodeNotReady")
        markPodsNotReady(on: name)
      }
    }
  }

  private func markUnknown(_ name: String, never: Bool) {
    let nowTime = cluster.clock.now
    _ = try? cluster.api.modify(Node.self, name: name, status: true) { node in
      var status = node.status ?? NodeStatus()
      var conditions = status.conditions ?? []
      for type in ["Ready", "MemoryPressure", "DiskPressure", "PIDPressure"] {
        let reason = never ? "NodeStatusNeverUpdated" : "NodeStatusUnknown"
        let message = never ? "Kubelet never posted node status." : "Kubelet stopped posting node status."
        if let index = conditions.firstIndex(where: { $0.type == type }) {
          guard conditions[index].status != "Unknown" else { continue }
          conditions[index].status = "Unknown"
          conditions[index].reason = reason
          conditions[index].message = message
          conditions[index].lastTransitionTime = nowTime
        } else {
          conditions.append(
            NodeCondition(type: type, status: "Unknown", reason: reason, message: message, lastHeartbeatTime: nowTime, lastTransitionTime: nowTime))
        }
      }
      status.conditions = conditions
      node.status = status
    }
  }

  /// Upstream's `MarkPodsNotReady`: the pods of a lost node stop counting as ready.
  private func markPodsNotReady(on node: String) {
    let nowTime = cluster.clock.now
    for pod in cluster.store.objects(Pod.self, index: "node", value: node) {
      guard let index = pod.status?.conditions?.firstIndex(where: { $0.type == "Ready" }),
        pod.status?.conditions?[index].status != "False"
      else { continue }
      var updated = pod
      updated.status?.conditions?[index].status = "False"
      updated.status?.conditions?[index].lastTransitionTime = nowTime
      guard (try? cluster.api.updateStatus(updated)) != nil else { continue }
      cluster.api.recordEvent(about: pod, type: "Warning", reason: "NodeNotReady", message: "Node is not ready", component: "node-controller")
    }
  }

  // MARK: Taints

  /// Adds and removes the taints that follow the node's conditions and `spec.unschedulable`.
  private func reconcileTaints(_ name: String) {
    guard let node = cluster.store.get(Node.self, name: name) else { return }
    var wanted: [Taint] = []
    // The conditions read once: each read of `status` copies the whole node status (its
    // images, addresses and capacity), and every node's taints are reconciled each period.
    let conditions = node.status?.conditions ?? []
    for entry in Self.conditionTaints where conditions.first(where: { $0.type == entry.condition })?.status == entry.status {
      wanted.append(Taint(key: entry.key, effect: "NoSchedule"))
      if entry.condition == "Ready" { wanted.append(Taint(key: entry.key, effect: "NoExecute")) }
    }
    if node.spec?.unschedulable == true { wanted.append(Taint(key: Self.unschedulableKey, effect: "NoSchedule")) }
    let current = node.spec?.taints ?? []
    var taints = current.filter { taint in
      !Self.ownedKeys.contains(taint.key ?? "") || wanted.contains { $0.key == taint.key && $0.effect == taint.effect }
    }
    for taint in wanted where !taints.contains(where: { $0.key == taint.key && $0.effect == taint.effect }) {
      var added = taint
      if added.effect == "NoExecute" { added.timeAdded = cluster.clock.now }
      taints.append(added)
    }
    guard taints != current else { return }
    _ = try? cluster.api.modify(Node.self, name: name) { node in
      node.spec = node.spec ?? NodeSpec()
      node.spec?.taints = taints.isEmpty ? nil : taints
    }
  }

  private func recordNodeEvent(_ node: Node, reason: String, message: String) {
    var reference = node.objectReference
    reference.uid = node.name
    cluster.api.recordEvent(involving: reference, reason: reason, message: message, component: "node-controller")
  }
}
