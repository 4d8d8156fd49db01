import KubeModel

/// How NodeResourcesFit scores nodes.
public enum ScoringStrategy: String, Sendable, Hashable, CaseIterable {
  /// Prefer the emptiest nodes: `(allocatable − requested) × 100 / allocatable` (the default).
  case leastAllocated = "LeastAllocated"
  /// Prefer the fullest nodes (bin packing): `requested × 100 / allocatable`.
  case mostAllocated = "MostAllocated"
}

/// NodeResourcesFit: the filter checks the pod count and every requested resource against
/// what is left of the node's allocatable (`Too many pods`, `Insufficient cpu`, several at
/// once); the score rates cpu and memory (weight 1 each) by the strategy, using the
/// non-zero requests (100m / 200Mi for containers without requests), plugin weight 1.
enum NodeResourcesFit {
  static let podsBit: UInt64 = 1
  static let cpuBit: UInt64 = 2
  static let memoryBit: UInt64 = 4
  static let ephemeralBit: UInt64 = 8
  /// Scalar resource `i` of the pod's sorted request list sets bit `scalarShift + i`.
  static let scalarShift: UInt64 = 4

  @inline(__always)
  static func filter(_ pod: PodInfo, _ cache: NodeTable, _ slot: Int) -> FilterFailure? {
    var mask: UInt64 = 0
    if cache.podCount[slot] + 1 > cache.allocatablePods[slot] { mask |= podsBit }
    let milliCPU = pod.requested.milliCPU
    let memory = pod.requested.memory
    let ephemeral = pod.requested.ephemeralStorage
    if milliCPU > 0 && milliCPU > cache.allocatableCPU[slot] - cache.requestedCPU[slot] { mask |= cpuBit }
    if memory > 0 && memory > cache.allocatableMemory[slot] - cache.requestedMemory[slot] { mask |= memoryBit }
    if ephemeral > 0 && ephemeral > cache.allocatableEphemeral[slot] - cache.requestedEphemeral[slot] { mask |= ephemeralBit }
    if !pod.requested.scalar.isEmpty { mask |= scalarMask(pod.requested.scalar, cache, slot) }
    return mask == 0 ? nil : FilterFailure(plugin: .nodeResourcesFit, code: .resources, mask: mask)
  }

  /// The insufficiency bits of the pod's scalar resources on `slot`.
  static func scalarMask(_ scalar: [(name: String, value: Int64)], _ cache: NodeTable, _ slot: Int) -> UInt64 {
    var mask: UInt64 = 0
    for (index, entry) in scalar.enumerated() where entry.value > 0 && index < 60 {
      let free = (cache.allocatableScalar[slot][entry.name] ?? 0) - (cache.requestedScalar[slot][entry.name] ?? 0)
      if entry.value > free { mask |= 1 << (scalarShift + UInt64(index)) }
    }
    return mask
  }

  /// The reason texts of an insufficiency mask, in upstream's order.
  static func reasons(mask: UInt64, scalarNames: [String]) -> [String] {
    var reasons: [String] = []
    if mask & podsBit != 0 { reasons.append("Too many pods") }
    if mask & cpuBit != 0 { reasons.append("Insufficient cpu") }
    if mask & memoryBit != 0 { reasons.append("Insufficient memory") }
    if mask & ephemeralBit != 0 { reasons.append("Insufficient ephemeral-storage") }
    for (index, name) in scalarNames.enumerated() where index < 60 && mask & (1 << (scalarShift + UInt64(index))) != 0 {
      reasons.append("Insufficient \(name)")
    }
    return reasons
  }

  /// The raw (and final) score: the strategy's per-resource scores for cpu and memory, averaged.
  @inline(__always)
  static func score(_ pod: PodInfo, _ cache: NodeTable, _ slot: Int, strategy: ScoringStrategy) -> Int64 {
    let cpu = resourceScore(cache.nonZeroCPU[slot] + pod.nonZeroCPU, cache.allocatableCPU[slot], strategy)
    let memory = resourceScore(cache.nonZeroMemory[slot] + pod.nonZeroMemory, cache.allocatableMemory[slot], strategy)
    var total: Int64 = 0
    var weights: Int64 = 0
    if let cpu {
      total += cpu
      weights += 1
    }
    if let memory {
      total += memory
      weights += 1
    }
    return weights == 0 ? 0 : total / weights
  }

  /// One resource's score; nil when the node has none of it (left out of the average).
  @inline(__always)
  static func resourceScore(_ requested: Int64, _ allocatable: Int64, _ strategy: ScoringStrategy) -> Int64? {
    guard allocatable != 0 else { return nil }
    switch strategy {
    case .leastAllocated:
      return requested > allocatable ? 0 : (allocatable - requested) * maxNodeScore / allocatable
    case .mostAllocated:
      return min(requested, allocatable) * maxNodeScore / allocatable
    }
  }
}

/// NodeResourcesBalancedAllocation: favours nodes whose cpu and memory would be used in
/// equal fractions: `(1 − std(fractions)) × 100`, with the real requests; skipped for
/// BestEffort pods; weight 1.
enum NodeResourcesBalancedAllocation {
  @inline(__always)
  static func score(_ pod: PodInfo, _ cache: NodeTable, _ slot: Int) -> Int64 {
    var fractions: (Double, Double) = (0, 0)
    var count = 0
    let cpuAllocatable = cache.allocatableCPU[slot]
    if cpuAllocatable != 0 {
      fractions.0 = min(Double(cache.requestedCPU[slot] + pod.requested.milliCPU) / Double(cpuAllocatable), 1)
      count += 1
    }
    let memoryAllocatable = cache.allocatableMemory[slot]
    if memoryAllocatable != 0 {
      let fraction = min(Double(cache.requestedMemory[slot] + pod.requested.memory) / Double(memoryAllocatable), 1)
      if count == 0 { fractions.0 = fraction } else { fractions.1 = fraction }
      count += 1
    }
    let std = count == 2 ? abs((fractions.0 - fractions.1) / 2) : 0
    return Int64((1 - std) * Double(maxNodeScore))
  }
}

/// ImageLocality: favours nodes that already have the pod's images, each weighted by its
/// size and by how many nodes have it (`size × nodesWithImage / totalNodes`); the sum is
/// clamped to [23 MiB, 1000 MiB × containers] and scaled to 0...100; weight 1.
enum ImageLocality {
  static let minThreshold: Int64 = 23 * 1024 * 1024
  static let maxContainerThreshold: Int64 = 1000 * 1024 * 1024

  @inline(__always)
  static func score(_ pod: PodInfo, _ cache: NodeTable, _ slot: Int, totalNodes: Int) -> Int64 {
    var sum: Int64 = 0
    let present = cache.images[slot]
    if !present.isEmpty && totalNodes > 0 {
      for image in pod.images {
        guard let size = present[image] else { continue }
        let spread = Double(cache.imageNodeCount[image] ?? 0) / Double(totalNodes)
        sum += Int64(Double(size) * spread)
      }
    }
    let maxThreshold = maxContainerThreshold * Int64(max(pod.containerCount, 1))
    let clamped = min(max(sum, minThreshold), maxThreshold)
    return maxNodeScore * (clamped - minThreshold) / (maxThreshold - minThreshold)
  }
}
