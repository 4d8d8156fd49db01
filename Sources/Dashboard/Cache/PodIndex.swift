import KubeModel

/// Indexes over the cached pods, maintained incrementally from watch events: pods by node,
/// by controlling owner, and by label, plus each node's requested resources.
public struct PodIndex {
  /// Pod keys by node name ("" for unscheduled pods).
  public private(set) var byNode: [String: Set<String>] = [:]
  /// Pod keys by the uid of their controlling owner.
  public private(set) var byOwner: [String: Set<String>] = [:]
  /// Pod keys by `key=value` label pair.
  public private(set) var byLabel: [String: Set<String>] = [:]
  /// Requested CPU, memory and pod count per node (pods that still hold resources).
  public private(set) var requestedByNode: [String: ResourceTotals] = [:]

  /// Creates an empty index.
  public init() {}

  /// Removes every entry.
  public mutating func reset() { self = PodIndex() }

  /// Records a pod.
  public mutating func insert(_ pod: Pod) { update(pod, sign: 1) }

  /// Forgets a pod.
  public mutating func remove(_ pod: Pod) { update(pod, sign: -1) }

  /// The keys of the pods that carry `key=value`.
  public func pods(withLabel key: String, value: String) -> Set<String> { byLabel["\(key)=\(value)"] ?? [] }

  private mutating func update(_ pod: Pod, sign: Int64) {
    let key = pod.qualifiedName
    let node = pod.spec?.nodeName ?? ""
    func change(_ map: inout [String: Set<String>], _ bucket: String) {
      if sign > 0 {
        map[bucket, default: []].insert(key)
      } else {
        map[bucket]?.remove(key)
        if map[bucket]?.isEmpty == true { map[bucket] = nil }
      }
    }
    change(&byNode, node)
    if let owner = pod.metadata.controllerRef?.uid { change(&byOwner, owner) }
    for (labelKey, value) in pod.labels { change(&byLabel, "\(labelKey)=\(value)") }
    if !node.isEmpty && pod.holdsResources {
      requestedByNode[node, default: ResourceTotals()].add(ResourceTotals.requests(of: pod), sign: sign)
    }
  }
}
