import KubeModel

/// The last pod compiled for scheduling, so that a burst of pods from one template is compiled
/// once: a controller creates the copies of one pod, and the API server's defaulting leaves
/// them holding one spec storage and equal labels.
///
/// `PodInfo` reads only a pod's name, uid, namespace, labels and spec (and the default spread
/// selector it is given). A pod that holds the remembered pod's spec storage, with the same
/// namespace, labels and default selector, compiles to the remembered info but for its key
/// and uid, which are its own. The remembered pod keeps its spec storage alive, so that
/// storage cannot be freed and reused by another pod's spec while remembered.
struct PodInfoMemo {
  /// What was compiled last, boxed: a tuple of a pod and an info was copied whole at every
  /// read, costing more than compiling.
  private final class Last {
    let pod: Pod
    let defaultSpreadSelector: Selector?
    let info: PodInfo

    init(pod: Pod, defaultSpreadSelector: Selector?, info: PodInfo) {
      self.pod = pod
      self.defaultSpreadSelector = defaultSpreadSelector
      self.info = info
    }
  }

  private var last: Last?

  /// `PodInfo(pod, defaultSpreadSelector:systemDefaults:)`, reusing the last info when `pod`
  /// is another copy of the last pod compiled.
  mutating func info(
    for pod: Pod, defaultSpreadSelector: Selector?, systemDefaults: inout SystemDefaultSpreadMemo
  ) -> PodInfo {
    if let last, pod.sharesSpec(with: last.pod), pod.metadata.namespace == last.pod.metadata.namespace,
      pod.metadata.labels == last.pod.metadata.labels, defaultSpreadSelector == last.defaultSpreadSelector
    {
      var info = last.info
      info.key = ObjectKey(namespace: info.key.namespace, name: pod.metadata.name ?? "")
      info.uid = pod.metadata.uid ?? ""
      return info
    }
    let info = PodInfo(pod, defaultSpreadSelector: defaultSpreadSelector, systemDefaults: &systemDefaults)
    last = Last(pod: pod, defaultSpreadSelector: defaultSpreadSelector, info: info)
    return info
  }
}
