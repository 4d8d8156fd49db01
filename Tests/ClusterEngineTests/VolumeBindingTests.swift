import KubeModel
import Testing

@testable import ClusterEngine

/// The scheduler's VolumeBinding plugin: a pod with an unbound immediate claim, or a
/// missing one, stays Pending with upstream's message until the claim binds.
@Suite struct VolumeBindingTests {
  func pod(_ name: String, claim: String) -> Pod {
    var volume = Volume()
    volume.name = "data"
    volume.persistentVolumeClaim = PersistentVolumeClaimVolumeSource()
    volume.persistentVolumeClaim?.claimName = claim
    var spec = PodSpec(containers: [Container(name: "app", image: "nginx:1.14")])
    spec.volumes = [volume]
    return Pod(metadata: ObjectMeta(name: name, namespace: "default"), spec: spec)
  }

  func scheduled(_ cluster: Cluster, _ name: String) -> PodCondition? {
    cluster.store.get(Pod.self, namespace: "default", name: name)?.status?.condition("PodScheduled")
  }

  @Test func unboundImmediateClaimKeepsThePodPendingUntilAVolumeMatches() throws {
    let cluster = try ClusterFactory.make()
    var manual = StorageClass()
    manual.metadata = ObjectMeta(name: "manual")
    manual.provisioner = "kubernetes.io/no-provisioner"
    manual.volumeBindingMode = "Immediate"
    try cluster.api.create(manual)
    var claim = PersistentVolumeClaim()
    claim.metadata = ObjectMeta(name: "data", namespace: "default")
    claim.spec = PersistentVolumeClaimSpec()
    claim.spec?.accessModes = ["ReadWriteOnce"]
    claim.spec?.storageClassName = "manual"
    claim.spec?.resources = ResourceRequirements(requests: ["storage": try Quantity(parsing: "1Gi")])
    try cluster.api.create(claim)
    try cluster.api.create(pod("app", claim: "data"))
    cluster.advance(by: 5)
    let message =
      "0/5 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/5 nodes are available: 5 Preemption is not helpful for scheduling.."
    #expect(scheduled(cluster, "app")?.status == "False")
    #expect(scheduled(cluster, "app")?.reason == "Unschedulable")
    #expect(scheduled(cluster, "app")?.message == message)
    #expect(
      cluster.store.all(Event.self).contains { $0.reason == "FailedScheduling" && $0.message == message && $0.type == "Warning" })

    var volume = PersistentVolume()
    volume.metadata = ObjectMeta(name: "pv-1")
    volume.spec = PersistentVolumeSpec()
    volume.spec?.capacity = ["storage": try Quantity(parsing: "2Gi")]
    volume.spec?.accessModes = ["ReadWriteOnce"]
    volume.spec?.storageClassName = "manual"
    volume.spec?.hostPath = HostPathVolumeSource()
    try cluster.api.create(volume)
    cluster.advance(by: 30)
    #expect(cluster.store.get(PersistentVolumeClaim.self, namespace: "default", name: "data")?.status?.phase == "Bound")
    #expect(scheduled(cluster, "app")?.status == "True")
    #expect(cluster.store.get(Pod.self, namespace: "default", name: "app")?.status?.phase == "Running")
  }

  @Test func missingClaimIsNamed() throws {
    let cluster = try ClusterFactory.make()
    try cluster.api.create(pod("orphan", claim: "x"))
    cluster.advance(by: 5)
    #expect(
      scheduled(cluster, "orphan")?.message
        == "0/5 nodes are available: persistentvolumeclaim \"x\" not found. preemption: 0/5 nodes are available: 5 Preemption is not helpful for scheduling.."
    )
    #expect(cluster.store.get(Pod.self, namespace: "default", name: "orphan")?.spec?.nodeName == nil)
  }

  @Test func defaultClassClaimWaitsForItsConsumerAndDoesNotHoldItBack() throws {
    let cluster = try ClusterFactory.make()
    var claim = PersistentVolumeClaim()
    claim.metadata = ObjectMeta(name: "cache", namespace: "default")
    claim.spec = PersistentVolumeClaimSpec()
    claim.spec?.accessModes = ["ReadWriteOnce"]
    claim.spec?.resources = ResourceRequirements(requests: ["storage": try Quantity(parsing: "1Gi")])
    try cluster.api.create(claim)
    try cluster.api.create(pod("consumer", claim: "cache"))
    cluster.advance(by: 30)
    #expect(scheduled(cluster, "consumer")?.status == "True")
    #expect(cluster.store.get(PersistentVolumeClaim.self, namespace: "default", name: "cache")?.status?.phase == "Bound")
  }
}
