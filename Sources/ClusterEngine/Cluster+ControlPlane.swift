import KubeModel

/// Whether the control plane can act, and which components keep running without it.
extension Cluster {
  /// Whether the control plane works: its store (etcd) has quorum, so the API server
  /// accepts writes and controllers and the scheduler reconcile. When false, `settle()`
  /// still delivers events but only runs `NodeLocalComponent`s (kubelets, kube-proxy):
  /// what already runs keeps running, nothing new is decided.
  public var controlPlaneAvailable: Bool { api.writesRefused == nil }
}

/// A component that runs on the nodes rather than in the control plane (the kubelets,
/// kube-proxy): it keeps reconciling while the control plane has lost quorum.
public protocol NodeLocalComponent: ClusterComponent {}

/// Pod facts the controllers of this folder share, under one name so they cannot clash
/// with other files' helpers.
enum PodChecks {
  /// The pod with a `DisruptionTarget` condition added (`reason`, `message`), or nil when it
  /// has one already: what the eviction API, the taint manager and the pod garbage
  /// collector write before they delete a pod.
  static func markedForDisruption(_ pod: Pod, reason: String, message: String, at time: Time) -> Pod? {
    guard pod.status?.condition("DisruptionTarget") == nil else { return nil }
    var marked = pod
    var status = pod.status ?? PodStatus()
    status.conditions = (status.conditions ?? []) + [
      PodCondition(type: "DisruptionTarget", status: "True", reason: reason, message: message, lastTransitionTime: time)
    ]
    marked.status = status
    return marked
  }

  /// The Ready condition is True (`podutil.IsPodReady`).
  static func isReady(_ pod: Pod) -> Bool { pod.status?.condition("Ready")?.status == "True" }

  /// Succeeded or Failed.
  static func isTerminal(_ pod: Pod) -> Bool {
    let phase = pod.status?.phase
    return phase == "Succeeded" || phase == "Failed"
  }

  /// Neither finished nor being deleted (`controller.IsPodActive`).
  static func isActive(_ pod: Pod) -> Bool { !isTerminal(pod) && pod.metadata.deletionTimestamp == nil }

  /// Running and Ready, not being deleted.
  static func isRunningAndReady(_ pod: Pod) -> Bool {
    pod.status?.phase == "Running" && isReady(pod) && pod.metadata.deletionTimestamp == nil
  }
}

extension ObjectKey {
  /// The key of `object` in the store.
  init(of object: some KubeObject) {
    self.init(namespace: object.metadata.namespace ?? "", name: object.metadata.name ?? "")
  }
}
