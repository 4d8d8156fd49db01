import KubeModel

/// The StorageObjectInUseProtection admission plugin with kube-controller-manager's
/// pvc-protection and pv-protection controllers.
///
/// Every claim is created with the `kubernetes.io/pvc-protection` finalizer and every
/// volume with `kubernetes.io/pv-protection`. A claim that is deleted stays `Terminating`
/// while a scheduled pod still names it, and goes once none does; a volume that is deleted
/// stays while it is Bound. So `kubectl delete pvc` on a claim in use waits, as on a real
/// cluster, instead of pulling storage from under a running pod.
public final class StorageProtectionController: ClusterComponent, AdmissionPlugin {
  static let claimFinalizer = "kubernetes.io/pvc-protection"
  static let volumeFinalizer = "kubernetes.io/pv-protection"

  private unowned var cluster: Cluster?
  /// Claims and volumes being deleted that may be free to go.
  private var claims: Set<ObjectKey> = []
  private var volumes: Set<ObjectKey> = []

  public init() {}

  public func attach(to cluster: Cluster) {
    self.cluster = cluster
    cluster.api.admissionPlugins.append(self)
    for claim in cluster.store.all(PersistentVolumeClaim.self) where claim.metadata.deletionTimestamp != nil {
      claims.insert(ObjectKey(of: claim))
    }
    for volume in cluster.store.all(PersistentVolume.self) where volume.metadata.deletionTimestamp != nil {
      volumes.insert(ObjectKey(of: volume))
    }
  }

  // MARK: Admission

  public func admit<T: KubeObject>(_ object: inout T, old: T?, dryRun: Bool) throws(Status) {
    // The kind first (see `JobController.admit`).
    guard T.self == PersistentVolumeClaim.self || T.self == PersistentVolume.self, old == nil else { return }
    if var claim = exactly(object, as: PersistentVolumeClaim.self) {
      Self.add(Self.claimFinalizer, to: &claim.metadata)
      if let typed = exactly(claim, as: T.self) { object = typed }
    } else if var volume = exactly(object, as: PersistentVolume.self) {
      Self.add(Self.volumeFinalizer, to: &volume.metadata)
      if let typed = exactly(volume, as: T.self) { object = typed }
    }
  }

  private static func add(_ finalizer: String, to metadata: inout ObjectMeta) {
    let finalizers = metadata.finalizers ?? []
    if !finalizers.contains(finalizer) { metadata.finalizers = finalizers + [finalizer] }
  }

  // MARK: Loop

  public var observedKinds: [any KubeObject.Type]? { [PersistentVolumeClaim.self, PersistentVolume.self, Pod.self] }

  public func observe(_ event: StoreEvent) {
    // A pod that goes, or that names claims being deleted, may free them.
    let podChange = event.readingPod { pod in
      guard event.type == .deleted || pod.pointee.metadata.deletionTimestamp != nil else { return }
      for volume in pod.pointee.spec?.volumes ?? [] {
        if let name = volume.persistentVolumeClaim?.claimName { claims.insert(ObjectKey(namespace: pod.pointee.namespace, name: name)) }
      }
    }
    if podChange { return }
    if let claim = event.object(as: PersistentVolumeClaim.self) {
      if event.type != .deleted, claim.metadata.deletionTimestamp != nil { claims.insert(ObjectKey(of: claim)) }
    } else if let volume = event.object(as: PersistentVolume.self) {
      if event.type != .deleted, volume.metadata.deletionTimestamp != nil { volumes.insert(ObjectKey(of: volume)) }
    }
  }

  public var hasPendingWork: Bool { !claims.isEmpty || !volumes.isEmpty }

  public func reconcile() {
    guard let cluster else { return }
    let (claimKeys, volumeKeys) = (claims.sorted(), volumes.sorted())
    claims.removeAll()
    volumes.removeAll()
    for key in claimKeys {
      guard let claim = cluster.store.get(PersistentVolumeClaim.self, key), claim.metadata.deletionTimestamp != nil,
        claim.metadata.finalizers?.contains(Self.claimFinalizer) == true, !inUse(key)
      else { continue }
      release(PersistentVolumeClaim.self, key, Self.claimFinalizer)
    }
    for key in volumeKeys {
      guard let volume = cluster.store.get(PersistentVolume.self, key), volume.metadata.deletionTimestamp != nil,
        volume.metadata.finalizers?.contains(Self.volumeFinalizer) == true, volume.status?.phase != "Bound"
      else { continue }
      release(PersistentVolume.self, key, Self.volumeFinalizer)
    }
  }

  /// Whether a pod placed on a node names the claim (the kubelet would not start a new one
  /// on a claim being deleted, so unplaced pods do not hold it).
  private func inUse(_ key: ObjectKey) -> Bool {
    guard let store = cluster?.store else { return false }
    return store.objects(Pod.self, index: PersistentVolumeController.claimIndex, value: "\(key.namespace)/\(key.name)")
      .contains { !($0.spec?.nodeName ?? "").isEmpty }
  }

  private func release<T: KubeObject>(_ type: T.Type, _ key: ObjectKey, _ finalizer: String) {
    _ = try? cluster?.api.modify(T.self, namespace: key.namespace, name: key.name) { object in
      let remaining = (object.metadata.finalizers ?? []).filter { $0 != finalizer }
      object.metadata.finalizers = remaining.isEmpty ? nil : remaining
    }
  }
}
