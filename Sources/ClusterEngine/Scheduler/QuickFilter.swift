/// Every filter's verdict at once for a pod that only requests cpu, memory and ephemeral
/// storage (no node name, node affinity, host ports, extended resources, spread constraints
/// or pod affinity, and no existing pod's anti-affinity to honour): such a pod fits a node
/// that takes it despite a cordon, has no NoSchedule or NoExecute taint and has room.
///
/// It only answers "passes"; a node it does not pass goes through the plugins in upstream
/// order, which name the failure.
struct QuickFilter {
  var toleratesUnschedulable: Bool
  var milliCPU: Int64
  var memory: Int64
  var ephemeralStorage: Int64

  /// nil when the pod needs more than the checks below.
  init?(_ pod: PodInfo, hasFilterState: Bool) {
    guard !hasFilterState, pod.requestedNodeName == nil, pod.requiredNodeAffinity.isEmpty, pod.hostPorts.isEmpty,
      pod.requested.scalar.isEmpty
    else { return nil }
    toleratesUnschedulable = pod.toleratesUnschedulable
    milliCPU = pod.requested.milliCPU
    memory = pod.requested.memory
    ephemeralStorage = pod.requested.ephemeralStorage
  }

  /// Whether every filter plugin passes `slot` (false: run them to know which fails).
  @inline(__always)
  func passes(_ table: NodeTable, _ slot: Int) -> Bool {
    if table.unschedulable[slot] && !toleratesUnschedulable { return false }
    if table.hasHardTaints[slot] { return false }
    if table.podCount[slot] + 1 > table.allocatablePods[slot] { return false }
    if milliCPU > 0 && milliCPU > table.allocatableCPU[slot] - table.requestedCPU[slot] { return false }
    if memory > 0 && memory > table.allocatableMemory[slot] - table.requestedMemory[slot] { return false }
    if ephemeralStorage > 0 && ephemeralStorage > table.allocatableEphemeral[slot] - table.requestedEphemeral[slot] {
      return false
    }
    return true
  }
}
