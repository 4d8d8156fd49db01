import KubeModel

/// kube-controller-manager's ReplicaSet controller: keeps `spec.replicas` pods from the
/// template running, adopts orphans its selector matches, releases pods whose labels stop
/// matching, and reports replica counts in the status.
///
/// It keeps a tally of each ReplicaSet's pods, updated from watch events, so a sync costs
/// nothing proportional to the pods unless it has to pick pods to delete.
public final class ReplicaSetController: ClusterComponent {
  /// At most this many pods are created or deleted per sync (`burstReplicas`).
  static let burstReplicas = 500
  static let component = "replicaset-controller"

  unowned var cluster: Cluster?
  var queue = WorkQueue()
  /// Tallies by ReplicaSet UID.
  var sets = DigestKeyed<ReplicaSetTally>()
  var uidByKey: [ObjectKey: String] = [:]
  /// The ReplicaSet UID owning each tracked pod.
  var podOwner: [ObjectKey: String] = [:]
  /// Active pods without a controller, by namespace.
  var orphans: [String: Set<ObjectKey>] = [:]
  /// ReplicaSet UIDs by the UID of their own controller (a Deployment), for ranking.
  var setsByOwner: [String: Set<String>] = [:]
  var setsByNamespace: [String: Set<String>] = [:]
  /// Availability re-checks already scheduled (minReadySeconds), by ReplicaSet.
  var availabilityChecks: [ObjectKey: Int64] = [:]
  /// Each ReplicaSet's parsed selector.
  var selectors = ParsedSelectorCache()
  /// The resource version of this controller's last status write of each ReplicaSet, when
  /// that sync found no failure: its echo needs no sync (see `observe`).
  var ownStatusWrites: [ObjectKey: String] = [:]

  public init() {}

  public func attach(to cluster: Cluster) {
    self.cluster = cluster
    for set in cluster.store.all(ReplicaSet.self) { track(set) }
    for pod in cluster.store.all(Pod.self) { withUnsafePointer(to: pod) { observePod($0, deleted: false) } }
  }

  public var hasPendingWork: Bool { !queue.isEmpty }

  public var observedKinds: [any KubeObject.Type]? { [Pod.self, ReplicaSet.self] }

  public func observe(_ event: StoreEvent) {
    if event.readingPod({ observePod($0, deleted: event.type == .deleted) }) {
      return
    } else if let set = event.object(as: ReplicaSet.self) {
      let key = set.key
      let ownWrite = ownStatusWrites.removeValue(forKey: key)
      if event.type == .deleted { untrack(set) } else { track(set) }
      // The echo of a status write by a sync that found no failure: a sync now reads the
      // same ReplicaSet (the status it computed stored as it was written) and the same
      // tally (pod changes since queue it themselves), so it would write nothing and
      // schedule nothing new. A failed sync's write is synced again: that retries it.
      if event.type == .modified, let ownWrite, ownWrite == set.metadata.resourceVersion { return }
      queue.add(key)
    }
  }

  /// Syncs the queued ReplicaSets; those with pods to delete go first, so capacity is
  /// freed before it is used again within the same instant.
  public func reconcile() {
    let keys = queue.drain()
    // One ReplicaSet (nearly every round) needs no ordering, nor its surplus read.
    if keys.count == 1 {
      sync(keys[0])
      return
    }
    let (shrinking, others) = keys.reduce(into: ([ObjectKey](), [ObjectKey]())) { split, key in
      if hasSurplus(key) { split.0.append(key) } else { split.1.append(key) }
    }
    for key in shrinking + others { sync(key) }
  }

  private func hasSurplus(_ key: ObjectKey) -> Bool {
    // The count is read in place: `sets[uid]?.replicas` would copy the whole tally out.
    guard let uid = uidByKey[key], let index = sets.index(forKey: uid),
      let set = cluster?.store.get(ReplicaSet.self, key)
    else { return false }
    return sets.values[index].replicas > Int(set.spec?.replicas ?? 1)
  }

  // MARK: Tracking

  private func track(_ set: ReplicaSet) {
    guard let uid = set.metadata.uid else { return }
    let selector = selectors.selector(for: set.key, set.spec?.selector)
    let labels = set.spec?.template?.metadata?.labels ?? [:]
    let minReady = set.spec?.minReadySeconds ?? 0
    let owner = set.metadata.controllerRef?.uid
    if let tally = sets[uid] {
      if tally.selector != selector || tally.templateLabels != labels || tally.minReadySeconds != minReady {
        sets[uid]?.reconfigure(selector: selector, templateLabels: labels, minReadySeconds: minReady, store: cluster?.store)
        if tally.selector != selector { sets[uid]?.adoptionCandidates.formUnion(orphans[set.namespace] ?? []) }
      }
      if tally.ownerUID != owner {
        if let old = tally.ownerUID { setsByOwner[old]?.remove(uid) }
        if let owner { setsByOwner[owner, default: []].insert(uid) }
        sets[uid]?.ownerUID = owner
      }
      return
    }
    var tally = ReplicaSetTally(key: set.key, selector: selector, templateLabels: labels, minReadySeconds: minReady)
    tally.ownerUID = owner
    tally.adoptionCandidates = orphans[set.namespace] ?? []
    sets[uid] = tally
    uidByKey[set.key] = uid
    setsByNamespace[set.namespace, default: []].insert(uid)
    if let owner { setsByOwner[owner, default: []].insert(uid) }
  }

  private func untrack(_ set: ReplicaSet) {
    selectors.remove(set.key)
    guard let uid = set.metadata.uid, let tally = sets.removeValue(forKey: uid) else { return }
    for key in tally.pods.keys { podOwner[key] = nil }
    if uidByKey[set.key] == uid { uidByKey[set.key] = nil }
    setsByNamespace[set.namespace]?.remove(uid)
    if let owner = tally.ownerUID { setsByOwner[owner]?.remove(uid) }
  }

  /// Reads the pod where the caller holds it: a `Pod` parameter would be a copy.
  private func observePod(_ pod: UnsafePointer<Pod>, deleted: Bool) {
    let key = pod.podKey
    // A pod that stays with its ReplicaSet (every status write) has its facts replaced in
    // place: removing and re-adding it would rehash its neighbours in both tables. Most
    // writes leave the facts as they were: nothing to retally and nothing to sync. (No
    // copy of the tally is held across the change: it would make the change copy its table.)
    // A pod in a tally is owned by it (`podOwner` says the same), so one lookup of the owner
    // and one of the pod, both in place, decide it.
    let ownerUID = pod.pointee.metadata.controllerUID(ofKind: "ReplicaSet")
    if !deleted, let ownerUID, let index = sets.index(forKey: ownerUID),
      let changed = sets.values[index].refresh(key, from: pod)
    {
      if changed { queue.add(tallyKey(at: index)) }
      return
    }
    var previous: (uid: String, facts: ReplicaSetTally.PodFacts)?
    if let uid = podOwner.removeValue(forKey: key), let facts = sets[uid]?.remove(key) {
      previous = (uid, facts)
    }
    orphans[key.namespace]?.remove(key)
    if deleted {
      if let previous, let tally = sets[previous.uid] { queue.add(tally.key) }
      return
    }
    // Tallies are changed in place (copying one would copy its pod table), found once.
    if pod.pointee.metadata.ownerReferences?.contains(where: { $0.controller == true }) == true {
      guard let ownerUID, let index = sets.index(forKey: ownerUID) else {
        if let previous, let tally = sets[previous.uid] { queue.add(tally.key) }
        return
      }
      let facts = sets.values[index].insert(key, from: pod)
      podOwner[key] = ownerUID
      if previous?.uid != ownerUID || previous?.facts != facts {
        queue.add(tallyKey(at: index))
        if let previous, previous.uid != ownerUID, let old = sets[previous.uid] { queue.add(old.key) }
      }
      return
    }
    if let previous, let tally = sets[previous.uid] { queue.add(tally.key) }
    guard pod.pointee.isActive else { return }
    orphans[key.namespace, default: []].insert(key)
    for uid in setsByNamespace[key.namespace] ?? [] where sets[uid]?.selector.matches(pod.pointee.metadata.labels) == true {
      sets[uid]?.adoptionCandidates.insert(key)
      if let setKey = sets[uid]?.key { queue.add(setKey) }
    }
  }

  /// The ReplicaSet key of the tally at `index`, read in place: `sets.values[index].key`
  /// copies the whole tally out (pod table and sets) to read one field.
  private func tallyKey(at index: DigestKeyed<ReplicaSetTally>.Storage.Index) -> ObjectKey {
    func key(of tally: inout ReplicaSetTally) -> ObjectKey { tally.key }
    return key(of: &sets.values[index])
  }

  // MARK: Sync

  private func sync(_ key: ObjectKey) {
    guard let cluster, let set = cluster.store.get(ReplicaSet.self, key), let uid = set.metadata.uid,
      let tally = sets[uid]
    else { return }
    let deleting = set.metadata.deletionTimestamp != nil
    var adopted = 0
    if !deleting {
      for podKey in tally.mismatched.sorted() { release(podKey, from: uid) }
      for podKey in tally.adoptionCandidates.sorted() where adopt(podKey, by: set, selector: tally.selector) {
        adopted += 1
      }
    }
    if !tally.adoptionCandidates.isEmpty { sets[uid]?.adoptionCandidates = [] }
    var failure: (reason: String, error: Status)?
    if !deleting {
      failure = manageReplicas(set, tally: tally, claimed: tally.replicas + adopted)
    }
    updateStatus(set, tally: tally, failure: failure)
  }

  /// Creates or deletes pods so that `claimed` matches `spec.replicas`.
  private func manageReplicas(_ set: ReplicaSet, tally: ReplicaSetTally, claimed: Int) -> (reason: String, error: Status)? {
    guard let cluster else { return nil }
    let diff = claimed - Int(set.spec?.replicas ?? 1)
    if diff < 0 {
      // One pod built for the whole burst: each create takes a copy, sharing its boxes.
      let pod = Pod.from(
        template: set.spec?.template ?? PodTemplateSpec(), namespace: set.namespace, generateName: "\(set.name)-",
        owner: set.controllerReference)
      for _ in 0..<min(-diff, Self.burstReplicas) {
        do {
          let created = try cluster.api.create(pod)
          cluster.api.recordEvent(
            about: set, reason: "SuccessfulCreate", message: "Created pod: \(created.name)", component: Self.component)
        } catch {
          if !isNamespaceTerminating(error) {
            cluster.api.recordEvent(
              about: set, type: "Warning", reason: "FailedCreate", message: "Error creating: \(error.description)",
              component: Self.component)
          }
          return ("FailedCreate", error)
        }
      }
    } else if diff > 0 {
      // The whole surplus at once: upstream deletes 500 per sync and syncs again at the
      // same instant; ranking 150,000 pods once instead of 300 times gives the same result.
      for pod in podsToDelete(tally: tally, count: diff) {
        do {
          try cluster.api.delete(Pod.self, namespace: pod.namespace, name: pod.name)
          cluster.api.recordEvent(
            about: set, reason: "SuccessfulDelete", message: "Deleted pod: \(pod.name)", component: Self.component)
        } catch where error.code == 404 {
          continue
        } catch {
          cluster.api.recordEvent(
            about: set, type: "Warning", reason: "FailedDelete", message: "Error deleting: \(error.description)",
            component: Self.component)
          return ("FailedDelete", error)
        }
      }
    }
    return nil
  }

  private func isNamespaceTerminating(_ status: Status) -> Bool {
    status.code == 403 && (status.message ?? "").contains("because it is being terminated")
  }

  /// The `count` claimed pods to delete first, ranked as upstream's `getPodsToDelete`.
  private func podsToDelete(tally: ReplicaSetTally, count: Int) -> [Pod] {
    guard let cluster else { return [] }
    let candidates = tally.pods.filter(\.value.counted).keys.sorted().compactMap {
      cluster.store.get(Pod.self, $0)
    }
    if count >= candidates.count { return candidates }
    var podsOnNode: [String: Int] = [:]
    let related = tally.ownerUID.flatMap { setsByOwner[$0] } ?? []
    for uid in related.union([uidByKey[tally.key] ?? ""]) {
      for facts in sets[uid]?.pods.values ?? [:].values where facts.active { podsOnNode[facts.nodeName, default: 0] += 1 }
    }
    let ranks = candidates.map { podsOnNode[$0.spec?.nodeName ?? ""] ?? 0 }
    let ranked = ActivePodsWithRanks(pods: candidates, ranks: ranks, nowMicros: cluster.nowMicros).sorted()
    return Array(ranked.prefix(count))
  }

  private func release(_ podKey: ObjectKey, from uid: String) {
    guard let cluster else { return }
    _ = try? cluster.api.modify(Pod.self, namespace: podKey.namespace, name: podKey.name) { pod in
      let remaining = (pod.metadata.ownerReferences ?? []).filter { $0.uid != uid }
      pod.metadata.ownerReferences = remaining.isEmpty ? nil : remaining
    }
  }

  private func adopt(_ podKey: ObjectKey, by set: ReplicaSet, selector: Selector) -> Bool {
    guard let cluster, let pod = cluster.store.get(Pod.self, podKey), pod.metadata.controllerRef == nil, pod.isActive,
      selector.matches(pod.metadata.labels)
    else { return false }
    var adopted = pod
    adopted.metadata.ownerReferences = (pod.metadata.ownerReferences ?? []) + [set.controllerReference]
    return (try? cluster.api.update(adopted)) != nil
  }

  private func updateStatus(_ set: ReplicaSet, tally: ReplicaSetTally, failure: (reason: String, error: Status)?) {
    guard let cluster else { return }
    let now = cluster.nowMicros
    let available = tally.availableCount(nowMicros: now)
    var status = set.status ?? ReplicaSetStatus()
    status.replicas = Int32(tally.replicas)
    status.fullyLabeledReplicas = omitZero(tally.fullyLabeled)
    status.readyReplicas = omitZero(tally.ready)
    status.availableReplicas = omitZero(available)
    status.observedGeneration = set.metadata.generation
    var conditions = (status.conditions ?? []).filter { $0.type != "ReplicaFailure" }
    if let failure {
      var condition = set.status?.conditions?.first { $0.type == "ReplicaFailure" } ?? DeploymentCondition()
      condition.type = "ReplicaFailure"
      condition.status = "True"
      condition.reason = failure.reason
      condition.message = failure.error.description
      if condition.lastTransitionTime == nil { condition.lastTransitionTime = cluster.clock.now }
      conditions.append(condition)
    }
    status.conditions = conditions.isEmpty ? nil : conditions
    if status != set.status {
      var updated = set
      updated.status = status
      if let stored = try? cluster.api.updateStatus(updated), failure == nil, stored.status == status {
        ownStatusWrites[set.key] = stored.metadata.resourceVersion
      }
    }
    let minReady = set.spec?.minReadySeconds ?? 0
    if minReady > 0, tally.ready == tally.replicas, available != tally.replicas,
      let next = tally.nextAvailability(nowMicros: now)
    {
      let key = set.key
      if let scheduled = availabilityChecks[key], scheduled <= next, scheduled > now { return }
      availabilityChecks[key] = next
      cluster.schedule(atEpochMicros: next) { [unowned self] _ in
        if self.availabilityChecks[key] == next { self.availabilityChecks[key] = nil }
        self.queue.add(key)
      }
    }
  }
}

/// An omitempty integer field: nil for zero, as the API omits it.
func omitZero(_ value: Int) -> Int32? { value == 0 ? nil : Int32(value) }
