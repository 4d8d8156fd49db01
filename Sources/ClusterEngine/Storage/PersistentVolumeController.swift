import KubeModel

/// kube-controller-manager's PersistentVolume controller with a simulated provisioner
/// (`kubedeck.io/hostpath`) and the DefaultStorageClass admission plugin.
///
/// A Pending claim binds to the smallest Available volume that fits (storage class,
/// access modes, size, volume mode, label selector); failing that, a claim of a class with
/// a provisioner gets a new volume `pvc-<claim uid>` — at once for `Immediate` classes,
/// once a pod using it is placed on a node for `WaitForFirstConsumer` ones. A volume whose
/// claim goes is Released, then deleted (reclaim policy Delete) or kept (Retain).
///
/// The default class `standard` is WaitForFirstConsumer, as on kind and most single-host
/// clusters: a hostPath volume lives on one node, so it is made where the pod lands.
public final class PersistentVolumeController: ClusterComponent, AdmissionPlugin {
  static let component = "persistentvolume-controller"
  /// The provisioner of the default class.
  public static let provisioner = "kubedeck.io/hostpath"
  public static let defaultClassName = "standard"
  static let defaultClassAnnotation = "storageclass.kubernetes.io/is-default-class"
  static let selectedNodeAnnotation = "volume.kubernetes.io/selected-node"
  static let claimIndex = "pods.claim"

  private unowned var cluster: Cluster?
  private var claims: Set<ObjectKey> = []
  private var volumes: Set<ObjectKey> = []
  private var defaultClassPending = true
  /// Claims that said `WaitForFirstConsumer` already.
  private var waiting: Set<String> = []

  public init() {}

  public func attach(to cluster: Cluster) {
    self.cluster = cluster
    cluster.api.admissionPlugins.append(self)
    let sameClaims: (Pod, Pod) -> Bool = {
      $0.metadata.namespace == $1.metadata.namespace && ($0.sharesSpec(with: $1) || $0.spec?.volumes == $1.spec?.volumes)
    }
    cluster.store.addIndex(Pod.self, Self.claimIndex, readsOnly: [.metadata, .podSpec], sameValues: sameClaims) { pod in
      let namespace = pod.metadata.namespace ?? ""
      return (pod.spec?.volumes ?? []).compactMap { $0.persistentVolumeClaim?.claimName.map { "\(namespace)/\($0)" } }
    }
    for claim in cluster.store.all(PersistentVolumeClaim.self) { claims.insert(ObjectKey(of: claim)) }
    for volume in cluster.store.all(PersistentVolume.self) { volumes.insert(ObjectKey(of: volume)) }
  }

  // MARK: Admission (DefaultStorageClass)

  public func admit<T: KubeObject>(_ object: inout T, old: T?, dryRun: Bool) throws(Status) {
    // The kind first (see `JobController.admit`).
    guard var claim = exactly(object, as: PersistentVolumeClaim.self), old == nil, claim.spec?.storageClassName == nil,
      let name = cluster.flatMap(Self.defaultClass)?.name
    else { return }
    claim.spec?.storageClassName = name
    if let typed = exactly(claim, as: T.self) { object = typed }
  }

  /// The class marked default, if any.
  static func defaultClass(_ cluster: Cluster) -> StorageClass? {
    cluster.store.list(StorageClass.self).last { $0.metadata.annotations?[defaultClassAnnotation] == "true" }
  }

  // MARK: Loop

  public var observedKinds: [any KubeObject.Type]? { [PersistentVolumeClaim.self, PersistentVolume.self, Pod.self] }

  public func observe(_ event: StoreEvent) {
    // Pods, the most changes, first and read in place (see `StoreEvent.readingPod`).
    let podChange = event.readingPod { pod in
      guard event.type != .deleted, !(pod.pointee.spec?.nodeName ?? "").isEmpty else { return }
      for volume in pod.pointee.spec?.volumes ?? [] {
        if let name = volume.persistentVolumeClaim?.claimName { claims.insert(ObjectKey(namespace: pod.pointee.namespace, name: name)) }
      }
    }
    if podChange { return }
    if let claim = event.object(as: PersistentVolumeClaim.self) {
      claims.insert(ObjectKey(of: claim))
      if event.type == .deleted, let volume = claim.spec?.volumeName { volumes.insert(ObjectKey(name: volume)) }
    } else if let volume = event.object(as: PersistentVolume.self) {
      volumes.insert(ObjectKey(of: volume))
      if event.type != .deleted, volume.status?.phase == "Available" || volume.status?.phase == "Pending" {
        for claim in cluster?.store.all(PersistentVolumeClaim.self) ?? [:].values where claim.status?.phase == "Pending" {
          claims.insert(ObjectKey(of: claim))
        }
      }
    }
  }

  public var hasPendingWork: Bool { defaultClassPending || !claims.isEmpty || !volumes.isEmpty }

  public func reconcile() {
    guard let cluster else { return }
    if defaultClassPending {
      defaultClassPending = false
      if cluster.store.get(StorageClass.self, name: Self.defaultClassName) == nil {
        var storageClass = StorageClass()
        storageClass.metadata = ObjectMeta(name: Self.defaultClassName, annotations: [Self.defaultClassAnnotation: "true"])
        storageClass.provisioner = Self.provisioner
        storageClass.reclaimPolicy = "Delete"
        storageClass.volumeBindingMode = "WaitForFirstConsumer"
        _ = try? cluster.api.create(storageClass)
      }
    }
    let volumeKeys = volumes.sorted()
    volumes.removeAll()
    for key in volumeKeys { syncVolume(key) }
    let claimKeys = claims.sorted()
    claims.removeAll()
    for key in claimKeys { syncClaim(key) }
  }

  // MARK: Volumes

  private func syncVolume(_ key: ObjectKey) {
    guard let cluster, var volume = cluster.store.get(PersistentVolume.self, key) else { return }
    let phase: String
    if let reference = volume.spec?.claimRef, let name = reference.name {
      let claim = cluster.store.get(PersistentVolumeClaim.self, namespace: reference.namespace ?? "", name: name)
      if let claim, reference.uid == nil || claim.metadata.uid == reference.uid {
        phase = claim.spec?.volumeName == volume.name ? "Bound" : (volume.status?.phase == "Bound" ? "Bound" : "Available")
      } else {
        phase = "Released"
      }
    } else {
      phase = "Available"
    }
    if volume.status?.phase != phase {
      var status = volume.status ?? PersistentVolumeStatus()
      status.phase = phase
      status.lastPhaseTransitionTime = cluster.clock.now
      volume.status = status
      _ = try? cluster.api.updateStatus(volume)
    }
    // Released first, then deleted: the pv-protection finalizer lets a volume go once it is
    // no longer Bound.
    if phase == "Released", volume.spec?.persistentVolumeReclaimPolicy == "Delete", volume.metadata.deletionTimestamp == nil {
      _ = try? cluster.api.delete(PersistentVolume.self, name: volume.name)
    }
  }

  // MARK: Claims

  private func syncClaim(_ key: ObjectKey) {
    guard let cluster, let claim = cluster.store.get(PersistentVolumeClaim.self, key), claim.status?.phase != "Bound",
      claim.metadata.deletionTimestamp == nil
    else { return }
    let store = cluster.store
    if let name = claim.spec?.volumeName, !name.isEmpty {
      if let volume = store.get(PersistentVolume.self, name: name) { bind(claim, to: volume) }
      return
    }
    // A volume already reserved for this claim (pre-bound or just provisioned).
    if let reserved = store.all(PersistentVolume.self).first(where: { $0.spec?.claimRef?.uid == claim.metadata.uid }) {
      bind(claim, to: reserved)
      return
    }
    if let volume = Self.bestVolume(for: claim, among: Array(store.all(PersistentVolume.self))) {
      bind(claim, to: volume)
      return
    }
    let className = claim.spec?.storageClassName ?? ""
    guard !className.isEmpty, let storageClass = store.get(StorageClass.self, name: className) else {
      cluster.api.recordEvent(
        about: claim, reason: "FailedBinding",
        message: "no persistent volumes available for this claim and no storage class is set", component: Self.component)
      return
    }
    var node: String?
    if storageClass.volumeBindingMode == "WaitForFirstConsumer" {
      node = claim.metadata.annotations?[Self.selectedNodeAnnotation]
        ?? store.objects(Pod.self, index: Self.claimIndex, value: "\(key.namespace)/\(key.name)")
        .compactMap { $0.spec?.nodeName }.first { !$0.isEmpty }
      guard node != nil else {
        if waiting.insert(claim.metadata.uid ?? key.description).inserted {
          cluster.api.recordEvent(
            about: claim, reason: "WaitForFirstConsumer",
            message: "waiting for first consumer to be created before binding", component: Self.component)
        }
        return
      }
    }
    guard storageClass.provisioner == Self.provisioner else { return }
    provision(claim, storageClass: storageClass, node: node)
  }

  /// The smallest Available volume that satisfies the claim (`FindMatchingVolume`).
  static func bestVolume(for claim: PersistentVolumeClaim, among volumes: [PersistentVolume]) -> PersistentVolume? {
    let request = claim.spec?.resources?.requests?["storage"] ?? .zero
    let modes = Set(claim.spec?.accessModes ?? [])
    let className = claim.spec?.storageClassName ?? ""
    let selector = claim.spec?.selector.flatMap { try? Selector($0) } ?? .everything
    let fitting = volumes.filter { volume in
      guard volume.spec?.claimRef == nil, volume.status?.phase == "Available" || volume.status?.phase == "Pending",
        volume.metadata.deletionTimestamp == nil, (volume.spec?.storageClassName ?? "") == className,
        modes.isSubset(of: Set(volume.spec?.accessModes ?? [])),
        (volume.spec?.volumeMode ?? "Filesystem") == (claim.spec?.volumeMode ?? "Filesystem"),
        selector.matches(volume.metadata.labels), let capacity = volume.spec?.capacity?["storage"]
      else { return false }
      return !(capacity < request)
    }
    return fitting.min {
      let a = $0.spec?.capacity?["storage"] ?? .zero
      let b = $1.spec?.capacity?["storage"] ?? .zero
      return a < b || (a == b && $0.name < $1.name)
    }
  }

  private func provision(_ claim: PersistentVolumeClaim, storageClass: StorageClass, node: String?) {
    guard let cluster, let uid = claim.metadata.uid else { return }
    cluster.api.recordEvent(
      about: claim, reason: "Provisioning",
      message: "External provisioner is provisioning volume for claim \"\(claim.namespace)/\(claim.name)\"",
      component: Self.provisioner)
    var volume = PersistentVolume()
    volume.metadata = ObjectMeta(name: "pvc-\(uid)", annotations: ["pv.kubernetes.io/provisioned-by": Self.provisioner])
    var spec = PersistentVolumeSpec()
    spec.capacity = ["storage": claim.spec?.resources?.requests?["storage"] ?? .zero]
    spec.accessModes = claim.spec?.accessModes
    spec.storageClassName = storageClass.name
    spec.persistentVolumeReclaimPolicy = storageClass.reclaimPolicy ?? "Delete"
    spec.volumeMode = claim.spec?.volumeMode ?? "Filesystem"
    var hostPath = HostPathVolumeSource()
    hostPath.path = "/var/lib/kubedeck/volumes/pvc-\(uid)_\(claim.namespace)_\(claim.name)"
    hostPath.type = "DirectoryOrCreate"
    spec.hostPath = hostPath
    var reference = ObjectReference()
    reference.kind = "PersistentVolumeClaim"
    reference.apiVersion = "v1"
    reference.namespace = claim.namespace
    reference.name = claim.name
    reference.uid = uid
    spec.claimRef = reference
    if let node {
      var affinity = VolumeNodeAffinity()
      affinity.required = NodeSelector(nodeSelectorTerms: [
        NodeSelectorTerm(matchExpressions: [
          NodeSelectorRequirement(key: "kubernetes.io/hostname", operator: "In", values: [node])
        ])
      ])
      spec.nodeAffinity = affinity
    }
    volume.spec = spec
    guard let created = try? cluster.api.create(volume) else { return }
    cluster.api.recordEvent(
      about: claim, reason: "ProvisioningSucceeded", message: "Successfully provisioned volume \(created.name)",
      component: Self.provisioner)
    bind(claim, to: created)
  }

  private func bind(_ claim: PersistentVolumeClaim, to volume: PersistentVolume) {
    guard let cluster else { return }
    var volume = volume
    if volume.spec?.claimRef?.uid != claim.metadata.uid {
      var reference = ObjectReference()
      reference.kind = "PersistentVolumeClaim"
      reference.apiVersion = "v1"
      reference.namespace = claim.namespace
      reference.name = claim.name
      reference.uid = claim.metadata.uid
      volume.spec?.claimRef = reference
      var annotations = volume.metadata.annotations ?? [:]
      annotations["pv.kubernetes.io/bound-by-controller"] = "yes"
      volume.metadata.annotations = annotations
      guard let updated = try? cluster.api.update(volume) else { return }
      volume = updated
    }
    volume.status = volume.status ?? PersistentVolumeStatus()
    volume.status?.phase = "Bound"
    volume.status?.lastPhaseTransitionTime = cluster.clock.now
    _ = try? cluster.api.updateStatus(volume)
    guard var claim = try? cluster.api.modify(PersistentVolumeClaim.self, namespace: claim.namespace, name: claim.name, { claim in
      claim.spec?.volumeName = volume.name
      var annotations = claim.metadata.annotations ?? [:]
      annotations["pv.kubernetes.io/bind-completed"] = "yes"
      annotations["pv.kubernetes.io/bound-by-controller"] = "yes"
      claim.metadata.annotations = annotations
    })
    else { return }
    var status = claim.status ?? PersistentVolumeClaimStatus()
    status.phase = "Bound"
    status.capacity = volume.spec?.capacity
    status.accessModes = volume.spec?.accessModes
    claim.status = status
    _ = try? cluster.api.updateStatus(claim)
  }
}
