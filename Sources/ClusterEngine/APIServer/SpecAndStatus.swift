import KubeModel

/// A kind with a spec and a status: updates of the object keep the stored status, status
/// updates keep the stored spec, and spec changes bump `metadata.generation`.
public protocol SpecAndStatus: KubeObject {
  associatedtype SpecType: Hashable & Sendable
  associatedtype StatusType: Hashable & Sendable
  var spec: SpecType? { get set }
  var status: StatusType? { get set }
}

extension Pod: SpecAndStatus {}
extension Node: SpecAndStatus {}
extension Service: SpecAndStatus {}
extension Namespace: SpecAndStatus {}
extension PersistentVolume: SpecAndStatus {}
extension PersistentVolumeClaim: SpecAndStatus {}
extension Deployment: SpecAndStatus {}
extension ReplicaSet: SpecAndStatus {}
extension DaemonSet: SpecAndStatus {}
extension StatefulSet: SpecAndStatus {}
extension Job: SpecAndStatus {}
extension CronJob: SpecAndStatus {}
extension HorizontalPodAutoscaler: SpecAndStatus {}
extension PodDisruptionBudget: SpecAndStatus {}
