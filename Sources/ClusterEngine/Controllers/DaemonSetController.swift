import KubeModel

/// kube-controller-manager's DaemonSet controller: one pod on every eligible node, pinned
/// with node affinity so the default scheduler places it; a RollingUpdate replaces old pods
/// at most maxUnavailable at a time.
///
/// It syncs only the nodes whose pods or scheduling facts changed and keeps per-node
/// counts for the status, so a heartbeat or a pod becoming ready costs one node's work.
public final class DaemonSetController: ClusterComponent {
  static let component = "daemonset-controller"
  static let hashLabel = "controller-revision-hash"

  /// What one node adds to a DaemonSet's status.
  struct NodeCounts: Equatable {
    var desired = 0, current = 0, misscheduled = 0, ready = 0, available = 0, updated = 0
  }

  /// A DaemonSet's pods by target node and its per-node counts.
  struct Tracked {
    var key: ObjectKey
    var podsByNode: [String: Set<ObjectKey>] = [:]
    var counts: [String: NodeCounts] = [:]
    var dirtyNodes: Set<String> = []
    var fullSync = true
    /// The last template hashed, its collision count and its hash: hashing encodes the
    /// template as JSON, and the template rarely changes between syncs.
    var templateHash: (template: PodTemplateSpec, collisionCount: Int32?, hash: String)?
    var generation: Int64?
    var deleting = false
  }

  unowned var cluster: Cluster?
  var sets: [String: Tracked] = [:]
  var podNode: [ObjectKey: (uid: String, node: String)] = [:]
  /// The scheduling facts of each node (labels and taints), to notice changes.
  var nodeFacts: [String: NodeSpecFacts] = [:]
  var queue: Set<String> = []

  struct NodeSpecFacts: Equatable {
    var labels: [String: String]
    var taints: [Taint]
  }

  public init() {}

  public func attach(to cluster: Cluster) {
    self.cluster = cluster
    cluster.store.addPodControllerIndex()
  }

  public var hasPendingWork: Bool { !queue.isEmpty }

  public var observedKinds: [any KubeObject.Type]? { [Pod.self, DaemonSet.self, Node.self] }

  public func observe(_ event: StoreEvent) {
    // The pod read in place (see `StoreEvent.readingPod`).
    if event.readingPod({ pod in
      // A change that kept the owners of a pod no DaemonSet controls (a status write of
      // most pods) leaves it out of every set, as the version before left it.
      if event.type == .modified, event.kept.contains(.metadata),
        pod.pointee.metadata.controllerUID(ofKind: "DaemonSet") == nil
      {
        return
      }
      observePod(pod, deleted: event.type == .deleted)
    }) {
      return
    } else if let set = event.object(as: DaemonSet.self), let uid = set.metadata.uid {
      if event.type == .deleted {
        if let tracked = sets.removeValue(forKey: uid) {
          for keys in tracked.podsByNode.values { for key in keys { podNode[key] = nil } }
        }
        queue.remove(uid)
        return
      }
      // Its own status writes change nothing to sync.
      let generation = set.metadata.generation
      let deleting = set.metadata.deletionTimestamp != nil
      if let tracked = sets[uid], tracked.generation == generation, tracked.deleting == deleting { return }
      sets[uid, default: Tracked(key: set.key)].fullSync = true
      sets[uid]?.generation = generation
      sets[uid]?.deleting = deleting
      queue.insert(uid)
    } else if let node = event.object(as: Node.self) {
      let facts = NodeSpecFacts(labels: node.metadata.labels ?? [:], taints: node.spec?.taints ?? [])
      if event.type == .deleted {
        nodeFacts[node.name] = nil
      } else if nodeFacts[node.name] == facts {
        return
      } else {
        nodeFacts[node.name] = facts
      }
      for uid in Array(sets.keys) {
        sets[uid]?.dirtyNodes.insert(node.name)
        queue.insert(uid)
      }
    }
  }

  /// Reads the pod where the caller holds it: a `Pod` parameter would be a copy.
  private func observePod(_ pod: UnsafePointer<Pod>, deleted: Bool) {
    let key = pod.podKey
    var target: (uid: String, node: String)?
    if !deleted, let uid = pod.pointee.metadata.controllerUID(ofKind: "DaemonSet"), sets[uid] != nil,
      let node = DaemonSetPlacement.targetNode(of: pod)
    {
      target = (uid, node)
    }
    // Still the same set's pod for the same node (a status write, most often): only that
    // node's counts may change.
    if let target, let previous = podNode[key], previous.uid == target.uid, previous.node == target.node {
      sets[target.uid]?.dirtyNodes.insert(target.node)
      queue.insert(target.uid)
      return
    }
    if let previous = podNode.removeValue(forKey: key) {
      sets[previous.uid]?.podsByNode[previous.node]?.remove(key)
      sets[previous.uid]?.dirtyNodes.insert(previous.node)
      queue.insert(previous.uid)
    }
    guard let (uid, node) = target else { return }
    podNode[key] = (uid, node)
    sets[uid]?.podsByNode[node, default: []].insert(key)
    sets[uid]?.dirtyNodes.insert(node)
    queue.insert(uid)
  }

  public func reconcile() {
    let uids = queue.sorted { (sets[$0]?.key ?? ObjectKey(name: "")) < (sets[$1]?.key ?? ObjectKey(name: "")) }
    queue.removeAll()
    for uid in uids { sync(uid) }
  }

  // MARK: Sync

  private func sync(_ uid: String) {
    // Only parts of the tracked state are read, so that writing its counts in place does
    // not copy them.
    guard let cluster, let key = sets[uid]?.key, let set = cluster.store.get(DaemonSet.self, key),
      set.metadata.uid == uid
    else { return }
    var nodes = sets[uid]?.dirtyNodes ?? []
    if sets[uid]?.fullSync == true {
      nodes = Set(cluster.store.all(Node.self).map(\.name)).union(sets[uid]?.podsByNode.keys ?? [:].keys)
      sets[uid]?.counts = [:]
    }
    sets[uid]?.dirtyNodes = []
    sets[uid]?.fullSync = false
    var nextAvailability: Int64?
    let template = set.spec?.template ?? PodTemplateSpec()
    let spec = DaemonSetPlacement.podSpec(template)
    let hash: String
    if let cached = sets[uid]?.templateHash, cached.collisionCount == set.status?.collisionCount,
      cached.template == template
    {
      hash = cached.hash
    } else {
      hash = PodTemplateHash.compute(template, collisionCount: set.status?.collisionCount)
      sets[uid]?.templateHash = (template, set.status?.collisionCount, hash)
    }
    let minReady = set.spec?.minReadySeconds ?? 0
    let now = cluster.nowMicros
    let deleting = set.metadata.deletionTimestamp != nil
    for name in nodes.sorted() {
      let pods = (sets[uid]?.podsByNode[name] ?? []).sorted().compactMap { cluster.store.get(Pod.self, $0) }
      let node = cluster.store.get(Node.self, name: name)
      let (run, keep) = node.map { DaemonSetPlacement.shouldRun(spec, on: $0) } ?? (false, false)
      if !deleting { manage(set, node: name, pods: pods, run: run, keep: keep, spec: spec, hash: hash) }
      let live = pods.filter { $0.metadata.deletionTimestamp == nil && $0.status?.phase != "Failed" && $0.status?.phase != "Succeeded" }
        .sorted(by: createdBefore)
      var counts = NodeCounts()
      if run {
        counts.desired = 1
        if let oldest = live.first {
          counts.current = 1
          if oldest.isReady { counts.ready = 1 }
          if oldest.isAvailable(minReadySeconds: minReady, nowMicros: now) {
            counts.available = 1
          } else if let since = oldest.readySinceMicros {
            let due = since + Int64(minReady) * 1_000_000 + 1
            nextAvailability = min(nextAvailability ?? due, due)
          }
          if oldest.metadata.labels?[Self.hashLabel] == hash { counts.updated = 1 }
        }
      } else if !live.isEmpty {
        counts.misscheduled = 1
      }
      sets[uid]?.counts[name] = counts == NodeCounts() ? nil : counts
    }
    if !deleting && set.spec?.updateStrategy?.type != "OnDelete" { rollingUpdate(set, hash: hash, minReady: minReady) }
    updateStatus(set, uid: uid)
    if let nextAvailability {
      cluster.schedule(atEpochMicros: nextAvailability) { [unowned self] _ in
        self.sets[uid]?.fullSync = true
        self.queue.insert(uid)
      }
    }
  }

  private func manage(_ set: DaemonSet, node: String, pods: [Pod], run: Bool, keep: Bool, spec: PodSpec, hash: String) {
    guard let cluster else { return }
    var doomed: [Pod] = []
    if run && pods.isEmpty {
      var podSpec = spec
      DaemonSetPlacement.pin(&podSpec, to: node)
      var template = set.spec?.template ?? PodTemplateSpec()
      template.spec = podSpec
      var pod = Pod.from(template: template, namespace: set.namespace, generateName: "\(set.name)-", owner: set.controllerReference)
      pod.metadata.labels = (pod.metadata.labels ?? [:]).merging([
        Self.hashLabel: hash, "pod-template-generation": String(set.metadata.generation ?? 1),
      ]) { $1 }
      do {
        let created = try cluster.api.create(pod)
        cluster.api.recordEvent(about: set, reason: "SuccessfulCreate", message: "Created pod: \(created.name)", component: Self.component)
      } catch {
        cluster.api.recordEvent(
          about: set, type: "Warning", reason: "FailedCreate", message: "Error creating: \(error.description)",
          component: Self.component)
      }
    } else if keep {
      var running: [Pod] = []
      for pod in pods where pod.metadata.deletionTimestamp == nil {
        if pod.status?.phase == "Failed" {
          cluster.api.recordEvent(
            about: set, type: "Warning", reason: "FailedDaemonPod",
            message: "Found failed daemon pod \(pod.namespace)/\(pod.name) on node \(node), will try to kill it",
            component: Self.component)
          doomed.append(pod)
        } else if pod.status?.phase == "Succeeded" {
          doomed.append(pod)
        } else {
          running.append(pod)
        }
      }
      doomed += running.sorted(by: createdBefore).dropFirst()
    } else if !pods.isEmpty {
      doomed = pods.filter { $0.metadata.deletionTimestamp == nil }
    }
    for pod in doomed { deletePod(pod, of: set) }
  }

  private func deletePod(_ pod: Pod, of set: DaemonSet) {
    guard let cluster, (try? cluster.api.delete(Pod.self, namespace: pod.namespace, name: pod.name)) != nil else { return }
    cluster.api.recordEvent(about: set, reason: "SuccessfulDelete", message: "Deleted pod: \(pod.name)", component: Self.component)
  }

  /// Deletes old pods so that at most maxUnavailable nodes lack an available new pod;
  /// unavailable old pods go regardless (`rollingUpdate` without surge).
  private func rollingUpdate(_ set: DaemonSet, hash: String, minReady: Int32) {
    guard let cluster, let uid = set.metadata.uid, let tracked = sets[uid] else { return }
    let totals = tracked.counts.values.reduce(into: NodeCounts()) { $0.current += $1.current; $0.updated += $1.updated }
    guard totals.updated < totals.current else { return }
    let desired = tracked.counts.values.reduce(0) { $0 + $1.desired }
    let maxUnavailable = set.spec?.updateStrategy?.rollingUpdate?.maxUnavailable?.scaledValue(total: desired, roundUp: true) ?? 1
    let now = cluster.nowMicros
    var unavailable = 0
    var replacements: [Pod] = []
    var candidates: [Pod] = []
    for node in tracked.podsByNode.keys.sorted() {
      let pods = (tracked.podsByNode[node] ?? []).compactMap { cluster.store.get(Pod.self, $0) }.filter(\.isActive)
      let new = pods.filter { $0.metadata.labels?[Self.hashLabel] == hash }
      let old = pods.filter { $0.metadata.labels?[Self.hashLabel] != hash }
      if new.count > 1 || old.count > 1 || (new.isEmpty && old.isEmpty) || (!new.isEmpty && !old.isEmpty) {
        unavailable += 1
      } else if let pod = new.first {
        if !pod.isAvailable(minReadySeconds: minReady, nowMicros: now) { unavailable += 1 }
      } else if let pod = old.first {
        if !pod.isAvailable(minReadySeconds: minReady, nowMicros: now) {
          replacements.append(pod)
        } else if unavailable < maxUnavailable {
          candidates.append(pod)
        }
      }
    }
    let budget = min(max(maxUnavailable - unavailable, 0), candidates.count)
    for pod in replacements + candidates.prefix(budget) { deletePod(pod, of: set) }
  }

  private func updateStatus(_ set: DaemonSet, uid: String) {
    guard let cluster, let tracked = sets[uid] else { return }
    let totals = tracked.counts.values.reduce(into: NodeCounts()) { total, counts in
      total.desired += counts.desired
      total.current += counts.current
      total.misscheduled += counts.misscheduled
      total.ready += counts.ready
      total.available += counts.available
      total.updated += counts.updated
    }
    var status = set.status ?? DaemonSetStatus()
    status.desiredNumberScheduled = Int32(totals.desired)
    status.currentNumberScheduled = Int32(totals.current)
    status.numberMisscheduled = Int32(totals.misscheduled)
    status.numberReady = Int32(totals.ready)
    status.updatedNumberScheduled = omitZero(totals.updated)
    status.numberAvailable = omitZero(totals.available)
    status.numberUnavailable = omitZero(totals.desired - totals.available)
    status.observedGeneration = set.metadata.generation
    guard status != set.status else { return }
    var updated = set
    updated.status = status
    _ = try? cluster.api.updateStatus(updated)
  }
}
