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

  /// The pods sorted deletion-first.
  func sorted() -> [Pod] {
    let order = pods.indices.sorted { less($0, $1) }
    return order.map { pods[$0] }
  }

  private static let phaseOrdinal = ["Pending": 0, "Unknown": 1, "Running": 2]

  private func less(_ i: Int, _ j: Int) -> Bool {
    let a = pods[i]
    let b = pods[j]
    let nodeA = a.spec?.nodeName ?? ""
    let nodeB = b.spec?.nodeName ?? ""
    if nodeA != nodeB && (nodeA.isEmpty || nodeB.isEmpty) { return nodeA.isEmpty }
    let phaseA = Self.phaseOrdinal[a.status?.phase ?? ""] ?? 0
    let phaseB = Self.phaseOrdinal[b.status?.phase ?? ""] ?? 0
    if phaseA != phaseB { return phaseA < phaseB }
    if a.isReady != b.isReady { return !a.isReady }
    let costA = deletionCost(a)
    let costB = deletionCost(b)
    if costA != costB { return costA < costB }
    if ranks[i] != ranks[j] { return ranks[i] > ranks[j] }
    if a.isReady && b.isReady, let readyA = a.readySinceMicros, let readyB = b.readySinceMicros, readyA != readyB {
      return earlierInLogScale(readyA, readyB, a, b)
    }
    let restartsA = a.maxRestarts
    let restartsB = b.maxRestarts
    if restartsA != restartsB { return restartsA > restartsB }
    let createdA = (a.metadata.creationTimestamp?.seconds ?? 0) * 1_000_000
    let createdB = (b.metadata.creationTimestamp?.seconds ?? 0) * 1_000_000
    if createdA != createdB { return earlierInLogScale(createdA, createdB, a, b) }
    return false
  }

  /// Whether `t1` is more recent than `t2` by a whole power of two of elapsed
  /// nanoseconds (`logarithmicRankDiff`), ties broken by UID.
  private func earlierInLogScale(_ t1: Int64, _ t2: Int64, _ a: Pod, _ b: Pod) -> Bool {
    if t1 == 0 || t2 == 0 { return t1 == 0 }
    let difference = logRank(t1) - logRank(t2)
    if difference == 0 { return (a.metadata.uid ?? "") < (b.metadata.uid ?? "") }
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
