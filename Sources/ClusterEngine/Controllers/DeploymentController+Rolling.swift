import KubeModel

/// The RollingUpdate and Recreate strategies, with upstream's arithmetic (`rolling.go`,
/// `recreate.go`).
extension DeploymentController {
  func rolloutRolling(_ deployment: inout Deployment, _ sets: [ReplicaSet]) {
    let (created, oldSets) = allReplicaSets(&deployment, sets, create: true)
    guard var newSet = created else { return }
    // A new ReplicaSet already at the desired size (most syncs) is left as it is.
    if DeploymentUtil.replicas(newSet) != DeploymentUtil.replicas(deployment) {
      let (scaledUp, updatedNew) = reconcileNewReplicaSet(all: oldSets + [newSet], newSet: newSet, deployment)
      newSet = updatedNew
      if scaledUp {
        syncRolloutStatus(&deployment, oldSets: oldSets, newSet: newSet)
        return
      }
    }
    // Without old ReplicaSets there is nothing to scale down.
    var scaledDown = false
    var olds = oldSets
    if !oldSets.isEmpty {
      let (scaled, updatedOld) = reconcileOldReplicaSets(
        all: oldSets + [newSet], oldSets: DeploymentUtil.active(oldSets), newSet: newSet, deployment)
      scaledDown = scaled
      olds = oldSets.map { set in updatedOld.first { $0.metadata.uid == set.metadata.uid } ?? set }
    }
    if scaledDown {
      syncRolloutStatus(&deployment, oldSets: olds, newSet: newSet)
      return
    }
    if DeploymentUtil.isComplete(deployment, deployment.status) { cleanup(deployment, oldSets: olds) }
    syncRolloutStatus(&deployment, oldSets: olds, newSet: newSet)
  }

  /// Scales the new ReplicaSet up within maxSurge (or down to the desired count).
  private func reconcileNewReplicaSet(all: [ReplicaSet], newSet: ReplicaSet, _ deployment: Deployment) -> (Bool, ReplicaSet) {
    let desired = DeploymentUtil.replicas(deployment)
    let current = DeploymentUtil.replicas(newSet)
    if current == desired { return (false, newSet) }
    if current > desired { return scale(newSet, to: desired, deployment, operation: "down") }
    return scaleAndRecord(newSet, to: newReplicaSetReplicas(deployment, all: all, newSet: newSet), deployment)
  }

  /// How many replicas the new ReplicaSet may have now (`NewRSNewReplicas`).
  func newReplicaSetReplicas(_ deployment: Deployment, all: [ReplicaSet], newSet: ReplicaSet) -> Int32 {
    let desired = DeploymentUtil.replicas(deployment)
    guard DeploymentUtil.isRollingUpdate(deployment) else { return desired }
    let current = DeploymentUtil.specReplicas(all)
    let maxTotal = desired + DeploymentUtil.maxSurge(deployment)
    if current >= maxTotal { return DeploymentUtil.replicas(newSet) }
    let scaleUp = min(maxTotal - current, desired - DeploymentUtil.replicas(newSet))
    return DeploymentUtil.replicas(newSet) + scaleUp
  }

  /// Scales old ReplicaSets down as far as maxUnavailable allows, unhealthy replicas first.
  private func reconcileOldReplicaSets(
    all: [ReplicaSet], oldSets: [ReplicaSet], newSet: ReplicaSet, _ deployment: Deployment
  ) -> (Bool, [ReplicaSet]) {
    guard DeploymentUtil.specReplicas(oldSets) > 0 else { return (false, oldSets) }
    let allPods = DeploymentUtil.specReplicas(all)
    let minAvailable = DeploymentUtil.replicas(deployment) - DeploymentUtil.maxUnavailable(deployment)
    let newUnavailable = DeploymentUtil.replicas(newSet) - (newSet.status?.availableReplicas ?? 0)
    let maxScaledDown = allPods - minAvailable - newUnavailable
    guard maxScaledDown > 0 else { return (false, oldSets) }
    var (olds, cleaned) = cleanupUnhealthyReplicas(oldSets, deployment, maxCleanup: maxScaledDown)
    let scaledDown = scaleDownOldReplicaSetsForRollingUpdate(all: olds + [newSet], oldSets: &olds, deployment)
    return (cleaned + scaledDown > 0, olds)
  }

  /// Scales old ReplicaSets down by their unavailable replicas, oldest first.
  private func cleanupUnhealthyReplicas(
    _ oldSets: [ReplicaSet], _ deployment: Deployment, maxCleanup: Int32
  ) -> ([ReplicaSet], Int32) {
    var olds = oldSets.sorted(by: createdBefore)
    var total: Int32 = 0
    for index in olds.indices {
      if total >= maxCleanup { break }
      let set = olds[index]
      let replicas = DeploymentUtil.replicas(set)
      let available = set.status?.availableReplicas ?? 0
      if replicas == 0 || replicas == available { continue }
      let count = min(maxCleanup - total, replicas - available)
      olds[index] = scaleAndRecord(set, to: replicas - count, deployment).1
      total += count
    }
    return (olds, total)
  }

  /// Scales old ReplicaSets down while more than the minimum is available, oldest first.
  private func scaleDownOldReplicaSetsForRollingUpdate(
    all: [ReplicaSet], oldSets: inout [ReplicaSet], _ deployment: Deployment
  ) -> Int32 {
    let minAvailable = DeploymentUtil.replicas(deployment) - DeploymentUtil.maxUnavailable(deployment)
    let available = DeploymentUtil.availableReplicas(all)
    guard available > minAvailable else { return 0 }
    oldSets.sort(by: createdBefore)
    let target = available - minAvailable
    var total: Int32 = 0
    for index in oldSets.indices {
      if total >= target { break }
      let set = oldSets[index]
      let replicas = DeploymentUtil.replicas(set)
      if replicas == 0 { continue }
      let count = min(replicas, target - total)
      oldSets[index] = scaleAndRecord(set, to: replicas - count, deployment).1
      total += count
    }
    return total
  }

  // MARK: Recreate

  func rolloutRecreate(_ deployment: inout Deployment, _ sets: [ReplicaSet]) {
    var (newSet, oldSets) = allReplicaSets(&deployment, sets, create: false)
    var scaledDown = false
    for index in oldSets.indices where DeploymentUtil.replicas(oldSets[index]) != 0 {
      let (scaled, stored) = scaleAndRecord(oldSets[index], to: 0, deployment)
      oldSets[index] = stored
      scaledDown = scaledDown || scaled
    }
    if scaledDown || oldPodsRunning(newSet: newSet, oldSets: oldSets) {
      syncRolloutStatus(&deployment, oldSets: oldSets, newSet: newSet)
      return
    }
    if newSet == nil { (newSet, oldSets) = allReplicaSets(&deployment, sets, create: true) }
    if let set = newSet { newSet = scaleAndRecord(set, to: DeploymentUtil.replicas(deployment), deployment).1 }
    if DeploymentUtil.isComplete(deployment, deployment.status) { cleanup(deployment, oldSets: oldSets) }
    syncRolloutStatus(&deployment, oldSets: oldSets, newSet: newSet)
  }

  /// Whether any pod of an old ReplicaSet still exists and has not finished.
  private func oldPodsRunning(newSet: ReplicaSet?, oldSets: [ReplicaSet]) -> Bool {
    guard let cluster else { return false }
    if DeploymentUtil.actualReplicas(oldSets) > 0 { return true }
    for set in oldSets {
      guard let uid = set.metadata.uid else { continue }
      for key in cluster.store.keys(Pod.self, index: podControllerIndex, value: uid) {
        let phase = cluster.store.get(Pod.self, key)?.status?.phase
        if phase != "Failed" && phase != "Succeeded" { return true }
      }
    }
    return false
  }
}
