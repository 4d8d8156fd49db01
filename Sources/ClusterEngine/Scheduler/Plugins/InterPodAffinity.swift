import KubeModel

/// InterPodAffinity: required pod affinity and anti-affinity in both directions (the pod's
/// own terms, and existing pods' required anti-affinity against it) as a filter; preferred
/// terms of the pod and of existing pods (existing required affinity at
/// hardPodAffinityWeight 1) as a score, normalised between the minimum and maximum; weight 2.
///
/// Every count comes from the cache's incremental per-node counters, folded into topology
/// domains once per scheduling cycle.
enum InterPodAffinity {
  /// Matching pods per domain of one topology key.
  struct Domains {
    var keyIndex: Int
    var counts: [Int32]
  }

  /// What the filter needs, computed once per cycle (PreFilter).
  struct FilterState {
    var affinity: [Domains] = []
    /// No existing pod matches all the required affinity terms anywhere.
    var affinityEmpty = true
    var selfMatchesAll = false
    var antiAffinity: [Domains] = []
    var existingAntiAffinity: [Domains] = []
  }

  /// Per topology key, the score of each domain (PreScore).
  struct ScoreState {
    var keys: [(keyIndex: Int, scores: [Int64])]
  }

  static func domains(_ perSlot: [Int: Int32], key: String, _ cache: SchedulerCache) -> Domains {
    let keyIndex = cache.topologyKeyIndex(key)
    var counts = [Int32](repeating: 0, count: cache.domainCount(keyIndex))
    let slotDomains = cache.nodes.slotDomains[keyIndex]
    for (slot, count) in perSlot {
      let domain = slotDomains[slot]
      if domain >= 0 { counts[Int(domain)] += count }
    }
    return Domains(keyIndex: keyIndex, counts: counts)
  }

  /// PreFilter: nil when neither the pod nor any existing pod has required terms.
  static func preFilter(_ pod: PodInfo, _ cache: SchedulerCache) -> FilterState? {
    if pod.requiredAffinity.isEmpty && pod.requiredAntiAffinity.isEmpty && cache.requiredAntiAffinityHolders == 0 {
      return nil
    }
    var state = FilterState()
    if !pod.requiredAffinity.isEmpty {
      let counter = cache.counter(pod.requiredAffinity.map(\.matcher))
      for term in pod.requiredAffinity {
        let folded = domains(counter.perSlot, key: term.topologyKey, cache)
        if folded.counts.contains(where: { $0 > 0 }) { state.affinityEmpty = false }
        state.affinity.append(folded)
      }
      state.selfMatchesAll = pod.requiredAffinity.allSatisfy {
        $0.matcher.matches(namespace: pod.namespace, labels: pod.labels, terminating: false, namespaceLabels: cache.namespaceLabels)
      }
    }
    for term in pod.requiredAntiAffinity {
      state.antiAffinity.append(domains(cache.counter([term.matcher]).perSlot, key: term.topologyKey, cache))
    }
    if cache.requiredAntiAffinityHolders > 0 {
      for holder in cache.holders(matching: pod.namespace, labels: pod.labels) where holder.key.role == .requiredAntiAffinity {
        state.existingAntiAffinity.append(domains(holder.perSlot, key: holder.key.term.topologyKey, cache))
      }
    }
    return state
  }

  /// RemovePod / AddPod (upstream's `updateWithPod`): the counts with `existing`, on `slot`,
  /// taken away (`delta` −1) or given back (+1), as a preemption dry run needs them. It
  /// counts toward the pod's affinity when it matches all of the pod's required terms,
  /// toward each anti-affinity term it matches, and, through each of its own required
  /// anti-affinity terms that the pod matches, against the pod.
  static func update(
    _ state: inout FilterState, for pod: PodInfo, existing: CachedPod, namespace: String, slot: Int, delta: Int32,
    _ cache: SchedulerCache
  ) {
    let labels = cache.namespaceLabels
    let slotDomains = cache.nodes.slotDomains
    func add(_ folded: inout Domains) {
      let domain = Int(slotDomains[folded.keyIndex][slot])
      if domain >= 0 && domain < folded.counts.count { folded.counts[domain] += delta }
    }
    if !state.affinity.isEmpty,
      pod.requiredAffinity.allSatisfy({
        $0.matcher.matches(namespace: namespace, labels: existing.labels, terminating: existing.terminating, namespaceLabels: labels)
      })
    {
      for index in state.affinity.indices { add(&state.affinity[index]) }
      state.affinityEmpty = !state.affinity.contains { $0.counts.contains { $0 > 0 } }
    }
    for (index, term) in pod.requiredAntiAffinity.enumerated() where index < state.antiAffinity.count {
      if term.matcher.matches(namespace: namespace, labels: existing.labels, terminating: existing.terminating, namespaceLabels: labels) {
        add(&state.antiAffinity[index])
      }
    }
    for holder in existing.holderKeys where holder.role == .requiredAntiAffinity {
      guard holder.term.matcher.matches(namespace: pod.namespace, labels: pod.labels, terminating: false, namespaceLabels: labels)
      else { continue }
      let keyIndex = cache.topologyKeyIndex(holder.term.topologyKey)
      let domain = Int(slotDomains.indices.contains(keyIndex) ? slotDomains[keyIndex][slot] : -1)
      guard domain >= 0 else { continue }
      // The filter only asks whether any holder of the key counts in the domain, so the
      // change goes to one that counts there (one that does not when giving back).
      if let index = state.existingAntiAffinity.firstIndex(where: {
        $0.keyIndex == keyIndex && domain < $0.counts.count && (delta > 0 || $0.counts[domain] > 0)
      }) {
        state.existingAntiAffinity[index].counts[domain] += delta
      }
    }
  }

  @inline(__always)
  static func filter(_ state: FilterState, _ cache: NodeTable, _ slot: Int) -> FilterFailure? {
    if !state.affinity.isEmpty {
      var podsExist = true
      for folded in state.affinity {
        let domain = cache.slotDomains[folded.keyIndex][slot]
        if domain < 0 { return FilterFailure(plugin: .interPodAffinity, code: .podAffinity) }
        if folded.counts[Int(domain)] <= 0 { podsExist = false }
      }
      if !podsExist && !(state.affinityEmpty && state.selfMatchesAll) {
        return FilterFailure(plugin: .interPodAffinity, code: .podAffinity)
      }
    }
    for folded in state.antiAffinity {
      let domain = cache.slotDomains[folded.keyIndex][slot]
      if domain >= 0 && folded.counts[Int(domain)] > 0 {
        return FilterFailure(plugin: .interPodAffinity, code: .podAntiAffinity)
      }
    }
    for folded in state.existingAntiAffinity {
      let domain = cache.slotDomains[folded.keyIndex][slot]
      if domain >= 0 && folded.counts[Int(domain)] > 0 {
        return FilterFailure(plugin: .interPodAffinity, code: .existingAntiAffinity)
      }
    }
    return nil
  }

  /// PreScore: nil (Skip) when no preferred term of the pod or of an existing pod applies.
  static func preScore(_ pod: PodInfo, _ cache: SchedulerCache) -> ScoreState? {
    let hasConstraints = !pod.preferredAffinity.isEmpty || !pod.preferredAntiAffinity.isEmpty
    if !hasConstraints && cache.scoringHolders == 0 { return nil }
    var byKey: [Int: [Int64]] = [:]
    var matched = false
    func add(_ perSlot: [Int: Int32], key: String, weight: Int64) {
      guard !perSlot.isEmpty else { return }
      let keyIndex = cache.topologyKeyIndex(key)
      let slotDomains = cache.nodes.slotDomains[keyIndex]
      var scores = byKey[keyIndex] ?? [Int64](repeating: 0, count: cache.domainCount(keyIndex))
      for (slot, count) in perSlot {
        let domain = slotDomains[slot]
        guard domain >= 0 else { continue }
        scores[Int(domain)] += weight * Int64(count)
        matched = true
      }
      byKey[keyIndex] = scores
    }
    for term in pod.preferredAffinity { add(cache.counter([term.matcher]).perSlot, key: term.topologyKey, weight: term.weight) }
    for term in pod.preferredAntiAffinity { add(cache.counter([term.matcher]).perSlot, key: term.topologyKey, weight: -term.weight) }
    if cache.scoringHolders > 0 {
      for holder in cache.holders(matching: pod.namespace, labels: pod.labels) {
        let weight: Int64
        switch holder.key.role {
        case .requiredAntiAffinity: continue
        case .requiredAffinity: weight = 1
        case .preferredAffinity: weight = holder.key.term.weight
        case .preferredAntiAffinity: weight = -holder.key.term.weight
        }
        add(holder.perSlot, key: holder.key.term.topologyKey, weight: weight)
      }
    }
    guard matched else { return nil }
    return ScoreState(keys: byKey.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
  }

  @inline(__always)
  static func score(_ state: ScoreState, _ cache: NodeTable, _ slot: Int) -> Int64 {
    var total: Int64 = 0
    for (keyIndex, scores) in state.keys {
      let domain = cache.slotDomains[keyIndex][slot]
      if domain >= 0 && Int(domain) < scores.count { total += scores[Int(domain)] }
    }
    return total
  }

  /// `100 × (s − min) / (max − min)` over the scored nodes; all 0 when they are equal.
  static func normalize(_ scores: inout [Int64]) {
    guard let minimum = scores.min(), let maximum = scores.max() else { return }
    let spread = maximum - minimum
    for index in scores.indices {
      scores[index] = spread > 0 ? Int64(Double(maxNodeScore) * (Double(scores[index] - minimum) / Double(spread))) : 0
    }
  }
}
