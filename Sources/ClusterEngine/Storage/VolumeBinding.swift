import KubeModel

/// The scheduler's VolumeBinding check, for the scheduler to call: a pod whose claims
/// are missing, or not bound while their class binds immediately, cannot be placed yet.
/// Claims of a `WaitForFirstConsumer` class do not hold the pod back: placing it is what
/// lets the volume be made.
public enum VolumeBinding {
  /// upstream's reason when a claim must be bound before scheduling.
  public static let unboundImmediateReason = "pod has unbound immediate PersistentVolumeClaims"

  /// The pod's claims that are not bound although their class binds immediately (or the
  /// claim has no class), by name.
  public static func unboundClaims(for pod: Pod, store: ObjectStore) -> [String] {
    claimNames(pod).filter { name in
      guard let claim = store.get(PersistentVolumeClaim.self, namespace: pod.namespace, name: name) else { return false }
      guard claim.status?.phase != "Bound" else { return false }
      let className = claim.spec?.storageClassName ?? ""
      return className.isEmpty || store.get(StorageClass.self, name: className)?.volumeBindingMode != "WaitForFirstConsumer"
    }
  }

  /// Why the pod cannot be scheduled because of its volumes, as the scheduler's PreFilter
  /// says it (`persistentvolumeclaim "data" not found`, or the unbound reason), or nil.
  public static func unschedulableReason(for pod: Pod, store: ObjectStore) -> String? {
    for name in claimNames(pod) {
      guard let claim = store.get(PersistentVolumeClaim.self, namespace: pod.namespace, name: name) else {
        return "persistentvolumeclaim \"\(name)\" not found"
      }
      if claim.metadata.deletionTimestamp != nil { return "persistentvolumeclaim \"\(name)\" is being deleted" }
    }
    return unboundClaims(for: pod, store: store).isEmpty ? nil : unboundImmediateReason
  }

  static func claimNames(_ pod: Pod) -> [String] {
    (pod.spec?.volumes ?? []).compactMap { $0.persistentVolumeClaim?.claimName }
  }
}
