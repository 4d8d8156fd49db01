import KubeModel

/// kube-controller-manager's Deployment controller: rolls a Deployment's pod template out
/// through ReplicaSets named `<deployment>-<pod-template-hash>`, with the RollingUpdate or
/// Recreate strategy, revision history, pause, proportional scaling and the Progressing and
/// Available conditions, as upstream's `deployment` package does.
public final class DeploymentController: ClusterComponent {
  static let component = "deployment-controller"
  /// The ReplicaSet index by controller UID ("" for orphans).
  static let controllerIndex = "deployment-controller/controller"

  unowned var cluster: Cluster?
  var queue = WorkQueue()
  /// Progress checks already scheduled, by deployment: due time in epoch microseconds.
  var progressChecks: [ObjectKey: Int64] = [:]
  /// The new and old ReplicaSets found earlier in the current sync, with the store revision
  /// then: a sync asks twice (`isScalingEvent`, then the rollout), and while nothing has
  /// been written in between the answer is the same.
  private var foundReplicaSets: (revision: Int64, newSet: ReplicaSet, oldSets: [ReplicaSet])?
  /// Each Deployment's parsed selector.
  var selectors = ParsedSelectorCache()
  /// Whether each ReplicaSet's template is its Deployment's.
  var templateMatches = TemplateMatchMemo()
  /// The new ReplicaSet each Deployment's last sync found without writing.
  private var newSetMemo = NewReplicaSetMemo()
  /// Set by `newReplicaSet` when it found the new set already as it should be and wrote nothing.
  private var foundUnchanged = false
  /// The store revision when the current sync began: a sync whose only write was its final
  /// status write leaves the store one revision later.
  var syncStartRevision: Int64 = 0
  /// The resource version of this controller's last status write of each Deployment, when
  /// a sync of its echo would find nothing to do (see `noteQuietStatusWrite`).
  var ownStatusWrites: [ObjectKey: String] = [:]

  public init() {}

  public func attach(to cluster: Cluster) {
    self.cluster = cluster
    cluster.store.addIndex(ReplicaSet.self, Self.controllerIndex) { [$0.metadata.controllerRef?.uid ?? ""] }
    cluster.store.addPodControllerIndex()
    for deployment in cluster.store.all(Deployment.self) { queue.add(deployment.key) }
  }

  public var hasPendingWork: Bool { !queue.isEmpty }

  public var observedKinds: [any KubeObject.Type]? { [Deployment.self, ReplicaSet.self, Pod.self] }

  public func observe(_ event: StoreEvent) {
    // Only a pod's deletion matters; the other pod changes (most of all) need no cast, and
    // no read of the cluster.
    if event.commonKind == .pod, event.type != .deleted { return }
    guard let cluster else { return }
    if let deployment = event.object(as: Deployment.self) {
      let ownWrite = ownStatusWrites.removeValue(forKey: deployment.key)
      if event.type == .deleted {
        progressChecks[deployment.key] = nil
        selectors.remove(deployment.key)
        newSetMemo.remove(deployment.key)
      } else if event.type == .modified, let ownWrite, ownWrite == deployment.metadata.resourceVersion {
        // The echo of a status write that a sync would pass over: nothing to sync.
      } else {
        queue.add(deployment.key)
      }
    } else if let set = event.object(as: ReplicaSet.self) {
      if event.type == .deleted { templateMatches.remove(set.key) }
      if let ref = set.metadata.controllerRef {
        if ref.kind == "Deployment" { queue.add(ObjectKey(namespace: set.namespace, name: ref.name)) }
      } else if event.type != .deleted {
        for deployment in cluster.store.list(Deployment.self, namespace: set.namespace)
        where selectors.selector(for: deployment.key, deployment.spec?.selector).matches(set.metadata.labels) {
          queue.add(deployment.key)
        }
      }
    } else if event.type == .deleted, let pod = event.object(as: Pod.self), let ref = pod.metadata.controllerRef,
      ref.kind == "ReplicaSet",
      let owner = cluster.store.get(ReplicaSet.self, namespace: pod.namespace, name: ref.name)?.metadata.controllerRef,
      owner.kind == "Deployment"
    {
      // Recreate waits for the old pods to be gone.
      queue.add(ObjectKey(namespace: pod.namespace, name: owner.name))
    }
  }

  public func reconcile() {
    for key in queue.drain() { syncDeployment(key) }
  }

  // MARK: syncDeployment

  private func syncDeployment(_ key: ObjectKey) {
    foundReplicaSets = nil
    defer { foundReplicaSets = nil }
    guard let cluster, var deployment = cluster.store.get(Deployment.self, key) else { return }
    syncStartRevision = cluster.store.revision
    let selector = deployment.spec?.selector
    if selector == nil || selector == LabelSelector() {
      cluster.api.recordEvent(
        about: deployment, type: "Warning", reason: "SelectingAll",
        message: "This deployment is selecting all pods. A non-empty selector is required.", component: Self.component)
      if (deployment.status?.observedGeneration ?? 0) < (deployment.metadata.generation ?? 0) {
        var status = deployment.status ?? DeploymentStatus()
        status.observedGeneration = deployment.metadata.generation
        writeStatus(&deployment, status)
      }
      return
    }
    let sets = replicaSets(for: deployment)
    if deployment.metadata.deletionTimestamp != nil {
      let (newSet, oldSets) = allReplicaSets(&deployment, sets, create: false)
      syncDeploymentStatus(&deployment, oldSets: oldSets, newSet: newSet)
      return
    }
    checkPausedConditions(&deployment)
    if deployment.spec?.paused == true || isScalingEvent(&deployment, sets) {
      sync(&deployment, sets)
      return
    }
    if deployment.spec?.strategy?.type == "Recreate" {
      rolloutRecreate(&deployment, sets)
    } else {
      rolloutRolling(&deployment, sets)
    }
  }

  /// The ReplicaSets this Deployment owns, adopting orphans its selector matches and
  /// releasing owned ones it no longer matches (`getReplicaSetsForDeployment`).
  private func replicaSets(for deployment: Deployment) -> [ReplicaSet] {
    guard let cluster, let uid = deployment.metadata.uid else { return [] }
    let selector = selectors.selector(for: deployment.key, deployment.spec?.selector)
    let deleting = deployment.metadata.deletionTimestamp != nil
    var result: [ReplicaSet] = []
    // In key order, as `objects(_:index:value:)` gives them; most Deployments own one set.
    var owned = cluster.store.unorderedObjects(ReplicaSet.self, index: Self.controllerIndex, value: uid)
    if owned.count > 1 { owned.sort { $0.key < $1.key } }
    for set in owned {
      if selector.matches(set.metadata.labels) {
        result.append(set)
      } else if !deleting {
        var released = set
        let remaining = (set.metadata.ownerReferences ?? []).filter { $0.uid != uid }
        released.metadata.ownerReferences = remaining.isEmpty ? nil : remaining
        _ = try? cluster.api.update(released)
      }
    }
    // Most clusters have no orphaned ReplicaSet: nothing to list or sort.
    guard !deleting, !cluster.store.keys(ReplicaSet.self, index: Self.controllerIndex, value: "").isEmpty else {
      return result
    }
    for set in cluster.store.objects(ReplicaSet.self, index: Self.controllerIndex, value: "")
    where set.namespace == deployment.namespace && set.metadata.deletionTimestamp == nil
      && selector.matches(set.metadata.labels)
    {
      var adopted = set
      adopted.metadata.ownerReferences = (set.metadata.ownerReferences ?? []) + [deployment.controllerReference]
      if let stored = try? cluster.api.update(adopted) { result.append(stored) }
    }
    return result
  }

  /// The new ReplicaSet (created when asked and missing) and the old ones, with the
  /// Deployment's revision synced (`getAllReplicaSetsAndSyncRevision`).
  /// Within one sync, a second call with nothing written since returns the first answer
  /// (a found new ReplicaSet does not depend on `create`).
  func allReplicaSets(_ deployment: inout Deployment, _ sets: [ReplicaSet], create: Bool) -> (ReplicaSet?, [ReplicaSet]) {
    let revision = cluster?.store.revision ?? 0
    if let found = foundReplicaSets, found.revision == revision { return (found.newSet, found.oldSets) }
    if let index = newSetMemo.newSetIndex(deployment, sets) {
      let newSet = sets[index]
      let oldSets = sets.filter { $0.metadata.uid != newSet.metadata.uid }
      foundReplicaSets = (revision, newSet, oldSets)
      return (newSet, oldSets)
    }
    let existing = DeploymentUtil.newReplicaSet(deployment, in: sets) { templateMatches.matches($0, deployment) }
    let oldSets = sets.filter { $0.metadata.uid != existing?.metadata.uid }
    foundUnchanged = false
    let newSet = newReplicaSet(&deployment, existing: existing, oldSets: oldSets, create: create)
    if foundUnchanged, let uid = existing?.metadata.uid, let index = sets.firstIndex(where: { $0.metadata.uid == uid }) {
      newSetMemo.record(deployment, sets, newIndex: index)
    } else {
      newSetMemo.remove(deployment.key)
    }
    if let newSet, cluster?.store.revision == revision {
      foundReplicaSets = (revision, newSet, oldSets)
    } else {
      foundReplicaSets = nil
    }
    return (newSet, oldSets)
  }

  private func newReplicaSet(
    _ deployment: inout Deployment, existing: ReplicaSet?, oldSets: [ReplicaSet], create: Bool
  ) -> ReplicaSet? {
    guard let cluster else { return nil }
    let newRevision = DeploymentUtil.maxRevision(oldSets) + 1
    if let existing {
      var copy = existing
      let annotationsChanged = DeploymentUtil.setNewReplicaSetAnnotations(deployment, &copy, newRevision: newRevision, exists: true)
      if annotationsChanged || copy.spec?.minReadySeconds != deployment.spec?.minReadySeconds {
        copy.spec?.minReadySeconds = deployment.spec?.minReadySeconds
        return (try? cluster.api.update(copy)) ?? existing
      }
      let revision = copy.metadata.annotations?[DeploymentUtil.revisionAnnotation] ?? ""
      let needsProgressing = DeploymentUtil.condition(deployment.status, "Progressing") == nil
      foundUnchanged =
        deployment.metadata.annotations?[DeploymentUtil.revisionAnnotation] == revision
        && !(needsProgressing && deployment.spec?.progressDeadlineSeconds != nil)
      setRevision(&deployment, revision)
      if needsProgressing {
        setProgressing(&deployment, reason: "FoundNewReplicaSet", message: "Found new replica set \"\(copy.name)\"")
      }
      return copy
    }
    guard create else { return nil }
    var template = deployment.spec?.template ?? PodTemplateSpec()
    let hash = PodTemplateHash.compute(template, collisionCount: deployment.status?.collisionCount)
    var templateMetadata = template.metadata ?? ObjectMeta()
    templateMetadata.labels = (templateMetadata.labels ?? [:]).merging([podTemplateHashLabel: hash]) { $1 }
    template.metadata = templateMetadata
    var selector = deployment.spec?.selector ?? LabelSelector()
    selector.matchLabels = (selector.matchLabels ?? [:]).merging([podTemplateHashLabel: hash]) { $1 }
    var set = ReplicaSet()
    set.metadata.name = "\(deployment.name)-\(hash)"
    set.metadata.namespace = deployment.namespace
    set.metadata.ownerReferences = [deployment.controllerReference]
    set.metadata.labels = template.metadata?.labels
    var spec = ReplicaSetSpec()
    spec.replicas = 0
    spec.minReadySeconds = deployment.spec?.minReadySeconds
    spec.selector = selector
    spec.template = template
    set.spec = spec
    let count = newReplicaSetReplicas(deployment, all: oldSets + [set], newSet: set)
    set.spec?.replicas = count
    _ = DeploymentUtil.setNewReplicaSetAnnotations(deployment, &set, newRevision: newRevision, exists: false)
    let created: ReplicaSet
    do {
      created = try cluster.api.create(set)
    } catch where error.code == 409 {
      // A ReplicaSet of that name with another template: bump the collision count and retry.
      if let clash = cluster.store.get(ReplicaSet.self, namespace: deployment.namespace, name: set.name),
        clash.metadata.controllerRef?.uid == deployment.metadata.uid,
        DeploymentUtil.equalIgnoringHash(clash.spec?.template, deployment.spec?.template)
      {
        return clash
      }
      var status = deployment.status ?? DeploymentStatus()
      status.collisionCount = (status.collisionCount ?? 0) &+ 1
      writeStatus(&deployment, status)
      return nil
    } catch {
      return nil
    }
    if count > 0 {
      recordScaling(deployment, "Scaled up replica set \(created.name) from 0 to \(count)")
    }
    setRevision(&deployment, String(newRevision))
    setProgressing(&deployment, reason: "NewReplicaSetCreated", message: "Created new replica set \"\(created.name)\"")
    return created
  }

  /// Records Progressing True with `reason` when the Deployment has a progress deadline.
  private func setProgressing(_ deployment: inout Deployment, reason: String, message: String) {
    guard let cluster, deployment.spec?.progressDeadlineSeconds != nil else { return }
    var status = deployment.status ?? DeploymentStatus()
    DeploymentUtil.setCondition(
      &status,
      DeploymentUtil.newCondition(type: "Progressing", status: "True", reason: reason, message: message, now: cluster.clock.now))
    writeStatus(&deployment, status)
  }

  // MARK: Writes

  /// Sets the Deployment's revision annotation when it differs (`SetDeploymentRevision`).
  private func setRevision(_ deployment: inout Deployment, _ revision: String) {
    guard let cluster, deployment.metadata.annotations?[DeploymentUtil.revisionAnnotation] != revision else { return }
    var copy = deployment
    copy.metadata.annotations = (copy.metadata.annotations ?? [:]).merging([DeploymentUtil.revisionAnnotation: revision]) { $1 }
    if let stored = try? cluster.api.update(copy) { deployment = stored }
  }

  /// Writes the status when it changed.
  func writeStatus(_ deployment: inout Deployment, _ status: DeploymentStatus) {
    guard let cluster, status != deployment.status else { return }
    var copy = deployment
    copy.status = status
    if let stored = try? cluster.api.updateStatus(copy) { deployment = stored }
  }

  func recordScaling(_ deployment: Deployment, _ message: String) {
    cluster?.api.recordEvent(about: deployment, reason: "ScalingReplicaSet", message: message, component: Self.component)
  }

  /// Scales a ReplicaSet and refreshes its replica annotations (`scaleReplicaSet`); an
  /// event is recorded when the size changed.
  @discardableResult
  func scale(_ set: ReplicaSet, to count: Int32, _ deployment: Deployment, operation: String) -> (Bool, ReplicaSet) {
    guard let cluster else { return (false, set) }
    let desired = DeploymentUtil.replicas(deployment)
    let maximum = desired + DeploymentUtil.maxSurge(deployment)
    let old = DeploymentUtil.replicas(set)
    let sizeChanged = old != count
    guard sizeChanged || DeploymentUtil.annotationsNeedUpdate(set, desired: desired, max: maximum) else {
      return (false, set)
    }
    var copy = set
    copy.spec?.replicas = count
    DeploymentUtil.setReplicasAnnotations(&copy, desired: desired, max: maximum)
    guard let stored = try? cluster.api.update(copy) else { return (false, set) }
    if sizeChanged { recordScaling(deployment, "Scaled \(operation) replica set \(stored.name) from \(old) to \(count)") }
    return (sizeChanged, stored)
  }

  /// `scaleReplicaSetAndRecordEvent`: scales only when the size differs.
  @discardableResult
  func scaleAndRecord(_ set: ReplicaSet, to count: Int32, _ deployment: Deployment) -> (Bool, ReplicaSet) {
    let current = DeploymentUtil.replicas(set)
    guard current != count else { return (false, set) }
    return scale(set, to: count, deployment, operation: current < count ? "up" : "down")
  }

  /// Deletes old ReplicaSets beyond `revisionHistoryLimit` that have no pods (`cleanupDeployment`).
  func cleanup(_ deployment: Deployment, oldSets: [ReplicaSet]) {
    guard let cluster, let limit = deployment.spec?.revisionHistoryLimit else { return }
    let cleanable = oldSets.filter { $0.metadata.deletionTimestamp == nil }
    let diff = cleanable.count - Int(limit)
    guard diff > 0 else { return }
    let byRevision = cleanable.sorted {
      let (a, b) = (DeploymentUtil.revision($0) ?? 0, DeploymentUtil.revision($1) ?? 0)
      return a != b ? a < b : createdBefore($0, $1)
    }
    for set in byRevision.prefix(diff) {
      if (set.status?.replicas ?? 0) != 0 || DeploymentUtil.replicas(set) != 0
        || (set.metadata.generation ?? 0) > (set.status?.observedGeneration ?? 0)
      {
        continue
      }
      _ = try? cluster.api.delete(ReplicaSet.self, namespace: set.namespace, name: set.name)
    }
  }
}
