import KubeModel
import Testing

@testable import ClusterEngine

/// Placements over a varied cluster and workload: fixed by a digest (so faster code paths
/// keep upstream's choices), and equal with and without explanation details.
@Suite struct SchedulerEquivalenceTests {
  /// The digest of `placements(detailed: false)`, as the straightforward per-plugin code computed it.
  static let expectedDigest = "1dee956ce6f015bc"

  @Test func placementsMatchTheRecordedDigest() {
    let lines = Self.placements(detailed: false)
    #expect(Self.digest(lines) == Self.expectedDigest)
  }

  @Test func detailedAndFastCyclesPickTheSameNodes() {
    #expect(Self.placements(detailed: true) == Self.placements(detailed: false))
  }

  /// Pods that only the resource scores rank take the one-pass filter-and-pick
  /// (`filterAndSelectByResources`): over a cluster with cordons, NoSchedule taints, nodes
  /// too small or full, and no images or PreferNoSchedule taints, it picks what the
  /// plugin-by-plugin cycle picks, says what it says when nothing fits, and draws the same.
  @Test func resourceRankedCyclesPickWhatTheFullCycleDoes() {
    let fast = Self.resourceRankedPlacements(detailed: false)
    #expect(fast.ranked > 600)
    #expect(fast.lines.contains { $0.contains("nodes are available") })
    #expect(fast.lines == Self.resourceRankedPlacements(detailed: true).lines)
  }

  @Test func quickFilterPassesExactlyTheNodesEveryPluginPasses() {
    let cache = SchedulerCache()
    for index in 0..<60 {
      var node = Self.node(index)
      if index % 7 == 3 { node.spec?.unschedulable = true }
      cache.setNode(node)
    }
    let algorithm = SchedulingAlgorithm(cache: cache, seed: 5)
    let table = cache.nodes
    var checked = 0
    for index in 0..<40 {
      var pod = Self.workloadPod(index)
      if index % 5 == 0 { pod.spec?.tolerations = [Toleration(key: "node.kubernetes.io/unschedulable", operator: "Exists")] }
      if index % 8 == 7 { pod.spec?.containers?[0].resources?.requests?["cpu"] = .milli(7_000) }
      let info = PodInfo(pod)
      guard let quick = QuickFilter(info, hasFilterState: false) else { continue }
      for slot in cache.nodeOrder {
        let pluginsPass = algorithm.runFilters(info, table, slot, nil, nil) == nil
        // A tolerated NoSchedule taint is left to TaintToleration.
        #expect(quick.passes(table, slot) == (pluginsPass && !table.hasHardTaints[slot]))
        checked += 1
      }
      if let slot = cache.nodeOrder.first(where: { quick.passes(table, $0) }) {
        cache.addPod(info.key, CachedPod(info, slot: slot, assumed: true))
      }
    }
    #expect(checked > 1_000)
  }

  @Test func resourceScoreMemoIsDroppedWhenANodeChanges() {
    let cache = SchedulerCache()
    for index in 0..<3 { cache.setNode(SchedulerBenchmark.node(index: index)) }
    let algorithm = SchedulingAlgorithm(cache: cache, seed: 1)
    // The same request over and over: every pod lands on the emptiest node, so they rotate.
    var chosen: [Int] = []
    for index in 0..<6 {
      let info = PodInfo(Self.pod("p\(index)", cpu: 1000, memory: 1 << 30))
      guard let slot = algorithm.schedule(info, detailed: false).selected else { break }
      cache.addPod(info.key, CachedPod(info, slot: slot, assumed: true))
      chosen.append(slot)
    }
    #expect(chosen.count == 6)
    #expect(Set(chosen.prefix(3)).count == 3)
    #expect(Set(chosen.suffix(3)).count == 3)
  }

  @Test func nodeVersionsChangeWithTheNodeAndItsPods() {
    let cache = SchedulerCache()
    cache.setNode(Self.node(11))
    cache.setNode(Self.node(1))
    #expect(cache.preferNoScheduleNodes == 1)
    let before = cache.nodes.version
    #expect(Set(before).count == 2)
    #expect(!cache.setNode(Self.node(1)))
    #expect(cache.nodes.version == before)
    let info = PodInfo(Self.pod("p", cpu: 100, memory: 1 << 20))
    cache.addPod(info.key, CachedPod(info, slot: 1, assumed: true))
    let added = cache.nodes.version
    #expect(added[0] == before[0] && added[1] > before[1])
    cache.removePod(info.key)
    #expect(cache.nodes.version[1] > added[1])
    var untainted = Self.node(11)
    untainted.spec?.taints = nil
    cache.setNode(untainted)
    #expect(cache.preferNoScheduleNodes == 0)
    #expect(cache.nodes.version[0] > before[0])
  }

  // MARK: Workload

  /// Schedules `info` and binds it where it lands: the line `placements` records.
  static func place(_ info: PodInfo, _ algorithm: SchedulingAlgorithm, detailed: Bool, placed: inout [ObjectKey]) -> String {
    let outcome = algorithm.schedule(info, detailed: detailed)
    guard let slot = outcome.selected else { return "\(info.key.name) \(outcome.message ?? "")" }
    algorithm.cache.addPod(info.key, CachedPod(info, slot: slot, assumed: true))
    placed.append(info.key)
    return "\(info.key.name) \(algorithm.cache.names[slot])"
  }

  /// Placements of requests-only pods over nodes without images or PreferNoSchedule taints,
  /// and how many pods qualified for the one-pass cycle.
  static func resourceRankedPlacements(detailed: Bool) -> (lines: [String], ranked: Int) {
    let cache = SchedulerCache()
    for index in 0..<260 {
      var node = Self.node(index)
      node.spec?.taints = index % 13 == 0 ? [Taint(key: "dedicated", value: "db", effect: "NoSchedule")] : nil
      if index % 17 == 5 { node.spec?.unschedulable = true }
      node.status?.images = nil
      cache.setNode(node)
    }
    let algorithm = SchedulingAlgorithm(cache: cache, seed: 7)
    var lines: [String] = []
    var placed: [ObjectKey] = []
    var ranked = 0
    for index in 0..<900 {
      if index == 450 { algorithm.strategy = .mostAllocated }
      let cpu: Int64? = index % 10 == 3 ? nil : [100, 250, 500, 1000, 6000][index % 5]
      let memory: Int64? = index % 10 == 3 ? nil : [128, 512, 2048][index % 3] << 20
      var pod = Self.pod("q\(index)", cpu: cpu, memory: memory)
      if index % 7 == 2 { pod.spec?.tolerations = [Toleration(key: "dedicated", operator: "Exists")] }
      if index % 11 == 4 { pod.spec?.tolerations = [Toleration(key: "node.kubernetes.io/unschedulable", operator: "Exists")] }
      let info = PodInfo(pod)
      if QuickFilter(info, hasFilterState: false) != nil && algorithm.ranksByResourcesOnly(info, cache.nodes) { ranked += 1 }
      lines.append(Self.place(info, algorithm, detailed: detailed, placed: &placed))
      if index % 5 == 4, let first = placed.first {
        cache.removePod(first)
        placed.removeFirst()
      }
    }
    return (lines, ranked)
  }

  static func digest(_ lines: [String]) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in lines.joined(separator: "\n").utf8 {
      hash ^= UInt64(byte)
      hash = hash &* 0x100_0000_01b3
    }
    return String(hash, radix: 16)
  }

  static func placements(detailed: Bool) -> [String] {
    let cache = SchedulerCache()
    for index in 0..<240 { cache.setNode(Self.node(index)) }
    let algorithm = SchedulingAlgorithm(cache: cache, seed: 99)
    var lines: [String] = []
    var placed: [ObjectKey] = []
    for index in 0..<700 {
      if index == 350 { algorithm.strategy = .mostAllocated }
      if index == 400 {
        var changed = Self.node(5)
        changed.spec?.unschedulable = true
        cache.setNode(changed)
      }
      let info = PodInfo(workloadPod(index), defaultSpreadSelector: index % 9 == 4 ? try? Selector(parsing: "app=web") : nil)
      cache.retain(info.counterKeys)
      lines.append(Self.place(info, algorithm, detailed: detailed, placed: &placed))
      cache.release(info.counterKeys)
      if index % 7 == 6, let first = placed.first {
        cache.removePod(first)
        placed.removeFirst()
      }
    }
    return lines
  }

  static func node(_ index: Int) -> Node {
    var node = SchedulerBenchmark.node(index: index)
    var spec = NodeSpec()
    var taints: [Taint] = []
    if index % 11 == 0 { taints.append(Taint(key: "soft", value: "x", effect: "PreferNoSchedule")) }
    if index % 13 == 0 { taints.append(Taint(key: "dedicated", value: "db", effect: "NoSchedule")) }
    spec.taints = taints.isEmpty ? nil : taints
    node.spec = spec
    if index % 5 == 0 { node.metadata.labels?["disk"] = "ssd" }
    let cpu = [2, 4, 8][index % 3]
    let memory: Int64 = [8, 16, 32][(index / 3) % 3] << 30
    let resources: [String: Quantity] = [
      "cpu": Quantity(Int64(cpu)), "memory": Quantity(memory, format: .binarySI), "pods": Quantity(Int64(20 + index % 40)),
    ]
    node.status?.allocatable = resources
    node.status?.capacity = resources
    if index % 4 == 0 {
      node.status?.images = [ContainerImage(names: ["big/app:1"], sizeBytes: 400 << 20)]
    } else if index % 6 == 1 {
      node.status?.images = [ContainerImage(names: ["big/app:1", "small:latest"], sizeBytes: 90 << 20)]
    }
    return node
  }

  static func pod(_ name: String, cpu: Int64?, memory: Int64?, image: String = "nginx:1.14") -> Pod {
    var requests: [String: Quantity] = [:]
    if let cpu { requests["cpu"] = .milli(cpu) }
    if let memory { requests["memory"] = Quantity(memory, format: .binarySI) }
    var pod = Pod()
    pod.metadata = ObjectMeta(name: name, namespace: "default")
    pod.spec = PodSpec(containers: [
      Container(name: "main", image: image, resources: requests.isEmpty ? nil : ResourceRequirements(requests: requests))
    ])
    return pod
  }

  static func workloadPod(_ index: Int) -> Pod {
    let cpu: Int64? = index % 10 == 3 ? nil : [100, 250, 500, 1000][index % 4]
    let memory: Int64? = index % 10 == 3 ? nil : [128, 512, 2048][index % 3] << 20
    var pod = pod("p\(index)", cpu: cpu, memory: memory, image: index % 3 == 0 ? "big/app:1" : "small")
    pod.metadata.labels = ["app": index % 9 == 4 ? "web" : "a\(index % 4)", "group": "g\(index / 8)"]
    var affinity = Affinity()
    switch index % 6 {
    case 1:
      var term = PodAffinityTerm()
      term.labelSelector = LabelSelector(matchLabels: ["group": "g\(index / 8)"])
      term.topologyKey = "kubernetes.io/hostname"
      var anti = PodAffinity()
      anti.requiredDuringSchedulingIgnoredDuringExecution = [term]
      affinity.podAntiAffinity = anti
    case 2:
      var preference = NodeSelectorTerm()
      preference.matchExpressions = [NodeSelectorRequirement(key: "disk", operator: "In", values: ["ssd"])]
      var nodeAffinity = NodeAffinity()
      var preferred = PreferredSchedulingTerm()
      preferred.weight = 5
      preferred.preference = preference
      nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution = [preferred]
      affinity.nodeAffinity = nodeAffinity
      pod.spec?.tolerations = [Toleration(key: "soft", operator: "Exists")]
    case 5:
      pod.spec?.topologySpreadConstraints = [
        TopologySpreadConstraint(
          maxSkew: 1, topologyKey: index % 12 == 5 ? "topology.kubernetes.io/zone" : "kubernetes.io/hostname",
          whenUnsatisfiable: index % 4 == 1 ? "DoNotSchedule" : "ScheduleAnyway", matchLabels: ["app": "a\(index % 4)"])
      ]
      pod.spec?.tolerations = [Toleration(key: "dedicated", operator: "Equal", value: "db", effect: "NoSchedule")]
    default:
      break
    }
    if affinity.podAntiAffinity != nil || affinity.nodeAffinity != nil { pod.spec?.affinity = affinity }
    return pod
  }
}
