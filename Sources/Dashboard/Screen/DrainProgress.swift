import KubeModel

/// The state of a drain for its progress pane: kubectl's report, then each evicted pod's
/// fate read live from the cache (terminating, gone, or replaced elsewhere).
final class DrainProgress {
  let node: String
  var report: DrainReport?
  var failure: [String]?

  init(node: String) {
    self.node = node
  }

  func lines(cache: InformerCache) -> [String] {
    var lines = ["Draining node/\(node)…", ""]
    if let failure {
      lines += failure
      return lines
    }
    guard let report else {
      lines.append("cordoning and evicting…")
      return lines
    }
    lines += report.lines
    lines.append("")
    lines.append("POD".padding(to: 48) + "NOW")
    var remaining = 0
    for entry in report.entries where entry.outcome == .evicted {
      let key = "\(entry.namespace)/\(entry.name)"
      let state: String
      if let pod = cache.pods[key], pod.spec?.nodeName == node {
        state = PodSummary(pod).status
        remaining += 1
      } else {
        state = "gone"
      }
      lines.append(key.padding(to: 48) + state)
    }
    let left = cache.pods(onNode: node).filter { $0.metadata.controllerRef?.kind != "DaemonSet" && $0.holdsResources }.count
    lines.append("")
    lines.append(remaining == 0 ? "all evicted pods are gone; \(left) non-DaemonSet pods left on the node" : "\(remaining) pods still terminating")
    return lines
  }
}
