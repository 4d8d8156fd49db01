import KubeModel

/// Indexes over the cached pods, maintained incrementally from watch events: pods by node
/// and by label, plus each node's requested resources. Pods are named by their store slot.
public struct PodIndex: Equatable, Sendable {
  /// Pod slots by node name ("" for unscheduled pods).
  public internal(set) var byNode: [String: Set<Int>] = [:]
  /// Pod slots by label key, then label value.
  public internal(set) var byLabel: [String: [String: Set<Int>]] = [:]
  /// Requested CPU, memory and pod count per node (pods that still hold resources).
  public internal(set) var requestedByNode: [String: ResourceTotals] = [:]
  /// The number of pods in phase Running.
  public internal(set) var runningCount = 0

  /// Creates an empty index.
  public init() {}

  /// Removes every entry.
  public mutating func reset() { self = PodIndex() }

  /// Records a pod held in store slot `slot`.
  public mutating func insert(_ pod: Pod, slot: Int) { update(pod, slot: slot, sign: 1) }

  /// Forgets a pod held in store slot `slot`.
  public mutating func remove(_ pod: Pod, slot: Int) { update(pod, slot: slot, sign: -1) }

  /// The slots of the pods that carry `key=value`.
  public func pods(withLabel key: String, value: String) -> Set<Int> { byLabel[key]?[value] ?? [] }

  /// The number of pods on a node.
  public func podCount(onNode node: String) -> Int { byNode[node]?.count ?? 0 }

  private mutating func update(_ pod: Pod, slot: Int, sign: Int64) {
    let node = pod.spec?.nodeName ?? ""
    if pod.status?.phase == "Running" { runningCount += Int(sign) }
    if sign > 0 {
      byNode[node, default: []].insert(slot)
      for (key, value) in pod.metadata.labels ?? [:] { byLabel[key, default: [:]][value, default: []].insert(slot) }
    } else {
      byNode[node]?.remove(slot)
      if byNode[node]?.isEmpty == true { byNode[node] = nil }
      for (key, value) in pod.metadata.labels ?? [:] {
        byLabel[key]?[value]?.remove(slot)
        if byLabel[key]?[value]?.isEmpty == true { byLabel[key]?[value] = nil }
        if byLabel[key]?.isEmpty == true { byLabel[key] = nil }
      }
    }
    if let holding = Self.holdingNode(of: pod) {
      requestedByNode[holding, default: ResourceTotals()].add(ResourceTotals.requests(of: pod), sign: sign)
    }
  }

  /// The node whose resources a pod holds (`requestedByNode` counts it there): the one it is
  /// bound to, until it finishes.
  static func holdingNode(of pod: Pod) -> String? {
    guard let node = pod.spec?.nodeName, !node.isEmpty, pod.holdsResources else { return nil }
    return node
  }
}
