import KubeModel

/// A step the API server runs on every create and spec update, after defaulting,
/// validation and the existence checks, just before the object is stored: the role of
/// kube-apiserver's mutating admission plugins and of the registry allocators (a
/// Service's ClusterIP and node ports, a claim's default StorageClass).
///
/// A plugin may change the object or refuse it with a `Status`. It runs last, so what it
/// reserves (an address, a port) is only kept when the write goes through; with `dryRun`
/// it must reserve nothing.
public protocol AdmissionPlugin: AnyObject {
  /// Changes or refuses `object`; `old` is the stored object on update, nil on create (the
  /// new object already has its uid and creation time).
  func admit<T: KubeObject>(_ object: inout T, old: T?, dryRun: Bool) throws(Status)
}

extension APIServer {
  /// Runs every admission plugin in order.
  func admit<T: KubeObject>(_ object: inout T, old: T?, dryRun: Bool) throws(Status) {
    for plugin in admissionPlugins { try plugin.admit(&object, old: old, dryRun: dryRun) }
  }
}
