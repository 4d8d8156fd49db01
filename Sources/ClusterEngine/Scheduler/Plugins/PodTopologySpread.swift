import Foundation
import KubeModel

/// PodTopologySpread: DoNotSchedule constraints filter nodes whose domain would exceed
/// `maxSkew` above the least-loaded domain; ScheduleAnyway constraints (or the system
/// defaults: hostname maxSkew 3, zone maxSkew 5) score `Σ cnt·ln(domains+2) + maxSkew − 1`,
/// normalised so fewer matching pods score higher; weight 2.
enum PodTopologySpread {
  struct FilterConstraint {
    var keyIndex: Int
    var counts: [Int64]
    var minMatch: Int64
    var selfMatch: Int64
    var maxSkew: Int64
    /// The domains that count (a node with every key, included by the node policies).
    var present: [Bool]
    var minDomains: Int
  }

  struct FilterState {
    var constraints: [FilterConstraint]
  }

  struct ScoreConstraint {
    var keyIndex: Int
    var isHostname: Bool
    /// Per domain (the last bucket is the empty value of nodes without the label).
    var counts: [Int64]
    /// For the hostname key, each slot's matching pods (dense: one read per scored node; the
    /// counter's own column, so slots past its end count 0).
    var slotCounts: [Int32]
    var maxSkew: Int64
    var weight: Double
  }

  /// A constraint's term for one node, `cnt·weight + maxSkew − 1` with a domain and 0
  /// without: both scoring paths take it from here, so they sum the same Doubles.
  enum Term {
    /// The hostname key's term of a node with host domain `domain` and `matching` pods.
    @inline(__always)
    static func hostname(_ constraint: ScoreConstraint, domain: Int32, matching: Int64) -> Double {
      domain >= 0 ? Double(matching) * constraint.weight + Double(constraint.maxSkew - 1) : 0
    }

    /// Another key's term per domain id (`perDomain`, from `perDomain(_:)`).
    @inline(__always)
    static func other(_ constraint: ScoreConstraint, domain: Int32, perDomain: UnsafeBufferPointer<Double>) -> Double {
      domain < 0 ? 0 : Int(domain) < perDomain.count ? perDomain[Int(domain)] : Double(constraint.maxSkew - 1)
    }

    /// Another key's term for each domain its counts cover (a later domain counts 0).
    static func perDomain(_ constraint: ScoreConstraint) -> [Double] {
      let skew = Double(constraint.maxSkew - 1)
      return constraint.counts.map { Double($0) * constraint.weight + skew }
    }
  }

  struct ScoreState {
    var constraints: [ScoreConstraint]
    /// Per feasible node: lacks a required topology key and scores 0. Empty when no node is
    /// ignored (always so for the system defaults, which require no key).
    var ignored: [Bool]
  }

  /// Whether `slot` counts for constraint `constraint` (nodeAffinityPolicy / nodeTaintsPolicy).
  static func includes(_ constraint: SpreadConstraint, _ pod: PodInfo, _ cache: NodeTable, _ slot: Int) -> Bool {
    if constraint.honorsNodeAffinity && !pod.requiredNodeAffinity.isEmpty
      && !pod.requiredNodeAffinity.matches(labels: cache.labels[slot], name: cache.names[slot])
    {
      return false
    }
    if constraint.honorsNodeTaints && TaintToleration.filter(pod, cache, slot) != nil { return false }
    return true
  }

  static func hasAllKeys(_ constraints: [SpreadConstraint], _ cache: NodeTable, _ slot: Int) -> Bool {
    constraints.allSatisfy { cache.labels[slot][$0.topologyKey] != nil }
  }

  /// PreFilter: nil when the pod has no DoNotSchedule constraints.
  static func preFilter(_ pod: PodInfo, _ cache: SchedulerCache) -> FilterState? {
    guard !pod.hardSpread.isEmpty else { return nil }
    var constraints: [FilterConstraint] = []
    for constraint in pod.hardSpread {
      let keyIndex = cache.topologyKeyIndex(constraint.topologyKey)
      let domainCount = cache.domainCount(keyIndex)
      var present = [Bool](repeating: false, count: domainCount)
      var counts = [Int64](repeating: 0, count: domainCount)
      // Read once, after the key is registered: `cache.nodes` as an argument copies every column.
      let table = cache.nodes
      let slotDomains = table.slotDomains[keyIndex]
      for slot in cache.nodeOrder
      where hasAllKeys(pod.hardSpread, table, slot) && includes(constraint, pod, table, slot) {
        present[Int(slotDomains[slot])] = true
      }
      for (slot, count) in cache.counter([constraint.matcher]).perSlot {
        let domain = slotDomains[slot]
        guard domain >= 0, present[Int(domain)], hasAllKeys(pod.hardSpread, table, slot), includes(constraint, pod, table, slot)
        else { continue }
        counts[Int(domain)] += Int64(count)
      }
      let selfMatch: Int64 =
        constraint.matcher.selector.matches(pod.labels) ? 1 : 0
      var folded = FilterConstraint(
        keyIndex: keyIndex, counts: counts, minMatch: 0, selfMatch: selfMatch, maxSkew: constraint.maxSkew, present: present,
        minDomains: constraint.minDomains)
      folded.minMatch = folded.leastMatching()
      constraints.append(folded)
    }
    return FilterState(constraints: constraints)
  }

  /// RemovePod / AddPod (upstream's `updateWithPod`): the counts with `existing`, on `slot`,
  /// taken away (`delta` −1) or given back (+1), as a preemption dry run needs them.
  static func update(
    _ state: inout FilterState, for pod: PodInfo, existing: CachedPod, namespace: String, slot: Int, delta: Int64,
    _ table: NodeTable
  ) {
    guard namespace == pod.namespace, hasAllKeys(pod.hardSpread, table, slot) else { return }
    for (index, constraint) in pod.hardSpread.enumerated() where index < state.constraints.count {
      guard includes(constraint, pod, table, slot),
        constraint.matcher.matches(namespace: namespace, labels: existing.labels, terminating: existing.terminating, namespaceLabels: [:])
      else { continue }
      let domain = Int(table.slotDomains[state.constraints[index].keyIndex][slot])
      guard domain >= 0, domain < state.constraints[index].counts.count else { continue }
      state.constraints[index].counts[domain] += delta
      state.constraints[index].minMatch = state.constraints[index].leastMatching()
    }
  }

  @inline(__always)
  static func filter(_ state: FilterState, _ cache: NodeTable, _ slot: Int) -> FilterFailure? {
    for constraint in state.constraints {
      let domain = cache.slotDomains[constraint.keyIndex][slot]
      if domain < 0 { return FilterFailure(plugin: .podTopologySpread, code: .spreadMissingLabel) }
      let skew = constraint.counts[Int(domain)] + constraint.selfMatch - constraint.minMatch
      if skew > constraint.maxSkew { return FilterFailure(plugin: .podTopologySpread, code: .spreadSkew) }
    }
    return nil
  }

  /// PreScore over the feasible nodes: nil (Skip) when the pod has no soft constraints.
  /// `table` is the cache's node table as the cycle read it.
  static func preScore(_ pod: PodInfo, _ cache: SchedulerCache, _ table: NodeTable, feasible: [Int]) -> ScoreState? {
    let declared = pod.softSpread
    guard !declared.isEmpty else { return nil }
    // A key registered now adds a column to the cache's table: read it again then (once).
    for index in declared.indices where cache.topologyKeyIndex(declared[index].topologyKey) >= table.slotDomains.count {
      return preScore(pod, cache, cache.nodes, feasible: feasible)
    }
    let requireAllTopologies = !pod.softSpreadIsSystemDefault
    var ignored = requireAllTopologies ? feasible.map { !hasAllKeys(declared, table, $0) } : []
    let scored = feasible.count - ignored.reduce(0) { $0 + ($1 ? 1 : 0) }
    if !ignored.contains(true) { ignored = [] }
    var constraints: [ScoreConstraint] = []
    constraints.reserveCapacity(declared.count)
    for constraint in declared {
      let keyIndex = cache.topologyKeyIndex(constraint.topologyKey)
      let slotDomains = table.slotDomains[keyIndex]
      // Every domain id in `slotDomains` was handed out by the cache, so is below its count.
      let emptyBucket = cache.domainCount(keyIndex)
      let counter = cache.counter(constraint.counterKey)
      let isHostname = constraint.isHostname
      var counts = [Int64](repeating: 0, count: isHostname ? 0 : emptyBucket + 1)
      var size = scored
      if !isHostname {
        var present = [Bool](repeating: false, count: emptyBucket + 1)
        // Through buffers: this loop runs over the feasible nodes for every pod scored, until
        // it has found every bucket a feasible node can be in (each zone's nodes come early:
        // the node order interleaves zones). Feasible nodes passed TaintToleration's filter,
        // which `populatedBuckets` relies on.
        let populated = populatedBuckets(keyIndex, pod, cache, table)
        size = present.withUnsafeMutableBufferPointer { present in
          slotDomains.withUnsafeBufferPointer { domains in
            feasible.withUnsafeBufferPointer { feasible in
              ignored.withUnsafeBufferPointer { ignored in
                let considersAll = ignored.isEmpty
                var found = 0
                for index in 0..<feasible.count where considersAll || !ignored[index] {
                  let domain = domains[feasible[index]]
                  let bucket = domain >= 0 ? Int(domain) : emptyBucket
                  if !present[bucket] {
                    present[bucket] = true
                    found += 1
                    if found == populated { break }
                  }
                }
                return found
              }
            }
          }
        }
        // The node policies only drop nodes when the pod has something for them to test.
        let includesAll = !(constraint.honorsNodeAffinity && !pod.requiredNodeAffinity.isEmpty) && !constraint.honorsNodeTaints
        func add(_ slot: Int, _ count: Int32) {
          guard table.exists[slot] else { return }
          if requireAllTopologies && !hasAllKeys(declared, table, slot) { return }
          guard includesAll || includes(constraint, pod, table, slot) else { return }
          let domain = slotDomains[slot]
          let bucket = domain >= 0 ? Int(domain) : emptyBucket
          if present[bucket] { counts[bucket] += Int64(count) }
        }
        // The sums are of integers, so the order of the slots does not matter: the sparse
        // entries when they are far fewer than the slots (a workload on a large cluster).
        if counter.perSlot.count * 4 < counter.dense.count {
          for (slot, count) in counter.perSlot { add(slot, count) }
        } else {
          for (slot, count) in counter.dense.enumerated() where count != 0 { add(slot, count) }
        }
      }
      constraints.append(
        ScoreConstraint(
          keyIndex: keyIndex, isHostname: isHostname, counts: counts, slotCounts: isHostname ? counter.dense : [],
          maxSkew: constraint.maxSkew, weight: log(Double(size + 2))))
    }
    return ScoreState(constraints: constraints, ignored: ignored)
  }

  /// At least as many buckets of key `keyIndex` as the feasible nodes can be in: every domain
  /// with a node, and the bucket of the nodes without the key unless the pod tolerates the
  /// hard taints of none of them (the control-plane node, say, with no zone). `Int.max`
  /// when too many nodes lack the key to test.
  static func populatedBuckets(_ keyIndex: Int, _ pod: PodInfo, _ cache: SchedulerCache, _ table: NodeTable) -> Int {
    let unlabelled = cache.unlabelledSlots[keyIndex]
    guard unlabelled.count <= 8 else { return Int.max }
    let reachable = unlabelled.contains { $0 < table.exists.count && TaintToleration.filter(pod, table, $0) == nil }
    return cache.populatedDomains[keyIndex] + (reachable ? 1 : 0)
  }

  /// The raw score of every feasible node (`nodes`, in order) into `raw`, `sums` as room
  /// for the running sums (both `nodes.count` long). Returns the least and the greatest raw
  /// score of the nodes not ignored (`Int64.max` and 0 when there is none), as `normalize`
  /// finds them.
  static func scores(
    _ state: ScoreState, _ table: NodeTable, _ nodes: [Int], raw: UnsafeMutableBufferPointer<Int64>,
    sums: UnsafeMutableBufferPointer<Double>
  ) -> (minimum: Int64, maximum: Int64) {
    if state.ignored.isEmpty, let range = scoresWithHostname(state, table, nodes, raw: raw) { return range }
    return scoresByConstraint(state, table, nodes, raw: raw, sums: sums)
  }

  /// `scores` for two constraints of which one is the hostname (the system defaults: hostname,
  /// then zone) and no node ignored, in one pass. A node with no matching pod, the usual case
  /// when a workload's pods are far fewer than the nodes, scores what its other domain gives:
  /// that score is rounded once per domain, and such a node reads it instead of summing and
  /// rounding. Any other node sums its two terms as `scoresByConstraint` does (a sum of two
  /// Doubles is the same in either order), so every score is the same. Nil for other states.
  static func scoresWithHostname(
    _ state: ScoreState, _ table: NodeTable, _ nodes: [Int], raw: UnsafeMutableBufferPointer<Int64>
  ) -> (minimum: Int64, maximum: Int64)? {
    guard state.constraints.count == 2, state.constraints[0].isHostname != state.constraints[1].isHostname else {
      return nil
    }
    let host = state.constraints[0].isHostname ? state.constraints[0] : state.constraints[1]
    let other = state.constraints[0].isHostname ? state.constraints[1] : state.constraints[0]
    var minimum = Int64.max
    var maximum: Int64 = 0
    let count = nodes.count
    Term.perDomain(other).withUnsafeBufferPointer { otherTerms in
      // The score of a node with the hostname label and no matching pod, by its other domain
      // (index 0: no label; domain d at d + 1).
      let unmatched = (-1..<Int32(otherTerms.count)).map { domain in
        roundedHalfAwayFromZero(
          Term.hostname(host, domain: 0, matching: 0) + Term.other(other, domain: domain, perDomain: otherTerms))
      }
      nodes.withUnsafeBufferPointer { nodes in
        table.slotDomains[host.keyIndex].withUnsafeBufferPointer { hostDomains in
          table.slotDomains[other.keyIndex].withUnsafeBufferPointer { otherDomains in
            host.slotCounts.withUnsafeBufferPointer { slotCounts in
              unmatched.withUnsafeBufferPointer { unmatched in
                let known = Int32(otherTerms.count)
                for index in 0..<count {
                  let slot = nodes[index]
                  let hostDomain = hostDomains[slot]
                  let otherDomain = otherDomains[slot]
                  let matching = slot < slotCounts.count ? Int64(slotCounts[slot]) : 0
                  let score: Int64
                  if matching == 0 && hostDomain >= 0 && otherDomain < known {
                    score = unmatched[Int(max(otherDomain, -1)) + 1]
                  } else {
                    score = roundedHalfAwayFromZero(
                      Term.hostname(host, domain: hostDomain, matching: matching)
                        + Term.other(other, domain: otherDomain, perDomain: otherTerms))
                  }
                  raw[index] = score
                  minimum = min(minimum, score)
                  maximum = max(maximum, score)
                }
              }
            }
          }
        }
      }
    }
    return (minimum, maximum)
  }

  /// `scores` for any state, constraint by constraint over all nodes rather than node by
  /// node: each node's sum takes the same terms in the same order (0, then each constraint's
  /// `cnt·weight + maxSkew − 1` with a domain), so it is the same Double; a constraint's term
  /// is worked out once per domain for keys other than the hostname. The first constraint
  /// sets the sums (0 plus a term is the term) in a loop of its own, so none is zeroed first
  /// and no loop tests which constraint it is; a node without the key adds 0 instead of
  /// being passed over.
  static func scoresByConstraint(
    _ state: ScoreState, _ table: NodeTable, _ nodes: [Int], raw: UnsafeMutableBufferPointer<Int64>,
    sums: UnsafeMutableBufferPointer<Double>
  ) -> (minimum: Int64, maximum: Int64) {
    let count = nodes.count
    if state.constraints.isEmpty {
      for index in 0..<count { sums[index] = 0 }
    }
    nodes.withUnsafeBufferPointer { nodes in
      for (position, constraint) in state.constraints.enumerated() {
        let first = position == 0
        // Two copies of each loop, so that neither tests `first` per node.
        @inline(__always) func add(_ term: (Int) -> Double) {
          if first {
            for index in 0..<count { sums[index] = term(index) }
          } else {
            for index in 0..<count { sums[index] += term(index) }
          }
        }
        table.slotDomains[constraint.keyIndex].withUnsafeBufferPointer { domains in
          if constraint.isHostname {
            constraint.slotCounts.withUnsafeBufferPointer { slotCounts in
              add { index in
                let slot = nodes[index]
                let matching = slot < slotCounts.count ? Int64(slotCounts[slot]) : 0
                return Term.hostname(constraint, domain: domains[slot], matching: matching)
              }
            }
          } else {
            Term.perDomain(constraint).withUnsafeBufferPointer { terms in
              add { index in Term.other(constraint, domain: domains[nodes[index]], perDomain: terms) }
            }
          }
        }
      }
    }
    var minimum = Int64.max
    var maximum: Int64 = 0
    if state.ignored.isEmpty {
      for index in 0..<count {
        let score = roundedHalfAwayFromZero(sums[index])
        raw[index] = score
        minimum = min(minimum, score)
        maximum = max(maximum, score)
      }
    } else {
      for index in 0..<count {
        if state.ignored[index] {
          raw[index] = 0
        } else {
          let score = roundedHalfAwayFromZero(sums[index])
          raw[index] = score
          minimum = min(minimum, score)
          maximum = max(maximum, score)
        }
      }
    }
    return (minimum, maximum)
  }

  /// `Int64(x.rounded())` (half away from zero) without the library call: the truncation
  /// and the fraction it leaves are exact for every finite `x` in range (for |x| ≥ 2⁵² the
  /// fraction is 0), and out-of-range or NaN values trap as the conversion would.
  @inline(__always)
  static func roundedHalfAwayFromZero(_ x: Double) -> Int64 {
    let truncated = Int64(x)
    let fraction = x - Double(truncated)
    if fraction >= 0.5 { return truncated + 1 }
    if fraction <= -0.5 { return truncated - 1 }
    return truncated
  }

  /// `100 × (max + min − s) / max`; 100 for all when max is 0; ignored nodes get 0
  /// (`ignored` empty: none is).
  static func normalize(_ scores: inout [Int64], ignored: [Bool]) {
    let count = scores.count
    let hasIgnored = !ignored.isEmpty
    scores.withUnsafeMutableBufferPointer { scores in
      ignored.withUnsafeBufferPointer { ignored in
        var minimum = Int64.max
        var maximum: Int64 = 0
        for index in 0..<count where !hasIgnored || !ignored[index] {
          minimum = min(minimum, scores[index])
          maximum = max(maximum, scores[index])
        }
        let quotient = NormalizedQuotient(minimum: minimum, maximum: maximum)
        for index in 0..<count {
          scores[index] = hasIgnored && ignored[index] ? 0 : quotient.score(scores[index])
        }
      }
    }
  }

  /// Adds `weight` × each node's normalised score (as `normalize` gives it, no node
  /// ignored) to `totals`, or sets `totals` to it when `assigning`: normalising, weighting
  /// and adding in one pass, from the least and greatest raw score `scores` returned.
  ///
  /// The raw scores of a cycle span a few dozen values (matching pods times a logarithm), far
  /// fewer than the nodes scored: each value's weighted score is worked out once, into
  /// `table`, and every node reads it there instead of dividing.
  static func addNormalized(
    _ raw: UnsafeBufferPointer<Int64>, minimum: Int64, maximum: Int64, weight: Int64,
    into totals: UnsafeMutableBufferPointer<Int64>, assigning: Bool, table: inout [Int64]
  ) {
    let count = raw.count
    let quotient = NormalizedQuotient(minimum: minimum, maximum: maximum)
    @inline(__always) func put(_ index: Int, _ value: Int64) {
      if assigning { totals[index] = value } else { totals[index] += value }
    }
    // (`minimum` ≤ `maximum` whenever there is a node; the span is then exact.)
    guard count > 0, maximum > 0, maximum - minimum < Int64(count) else {
      for index in 0..<count { put(index, quotient.score(raw[index]) * weight) }
      return
    }
    table.removeAll(keepingCapacity: true)
    for value in minimum...maximum { table.append(quotient.score(value) * weight) }
    table.withUnsafeBufferPointer { table in
      for index in 0..<count { put(index, table[Int(raw[index] &- minimum)]) }
    }
  }
}

/// PodTopologySpread's NormalizeScore for one node: `100 × (max + min − s) / max`, 100 when
/// max is 0.
///
/// The quotient is taken in `Double` when it is exact there: the scores are never
/// negative, so the numerator is a non-negative integer, and with both it and the divisor
/// below 2⁵² (here below 2⁴⁸) a correctly rounded quotient truncates to the integer
/// quotient. With a 64-bit integer division per scored node, normalising took 1.75% of a
/// full-scale run's samples; in `Double`, `prioritize` with it folded in takes 1.9%
/// against 3.5% for the two before.
struct NormalizedQuotient {
  let minimum: Int64
  let maximum: Int64
  let exactInDouble: Bool
  let divisor: Double

  init(minimum: Int64, maximum: Int64) {
    self.minimum = minimum
    self.maximum = maximum
    exactInDouble = minimum >= 0 && maximum < 1 << 40
    divisor = Double(maximum)
  }

  @inline(__always)
  func score(_ raw: Int64) -> Int64 {
    if maximum == 0 { return maxNodeScore }
    if exactInDouble { return Int64(Double(maxNodeScore * (maximum + minimum - raw)) / divisor) }
    return maxNodeScore * (maximum + minimum - raw) / maximum
  }
}

extension PodTopologySpread.FilterConstraint {
  /// The fewest matching pods of a domain that counts; 0 when fewer domains count than
  /// `minDomains` asks for.
  func leastMatching() -> Int64 {
    var least = Int64(Int32.max)
    var domains = 0
    for domain in present.indices where present[domain] {
      domains += 1
      least = min(least, counts[domain])
    }
    return domains < minDomains ? 0 : least
  }
}
