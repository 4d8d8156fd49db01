/// NodeUnschedulable: a cordoned node (`spec.unschedulable`) takes only pods tolerating
/// `node.kubernetes.io/unschedulable:NoSchedule`.
enum NodeUnschedulable {
  @inline(__always)
  static func filter(_ pod: PodInfo, _ cache: NodeTable, _ slot: Int) -> FilterFailure? {
    guard cache.unschedulable[slot], !pod.toleratesUnschedulable else { return nil }
    return FilterFailure(plugin: .nodeUnschedulable, code: .unschedulable)
  }
}

/// NodeName: a pod naming a node in `spec.nodeName` fits only that node.
enum NodeName {
  @inline(__always)
  static func filter(_ pod: PodInfo, _ cache: NodeTable, _ slot: Int) -> FilterFailure? {
    guard let name = pod.requestedNodeName, name != cache.names[slot] else { return nil }
    return FilterFailure(plugin: .nodeName, code: .nodeName)
  }
}

/// NodePorts: the pod's host ports must be free on the node.
enum NodePorts {
  @inline(__always)
  static func filter(_ pod: PodInfo, _ cache: NodeTable, _ slot: Int) -> FilterFailure? {
    guard !pod.hostPorts.isEmpty else { return nil }
    let used = cache.usedPorts[slot]
    guard !used.isEmpty else { return nil }
    for wanted in pod.hostPorts where used.contains(where: { $0.conflicts(with: wanted) }) {
      return FilterFailure(plugin: .nodePorts, code: .nodePorts)
    }
    return nil
  }
}
