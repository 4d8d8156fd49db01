import KubeModel

/// A kind with a spec and a status: updates of the object keep the stored status, status
/// updates keep the stored spec, and spec changes bump `metadata.generation`.
public protocol SpecAndStatus: KubeObject {
  associatedtype SpecType: Hashable & Sendable
  associatedtype StatusType: Hashable & Sendable
  var spec: SpecType? { get set }
  var status: StatusType? { get set }
  /// Sets the spec to `other`'s (a kind whose spec is boxed shares the box).
  mutating func takeSpec(of other: Self)
  /// Sets the status to `other`'s (a kind whose status is boxed shares the box).
  mutating func takeStatus(of other: Self)
}

extension SpecAndStatus {
  public mutating func takeSpec(of other: Self) { spec = other.spec }
  public mutating func takeStatus(of other: Self) { status = other.status }
}

extension Pod: SpecAndStatus {
  // Shared, not assigned: assigning would copy the spec into a new box on every status
  // write, and the watch log keeps each of those versions.
  public mutating func takeSpec(of other: Pod) { shareSpec(of: other) }
  public mutating func takeStatus(of other: Pod) { shareStatus(of: other) }
}
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

extension APIServer {
  /// Whether `object`'s status certainly differs from `old`'s (false: equal, or a kind not
  /// checked here). Workload status writes nearly always change the status: compared
  /// first, it settles them without comparing the metadata and spec as `==` would first.
  static func statusDiffers<T: KubeObject>(_ object: T, _ old: T) -> Bool {
    statusDiffers(Deployment.self, object, old) ?? statusDiffers(ReplicaSet.self, object, old) ?? false
  }

  /// `statusDiffers(_:_:)` when `T` is exactly `S`, else nil.
  private static func statusDiffers<S: SpecAndStatus, T: KubeObject>(_ kind: S.Type, _ object: T, _ old: T) -> Bool? {
    guard let typed = exactly(object, as: S.self), let stored = exactly(old, as: S.self) else { return nil }
    return typed.status != stored.status
  }
}
