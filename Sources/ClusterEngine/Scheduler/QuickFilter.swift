/// What the quick filter reads of one node, in one row (a `NodeTable` column kept from the
/// other columns by `NodeTable.refreshFit`): room left and what keeps ordinary pods off it.
struct FitRow: Equatable {
  /// Allocatable minus requested cpu (millicores).
  var freeCPU: Int64 = 0
  var freeMemory: Int64 = 0
  var freeEphemeral: Int64 = 0
  /// Allocatable pods minus the pods on the node.
  var freePods: Int64 = 0
  /// `unschedulableBit` and `hardTaintsBit`.
  var blockers: UInt8 = 0

  /// The node is cordoned (`spec.unschedulable`).
  static let unschedulableBit: UInt8 = 1
  /// The node has NoSchedule or NoExecute taints.
  static let hardTaintsBit: UInt8 = 2
}

extension NodeTable {
  /// `slot`'s `FitRow` as the other columns give it.
  func computedFit(_ slot: Int) -> FitRow {
    FitRow(
      freeCPU: allocatableCPU[slot] - requestedCPU[slot], freeMemory: allocatableMemory[slot] - requestedMemory[slot],
      freeEphemeral: allocatableEphemeral[slot] - requestedEphemeral[slot], freePods: allocatablePods[slot] - podCount[slot],
      blockers: (unschedulable[slot] ? FitRow.unschedulableBit : 0) | (hasHardTaints[slot] ? FitRow.hardTaintsBit : 0))
  }

  /// Recomputes `fit[slot]` after the node or its pods changed.
  mutating func refreshFit(_ slot: Int) {
    fit[slot] = computedFit(slot)
  }
}

/// Every filter's verdict at once for a pod that only requests cpu, memory and ephemeral
/// storage (no node name, node affinity, host ports, extended resources, spread constraints
/// or pod affinity, and no existing pod's anti-affinity to honour): such a pod fits a node
/// that takes it despite a cordon, has no NoSchedule or NoExecute taint and has room.
///
/// It only answers "passes"; a node it does not pass goes through the plugins in upstream
/// order, which name the failure.
struct QuickFilter: Equatable {
  /// The `FitRow.blockers` bits that reject the node.
  var blockerMask: UInt8
  /// The requests, `Int64.min` for a resource not requested (which then never fails).
  var milliCPU: Int64
  var memory: Int64
  var ephemeralStorage: Int64

  /// nil when the pod needs more than the checks below.
  init?(_ pod: PodInfo, hasFilterState: Bool) {
    guard !hasFilterState, pod.requestedNodeName == nil, pod.requiredNodeAffinity.isEmpty, pod.hostPorts.isEmpty,
      pod.requested.scalar.isEmpty
    else { return nil }
    blockerMask = FitRow.hardTaintsBit | (pod.toleratesUnschedulable ? 0 : FitRow.unschedulableBit)
    milliCPU = pod.requested.milliCPU > 0 ? pod.requested.milliCPU : .min
    memory = pod.requested.memory > 0 ? pod.requested.memory : .min
    ephemeralStorage = pod.requested.ephemeralStorage > 0 ? pod.requested.ephemeralStorage : .min
  }

  /// Whether every filter plugin passes a node with `row` (false: run them to know which fails).
  @inline(__always)
  func passes(_ row: FitRow) -> Bool {
    row.blockers & blockerMask == 0 && row.freePods > 0 && milliCPU <= row.freeCPU && memory <= row.freeMemory
      && ephemeralStorage <= row.freeEphemeral
  }

  /// Whether every filter plugin passes `slot` of `table`.
  func passes(_ table: NodeTable, _ slot: Int) -> Bool { passes(table.fit[slot]) }

  /// Filters `nodes` from index `start` on (wrapping around), as the cycle's filter loop does,
  /// until `toFind` nodes passed or every node was seen. A node the quick check rejects goes to
  /// `slow`, which runs the plugins (and records the failure) and returns whether it passes.
  /// Returns the passing slots, in order, and how many nodes were processed.
  /// Without a quick filter (`nil`), every node goes to `slow`.
  static func walk(
    _ quick: QuickFilter?, _ fit: [FitRow], _ nodes: [Int], start: Int, toFind: Int, slow: (Int) -> Bool
  ) -> (feasible: [Int], processed: Int) {
    var processed = 0
    let capacity = min(max(toFind, 0), nodes.count)
    let feasible = fit.withUnsafeBufferPointer { rows in
      [Int](unsafeUninitializedCapacity: capacity) { buffer, found in
        // Without a quick filter, every node fails the quick check and goes to `slow`.
        let visited = visit(
          nodes, start: start, toFind: capacity, quick: { slot in quick?.passes(rows[slot]) ?? false }, slow: slow
        ) { ordinal, slot in
          buffer.initializeElement(at: ordinal, to: slot)
        }
        found = visited.found
        processed = visited.processed
      }
    }
    return (feasible, processed)
  }

  /// Filters `nodes` exactly as `walk` does, with `quick` as the quick check of a slot, and
  /// hands each passing node to `pass` (its ordinal among the passing nodes, and its slot)
  /// instead of collecting them. Returns how many passed and how many were processed.
  @inline(__always)
  static func visit(
    _ nodes: [Int], start: Int, toFind: Int, quick: (Int) -> Bool, slow: (Int) -> Bool, pass: (Int, Int) -> Void
  ) -> (found: Int, processed: Int) {
    let count = nodes.count
    let capacity = min(max(toFind, 0), count)
    var processed = 0
    var found = 0
    guard count > 0 else { return (0, 0) }
    nodes.withUnsafeBufferPointer { order in
      // Two runs, [start, count) then [0, start), so the inner loop needs no wrap-around.
      var lower = start
      var upper = count
      while found < capacity {
        var index = lower
        // The quick check alone, until a node fails it or enough nodes passed.
        // Bounded once: neither the run's end nor the nodes still to find is passed.
        let stop = min(upper, index + (capacity - found))
        while index < stop {
          let slot = order[index]
          guard quick(slot) else { break }
          pass(found, slot)
          found &+= 1
          index &+= 1
        }
        if index < upper && found < capacity {
          let slot = order[index]
          index += 1
          if slow(slot) {
            pass(found, slot)
            found += 1
          }
        }
        processed += index - lower
        lower = index
        if lower == upper {
          guard upper == count, start > 0 else { break }
          lower = 0
          upper = start
        }
      }
    }
    return (found, processed)
  }
}
