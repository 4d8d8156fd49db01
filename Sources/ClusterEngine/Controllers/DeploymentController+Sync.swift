import Foundation
import KubeModel

/// Scaling, pause, status and progress conditions (upstream's `sync.go` and `progress.go`).
extension DeploymentController {
  /// Sets Progressing Unknown `DeploymentPaused` / `DeploymentResumed` as the pause changes.
  func checkPausedConditions(_ deployment: inout Deployment) {
    guard let cluster, deployment.spec?.progressDeadlineSeconds != nil else { return }
    // The Progressing reason is read in place, and the status copied only to change it.
    let reason = deployment.status?.conditions?.first { $0.type == "Progressing" }?.reason
    if reason == DeploymentUtil.timedOutReason { return }
    let pausedExists = reason == "DeploymentPaused"
    let paused = deployment.spec?.paused == true
    if paused == pausedExists { return }
    var status = deployment.status ?? DeploymentStatus()
    if paused {
      DeploymentUtil.setCondition(
        &status,
        DeploymentUtil.newCondition(
          type: "Progressing", status: "Unknown", reason: "DeploymentPaused", message: "Deployment is paused",
          now: cluster.clock.now))
    } else {
      DeploymentUtil.setCondition(
        &status,
        DeploymentUtil.newCondition(
          type: "Progressing", status: "Unknown", reason: "DeploymentResumed", message: "Deployment is resumed",
          now: cluster.clock.now))
    }
    writeStatus(&deployment, status)
  }

  /// Whether an active ReplicaSet was sized for another replica count (`isScalingEvent`).
  func isScalingEvent(_ deployment: inout Deployment, _ sets: [ReplicaSet]) -> Bool {
    let (newSet, oldSets) = allReplicaSets(&deployment, sets, create: false)
    let desired = DeploymentUtil.replicas(deployment)
    // The active ReplicaSets, read in place (the answer does not depend on their order).
    func sizedForOtherCount(_ set: ReplicaSet) -> Bool {
      guard DeploymentUtil.replicas(set) > 0,
        let annotated = set.metadata.annotations?[DeploymentUtil.desiredReplicasAnnotation].flatMap({ Int32($0) })
      else { return false }
      return annotated != desired
    }
    if let newSet, sizedForOtherCount(newSet) { return true }
    return oldSets.contains(where: sizedForOtherCount)
  }

  /// Scales without rolling out (paused deployments and scaling events).
  func sync(_ deployment: inout Deployment, _ sets: [ReplicaSet]) {
    let (newSet, oldSets) = allReplicaSets(&deployment, sets, create: false)
    let (scaledNew, scaledOld) = scale(deployment, newSet: newSet, oldSets: oldSets)
    if deployment.spec?.paused == true { cleanup(deployment, oldSets: scaledOld) }
    syncDeploymentStatus(&deployment, oldSets: scaledOld, newSet: scaledNew)
  }

  /// Proportional scaling: spreads a change of replicas over the active ReplicaSets by
  /// their share of the old size, leftovers to the largest (`scale` in `sync.go`).
  private func scale(_ deployment: Deployment, newSet: ReplicaSet?, oldSets: [ReplicaSet]) -> (ReplicaSet?, [ReplicaSet]) {
    var newSet = newSet
    var oldSets = oldSets
    func store(_ set: ReplicaSet) {
      if set.metadata.uid == newSet?.metadata.uid {
        newSet = set
      } else if let index = oldSets.firstIndex(where: { $0.metadata.uid == set.metadata.uid }) {
        oldSets[index] = set
      }
    }
    let desired = DeploymentUtil.replicas(deployment)
    if let single = activeOrLatest(newSet: newSet, oldSets: oldSets) {
      if DeploymentUtil.replicas(single) != desired { store(scaleAndRecord(single, to: desired, deployment).1) }
      return (newSet, oldSets)
    }
    if let newSet, isSaturated(deployment, newSet) {
      for set in DeploymentUtil.active(oldSets) { store(scaleAndRecord(set, to: 0, deployment).1) }
      return (newSet, oldSets)
    }
    guard DeploymentUtil.isRollingUpdate(deployment) else { return (newSet, oldSets) }
    var all = DeploymentUtil.active(oldSets + [newSet].compactMap { $0 })
    let allowed = desired > 0 ? desired + DeploymentUtil.maxSurge(deployment) : 0
    let toAdd = allowed - DeploymentUtil.specReplicas(all)
    var operation = ""
    if toAdd > 0 {
      all.sort { DeploymentUtil.replicas($0) != DeploymentUtil.replicas($1) ? DeploymentUtil.replicas($0) > DeploymentUtil.replicas($1) : createdBefore($1, $0) }
      operation = "up"
    } else if toAdd < 0 {
      all.sort { DeploymentUtil.replicas($0) != DeploymentUtil.replicas($1) ? DeploymentUtil.replicas($0) > DeploymentUtil.replicas($1) : createdBefore($0, $1) }
      operation = "down"
    }
    var added: Int32 = 0
    var sizes: [Int32] = []
    for set in all {
      if toAdd != 0 {
        let proportion = self.proportion(set, deployment, toAdd: toAdd, added: added)
        sizes.append(DeploymentUtil.replicas(set) + proportion)
        added += proportion
      } else {
        sizes.append(DeploymentUtil.replicas(set))
      }
    }
    for (index, set) in all.enumerated() {
      if index == 0 && toAdd != 0 { sizes[0] = max(sizes[0] + toAdd - added, 0) }
      store(self.scale(set, to: sizes[index], deployment, operation: operation).1)
    }
    return (newSet, oldSets)
  }

  /// The share of `toAdd` a ReplicaSet gets (`GetProportion`).
  private func proportion(_ set: ReplicaSet, _ deployment: Deployment, toAdd: Int32, added: Int32) -> Int32 {
    let replicas = DeploymentUtil.replicas(set)
    if replicas == 0 || toAdd == 0 || toAdd == added { return 0 }
    let fraction: Int32
    let desired = DeploymentUtil.replicas(deployment)
    if desired == 0 {
      fraction = -replicas
    } else {
      let total = desired + DeploymentUtil.maxSurge(deployment)
      let annotated = set.metadata.annotations?[DeploymentUtil.maxReplicasAnnotation].flatMap { Int32($0) }
        ?? (deployment.status?.replicas ?? 0)
      let size = annotated == 0 ? 0 : (Double(replicas) * Double(total) / Double(annotated)).rounded()
      fraction = Int32(size) - replicas
    }
    let allowed = toAdd - added
    return toAdd > 0 ? min(fraction, allowed) : max(fraction, allowed)
  }

  /// The only active ReplicaSet, or the newest when none is active (`FindActiveOrLatest`).
  private func activeOrLatest(newSet: ReplicaSet?, oldSets: [ReplicaSet]) -> ReplicaSet? {
    if newSet == nil && oldSets.isEmpty { return nil }
    let olds = oldSets.sorted { createdBefore($1, $0) }
    let active = DeploymentUtil.active(olds + [newSet].compactMap { $0 })
    switch active.count {
    case 0: return newSet ?? olds.first
    case 1: return active[0]
    default: return nil
    }
  }

  private func isSaturated(_ deployment: Deployment, _ set: ReplicaSet) -> Bool {
    let desired = DeploymentUtil.replicas(deployment)
    guard let annotated = set.metadata.annotations?[DeploymentUtil.desiredReplicasAnnotation].flatMap({ Int32($0) })
    else { return false }
    return DeploymentUtil.replicas(set) == desired && annotated == desired && (set.status?.availableReplicas ?? 0) == desired
  }

  // MARK: Status

  /// The status computed from the ReplicaSets, with the Available condition (`calculateStatus`):
  /// the old ReplicaSets and the new one, summed in one pass without joining them.
  private func calculateStatus(_ deployment: Deployment, oldSets: [ReplicaSet], newSet: ReplicaSet?) -> DeploymentStatus {
    var sums = DeploymentUtil.ReplicaSums(oldSets)
    if let newSet { sums.add(newSet) }
    let available = sums.available
    let unavailable = max(sums.spec - available, 0)
    var status = DeploymentStatus()
    status.observedGeneration = deployment.metadata.generation
    status.replicas = omitZero(Int(sums.actual))
    status.updatedReplicas = omitZero(Int(newSet?.status?.replicas ?? 0))
    status.readyReplicas = omitZero(Int(sums.ready))
    status.availableReplicas = omitZero(Int(available))
    status.unavailableReplicas = omitZero(Int(unavailable))
    if let old = deployment.status {
      status.collisionCount = old.collisionCount
      status.conditions = old.conditions
    }
    let now = cluster?.clock.now ?? Time(seconds: 0)
    if available >= DeploymentUtil.replicas(deployment) - DeploymentUtil.maxUnavailable(deployment) {
      DeploymentUtil.setCondition(
        &status,
        DeploymentUtil.newCondition(
          type: "Available", status: "True", reason: "MinimumReplicasAvailable",
          message: "Deployment has minimum availability.", now: now))
    } else {
      DeploymentUtil.setCondition(
        &status,
        DeploymentUtil.newCondition(
          type: "Available", status: "False", reason: "MinimumReplicasUnavailable",
          message: "Deployment does not have minimum availability.", now: now))
    }
    return status
  }

  /// Writes the status computed from the old ReplicaSets and the new one (`syncDeploymentStatus`).
  func syncDeploymentStatus(_ deployment: inout Deployment, oldSets: [ReplicaSet], newSet: ReplicaSet?) {
    writeStatus(&deployment, calculateStatus(deployment, oldSets: oldSets, newSet: newSet))
  }

  /// The status with the Progressing condition updated, and a progress check scheduled
  /// while the rollout is under way (`syncRolloutStatus`).
  func syncRolloutStatus(_ deployment: inout Deployment, oldSets: [ReplicaSet], newSet: ReplicaSet?) {
    guard let cluster else { return }
    var status = calculateStatus(deployment, oldSets: oldSets, newSet: newSet)
    let hasDeadline = deployment.spec?.progressDeadlineSeconds != nil
    if !hasDeadline { DeploymentUtil.removeCondition(&status, "Progressing") }
    let current = DeploymentUtil.condition(deployment.status, "Progressing")
    let completeAlready = status.replicas == status.updatedReplicas && current?.reason == DeploymentUtil.newRSAvailableReason
    let now = cluster.clock.now
    if hasDeadline && !completeAlready {
      // Built only for the branch that writes a condition (most syncs write none).
      var name: String { newSet.map { "ReplicaSet \"\($0.name)\"" } ?? "Deployment \"\(deployment.name)\"" }
      if DeploymentUtil.isComplete(deployment, status) {
        DeploymentUtil.setCondition(
          &status,
          DeploymentUtil.newCondition(
            type: "Progressing", status: "True", reason: DeploymentUtil.newRSAvailableReason,
            message: "\(name) has successfully progressed.", now: now))
      } else if isProgressing(deployment, status) {
        // Most syncs of a rollout find the condition already saying this: its text is reused.
        let message = newSet.flatMap { Self.progressingMessage(current, newSetName: $0.name) } ?? "\(name) is progressing."
        var condition = DeploymentUtil.newCondition(
          type: "Progressing", status: "True", reason: "ReplicaSetUpdated", message: message, now: now)
        if let current {
          if current.status == "True" { condition.lastTransitionTime = current.lastTransitionTime }
          DeploymentUtil.removeCondition(&status, "Progressing")
        }
        DeploymentUtil.setCondition(&status, condition)
      } else if timedOut(deployment, status) {
        DeploymentUtil.setCondition(
          &status,
          DeploymentUtil.newCondition(
            type: "Progressing", status: "False", reason: DeploymentUtil.timedOutReason,
            message: "\(name) has timed out progressing.", now: now))
      }
    }
    // Failures of the new ReplicaSet, else of an old one, become ReplicaFailure (`getReplicaFailures`).
    func replicaFailure(_ set: ReplicaSet) -> DeploymentCondition? {
      set.status?.conditions?.first { $0.type == "ReplicaFailure" }
    }
    // The new set comes last in upstream's list of all sets, and is asked first anyway.
    let failing = newSet.flatMap(replicaFailure) ?? oldSets.lazy.compactMap(replicaFailure).first
    if let failing {
      var condition = failing
      condition.lastUpdateTime = failing.lastTransitionTime
      DeploymentUtil.setCondition(&status, condition)
    } else {
      DeploymentUtil.removeCondition(&status, "ReplicaFailure")
    }
    if status == deployment.status {
      requeueStuck(deployment, status)
      return
    }
    writeStatus(&deployment, status)
    noteQuietStatusWrite(deployment, status, oldSets: oldSets)
  }

  /// The message of `current` when it is the text `syncRolloutStatus` writes while the new
  /// ReplicaSet `newSetName` progresses (`ReplicaSet "<name>" is progressing.`), compared
  /// over the contiguous UTF-8 bytes so that the text is not built again on every sync
  /// (an earlier comparison through the strings' views cost more than building it).
  static func progressingMessage(_ current: DeploymentCondition?, newSetName: String) -> String? {
    guard let message = current?.message else { return nil }
    let prefix: StaticString = #"ReplicaSet ""#
    let suffix: StaticString = #"" is progressing."#
    let same = message.utf8.withContiguousStorageIfAvailable { bytes in
      newSetName.utf8.withContiguousStorageIfAvailable { name in
        let head = UnsafeBufferPointer(start: prefix.utf8Start, count: prefix.utf8CodeUnitCount)
        let tail = UnsafeBufferPointer(start: suffix.utf8Start, count: suffix.utf8CodeUnitCount)
        guard bytes.count == head.count + name.count + tail.count else { return false }
        return bytes[..<head.count].elementsEqual(head) && bytes[head.count..<(head.count + name.count)].elementsEqual(name)
          && bytes[(head.count + name.count)...].elementsEqual(tail)
      }
    }
    return (same ?? nil) == true ? message : nil
  }

  /// Remembers the status write just made, when a sync of its echo would write nothing and
  /// schedule nothing: the only write of a RollingUpdate sync without old ReplicaSets, whose
  /// status was stored as computed. Such a sync reads the same ReplicaSets, and with the
  /// written status as the old one finds no progress, no timeout and nothing to clean up,
  /// so it computes the same status and ends in `requeueStuck`, asked here beforehand.
  /// (Every Deployment sync that writes a status is followed by its echo's sync otherwise.)
  private func noteQuietStatusWrite(_ deployment: Deployment, _ status: DeploymentStatus, oldSets: [ReplicaSet]) {
    guard let cluster, oldSets.isEmpty, deployment.status == status, cluster.store.revision == syncStartRevision + 1,
      deployment.spec?.paused != true, deployment.spec?.strategy?.type != "Recreate",
      deployment.metadata.deletionTimestamp == nil, progressCheckDue(deployment, status) == nil,
      let version = deployment.metadata.resourceVersion
    else { return }
    ownStatusWrites[deployment.key] = version
  }

  /// Any sign of progress since the last status (`DeploymentProgressing`).
  private func isProgressing(_ deployment: Deployment, _ status: DeploymentStatus) -> Bool {
    let old = deployment.status
    let oldOld = (old?.replicas ?? 0) - (old?.updatedReplicas ?? 0)
    let newOld = (status.replicas ?? 0) - (status.updatedReplicas ?? 0)
    return (status.updatedReplicas ?? 0) > (old?.updatedReplicas ?? 0) || newOld < oldOld
      || (status.readyReplicas ?? 0) > (old?.readyReplicas ?? 0)
      || (status.availableReplicas ?? 0) > (old?.availableReplicas ?? 0)
  }

  /// No progress reported within progressDeadlineSeconds (`DeploymentTimedOut`).
  private func timedOut(_ deployment: Deployment, _ status: DeploymentStatus) -> Bool {
    guard let cluster, let deadline = deployment.spec?.progressDeadlineSeconds,
      let condition = DeploymentUtil.condition(status, "Progressing")
    else { return false }
    if condition.reason == DeploymentUtil.newRSAvailableReason { return false }
    if condition.reason == DeploymentUtil.timedOutReason { return true }
    let from = (condition.lastUpdateTime?.seconds ?? 0) * 1_000_000
    return from + Int64(deadline) * 1_000_000 < cluster.nowMicros
  }

  /// When `requeueStuck` would schedule a progress check, or nil when it would schedule none
  /// (no deadline, complete or timed out, or an earlier check already pending).
  private func progressCheckDue(_ deployment: Deployment, _ status: DeploymentStatus) -> Int64? {
    guard let cluster, let deadline = deployment.spec?.progressDeadlineSeconds,
      let current = DeploymentUtil.condition(deployment.status, "Progressing")
    else { return nil }
    if DeploymentUtil.isComplete(deployment, status) || current.reason == DeploymentUtil.timedOutReason { return nil }
    let due = max(
      ((current.lastUpdateTime?.seconds ?? 0) + Int64(deadline) + 1) * 1_000_000, cluster.nowMicros + 1_000_000)
    if let scheduled = progressChecks[deployment.key], scheduled <= due, scheduled > cluster.nowMicros { return nil }
    return due
  }

  /// Schedules a sync for when the rollout would time out (`requeueStuckDeployment`).
  private func requeueStuck(_ deployment: Deployment, _ status: DeploymentStatus) {
    guard let cluster, let due = progressCheckDue(deployment, status) else { return }
    let key = deployment.key
    progressChecks[key] = due
    cluster.schedule(atEpochMicros: due) { [unowned self] _ in
      if self.progressChecks[key] == due { self.progressChecks[key] = nil }
      self.queue.add(key)
    }
  }
}
