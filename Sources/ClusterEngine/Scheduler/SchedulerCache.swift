import KubeModel

/// The scheduler's view of the cluster (upstream's scheduler cache and its `NodeInfo`s),
/// kept incrementally from store events rather than rebuilt per pod.
///
/// Nodes live in slots of flat arrays (struct of arrays): allocatable and requested
/// resources, the non-zero requests scoring uses, host ports, images, labels, taints. Pods
/// that the scheduler has bound but not yet seen come back from the store (assumed pods)
/// count at once. Terms of pod affinity and spread constraints are answered from counters of
/// matching pods per node, updated as pods come and go, never by scanning every pod.
final class SchedulerCache {
  // MARK: Nodes, one slot each (a deleted node keeps its slot while pods still point at it)
  var slotOf: [String: Int] = [:]
  var names: [String] = []
  /// The Node object is known (a slot can exist for pods bound to a node not seen yet).
  var exists: [Bool] = []
  var unschedulable: [Bool] = []
  var labels: [[String: String]] = []
  var taints: [[Taint]] = []
  /// The node has NoSchedule or NoExecute taints (TaintToleration's filter has work).
  var hasHardTaints: [Bool] = []
  var preferNoScheduleTaints: [Int32] = []
  var allocatableCPU: [Int64] = []
  var allocatableMemory: [Int64] = []
  var allocatableEphemeral: [Int64] = []
  var allocatablePods: [Int64] = []
  var allocatableScalar: [[String: Int64]] = []
  var requestedCPU: [Int64] = []
  var requestedMemory: [Int64] = []
  var requestedEphemeral: [Int64] = []
  var requestedScalar: [[String: Int64]] = []
  var podCount: [Int64] = []
  var nonZeroCPU: [Int64] = []
  var nonZeroMemory: [Int64] = []
  var usedPorts: [[HostPort]] = []
  /// Image name → size, per node (`status.images`).
  var images: [[String: Int64]] = []
  /// How many nodes have each image name.
  var imageNodeCount: [String: Int] = [:]
  private(set) var nodeCount = 0
  private var orderCache: [Int] = []
  private var orderDirty = false

  // MARK: Topology: per topology key, each slot's domain id (-1 without the label)
  private var topologyKeyIDs: [String: Int] = [:]
  private var topologyKeys: [String] = []
  private var domainIDs: [[String: Int32]] = []
  private(set) var slotDomains: [[Int32]] = []

  // MARK: Pods
  var pods: [ObjectKey: CachedPod] = [:]
  var podsByLabel: [String: Set<ObjectKey>] = [:]
  var namespaceLabels: [String: [String: String]] = [:]

  // MARK: Counters
  var counters: [[TermMatcher]: MatchCounter] = [:]
  var countersByLabel: [String: [MatchCounter]] = [:]
  var unindexedCounters: [MatchCounter] = []
  var holderCounters: [HolderKey: HolderCounter] = [:]
  var holdersByLabel: [String: [HolderCounter]] = [:]
  var unindexedHolders: [HolderCounter] = []
  /// Cached pods holding required anti-affinity terms, and holding scoring-relevant terms.
  var requiredAntiAffinityHolders = 0
  var scoringHolders = 0

  /// Live nodes in the order filtering walks them: zones interleaved, as upstream's node tree lists them.
  var nodeOrder: [Int] {
    if orderDirty { rebuildOrder() }
    return orderCache
  }

  // MARK: Node slots

  /// The slot of node `name`, created (without a Node object) when new.
  func slot(for name: String) -> Int {
    if let slot = slotOf[name] { return slot }
    let slot = names.count
    slotOf[name] = slot
    names.append(name)
    exists.append(false)
    unschedulable.append(false)
    labels.append([:])
    taints.append([])
    hasHardTaints.append(false)
    preferNoScheduleTaints.append(0)
    for array in [\SchedulerCache.allocatableCPU, \.allocatableMemory, \.allocatableEphemeral, \.allocatablePods] {
      self[keyPath: array].append(0)
    }
    for array in [\SchedulerCache.requestedCPU, \.requestedMemory, \.requestedEphemeral, \.podCount, \.nonZeroCPU, \.nonZeroMemory] {
      self[keyPath: array].append(0)
    }
    allocatableScalar.append([:])
    requestedScalar.append([:])
    usedPorts.append([])
    images.append([:])
    for index in slotDomains.indices { slotDomains[index].append(-1) }
    return slot
  }

  /// Records a node's current state. Returns whether anything the filters or scores read changed.
  @discardableResult
  func setNode(_ node: Node) -> Bool {
    let slot = slot(for: node.name)
    let newLabels = node.metadata.labels ?? [:]
    let newTaints = node.spec?.taints ?? []
    let allocatable = node.status?.allocatable ?? [:]
    var scalar: [String: Int64] = [:]
    for (name, quantity) in allocatable where !["cpu", "memory", "ephemeral-storage", "pods"].contains(name) {
      scalar[name] = quantity.value
    }
    var newImages: [String: Int64] = [:]
    for image in node.status?.images ?? [] {
      for name in image.names ?? [] { newImages[name] = image.sizeBytes ?? 0 }
    }
    let wasLive = exists[slot]
    let changed =
      !wasLive || labels[slot] != newLabels || taints[slot] != newTaints
      || unschedulable[slot] != (node.spec?.unschedulable ?? false)
      || allocatableCPU[slot] != (allocatable["cpu"]?.milliValue ?? 0)
      || allocatableMemory[slot] != (allocatable["memory"]?.value ?? 0)
      || allocatablePods[slot] != (allocatable["pods"]?.value ?? 0)
      || allocatableEphemeral[slot] != (allocatable["ephemeral-storage"]?.value ?? 0)
      || allocatableScalar[slot] != scalar || images[slot] != newImages
    guard changed else { return false }
    if !wasLive {
      nodeCount += 1
      orderDirty = true
    } else if labels[slot][SpreadConstraint.zoneKey] != newLabels[SpreadConstraint.zoneKey]
      || labels[slot]["topology.kubernetes.io/region"] != newLabels["topology.kubernetes.io/region"]
    {
      orderDirty = true
    }
    exists[slot] = true
    unschedulable[slot] = node.spec?.unschedulable ?? false
    labels[slot] = newLabels
    taints[slot] = newTaints
    hasHardTaints[slot] = newTaints.contains { $0.effect == "NoSchedule" || $0.effect == "NoExecute" }
    preferNoScheduleTaints[slot] = Int32(newTaints.filter { $0.effect == "PreferNoSchedule" }.count)
    allocatableCPU[slot] = allocatable["cpu"]?.milliValue ?? 0
    allocatableMemory[slot] = allocatable["memory"]?.value ?? 0
    allocatableEphemeral[slot] = allocatable["ephemeral-storage"]?.value ?? 0
    allocatablePods[slot] = allocatable["pods"]?.value ?? 0
    allocatableScalar[slot] = scalar
    if images[slot] != newImages {
      for name in images[slot].keys { imageNodeCount[name, default: 1] -= 1 }
      for name in newImages.keys { imageNodeCount[name, default: 0] += 1 }
      images[slot] = newImages
    }
    for (index, key) in topologyKeys.enumerated() { slotDomains[index][slot] = domain(of: key, keyIndex: index, slot: slot) }
    return true
  }

  /// Forgets a node; its slot stays while pods still point at it.
  func removeNode(_ name: String) {
    guard let slot = slotOf[name], exists[slot] else { return }
    exists[slot] = false
    nodeCount -= 1
    orderDirty = true
    for name in images[slot].keys { imageNodeCount[name, default: 1] -= 1 }
    images[slot] = [:]
    labels[slot] = [:]
    for index in slotDomains.indices { slotDomains[index][slot] = -1 }
  }

  private func rebuildOrder() {
    orderDirty = false
    var zones: [String] = []
    var byZone: [String: [Int]] = [:]
    for slot in names.indices where exists[slot] {
      let zone = zoneKey(slot)
      if byZone[zone] == nil { zones.append(zone) }
      byZone[zone, default: []].append(slot)
    }
    var order: [Int] = []
    order.reserveCapacity(nodeCount)
    var round = 0
    while order.count < nodeCount {
      for zone in zones where round < byZone[zone, default: []].count { order.append(byZone[zone, default: []][round]) }
      round += 1
    }
    orderCache = order
  }

  private func zoneKey(_ slot: Int) -> String {
    let region = labels[slot]["topology.kubernetes.io/region"] ?? ""
    let zone = labels[slot][SpreadConstraint.zoneKey] ?? ""
    return region.isEmpty && zone.isEmpty ? "" : region + ":\u{0}:" + zone
  }

  // MARK: Topology domains

  /// The index of `key` in `slotDomains`, registering the key (and labelling every slot) when new.
  func topologyKeyIndex(_ key: String) -> Int {
    if let index = topologyKeyIDs[key] { return index }
    let index = topologyKeys.count
    topologyKeyIDs[key] = index
    topologyKeys.append(key)
    domainIDs.append([:])
    slotDomains.append([Int32](repeating: -1, count: names.count))
    for slot in names.indices where exists[slot] { slotDomains[index][slot] = domain(of: key, keyIndex: index, slot: slot) }
    return index
  }

  /// How many domain ids key `index` has handed out.
  func domainCount(_ index: Int) -> Int { domainIDs[index].count }

  private func domain(of key: String, keyIndex: Int, slot: Int) -> Int32 {
    guard let value = labels[slot][key] else { return -1 }
    if let id = domainIDs[keyIndex][value] { return id }
    let id = Int32(domainIDs[keyIndex].count)
    domainIDs[keyIndex][value] = id
    return id
  }
}
