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
  /// Per-node columns, indexed by slot.
  var nodes = NodeTable()
  /// Node names by slot.
  var names: [String] { nodes.names }

  // MARK: Nodes, one slot each (a deleted node keeps its slot while pods still point at it)
  var slotOf = DigestKeyed<Int>()
  private(set) var nodeCount = 0
  /// Slots whose node has PreferNoSchedule taints (TaintToleration's score has work).
  private(set) var preferNoScheduleNodes = 0
  private var lastVersion: UInt64 = 0
  /// The slots touched (see `touch`), for memos that follow the nodes' changes.
  private(set) var touches = TouchLog()
  private var orderCache: [Int] = []
  /// Each slot's position in `nodeOrder` (-1 for slots not in it).
  private var positionCache: [Int32] = []
  private var orderDirty = false

  // MARK: Topology: per topology key, each slot's domain id (-1 without the label)
  private var topologyKeyIDs: [String: Int] = [:]
  private var topologyKeys: [String] = []
  private var domainIDs: [[String: Int32]] = []
  /// Per topology key: the nodes in each domain, how many domains have a node, and the
  /// nodes without the key (nodes that exist; a slot kept only for its pods counts nowhere).
  private var domainNodes: [[Int32]] = []
  private(set) var populatedDomains: [Int] = []
  private(set) var unlabelledSlots: [Set<Int>] = []

  // MARK: Pods
  var pods: [ObjectKey: CachedPod] = [:]
  /// How many cached pods have each priority: whether any pod could be preempted by one of
  /// a given priority is one look at a handful of keys.
  var priorityCounts: [Int32: Int] = [:]
  /// Cached pods by `key=value` label, as their ids (`CachedPod.id`): a 4-byte id per label
  /// of every bound pod rather than its 32-byte key.
  var podsByLabel: [String: Set<Int32>] = [:]
  /// The key of each cached pod by its id; nil for ids free for reuse.
  var podKeys: [ObjectKey?] = []
  var freePodIDs: [Int32] = []
  var namespaceLabels: [String: [String: String]] = [:] {
    didSet { counterGeneration &+= 1 }
  }

  // MARK: Counters
  var counters: [[TermMatcher]: MatchCounter] = [:]
  var countersByLabel: [String: [MatchCounter]] = [:]
  var unindexedCounters: [MatchCounter] = []
  var holderCounters: [HolderKey: HolderCounter] = [:]
  var holdersByLabel: [String: [HolderCounter]] = [:]
  var unindexedHolders: [HolderCounter] = []
  /// Changes whenever a counter is made or dropped or namespace labels change: what
  /// `reachMemo` found stays right while it is the same.
  var counterGeneration: UInt64 = 0
  /// The last pod's labels and the counters they reach (`counterReach(of:namespace:)`).
  var reachMemo: CounterReach?
  /// The counters last found by `counter(_:)`, each with the key array it was asked with
  /// (kept, so its storage is not reused) and the generation then (see `RecentCounter`).
  var recentCounters: [RecentCounter] = []
  /// Where `counter(_:)` writes its next recent entry.
  var recentCounterSlot = 0
  /// Cached pods holding required anti-affinity terms, and holding scoring-relevant terms.
  var requiredAntiAffinityHolders = 0
  var scoringHolders = 0

  /// Live nodes in the order filtering walks them: zones interleaved, as upstream's node tree lists them.
  var nodeOrder: [Int] {
    if orderDirty { rebuildOrder() }
    return orderCache
  }

  /// Each slot's position in `nodeOrder`, -1 for a slot not in it (no live node).
  var orderPositions: [Int32] {
    if orderDirty { rebuildOrder() }
    return positionCache
  }

  // MARK: Node slots

  /// The slot of node `name`, created (without a Node object) when new.
  func slot(for name: String) -> Int {
    if let slot = slotOf[name] { return slot }
    let slot = nodes.names.count
    slotOf[name] = slot
    nodes.names.append(name)
    lastVersion += 1
    nodes.version.append(lastVersion)
    // Enough for every slot to change a few times between two scheduling cycles.
    touches.limit = 4 * nodes.names.count + 1_024
    nodes.exists.append(false)
    nodes.unschedulable.append(false)
    nodes.labels.append([:])
    nodes.taints.append([])
    nodes.hasHardTaints.append(false)
    nodes.preferNoScheduleTaints.append(0)
    for array in [\NodeTable.allocatableCPU, \.allocatableMemory, \.allocatableEphemeral, \.allocatablePods] {
      nodes[keyPath: array].append(0)
    }
    for array in [\NodeTable.requestedCPU, \.requestedMemory, \.requestedEphemeral, \.podCount, \.nonZeroCPU, \.nonZeroMemory] {
      nodes[keyPath: array].append(0)
    }
    nodes.allocatableScalar.append([:])
    nodes.requestedScalar.append([:])
    nodes.usedPorts.append([])
    nodes.images.append([:])
    nodes.fit.append(FitRow())
    for index in nodes.slotDomains.indices { nodes.slotDomains[index].append(-1) }
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
    let wasLive = nodes.exists[slot]
    let changed =
      !wasLive || nodes.labels[slot] != newLabels || nodes.taints[slot] != newTaints
      || nodes.unschedulable[slot] != (node.spec?.unschedulable ?? false)
      || nodes.allocatableCPU[slot] != (allocatable["cpu"]?.milliValue ?? 0)
      || nodes.allocatableMemory[slot] != (allocatable["memory"]?.value ?? 0)
      || nodes.allocatablePods[slot] != (allocatable["pods"]?.value ?? 0)
      || nodes.allocatableEphemeral[slot] != (allocatable["ephemeral-storage"]?.value ?? 0)
      || nodes.allocatableScalar[slot] != scalar || nodes.images[slot] != newImages
    guard changed else { return false }
    if !wasLive {
      nodeCount += 1
      orderDirty = true
    } else if nodes.labels[slot][SpreadConstraint.zoneKey] != newLabels[SpreadConstraint.zoneKey]
      || nodes.labels[slot]["topology.kubernetes.io/region"] != newLabels["topology.kubernetes.io/region"]
    {
      orderDirty = true
    }
    touch(slot)
    nodes.exists[slot] = true
    nodes.unschedulable[slot] = node.spec?.unschedulable ?? false
    nodes.labels[slot] = newLabels
    nodes.taints[slot] = newTaints
    nodes.hasHardTaints[slot] = newTaints.contains { $0.effect == "NoSchedule" || $0.effect == "NoExecute" }
    if nodes.preferNoScheduleTaints[slot] > 0 { preferNoScheduleNodes -= 1 }
    nodes.preferNoScheduleTaints[slot] = Int32(newTaints.filter { $0.effect == "PreferNoSchedule" }.count)
    if nodes.preferNoScheduleTaints[slot] > 0 { preferNoScheduleNodes += 1 }
    nodes.allocatableCPU[slot] = allocatable["cpu"]?.milliValue ?? 0
    nodes.allocatableMemory[slot] = allocatable["memory"]?.value ?? 0
    nodes.allocatableEphemeral[slot] = allocatable["ephemeral-storage"]?.value ?? 0
    nodes.allocatablePods[slot] = allocatable["pods"]?.value ?? 0
    nodes.allocatableScalar[slot] = scalar
    if nodes.images[slot] != newImages {
      for name in nodes.images[slot].keys { nodes.imageNodeCount[name, default: 1] -= 1 }
      for name in newImages.keys { nodes.imageNodeCount[name, default: 0] += 1 }
      nodes.images[slot] = newImages
    }
    for (index, key) in topologyKeys.enumerated() {
      if wasLive { countDomain(nodes.slotDomains[index][slot], keyIndex: index, slot: slot, by: -1) }
      let domain = domain(of: key, keyIndex: index, slot: slot)
      nodes.slotDomains[index][slot] = domain
      countDomain(domain, keyIndex: index, slot: slot, by: 1)
    }
    nodes.refreshFit(slot)
    return true
  }

  /// Forgets a node; its slot stays while pods still point at it.
  func removeNode(_ name: String) {
    guard let slot = slotOf[name], nodes.exists[slot] else { return }
    touch(slot)
    nodes.exists[slot] = false
    nodeCount -= 1
    orderDirty = true
    for name in nodes.images[slot].keys { nodes.imageNodeCount[name, default: 1] -= 1 }
    nodes.images[slot] = [:]
    nodes.labels[slot] = [:]
    for index in nodes.slotDomains.indices {
      countDomain(nodes.slotDomains[index][slot], keyIndex: index, slot: slot, by: -1)
      nodes.slotDomains[index][slot] = -1
    }
  }

  /// Marks what scores read of `slot` as changed, so memoised scores of it are recomputed.
  func touch(_ slot: Int) {
    lastVersion += 1
    nodes.version[slot] = lastVersion
    touches.record(slot)
  }

  /// The sequence number the next touch gets: a reader that saw the log up to here has seen
  /// every change so far.
  var touchSequence: UInt64 { touches.sequence }

  /// Calls `changed` with every slot touched since sequence number `since` (a slot may come
  /// more than once), or returns false when the log no longer reaches back that far (the
  /// reader must then assume every slot changed). Returns `touchSequence` through `next`.
  func touchedSlots(since: UInt64, next: inout UInt64, _ changed: (Int) -> Void) -> Bool {
    touches.slots(since: since, next: &next, changed)
  }

  private func rebuildOrder() {
    orderDirty = false
    // Zones in order of first appearance, each with its slots in slot order.
    var zoneIndex: [ZoneKey: Int] = [:]
    var byZone: [[Int]] = []
    for slot in nodes.names.indices where nodes.exists[slot] {
      let labels = nodes.labels[slot]
      let zone = ZoneKey(region: labels["topology.kubernetes.io/region"] ?? "", zone: labels[SpreadConstraint.zoneKey] ?? "")
      if let index = zoneIndex[zone] {
        byZone[index].append(slot)
      } else {
        zoneIndex[zone] = byZone.count
        byZone.append([slot])
      }
    }
    var order: [Int] = []
    order.reserveCapacity(nodeCount)
    var round = 0
    while order.count < nodeCount {
      for zone in byZone where round < zone.count { order.append(zone[round]) }
      round += 1
    }
    orderCache = order
    positionCache = Array(repeating: -1, count: nodes.names.count)
    for (position, slot) in order.enumerated() { positionCache[slot] = Int32(position) }
  }

  /// A node's region and zone labels (empty when absent), which upstream's node tree groups by.
  private struct ZoneKey: Hashable {
    var region: String
    var zone: String
  }

  // MARK: Topology domains

  /// The index of `key` in `slotDomains`, registering the key (and labelling every slot) when new.
  func topologyKeyIndex(_ key: String) -> Int {
    // A cluster has few keys (hostname, zone, region): scanning them, each comparison mostly
    // settled by the strings' identity or length, costs less than hashing the key (asked for
    // each constraint of every pod scheduled).
    if topologyKeys.count <= 8, let index = topologyKeys.firstIndex(of: key) { return index }
    if let index = topologyKeyIDs[key] { return index }
    let index = topologyKeys.count
    topologyKeyIDs[key] = index
    topologyKeys.append(key)
    domainIDs.append([:])
    domainNodes.append([])
    populatedDomains.append(0)
    unlabelledSlots.append([])
    nodes.slotDomains.append([Int32](repeating: -1, count: nodes.names.count))
    for slot in nodes.names.indices where nodes.exists[slot] {
      let domain = domain(of: key, keyIndex: index, slot: slot)
      nodes.slotDomains[index][slot] = domain
      countDomain(domain, keyIndex: index, slot: slot, by: 1)
    }
    return index
  }

  /// Adds (`delta` 1) or takes away (−1) node `slot` in `domain` of key `keyIndex` (−1: the
  /// nodes without the key).
  private func countDomain(_ domain: Int32, keyIndex: Int, slot: Int, by delta: Int32) {
    guard domain >= 0 else {
      if delta > 0 { unlabelledSlots[keyIndex].insert(slot) } else { unlabelledSlots[keyIndex].remove(slot) }
      return
    }
    let domain = Int(domain)
    if domain >= domainNodes[keyIndex].count {
      domainNodes[keyIndex].append(contentsOf: repeatElement(0, count: domain + 1 - domainNodes[keyIndex].count))
    }
    let before = domainNodes[keyIndex][domain]
    domainNodes[keyIndex][domain] = before + delta
    if before == 0 && delta > 0 { populatedDomains[keyIndex] += 1 }
    if before + delta == 0 && delta < 0 { populatedDomains[keyIndex] -= 1 }
  }

  /// How many domain ids key `index` has handed out.
  func domainCount(_ index: Int) -> Int { domainIDs[index].count }

  private func domain(of key: String, keyIndex: Int, slot: Int) -> Int32 {
    guard let value = nodes.labels[slot][key] else { return -1 }
    if let id = domainIDs[keyIndex][value] { return id }
    let id = Int32(domainIDs[keyIndex].count)
    domainIDs[keyIndex][value] = id
    return id
  }
}

/// The slots a cache touched, in order, numbered from `start`: it starts over once it holds
/// `limit` entries, and a reader that had not caught up by then must assume every slot changed.
struct TouchLog {
  private(set) var entries: [Int32] = []
  private(set) var start: UInt64 = 0
  var limit = 1_024

  /// The sequence number of the next entry.
  var sequence: UInt64 { start + UInt64(entries.count) }

  /// Appends `slot` (after starting over when full, so the latest entry is always kept).
  mutating func record(_ slot: Int) {
    if entries.count >= limit {
      start += UInt64(entries.count)
      entries.removeAll(keepingCapacity: true)
    }
    entries.append(Int32(truncatingIfNeeded: slot))
  }

  /// Calls `changed` with the slots recorded from sequence number `since` on and returns
  /// true, or returns false when the log starts later than `since`. Sets `next` to `sequence`.
  func slots(since: UInt64, next: inout UInt64, _ changed: (Int) -> Void) -> Bool {
    next = sequence
    guard since >= start, since <= next else { return false }
    for index in Int(since - start)..<entries.count { changed(Int(entries[index])) }
    return true
  }
}

/// The cache's per-node columns (struct of arrays, indexed by slot). Filters and scores read
/// them through one borrowed value, without touching the cache object per access.
struct NodeTable {
  var names: [String] = []
  /// A number, unique across slots and changes, that changes whenever the slot's node or its
  /// pods change: a memoised per-node score is valid while it stays the same.
  var version: [UInt64] = []
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
  /// Per registered topology key, each slot's domain id (-1 without the label).
  var slotDomains: [[Int32]] = []
  /// Free resources and blockers in one row per slot, for `QuickFilter` (kept by `refreshFit`).
  var fit: [FitRow] = []
}
