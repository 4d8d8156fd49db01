import KubeModel

/// TaintToleration: the filter rejects a node with a NoSchedule or NoExecute taint the pod
/// does not tolerate (the first one found names the reason); the score counts untolerated
/// PreferNoSchedule taints, normalised in reverse (fewer is better), weight 3.
enum TaintToleration {
  @inline(__always)
  static func filter(_ pod: PodInfo, _ cache: NodeTable, _ slot: Int) -> FilterFailure? {
    guard cache.hasHardTaints[slot] else { return nil }
    for taint in cache.taints[slot] where taint.effect == "NoSchedule" || taint.effect == "NoExecute" {
      if !pod.tolerations.contains(where: { $0.tolerates(taint) }) {
        return FilterFailure(plugin: .taintToleration, code: .untoleratedTaint, taintKey: taint.key ?? "", taintValue: taint.value ?? "")
      }
    }
    return nil
  }

  /// The raw score: untolerated PreferNoSchedule taints.
  @inline(__always)
  static func score(_ pod: PodInfo, _ cache: NodeTable, _ slot: Int) -> Int64 {
    guard cache.preferNoScheduleTaints[slot] > 0 else { return 0 }
    var count: Int64 = 0
    for taint in cache.taints[slot] where taint.effect == "PreferNoSchedule" {
      if !pod.preferNoScheduleTolerations.contains(where: { $0.tolerates(taint) }) { count += 1 }
    }
    return count
  }
}

/// NodeAffinity: the filter applies `spec.nodeSelector` and the required node affinity
/// (DaemonSet pods pin their node with `matchFields` on `metadata.name`, which PreFilter
/// turns into a node list); the score sums the weights of matching preferred terms,
/// normalised by the maximum, weight 2.
enum NodeAffinity {
  @inline(__always)
  static func filter(_ pod: PodInfo, _ cache: NodeTable, _ slot: Int) -> FilterFailure? {
    guard !pod.requiredNodeAffinity.isEmpty else { return nil }
    if pod.requiredNodeAffinity.matches(labels: cache.labels[slot], name: cache.names[slot]) { return nil }
    return FilterFailure(plugin: .nodeAffinity, code: .nodeAffinity)
  }

  static func score(_ pod: PodInfo, _ cache: NodeTable, _ slot: Int) -> Int64 {
    var total: Int64 = 0
    for (weight, term) in pod.preferredNodeTerms where term.matches(labels: cache.labels[slot], name: cache.names[slot]) {
      total += weight
    }
    return total
  }
}
