import KubeModel
import Testing

@testable import ClusterEngine

@Suite struct PersistentVolumeControllerTests {
  func volume(_ name: String, _ size: String, className: String = "manual") -> PersistentVolume {
    var volume = PersistentVolume()
    volume.metadata = ObjectMeta(name: name)
    var spec = PersistentVolumeSpec()
    spec.capacity = ["storage": StudyGuideFixture.quantity(size)]
    spec.accessModes = ["ReadWriteOnce"]
    spec.storageClassName = className
    spec.hostPath = HostPathVolumeSource()
    volume.spec = spec
    return volume
  }

  func claim(_ name: String, _ size: String, className: String? = nil) -> PersistentVolumeClaim {
    var claim = PersistentVolumeClaim()
    claim.metadata = ObjectMeta(name: name, namespace: "default")
    var spec = PersistentVolumeClaimSpec()
    spec.accessModes = ["ReadWriteOnce"]
    spec.resources = ResourceRequirements(requests: ["storage": StudyGuideFixture.quantity(size)])
    spec.storageClassName = className
    claim.spec = spec
    return claim
  }

  func podUsing(_ fixture: StudyGuideFixture, claim: String) -> Pod {
    var pod = fixture.makePod("app", labels: [:])
    var volume = Volume()
    volume.name = "data"
    volume.persistentVolumeClaim = PersistentVolumeClaimVolumeSource()
    volume.persistentVolumeClaim?.claimName = claim
    pod.spec?.volumes = [volume]
    return pod
  }

  @Test func claimsBindToTheSmallestFittingVolume() throws {
    let fixture = try StudyGuideFixture([PersistentVolumeController()])
    for (name, size) in [("pv-small", "1Gi"), ("pv-large", "10Gi"), ("pv-medium", "5Gi")] {
      try fixture.api.create(volume(name, size))
    }
    fixture.cluster.settle()
    #expect(try fixture.api.get(PersistentVolume.self, name: "pv-small").status?.phase == "Available")
    try fixture.api.create(claim("data", "3Gi", className: "manual"))
    fixture.cluster.settle()
    let bound = try fixture.api.get(PersistentVolumeClaim.self, namespace: "default", name: "data")
    #expect(bound.status?.phase == "Bound")
    #expect(bound.spec?.volumeName == "pv-medium")
    #expect(bound.status?.capacity?["storage"] == StudyGuideFixture.quantity("5Gi"))
    let volume = try fixture.api.get(PersistentVolume.self, name: "pv-medium")
    #expect(volume.status?.phase == "Bound")
    #expect(volume.spec?.claimRef?.name == "data")
    try fixture.api.delete(PersistentVolumeClaim.self, namespace: "default", name: "data")
    fixture.cluster.settle()
    #expect(try fixture.api.get(PersistentVolume.self, name: "pv-medium").status?.phase == "Released")
  }

  @Test func defaultClassProvisionsForTheFirstConsumer() throws {
    let fixture = try StudyGuideFixture([PersistentVolumeController()])
    let standard = try fixture.api.get(StorageClass.self, name: "standard")
    #expect(standard.metadata.annotations?["storageclass.kubernetes.io/is-default-class"] == "true")
    #expect(standard.provisioner == "kubedeck.io/hostpath")
    #expect(standard.volumeBindingMode == "WaitForFirstConsumer")
    let created = try fixture.api.create(claim("data", "2Gi"))
    #expect(created.spec?.storageClassName == "standard")
    fixture.cluster.settle()
    #expect(fixture.messages("WaitForFirstConsumer") == ["waiting for first consumer to be created before binding"])
    let pod = try fixture.api.create(podUsing(fixture, claim: "data"))
    #expect(VolumeBinding.unboundClaims(for: pod, store: fixture.cluster.store).isEmpty)
    #expect(VolumeBinding.unschedulableReason(for: pod, store: fixture.cluster.store) == nil)
    try fixture.bind("app", to: "worker-2")
    fixture.cluster.settle()
    let uid = try #require(created.metadata.uid)
    let volume = try fixture.api.get(PersistentVolume.self, name: "pvc-\(uid)")
    #expect(volume.status?.phase == "Bound")
    #expect(volume.spec?.persistentVolumeReclaimPolicy == "Delete")
    #expect(volume.spec?.nodeAffinity?.required?.nodeSelectorTerms?.first?.matchExpressions?.first?.values == ["worker-2"])
    #expect(fixture.messages("ProvisioningSucceeded") == ["Successfully provisioned volume pvc-\(uid)"])
    #expect(try fixture.api.get(PersistentVolumeClaim.self, namespace: "default", name: "data").status?.phase == "Bound")
    try fixture.api.delete(PersistentVolumeClaim.self, namespace: "default", name: "data")
    fixture.cluster.settle()
    #expect(fixture.cluster.store.get(PersistentVolume.self, name: "pvc-\(uid)") == nil)
  }

  /// `kubectl delete pvc` on a claim a running pod uses leaves it Terminating until the pod
  /// goes, and a bound volume deleted by hand waits for its claim: the protection finalizers
  /// every claim and volume gets.
  @Test func aClaimInUseWaitsForItsPodAndABoundVolumeForItsClaim() throws {
    let fixture = try StudyGuideFixture([PersistentVolumeController(), StorageProtectionController()])
    let created = try fixture.api.create(claim("data", "2Gi"))
    #expect(created.metadata.finalizers == ["kubernetes.io/pvc-protection"])
    try fixture.api.create(podUsing(fixture, claim: "data"))
    try fixture.bind("app", to: "worker-2")
    fixture.cluster.settle()
    let name = "pvc-\(try #require(created.metadata.uid))"
    #expect(try fixture.api.get(PersistentVolume.self, name: name).metadata.finalizers == ["kubernetes.io/pv-protection"])
    _ = try fixture.api.delete(PersistentVolume.self, name: name)
    _ = try fixture.api.delete(PersistentVolumeClaim.self, namespace: "default", name: "data")
    fixture.cluster.advance(by: 60)
    let claim = try fixture.api.get(PersistentVolumeClaim.self, namespace: "default", name: "data")
    #expect(claim.metadata.deletionTimestamp != nil && claim.status?.phase == "Bound")
    #expect(try fixture.api.get(PersistentVolume.self, name: name).metadata.deletionTimestamp != nil)
    // The pod goes: then the claim, and the volume it leaves Released.
    var now = DeleteOptions()
    now.gracePeriodSeconds = 0
    _ = try fixture.api.delete(Pod.self, namespace: "default", name: "app", options: now)
    fixture.cluster.advance(by: 1)
    #expect(fixture.cluster.store.get(Pod.self, namespace: "default", name: "app") == nil)
    #expect(fixture.cluster.store.get(PersistentVolumeClaim.self, namespace: "default", name: "data") == nil)
    #expect(fixture.cluster.store.get(PersistentVolume.self, name: name) == nil)
  }

  @Test func unboundImmediateClaimsHoldPodsBack() throws {
    let fixture = try StudyGuideFixture([PersistentVolumeController()])
    var manual = StorageClass()
    manual.metadata = ObjectMeta(name: "manual")
    manual.provisioner = "kubernetes.io/no-provisioner"
    manual.volumeBindingMode = "Immediate"
    try fixture.api.create(manual)
    var fast = manual
    fast.metadata = ObjectMeta(name: "fast")
    fast.provisioner = "kubedeck.io/hostpath"
    try fixture.api.create(fast)
    try fixture.api.create(claim("waiting", "1Gi", className: "manual"))
    try fixture.api.create(claim("quick", "1Gi", className: "fast"))
    fixture.cluster.settle()
    #expect(try fixture.api.get(PersistentVolumeClaim.self, namespace: "default", name: "quick").status?.phase == "Bound")
    let pod = podUsing(fixture, claim: "waiting")
    #expect(VolumeBinding.unboundClaims(for: pod, store: fixture.cluster.store) == ["waiting"])
    #expect(VolumeBinding.unschedulableReason(for: pod, store: fixture.cluster.store) == "pod has unbound immediate PersistentVolumeClaims")
    #expect(
      VolumeBinding.unschedulableReason(for: podUsing(fixture, claim: "nope"), store: fixture.cluster.store)
        == "persistentvolumeclaim \"nope\" not found")
    try fixture.api.create(volume("pv-1", "1Gi"))
    fixture.cluster.settle()
    #expect(VolumeBinding.unboundClaims(for: pod, store: fixture.cluster.store).isEmpty)
  }
}

@Suite struct StatefulSetControllerTests {
  func statefulSet(_ fixture: StudyGuideFixture, replicas: Int32 = 3, policy: String? = nil) throws {
    var set = StatefulSet()
    set.metadata = ObjectMeta(name: "web", namespace: "default")
    var spec = StatefulSetSpec()
    spec.replicas = replicas
    spec.serviceName = "nginx"
    spec.podManagementPolicy = policy
    spec.selector = LabelSelector(matchLabels: ["app": "nginx"])
    var template = PodTemplateSpec()
    template.metadata = ObjectMeta(labels: ["app": "nginx"])
    template.spec = fixture.makePod("x", labels: [:]).spec
    spec.template = template
    var claim = PersistentVolumeClaim()
    claim.metadata = ObjectMeta(name: "www")
    claim.spec = PersistentVolumeClaimSpec()
    claim.spec?.accessModes = ["ReadWriteOnce"]
    claim.spec?.resources = ResourceRequirements(requests: ["storage": StudyGuideFixture.quantity("1Gi")])
    spec.volumeClaimTemplates = [claim]
    set.spec = spec
    try fixture.api.create(set)
    fixture.cluster.settle()
  }

  func names(_ fixture: StudyGuideFixture) -> [String] {
    fixture.pods(["app": "nginx"]).filter { $0.metadata.deletionTimestamp == nil }.map(\.name)
  }

  func ready(_ fixture: StudyGuideFixture, _ name: String) throws {
    let ordinal = Int(name.split(separator: "-").last ?? "0") ?? 0
    try fixture.start(name, ip: "10.244.3.\(ordinal + 1)")
    fixture.cluster.settle()
  }

  @Test func orderedReadyCreatesOneAtATimeWithItsClaims() throws {
    let fixture = try StudyGuideFixture([StatefulSetController()])
    try statefulSet(fixture)
    #expect(names(fixture) == ["web-0"])
    let first = try fixture.api.get(Pod.self, namespace: "default", name: "web-0")
    #expect(first.spec?.hostname == "web-0")
    #expect(first.spec?.subdomain == "nginx")
    #expect(first.spec?.volumes?.first?.persistentVolumeClaim?.claimName == "www-web-0")
    #expect(first.metadata.labels?["statefulset.kubernetes.io/pod-name"] == "web-0")
    #expect(fixture.cluster.store.get(PersistentVolumeClaim.self, namespace: "default", name: "www-web-0") != nil)
    #expect(
      fixture.messages("SuccessfulCreate", about: "web")
        == ["create Claim www-web-0 Pod web-0 in StatefulSet web success", "create Pod web-0 in StatefulSet web successful"])
    try ready(fixture, "web-0")
    #expect(names(fixture) == ["web-0", "web-1"])
    try ready(fixture, "web-1")
    try ready(fixture, "web-2")
    #expect(names(fixture) == ["web-0", "web-1", "web-2"])
    let status = try #require(try fixture.api.get(StatefulSet.self, namespace: "default", name: "web").status)
    #expect(status.replicas == 3)
    #expect(status.readyReplicas == 3)
    #expect(status.currentRevision == status.updateRevision)

    try fixture.api.modify(StatefulSet.self, namespace: "default", name: "web") { $0.spec?.replicas = 1 }
    fixture.cluster.settle()
    #expect(names(fixture) == ["web-0", "web-1"])
    try fixture.deletePod("web-2")
    fixture.cluster.settle()
    #expect(names(fixture) == ["web-0"])
    try fixture.deletePod("web-1")
    fixture.cluster.settle()
    // Claims outlive their pods.
    #expect(fixture.api.list(PersistentVolumeClaim.self, namespace: "default").map(\.name) == ["www-web-0", "www-web-1", "www-web-2"])
  }

  @Test func parallelCreatesAllAtOnce() throws {
    let fixture = try StudyGuideFixture([StatefulSetController()])
    try statefulSet(fixture, policy: "Parallel")
    #expect(names(fixture) == ["web-0", "web-1", "web-2"])
  }

  @Test func rollingUpdateGoesInReverseOrderDownToThePartition() throws {
    let fixture = try StudyGuideFixture([StatefulSetController()])
    try statefulSet(fixture)
    for name in ["web-0", "web-1", "web-2"] { try ready(fixture, name) }
    let oldRevision = try fixture.api.get(StatefulSet.self, namespace: "default", name: "web").status?.currentRevision
    try fixture.api.modify(StatefulSet.self, namespace: "default", name: "web") { set in
      set.spec?.template?.spec?.containers?[0].image = "nginx:1.16"
      var strategy = StatefulSetUpdateStrategy()
      strategy.type = "RollingUpdate"
      strategy.rollingUpdate = RollingUpdateStatefulSet()
      strategy.rollingUpdate?.partition = 1
      set.spec?.updateStrategy = strategy
    }
    fixture.cluster.settle()
    #expect(names(fixture) == ["web-0", "web-1"])
    try fixture.deletePod("web-2")
    fixture.cluster.settle()
    #expect(try fixture.api.get(Pod.self, namespace: "default", name: "web-2").spec?.containers?.first?.image == "nginx:1.16")
    try ready(fixture, "web-2")
    #expect(names(fixture) == ["web-0", "web-2"])
    try fixture.deletePod("web-1")
    fixture.cluster.settle()
    try ready(fixture, "web-1")
    // The partition keeps web-0 on the old revision.
    #expect(try fixture.api.get(Pod.self, namespace: "default", name: "web-0").spec?.containers?.first?.image == "nginx:1.14")
    let status = try #require(try fixture.api.get(StatefulSet.self, namespace: "default", name: "web").status)
    #expect(status.updatedReplicas == 2)
    #expect(status.currentRevision == oldRevision)
    #expect(status.currentReplicas == 1)
  }
}
