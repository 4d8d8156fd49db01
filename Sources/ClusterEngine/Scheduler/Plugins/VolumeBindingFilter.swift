import KubeModel

/// The VolumeBinding plugin's PreFilter: a pod whose PersistentVolumeClaim is missing, or
/// unbound while its class binds immediately, is rejected before any node is looked at
/// (`UnschedulableAndUnresolvable`), so preemption cannot help either. The claims and their
/// binding rules are `VolumeBinding`'s; a claim or volume event retries such pods.
extension Scheduler {
  /// The cycle's outcome when VolumeBinding rejects the pod, or nil to go on filtering:
  /// `0/N nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption:
  /// 0/N nodes are available: N Preemption is not helpful for scheduling..`
  func volumeBindingPreFilter(_ info: PodInfo) -> SchedulingAlgorithm.Outcome? {
    guard let store = cluster?.store, let pod = queue.entries[info.key]?.pod.object,
      pod.spec?.volumes?.contains(where: { $0.persistentVolumeClaim != nil }) == true
    else { return nil }
    let count = cache.nodeOrder.count
    guard count > 0, let reason = VolumeBinding.unschedulableReason(for: pod, store: store) else { return nil }
    var outcome = SchedulingAlgorithm.Outcome(numAllNodes: count)
    outcome.filterMessage = "0/\(count) nodes are available: \(reason)"
    outcome.postFilterMessage = SchedulingAlgorithm.postFilterMessage(numAllNodes: count, [SchedulingAlgorithm.notHelpful: count])
    outcome.rejectors = [.volumeBinding]
    return outcome
  }
}
