import KubeModel

/// The simulated kubelets of every node, as one component: node registration, heartbeats
/// (the node Lease every 10 s, node status on change or every 5 min), and the lifecycle of
/// the pods bound to each node, written through the API server as a kubelet would.
///
/// Per-node state is a small struct; a running pod with nothing due costs nothing: there
/// are no per-pod ticks, only a timer at the pod's next transition (image pulled,
/// container exits, probe turns ready, back-off ends). Heartbeats run from one timer per
/// second that serves a tenth of the nodes.
public final class Kubelet: ClusterComponent {
  /// The kubelet settings that shape timing.
  public struct Configuration: Sendable {
    /// How often the node Lease is renewed (`nodeLeaseDurationSeconds` / 4).
    public var leaseRenewIntervalSeconds: Int = 10
    public var leaseDurationSeconds: Int32 = 40
    /// How often an unchanged node status is still written (`nodeStatusReportFrequency`).
    public var nodeStatusReportSeconds: Double = 300
    /// From binding to a pod sandbox with an IP.
    public var sandboxSeconds: Double = 1
    /// Record Events (Pulling, Started, …); a benchmark may turn them off.
    public var recordEvents = true
    public var containerRuntimeVersion = "containerd://1.7.24"
    public var osImage = "Debian GNU/Linux 12 (bookworm)"
    public var kernelVersion = "6.8.0-51-generic"

    public init() {}
  }

  public var configuration: Configuration
  /// The CPU, memory and load model of the containers.
  public let workload = WorkloadModel(seed: 0)
  private unowned var attached: Cluster?
  var nodes = DigestKeyed<NodeAgent>()
  var nodeOrder: [String] = []
  /// The pods' records, by store key: a pod's key is hashed once per change observed, and
  /// the dirty set, the record, the store read and the status write all reuse that hash.
  var pods: [StoreKey: PodRuntime] = [:]
  /// Container images and profiles, shared by containers of one definition.
  var shapes = ContainerShapeCache()
  /// Condition lists, shared across pods (pods started together have equal ones).
  var internedConditions = InternTable<ConditionList>()
  /// The condition lists status writes built, by what each was built from (pods that start
  /// together take the same steps in the same second).
  var conditionTransitions = ConditionTransitionMemo()
  /// Event messages and field paths, shared across pods: every pod of a workload records
  /// the same `Created container: nginx` about `spec.containers{nginx}`, and a burst leaves
  /// hundreds of thousands of those Events waiting to be dispatched at once.
  var internedEventText = EventTextTable()
  /// The revisions of the kubelet's own status writes whose changes it has not yet
  /// observed, one (the last) per record: their echoes are most of the pod changes it
  /// sees, and one is known by the change's revision alone, without copying the pod out of
  /// the change or hashing its key. (A revision is unique: it keys the set as it is.)
  var echoes: Set<Prehashed<Int>> = []
  /// Pods whose status waits for their node's relist, by the relist's time (see
  /// `queueRelist(_:on:)`).
  private var relists: [Int64: [PodRuntime]] = [:]
  private var dirty: [StoreKey] = []
  private var dirtySet: Set<StoreKey> = []
  /// The last batch's buffer, kept empty so that its capacity is reused.
  private var spareBatch: [StoreKey] = []
  var heartbeatStartedFlag = false
  /// Mirror pods to create once their node exists.
  var staticPods: [String: [Pod]] = [:]
  /// What shells wrote into storage that outlives pods: PersistentVolumes (by name) and
  /// host paths (by node and path).
  let lastingVolumes = WrittenFiles()

  public init(configuration: Configuration = Configuration()) {
    self.configuration = configuration
  }

  var cluster: Cluster {
    guard let attached else { fatalError("Kubelet used before it was installed in a cluster") }
    return attached
  }

  var now: Int64 { cluster.clock.micros }

  // MARK: ClusterComponent

  public func attach(to cluster: Cluster) {
    attached = cluster
    workload.seed = cluster.configuration.seed
    workload.onLoadChange = { [unowned self] key in self.markDirty(key, replan: true) }
    cluster.store.addPodNodeIndex()
  }

  public var observedKinds: [any KubeObject.Type]? { [Pod.self] }

  public func observe(_ event: StoreEvent) {
    // The echo of the kubelet's own write, first: it is most of what it observes. (A
    // DELETED change has a revision of its own, never one the kubelet wrote.)
    if event.type != .deleted, echoes.remove(Prehashed(ownDigest: Int(event.revision))) != nil { return }
    let deleted = event.type == .deleted
    // The pod read in place (see `StoreEvent.readingPod`). The node first: a pod bound to no
    // node of this kubelet (every pod's ADDED change) needs no key hashed and no record
    // looked up.
    _ = event.readingPod { pod in
      let node = pod.pointee.spec?.nodeName ?? ""
      guard !node.isEmpty, nodes[node] != nil else { return }
      let key = pod.podKey
      if deleted {
        if let runtime = pods[key], runtime.uid == pod.pointee.metadata.uid { forget(key) }
        return
      }
      markDirty(key)
    }
  }

  public var hasPendingWork: Bool { !dirty.isEmpty }

  public func reconcile() {
    // The two buffers take turns, and the set loses only the batch's keys: emptying a copy
    // of `dirty` or the whole set would cost the peak size (every pod of the cluster, once
    // they were all bound in one instant) on each pass.
    while !dirty.isEmpty {
      var batch: [StoreKey] = []
      swap(&batch, &spareBatch)
      swap(&batch, &dirty)
      for key in batch { dirtySet.remove(key) }
      for key in batch { syncPod(key) }
      batch.removeAll(keepingCapacity: true)
      swap(&batch, &spareBatch)
    }
  }

  func markDirty(_ key: StoreKey, replan: Bool = false) {
    if replan, let runtime = pods[key] { replanLoad(runtime) }
    if dirtySet.insert(key).inserted { dirty.append(key) }
  }

  /// The record of the pod at `key`, if the kubelet runs it.
  func runtime(at key: ObjectKey) -> PodRuntime? { pods[key] }

  /// Drops what the kubelet knew about a pod that is gone.
  func forget(_ key: StoreKey) {
    guard let runtime = pods.removeValue(forKey: key) else { return }
    forgetWrite(of: runtime)
    if let host = runtime.host { nodes[runtime.node]?.usedHosts.remove(host) }
    runtime.wakeToken &+= 1
    runtime.relistAt = nil
    workload.forget(key)
  }

  /// Notes the kubelet's status write of the pod `runtime` runs, at `version`: its change
  /// is an echo, not news. Only the last write's is (as for a record's last written version).
  func noteWrite(of runtime: PodRuntime, version: String?) {
    forgetWrite(of: runtime)
    guard let revision = version.flatMap({ Int($0) }) else { return }
    runtime.writtenRevision = revision
    echoes.insert(Prehashed(ownDigest: revision))
  }

  /// Forgets the kubelet's last write of the pod `runtime` runs: its change, if still to
  /// come, is news again.
  func forgetWrite(of runtime: PodRuntime) {
    guard let revision = runtime.writtenRevision else { return }
    echoes.remove(Prehashed(ownDigest: revision))
    runtime.writtenRevision = nil
  }

  /// The agent of the pod's node, as `nodes[runtime.node]`: kept on the record, as a sync
  /// asks for it for each pull, Event and status write, and hashing the name each time
  /// cost more than the rest of those lookups' work.
  func agent(of runtime: PodRuntime) -> NodeAgent? {
    if let agent = runtime.agent, !agent.replaced { return agent }
    let agent = nodes[runtime.node]
    runtime.agent = agent
    return agent
  }

  /// Runs `syncPod` for `runtime` at `micros` (one pending wake-up per pod).
  func wake(_ runtime: PodRuntime, at micros: Int64?) {
    guard let micros else {
      runtime.wakeAt = nil
      return
    }
    if runtime.wakeAt == micros { return }
    runtime.wakeAt = micros
    runtime.wakeToken &+= 1
    let token = runtime.wakeToken
    // The record itself, not its key: a record leaves `pods` only through `forget(_:)`,
    // which moves its token on, so an unchanged token says it is still the pod's without
    // hashing the key to look it up.
    cluster.schedule(atMicros: micros) { [unowned self] _ in
      guard runtime.wakeToken == token else { return }
      runtime.wakeAt = nil
      runtime.woken = true
      self.markDirty(runtime.key)
    }
  }

  /// Holds the status write of a pod whose containers changed until the node's next
  /// relist. The kubelet learns of a container's start or exit from its relist loop (PLEG,
  /// once a second) and writes the pod's status from that sync, so a node's pods that
  /// changed within one second are written together: their controllers, woken by the
  /// writes of one instant, sync once for all of them.
  func queueRelist(_ runtime: PodRuntime, on agent: NodeAgent) {
    let tick = agent.relist(after: now)
    if let queued = runtime.relistAt, queued <= tick { return }
    runtime.relistAt = tick
    if relists[tick] == nil {
      relists[tick] = []
      cluster.schedule(atMicros: tick) { [unowned self] _ in self.relist(at: tick) }
    }
    relists[tick]?.append(runtime)
  }

  /// The relist of `tick`: syncs each pod it holds, which writes its status.
  private func relist(at tick: Int64) {
    guard let batch = relists.removeValue(forKey: tick) else { return }
    for runtime in batch where runtime.relistAt == tick {
      runtime.relistAt = nil
      markDirty(runtime.key)
    }
  }

  // MARK: Nodes

  /// The names of the nodes this kubelet runs, in registration order.
  public var nodeNames: [String] { nodeOrder }

  /// Joins a machine to the cluster: creates its Node (capacity, allocatable, conditions,
  /// addresses, nodeInfo, pod CIDR), its Lease, and the mirror pods of `staticPods`.
  @discardableResult
  public func register(_ node: NodeConfiguration, staticPods: [Pod] = []) throws(Status) -> Node {
    let cluster = self.cluster
    try ensureNamespace("kube-node-lease")
    let agent = NodeAgent(
      configuration: node, index: nodeOrder.count, bootID: cluster.newUID(), systemUUID: cluster.newUID())
    agent.lastStatusWrite = now
    agent.relistPhase = now % 1_000_000
    let created = try cluster.api.create(makeNode(agent))
    agent.uid = created.metadata.uid ?? ""
    nodes[node.name]?.replaced = true
    nodes[node.name] = agent
    nodeOrder.append(node.name)
    try cluster.api.create(makeLease(agent))
    recordNodeStartup(created)
    self.staticPods[node.name] = staticPods
    try createMirrorPods(on: node.name)
    startHeartbeats()
    return created
  }

  func ensureNamespace(_ name: String) throws(Status) {
    guard cluster.store.get(Namespace.self, name: name) == nil else { return }
    var namespace = Namespace()
    namespace.metadata.name = name
    try cluster.api.create(namespace)
  }

  /// Creates the mirror pod of every static pod of `node` that has none.
  func createMirrorPods(on node: String) throws(Status) {
    guard let agent = nodes[node] else { return }
    for var pod in staticPods[node] ?? [] {
      let namespace = pod.metadata.namespace ?? "default"
      let name = (pod.metadata.name ?? "static") + "-" + node
      guard cluster.store.get(Pod.self, namespace: namespace, name: name) == nil else { continue }
      pod.metadata.name = name
      pod.metadata.namespace = namespace
      var annotations = pod.metadata.annotations ?? [:]
      let hash = String(SeededRandom.stableHash(name) & 0xFFFF_FFFF_FFFF, radix: 16)
      annotations["kubernetes.io/config.hash"] = hash
      annotations["kubernetes.io/config.mirror"] = hash
      annotations["kubernetes.io/config.seen"] = cluster.clock.now.description
      annotations["kubernetes.io/config.source"] = "file"
      pod.metadata.annotations = annotations
      pod.metadata.ownerReferences = [
        OwnerReference(apiVersion: "v1", kind: "Node", name: node, uid: agent.uid, controller: true)
      ]
      var spec = pod.spec ?? PodSpec()
      spec.nodeName = node
      if spec.priorityClassName == nil {
        spec.priorityClassName = "system-node-critical"
        spec.priority = 2_000_001_000
      }
      spec.hostNetwork = spec.hostNetwork ?? true
      pod.spec = spec
      try cluster.api.create(pod)
    }
  }

  func event(
    _ runtime: PodRuntime, container: String?, isInit: Bool = false, type: String = "Normal", _ reason: String, _ message: String
  ) {
    guard configuration.recordEvents else { return }
    let fieldPath = container.map {
      internedEventText.intern(isInit ? "spec.initContainers{\($0)}" : "spec.containers{\($0)}")
    }
    post(runtime, fieldPath: fieldPath, type: type, reason, internedEventText.intern(message))
  }

  /// Records an Event about `container` whose message depends on its definition only
  /// (made once per shape, so already shared by every pod of the definition).
  func event(_ runtime: PodRuntime, _ container: ContainerRuntime, _ reason: String, shared message: String) {
    guard configuration.recordEvents else { return }
    let text = container.shape.text
    post(runtime, fieldPath: container.isInit ? text.initFieldPath : text.fieldPath, type: "Normal", reason, message)
  }

  /// Records an Event about `container` whose message is made for this pod (the Pulled
  /// message, with its durations): the message is interned, the field path is the shape's
  /// (interpolating and interning it again cost as much as the message).
  func event(_ runtime: PodRuntime, _ container: ContainerRuntime, _ reason: String, message: String) {
    guard configuration.recordEvents else { return }
    let text = container.shape.text
    post(
      runtime, fieldPath: container.isInit ? text.initFieldPath : text.fieldPath, type: "Normal", reason,
      internedEventText.intern(message))
  }

  private func post(_ runtime: PodRuntime, fieldPath: String?, type: String, _ reason: String, _ message: String) {
    guard let agent = self.agent(of: runtime), agent.powered, !agent.partitioned else { return }
    // Built whole and handed over (`consume`): a reference set field by field, or passed
    // without `consume`, was copied and destroyed once more per Event. A static pod's
    // Events name its own UID, as `kubectl describe` looks them up for its mirror pod.
    let reference = ObjectReference(
      kind: "Pod", namespace: runtime.key.namespace, name: runtime.key.name, uid: runtime.staticUID ?? runtime.uid, apiVersion: "v1",
      fieldPath: fieldPath)
    cluster.api.recordEvent(
      involving: consume reference, type: type, reason: reason, message: message, component: "kubelet",
      host: runtime.node)
  }
}
