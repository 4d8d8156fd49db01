import DequeModule
import KubeModel

/// kube-scheduler: assigns pending pods to nodes with the default profile's plugins, their
/// upstream weights, formulas and messages.
///
/// It keeps an incremental cache of nodes and bound pods from the store's events, a
/// scheduling queue with backoff, and for each pod it schedules, the explanation of its
/// last attempt (filter verdicts and plugin scores per node). It binds through
/// `APIServer.bind(pod:namespace:node:)` and records `Scheduled` / `FailedScheduling` events.
public final class Scheduler: ClusterComponent {
  /// The name pods ask for in `spec.schedulerName`, and the events' source.
  public static let name = "default-scheduler"

  unowned var cluster: Cluster?
  let cache = SchedulerCache()
  var queue = SchedulingQueue()
  let algorithm: SchedulingAlgorithm
  /// Service selectors by namespace, for the system default spread constraints.
  var serviceSelectors: [String: [String: [String: String]]] = [:]
  /// The owners' parsed selectors, for the same constraints.
  var ownerSelectors = OwnerSelectorCache()
  /// The last system default constraints made, for the next pod of the same workload.
  var systemDefaultSpread = SystemDefaultSpreadMemo()
  /// The last pod compiled for the queue, for the next copy of the same template.
  var podInfoMemo = PodInfoMemo()
  private var explanations: [ObjectKey: SchedulingExplanation] = [:]
  private var explanationOrder: Deque<ObjectKey> = []
  private var wakeArmedAt: Int64?
  /// Bound pods taken out of the cache because they finished, until they are deleted.
  var finishedBound: Set<ObjectKey> = []
  /// Pending pods preemption nominated a node for (`status.nominatedNodeName`): their
  /// next attempt tries that node first.
  var nominatedNodes: [ObjectKey: String] = [:]
  /// What each nominated pod requests, accounted on its nominated node so that pods of
  /// lower priority do not take the room its victims leave (upstream's nominated pods in
  /// the filters); lifted while a pod the reservation does not hold back is scheduled.
  var reservations: [ObjectKey: CachedPod] = [:]
  /// Reservations taken off the node table for the pod being scheduled.
  var liftedReservations: Set<ObjectKey> = []

  /// How NodeResourcesFit scores nodes; switch to `.mostAllocated` for bin packing.
  public var scoringStrategy: ScoringStrategy {
    get { algorithm.strategy }
    set { algorithm.strategy = newValue }
  }

  /// percentageOfNodesToScore; 0 (the default) is upstream's adaptive percentage.
  public var percentageOfNodesToScore: Int {
    get { algorithm.percentageOfNodesToScore }
    set { algorithm.percentageOfNodesToScore = newValue }
  }

  /// How many pods' last attempts are kept for `explanation(namespace:pod:)`; 0 records none
  /// (scheduling is then cheaper).
  public var explanationLimit = 100 {
    didSet { trimExplanations() }
  }

  public init() {
    algorithm = SchedulingAlgorithm(cache: cache, seed: 0x5C4E_D01E)
  }

  public func attach(to cluster: Cluster) {
    self.cluster = cluster
    // Preemption reads the pods of a node.
    cluster.store.addPodNodeIndex()
    algorithm.random = SeededRandom(seed: cluster.configuration.seed ^ 0x5C4E_D01E)
    for namespace in cluster.store.all(Namespace.self) {
      cache.namespaceLabels[namespace.name] = namespace.metadata.labels ?? [:]
    }
    for service in cluster.store.all(Service.self) { noteService(service, deleted: false) }
    for node in cluster.store.list(Node.self) { cache.setNode(node) }
    for pod in cluster.store.list(Pod.self) { notePod(pod, deleted: false) }
  }

  public var observedKinds: [any KubeObject.Type]? {
    [
      Pod.self, Node.self, Namespace.self, Service.self, PersistentVolumeClaim.self, PersistentVolume.self,
      StorageClass.self,
    ]
  }

  public func observe(_ event: StoreEvent) {
    switch event.resource {
    case .pods:
      // Most pod changes are status writes of bound pods, which the cache keeps as they are:
      // those are decided reading the pod in place, and only a change the scheduler takes
      // copies it out of the event.
      if event.type == .modified, event.kept.contains([.metadata, .podSpec]) {
        var keeps = false
        _ = event.readingPod { keeps = keepsCachedState($0) }
        if keeps { return }
      }
      guard let pod = event.object(as: Pod.self) else { return }
      notePod(pod, deleted: event.type == .deleted)
    case .nodes:
      guard let node = event.object(as: Node.self) else { return }
      if event.type == .deleted {
        cache.removeNode(node.name)
      } else if cache.setNode(node) {
        queue.moveUnschedulable(helping: nil, now: now)
      }
    case .namespaces:
      guard let namespace = event.object(as: Namespace.self) else { return }
      cache.namespaceLabels[namespace.name] = event.type == .deleted ? nil : (namespace.metadata.labels ?? [:])
    case .services:
      if let service = event.object(as: Service.self) { noteService(service, deleted: event.type == .deleted) }
    case .persistentvolumeclaims, .persistentvolumes, .storageclasses:
      queue.moveUnschedulable(helping: [.volumeBinding], now: now)
    default:
      break
    }
  }

  public var hasPendingWork: Bool { queue.movedSinceWake || queue.hasActivePods() }

  public func reconcile() {
    while let entry = queue.pop() { scheduleOne(entry) }
    if queue.count == 0 { queue.releaseStorageIfEmpty() }
    armWake()
  }

  /// The last scheduling attempt of a pod, if it is among the last `explanationLimit` pods scheduled.
  public func explanation(namespace: String, pod: String) -> SchedulingExplanation? {
    explanations[ObjectKey(namespace: namespace, name: pod)]
  }

  /// Pods waiting in the scheduling queue (active, backing off or unschedulable).
  public var pendingCount: Int { queue.count }

  var now: Int64 { cluster?.clock.micros ?? 0 }

  // MARK: One pod

  private func scheduleOne(_ entry: SchedulingQueue.Entry) {
    guard let cluster else { return }
    let pod = entry.info
    if !reservations.isEmpty { liftReservations(for: pod) }
    defer { if !liftedReservations.isEmpty { restoreReservations() } }
    var outcome =
      volumeBindingPreFilter(pod) ?? nominatedNodeOutcome(pod) ?? algorithm.schedule(pod, detailed: explanationLimit > 0)
    // When no node fit and preemption made room: the node nominated and the pods evicted.
    var preempted: (node: String, victims: [ObjectKey])?
    if let slot = outcome.selected {
      let node = cache.names[slot]
      cache.addPod(pod.key, CachedPod(pod, slot: slot, assumed: true))
      do {
        let bound = try cluster.api.bind(pod: pod.key.name, namespace: pod.namespace, node: node)
        dequeue(pod.key)
        cluster.api.recordEvent(
          about: bound, reason: "Scheduled", message: Self.assignedMessage(namespace: pod.namespace, name: pod.key.name, node: node),
          component: Self.name)
      } catch {
        cache.removePod(pod.key)
        if error.reason == .notFound { dequeue(pod.key) } else { queue.backOff(pod.key, now: now) }
      }
    } else {
      queue.markUnschedulable(pod.key, rejectors: outcome.rejectors, now: now)
      guard let stored = cluster.store.get(Pod.self, pod.key) else { return }
      var nominated: String?
      if outcome.filterMessage != nil {
        let preemption = preempt(pod, stored, outcome)
        outcome.postFilterMessage = preemption.message
        nominated = preemption.nominatedNode
        if let nominated { nominate(pod, node: nominated) }
        if let nominated, !preemption.victims.isEmpty { preempted = (nominated, preemption.victims) }
      }
      recordFailure(stored, message: outcome.message ?? "", nominatedNode: nominated)
    }
    guard explanationLimit > 0 else { return }
    var explanation = explain(pod, outcome)
    if let preempted {
      explanation.nominatedNode = preempted.node
      explanation.victims = preempted.victims.map { "\($0.namespace)/\($0.name)" }
    }
    remember(explanation)
  }

  /// The Scheduled Event's message, `Successfully assigned <namespace>/<name> to <node>`,
  /// written into one buffer of its length (an interpolation appends and grows part by part).
  static func assignedMessage(namespace: String, name: String, node: String) -> String {
    let prefix = "Successfully assigned "
    let count = prefix.utf8.count + namespace.utf8.count + 1 + name.utf8.count + 4 + node.utf8.count
    return String(unsafeUninitializedCapacity: count) { buffer in
      var text = TextWriter(buffer)
      text.write(prefix)
      text.write(namespace)
      text.write("/")
      text.write(name)
      text.write(" to ")
      text.write(node)
      return text.index
    }
  }

  /// Upstream's handleSchedulingFailure: PodScheduled=False, reason Unschedulable, and a
  /// Warning FailedScheduling event with the same message.
  /// upstream's `evaluateNominatedNode`: a pod with a nominated node goes there when it fits
  /// now (its victims gone), without looking at the other nodes.
  private func nominatedNodeOutcome(_ pod: PodInfo) -> SchedulingAlgorithm.Outcome? {
    guard !nominatedNodes.isEmpty, let name = nominatedNodes[pod.key], let slot = cache.slotOf[name],
      nodeExists(slot), cache.orderPositions[slot] >= 0
    else { return nil }
    let (affinity, spread) = filterStates(pod)
    guard algorithm.runFilters(pod, cache.nodes, slot, affinity, spread) == nil else { return nil }
    var outcome = SchedulingAlgorithm.Outcome(numAllNodes: cache.nodeOrder.count)
    outcome.selected = slot
    return outcome
  }

  /// A nominated node (from preemption) is written with the condition; "" clears one.
  private func recordFailure(_ stored: Pod, message: String, nominatedNode: String?) {
    guard let cluster else { return }
    var pod = stored
    var status = pod.status ?? PodStatus()
    var changed = status.setCondition(
      PodCondition(type: "PodScheduled", status: "False", reason: "Unschedulable", message: message), now: cluster.clock.now)
    if let nominatedNode, (status.nominatedNodeName ?? "") != nominatedNode {
      status.nominatedNodeName = nominatedNode.isEmpty ? nil : nominatedNode
      changed = true
    }
    if changed {
      pod.status = status
      if let updated = try? cluster.api.updateStatus(pod) { pod = updated }
    }
    cluster.api.recordEvent(about: pod, type: "Warning", reason: "FailedScheduling", message: message, component: Self.name)
  }

  func dequeue(_ key: ObjectKey) {
    if !nominatedNodes.isEmpty {
      nominatedNodes[key] = nil
      unreserve(key)
    }
    guard let entry = queue.remove(key) else { return }
    cache.release(entry.info.counterKeys)
  }

  // MARK: Timers

  /// Arms one timer for the queue's next backoff expiry or unschedulable timeout.
  private func armWake() {
    queue.movedSinceWake = false
    guard let cluster, let due = queue.nextWake() else { return }
    if let armed = wakeArmedAt, armed <= due, armed >= cluster.clock.micros { return }
    wakeArmedAt = due
    cluster.schedule(atMicros: due) { [unowned self] cluster in
      if self.wakeArmedAt == due { self.wakeArmedAt = nil }
      self.queue.flush(now: cluster.clock.micros)
      self.armWake()
    }
  }

  // MARK: Explanations

  private func remember(_ explanation: SchedulingExplanation) {
    let key = ObjectKey(namespace: explanation.namespace, name: explanation.pod)
    if explanations.updateValue(explanation, forKey: key) == nil { explanationOrder.append(key) }
    trimExplanations()
  }

  private func trimExplanations() {
    while explanationOrder.count > max(explanationLimit, 0), let oldest = explanationOrder.popFirst() {
      explanations[oldest] = nil
    }
  }

  private func explain(_ pod: PodInfo, _ outcome: SchedulingAlgorithm.Outcome) -> SchedulingExplanation {
    let scalarNames = pod.requested.scalar.map(\.name)
    var rows: [SchedulingExplanation.Node] = outcome.failures.map { slot, failure in
      SchedulingExplanation.Node(
        name: cache.names[slot],
        filter: .rejected(plugin: failure.plugin.rawValue, reasons: failure.reasons(scalarNames: scalarNames)))
    }
    for (index, slot) in outcome.feasible.enumerated() {
      let scores = outcome.scores.map {
        SchedulingExplanation.PluginScore(plugin: $0.plugin.rawValue, raw: $0.raw[index], final: $0.final[index])
      }
      let total = outcome.totals.isEmpty ? nil : outcome.totals[index]
      rows.append(SchedulingExplanation.Node(name: cache.names[slot], filter: .passed, scores: scores, totalScore: total))
    }
    rows.sort { $0.name < $1.name }
    return SchedulingExplanation(
      namespace: pod.namespace, pod: pod.key.name, time: cluster?.clock.now, numAllNodes: outcome.numAllNodes,
      selectedNode: outcome.selected.map { cache.names[$0] }, message: outcome.message,
      scorePlugins: outcome.scores.map { .init(plugin: $0.plugin.rawValue, weight: Int($0.weight)) }, nodes: rows)
  }
}
