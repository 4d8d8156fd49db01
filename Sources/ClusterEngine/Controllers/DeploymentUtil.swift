import KubeModel

/// The helpers of upstream's `deployment/util` package: annotations, revisions,
/// surge/unavailable fenceposts, replica sums and conditions.
enum DeploymentUtil {
  static let revisionAnnotation = "deployment.kubernetes.io/revision"
  static let revisionHistoryAnnotation = "deployment.kubernetes.io/revision-history"
  static let desiredReplicasAnnotation = "deployment.kubernetes.io/desired-replicas"
  static let maxReplicasAnnotation = "deployment.kubernetes.io/max-replicas"
  static let changeCauseAnnotation = "kubernetes.io/change-cause"
  static let lastAppliedAnnotation = "kubectl.kubernetes.io/last-applied-configuration"
  static let rollbackToAnnotation = "deprecated.deployment.rollback.to"
  /// Annotations never copied between a Deployment and its ReplicaSets.
  static let skippedAnnotations: Set<String> = [
    lastAppliedAnnotation, revisionAnnotation, revisionHistoryAnnotation, desiredReplicasAnnotation,
    maxReplicasAnnotation, rollbackToAnnotation,
  ]
  static let maxRevisionHistoryLength = 2000

  // MARK: Fenceposts

  static func isRollingUpdate(_ deployment: Deployment) -> Bool {
    deployment.spec?.strategy?.type == "RollingUpdate"
  }

  static func replicas(_ deployment: Deployment) -> Int32 { deployment.spec?.replicas ?? 1 }

  static func replicas(_ set: ReplicaSet) -> Int32 { set.spec?.replicas ?? 0 }

  /// maxSurge rounded up and maxUnavailable rounded down; both zero makes unavailable 1
  /// (`ResolveFenceposts`).
  static func fenceposts(_ deployment: Deployment) -> (surge: Int32, unavailable: Int32) {
    let desired = Int(replicas(deployment))
    let rolling = deployment.spec?.strategy?.rollingUpdate
    let surge = scaled(rolling?.maxSurge, total: desired, roundUp: true)
    var unavailable = scaled(rolling?.maxUnavailable, total: desired, roundUp: false)
    if surge == 0 && unavailable == 0 { unavailable = 1 }
    return (Int32(surge), Int32(unavailable))
  }

  /// `value` (25% when unset) of `total`, rounded up or down; the default 25% is worked
  /// out without parsing it (nearly every Deployment has it, and every sync asks).
  static func scaled(_ value: IntOrString?, total: Int, roundUp: Bool) -> Int {
    switch value {
    case nil, .string("25%"): return roundUp ? (total * 25 + 99) / 100 : total * 25 / 100
    case let value?: return value.scaledValue(total: total, roundUp: roundUp) ?? 0
    }
  }

  static func maxSurge(_ deployment: Deployment) -> Int32 {
    isRollingUpdate(deployment) ? fenceposts(deployment).surge : 0
  }

  static func maxUnavailable(_ deployment: Deployment) -> Int32 {
    let desired = replicas(deployment)
    guard isRollingUpdate(deployment), desired != 0 else { return 0 }
    return min(fenceposts(deployment).unavailable, desired)
  }

  // MARK: Replica sums

  static func specReplicas(_ sets: [ReplicaSet]) -> Int32 { sets.reduce(0) { $0 + replicas($1) } }
  static func actualReplicas(_ sets: [ReplicaSet]) -> Int32 { sets.reduce(0) { $0 + ($1.status?.replicas ?? 0) } }
  static func readyReplicas(_ sets: [ReplicaSet]) -> Int32 { sets.reduce(0) { $0 + ($1.status?.readyReplicas ?? 0) } }
  static func availableReplicas(_ sets: [ReplicaSet]) -> Int32 {
    sets.reduce(0) { $0 + ($1.status?.availableReplicas ?? 0) }
  }

  /// The four replica sums of a Deployment's status, taken in one pass.
  struct ReplicaSums {
    /// Replicas the sets ask for (`GetReplicaCountForReplicaSets`).
    var spec: Int32 = 0
    /// Replicas the sets have (`GetActualReplicaCountForReplicaSets`).
    var actual: Int32 = 0
    var ready: Int32 = 0
    var available: Int32 = 0

    init(_ sets: [ReplicaSet]) {
      for set in sets { add(set) }
    }

    mutating func add(_ set: ReplicaSet) {
      spec += replicas(set)
      actual += set.status?.replicas ?? 0
      ready += set.status?.readyReplicas ?? 0
      available += set.status?.availableReplicas ?? 0
    }
  }

  /// ReplicaSets with replicas (`FilterActiveReplicaSets`).
  static func active(_ sets: [ReplicaSet]) -> [ReplicaSet] { sets.filter { replicas($0) > 0 } }

  // MARK: Revisions and templates

  static func revision(_ set: ReplicaSet) -> Int64? {
    set.metadata.annotations?[revisionAnnotation].flatMap { Int64($0) }
  }

  static func maxRevision(_ sets: [ReplicaSet]) -> Int64 { sets.compactMap(revision).max() ?? 0 }

  /// Templates equal once the `pod-template-hash` label is ignored (`EqualIgnoreHash`).
  /// Compared in place: no stripped copies of the label maps (this runs on every sync).
  static func equalIgnoringHash(_ a: PodTemplateSpec?, _ b: PodTemplateSpec?) -> Bool {
    guard a?.spec == b?.spec else { return false }
    var metadataA = a?.metadata ?? ObjectMeta()
    var metadataB = b?.metadata ?? ObjectMeta()
    let labelsA = metadataA.labels ?? [:]
    let labelsB = metadataB.labels ?? [:]
    metadataA.labels = nil
    metadataB.labels = nil
    return metadataA == metadataB && labelsEqualIgnoringHash(labelsA, labelsB)
  }

  /// Label maps equal once the `pod-template-hash` label is ignored.
  static func labelsEqualIgnoringHash(_ a: [String: String], _ b: [String: String]) -> Bool {
    let countA = a.count - (a[podTemplateHashLabel] == nil ? 0 : 1)
    let countB = b.count - (b[podTemplateHashLabel] == nil ? 0 : 1)
    guard countA == countB else { return false }
    for (key, value) in a where key != podTemplateHashLabel {
      guard b[key] == value else { return false }
    }
    return true
  }

  /// The oldest ReplicaSet whose template matches the Deployment's (`FindNewReplicaSet`).
  /// `matches` says whether a set's template is the Deployment's, ignoring the hash label.
  static func newReplicaSet(_ deployment: Deployment, in sets: [ReplicaSet], matches: (ReplicaSet) -> Bool) -> ReplicaSet? {
    // Most Deployments own one ReplicaSet between rollouts: no sorted copy to make.
    if sets.count == 1 {
      return matches(sets[0]) ? sets[0] : nil
    }
    return sets.sorted(by: createdBefore).first(where: matches)
  }

  /// Sets the desired/max replica annotations; true when they changed.
  @discardableResult
  static func setReplicasAnnotations(_ set: inout ReplicaSet, desired: Int32, max: Int32) -> Bool {
    var annotations = set.metadata.annotations ?? [:]
    let changed = annotations[desiredReplicasAnnotation] != String(desired) || annotations[maxReplicasAnnotation] != String(max)
    annotations[desiredReplicasAnnotation] = String(desired)
    annotations[maxReplicasAnnotation] = String(max)
    set.metadata.annotations = annotations
    return changed
  }

  static func annotationsNeedUpdate(_ set: ReplicaSet, desired: Int32, max: Int32) -> Bool {
    let annotations = set.metadata.annotations ?? [:]
    return annotations[desiredReplicasAnnotation] != String(desired) || annotations[maxReplicasAnnotation] != String(max)
  }

  /// Copies the Deployment's annotations and sets the revision (`SetNewReplicaSetAnnotations`);
  /// an older revision moves into `revision-history`. True when anything changed.
  static func setNewReplicaSetAnnotations(
    _ deployment: Deployment, _ set: inout ReplicaSet, newRevision: Int64, exists: Bool
  ) -> Bool {
    var changed = false
    var annotations = set.metadata.annotations ?? [:]
    for (key, value) in deployment.metadata.annotations ?? [:] where !skippedAnnotations.contains(key) {
      if annotations[key] != value {
        annotations[key] = value
        changed = true
      }
    }
    let oldText = annotations[revisionAnnotation]
    let oldRevision = oldText.flatMap { Int64($0) }
    if oldText != nil && oldRevision == nil {
      set.metadata.annotations = annotations
      return changed
    }
    if (oldRevision ?? 0) < newRevision {
      annotations[revisionAnnotation] = String(newRevision)
      changed = true
      if let oldText {
        let history = annotations[revisionHistoryAnnotation] ?? ""
        if history.isEmpty {
          annotations[revisionHistoryAnnotation] = oldText
        } else {
          var revisions = history.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
          var total = history.count + oldText.count + 1
          while total > maxRevisionHistoryLength, !revisions.isEmpty {
            total -= revisions.removeFirst().count + 1
          }
          if total <= maxRevisionHistoryLength {
            annotations[revisionHistoryAnnotation] = (revisions + [oldText]).joined(separator: ",")
          }
        }
      }
    }
    set.metadata.annotations = annotations
    if !exists {
      let desired = replicas(deployment)
      if setReplicasAnnotations(&set, desired: desired, max: desired + maxSurge(deployment)) { changed = true }
    }
    return changed
  }

  // MARK: Conditions

  static func condition(_ status: DeploymentStatus?, _ type: String) -> DeploymentCondition? {
    status?.conditions?.first { $0.type == type }
  }

  /// Whether the status has a condition of `type` (read in place, no copy of it).
  static func hasCondition(_ status: DeploymentStatus?, _ type: String) -> Bool {
    status?.conditions?.contains { $0.type == type } == true
  }

  static func newCondition(type: String, status: String, reason: String, message: String, now: Time) -> DeploymentCondition {
    var condition = DeploymentCondition()
    condition.type = type
    condition.status = status
    condition.reason = reason
    condition.message = message
    condition.lastUpdateTime = now
    condition.lastTransitionTime = now
    return condition
  }

  /// Sets a condition unless one with the same status and reason exists; keeps the
  /// transition time when only the reason changes (`SetDeploymentCondition`). The current
  /// condition is compared in place (most syncs find it already set).
  static func setCondition(_ status: inout DeploymentStatus, _ condition: DeploymentCondition) {
    var condition = condition
    let type = condition.type ?? ""
    if let conditions = status.conditions, let index = conditions.firstIndex(where: { $0.type == type }),
      conditions[index].status == condition.status
    {
      if conditions[index].reason == condition.reason { return }
      condition.lastTransitionTime = conditions[index].lastTransitionTime
    }
    var conditions = status.conditions ?? []
    status.conditions = nil
    conditions.removeAll { $0.type == condition.type }
    conditions.append(condition)
    status.conditions = conditions
  }

  /// Removes the conditions of `type`; an empty list becomes nil. A list without one is
  /// left as it is (most syncs have no ReplicaFailure to remove).
  static func removeCondition(_ status: inout DeploymentStatus, _ type: String) {
    guard let conditions = status.conditions, conditions.contains(where: { $0.type == type }) else {
      if status.conditions?.isEmpty == true { status.conditions = nil }
      return
    }
    let remaining = conditions.filter { $0.type != type }
    status.conditions = remaining.isEmpty ? nil : remaining
  }

  /// Every new replica updated and available, nothing old left (`DeploymentComplete`).
  static func isComplete(_ deployment: Deployment, _ status: DeploymentStatus?) -> Bool {
    let desired = replicas(deployment)
    return (status?.updatedReplicas ?? 0) == desired && (status?.replicas ?? 0) == desired
      && (status?.availableReplicas ?? 0) == desired
      && (status?.observedGeneration ?? 0) >= (deployment.metadata.generation ?? 0)
  }

  static let timedOutReason = "ProgressDeadlineExceeded"
  static let newRSAvailableReason = "NewReplicaSetAvailable"
}

/// Remembers, per ReplicaSet, whether its template is its Deployment's
/// (`DeploymentUtil.equalIgnoringHash`): every sync asks, and between rollouts neither
/// template changes. An answer is reused only while both templates are equal to those it
/// was computed for (the same storage, most often, which compares at once).
struct TemplateMatchMemo {
  private var entries: [ObjectKey: (set: PodTemplateSpec?, deployment: PodTemplateSpec?, equal: Bool)] = [:]

  /// `DeploymentUtil.equalIgnoringHash` of the set's and the Deployment's templates.
  mutating func matches(_ set: ReplicaSet, _ deployment: Deployment) -> Bool {
    let setTemplate = set.spec?.template
    let deploymentTemplate = deployment.spec?.template
    let key = set.key
    if let entry = entries[key], entry.set == setTemplate, entry.deployment == deploymentTemplate { return entry.equal }
    let equal = DeploymentUtil.equalIgnoringHash(setTemplate, deploymentTemplate)
    entries[key] = (setTemplate, deploymentTemplate, equal)
    return equal
  }

  /// Forgets the ReplicaSet at `key` (it was deleted).
  mutating func remove(_ key: ObjectKey) { entries[key] = nil }

  /// How many answers are kept.
  var count: Int { entries.count }
}
