import Foundation
import KubeModel

/// The order in which a ReplicaSet picks pods to delete when it scales down
/// (`controller.ActivePodsWithRanks`): the first pods in this order go first.
///
/// Unassigned before assigned; Pending before Unknown before Running; not ready before
/// ready; lower `controller.kubernetes.io/pod-deletion-cost` first; pods doubled up on a
/// node with more related pods first; ready for less time first (log₂ buckets); more
/// restarts first; newer first (log₂ buckets); then by UID.
struct ActivePodsWithRanks {
  var pods: [Pod]
  /// For each pod, how many related active pods share its node.
  var ranks: [Int]
  /// Absolute microseconds since the Unix epoch.
  var nowMicros: Int64

  /// What the order compares, computed once per pod rather than per comparison.
  private struct SortKey {
    var unassigned: Bool
    var node: String
    var phase: Int
    var ready: Bool
    var cost: Int32
    var rank: Int
    var readySince: Int64?
    var restarts: Int32
    var created: Int64
    var uid: String
  }

  /// The pods sorted deletion-first.
  func sorted() -> [Pod] {
    let keys = pods.indices.map { index in
      let pod = pods[index]
      let node = pod.spec?.nodeName ?? ""
      return SortKey(
        unassigned: node.isEmpty, node: node, phase: Self.phaseOrdinal[pod.status?.phase ?? ""] ?? 0,
        ready: pod.isReady, cost: deletionCost(pod), rank: ranks[index], readySince: pod.readySinceMicros,
        restarts: pod.maxRestarts, created: (pod.metadata.creationTimestamp?.seconds ?? 0) * 1_000_000,
        uid: pod.metadata.uid ?? "")
    }
    let order = pods.indices.sorted { less(keys[$0], keys[$1]) }
    return order.map { pods[$0] }
  }

  private static let phaseOrdinal = ["Pending": 0, "Unknown": 1, "Running": 2]

  private func less(_ a: SortKey, _ b: SortKey) -> Bool {
    if a.node != b.node && (a.unassigned || b.unassigned) { return a.unassigned }
    if a.phase != b.phase { return a.phase < b.phase }
    if a.ready != b.ready { return !a.ready }
    if a.cost != b.cost { return a.cost < b.cost }
    if a.rank != b.rank { return a.rank > b.rank }
    if a.ready && b.ready, let readyA = a.readySince, let readyB = b.readySince, readyA != readyB {
      return earlierInLogScale(readyA, readyB, a.uid, b.uid)
    }
    if a.restarts != b.restarts { return a.restarts > b.restarts }
    if a.created != b.created { return earlierInLogScale(a.created, b.created, a.uid, b.uid) }
    return false
  }

  /// Whether `t1` is more recent than `t2` by a whole power of two of elapsed
  /// nanoseconds (`logarithmicRankDiff`), ties broken by UID.
  private func earlierInLogScale(_ t1: Int64, _ t2: Int64, _ uidA: String, _ uidB: String) -> Bool {
    if t1 == 0 || t2 == 0 { return t1 == 0 }
    let difference = logRank(t1) - logRank(t2)
    if difference == 0 { return uidA < uidB }
    return difference < 0
  }

  private func logRank(_ micros: Int64) -> Int64 {
    let nanos = (nowMicros - micros) * 1000
    return nanos > 0 ? Int64(log2(Double(nanos))) : -1
  }

  private func deletionCost(_ pod: Pod) -> Int32 {
    Int32(pod.metadata.annotations?["controller.kubernetes.io/pod-deletion-cost"] ?? "") ?? 0
  }
}
