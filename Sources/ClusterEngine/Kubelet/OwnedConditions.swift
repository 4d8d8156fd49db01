import KubeModel

/// The values of the four pod conditions the kubelet sets itself, for telling without
/// building them whether a stored condition list is the one it would write.
///
/// Most syncs change no condition. Building the list to compare it copies each stored
/// condition (five strings) and makes new ones; this reads the stored list in place.
struct OwnedConditions: Hashable {
  /// `PodReadyToStartContainers`: the sandbox has its IP.
  var sandboxReady: Bool
  /// `Initialized`.
  var initialized: Bool
  /// The pod is Succeeded or Failed: Ready and ContainersReady are False, `PodCompleted`.
  var terminal: Bool
  /// The message of an unready pod (Ready and ContainersReady False, `ContainersNotReady`);
  /// nil when every container is ready.
  var unready: String?

  /// `containers with incomplete status: [a b]`, the message of a False `Initialized`.
  static func incompleteMessage(_ initContainers: [ContainerRuntime]) -> String {
    "containers with incomplete status: [\(initContainers.filter { !$0.succeeded }.map(\.name).joined(separator: " "))]"
  }

  /// Whether `stored` is exactly the list the kubelet's status build makes from these
  /// values and `stored` itself: its first four conditions are the owned ones in order,
  /// each already of the status, reason and message wanted (so each keeps its transition
  /// time), and the rest, carried over as they are, hold PodScheduled and no owned type.
  ///
  /// False is always safe: the caller then builds the list and compares it.
  func areKept(in stored: [PodCondition], initializing initContainers: [ContainerRuntime]) -> Bool {
    guard stored.count > 4 else { return false }
    return stored.withUnsafeBufferPointer { stored in
      guard
        Self.holds(stored[0], "PodReadyToStartContainers", sandboxReady, reason: nil, message: nil),
        Self.holds(stored[2], "Ready", !terminal && unready == nil, reason: readyReason, message: readyMessage),
        Self.holds(stored[3], "ContainersReady", !terminal && unready == nil, reason: readyReason, message: readyMessage)
      else { return false }
      if initialized {
        guard Self.holds(stored[1], "Initialized", true, reason: nil, message: nil) else { return false }
      } else {
        let message = Self.incompleteMessage(initContainers)
        guard Self.holds(stored[1], "Initialized", false, reason: "ContainersNotInitialized", message: message) else {
          return false
        }
      }
      var scheduled = false
      for index in 4..<stored.count {
        let type = stored[index].type
        if Kubelet.isOwnedCondition(type) { return false }
        if type == "PodScheduled" { scheduled = true }
      }
      return scheduled
    }
  }

  private var readyReason: String { terminal ? "PodCompleted" : "ContainersNotReady" }
  private var readyMessage: String? { terminal ? nil : unready }

  /// Whether `condition` equals the one built for `type` with `value`: a True condition
  /// carries no reason or message; a condition whose status stays keeps its time.
  private static func holds(_ condition: PodCondition, _ type: String, _ value: Bool, reason: String?, message: String?)
    -> Bool
  {
    condition.type == type && condition.status == (value ? "True" : "False")
      && condition.reason == (value ? nil : reason) && condition.message == (value ? nil : message)
      && condition.lastTransitionTime != nil && condition.lastProbeTime == nil && condition.observedGeneration == nil
  }
}
