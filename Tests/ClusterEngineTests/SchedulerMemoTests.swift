import Foundation
import KubeModel
import Testing

@testable import ClusterEngine

/// The scheduler's memos: owners' parsed selectors and term matchers hashed once. Each
/// must answer exactly what computing afresh would.
@Suite struct SchedulerMemoTests {
  @Test func anOwnersSelectorIsParsedAgainWhenItChanges() throws {
    var cache = OwnerSelectorCache()
    let key = OwnerSelectorCache.Key(kind: "ReplicaSet", namespace: "default", name: "web-1")
    let web = LabelSelector(matchLabels: ["app": "web", "pod-template-hash": "abc"])
    let first = cache.entry(for: key, web)
    #expect(first.parsed == (try Selector(web)))
    #expect(first.alone == Selector(requirements: try Selector(web).requirements))
    #expect(cache.entry(for: key, web).parsed == first.parsed)
    let db = LabelSelector(matchLabels: ["app": "db"])
    let second = cache.entry(for: key, db)
    #expect(second.parsed == (try Selector(db)))
    #expect(second.parsed?.matches(["app": "db"]) == true && second.parsed?.matches(["app": "web"]) == false)
    let other = OwnerSelectorCache.Key(kind: "StatefulSet", namespace: "default", name: "web-1")
    #expect(cache.entry(for: other, web).parsed == first.parsed)
    #expect(cache.count == 2)
  }

  @Test func anOwnersSelectorThatDoesNotParseGivesNone() {
    var cache = OwnerSelectorCache()
    let key = OwnerSelectorCache.Key(kind: "ReplicaSet", namespace: "default", name: "bad")
    var selector = LabelSelector()
    selector.matchExpressions = [LabelSelectorRequirement(key: "app", operator: "Bogus", values: ["x"])]
    let entry = cache.entry(for: key, selector)
    #expect(entry.parsed == nil && entry.alone == nil)
  }

  @Test func theOwnerSelectorTableIsBounded() {
    var cache = OwnerSelectorCache()
    cache.limit = 3
    let selector = LabelSelector(matchLabels: ["app": "web"])
    for index in 0..<7 {
      _ = cache.entry(for: OwnerSelectorCache.Key(kind: "ReplicaSet", namespace: "default", name: "rs-\(index)"), selector)
      #expect(cache.count <= 3)
    }
  }

  @Test func theDefaultSpreadSelectorFollowsTheOwnersSelector() throws {
    let fixture = try SchedulerFixture()
    var set = ReplicaSet()
    set.metadata = ObjectMeta(name: "web-1", namespace: "default")
    var spec = ReplicaSetSpec()
    spec.replicas = 0
    spec.selector = LabelSelector(matchLabels: ["app": "web"])
    var template = PodTemplateSpec()
    template.metadata = ObjectMeta(labels: ["app": "web", "tier": "front"])
    template.spec = PodSpec(containers: [Container(name: "nginx", image: "nginx:1.14")])
    spec.template = template
    set.spec = spec
    let created = try fixture.cluster.api.create(set)
    var pod = try fixture.pod("p", labels: ["app": "web", "tier": "front"])
    pod.metadata.ownerReferences = [created.controllerReference]
    #expect(fixture.scheduler.defaultSpreadSelector(for: pod) == (try Selector(LabelSelector(matchLabels: ["app": "web"]))))
    var changed = created
    changed.spec?.selector = LabelSelector(matchLabels: ["tier": "front"])
    _ = try fixture.cluster.api.update(changed)
    #expect(fixture.scheduler.defaultSpreadSelector(for: pod) == (try Selector(LabelSelector(matchLabels: ["tier": "front"]))))
    // A Service selecting the pod adds its selector, as before.
    fixture.scheduler.noteService(
      {
        var service = Service()
        service.metadata = ObjectMeta(name: "web", namespace: "default")
        var serviceSpec = ServiceSpec()
        serviceSpec.selector = ["app": "web"]
        service.spec = serviceSpec
        return service
      }(), deleted: false)
    let merged = fixture.scheduler.defaultSpreadSelector(for: pod)
    #expect(merged?.matches(["app": "web", "tier": "front"]) == true)
    #expect(merged?.matches(["tier": "front"]) == false)
  }

  @Test func termMatchersHashedOnceCompareAsTheirFields() {
    func matcher(_ labels: [String: String], _ namespaces: [String] = ["default"], terminating: Bool = true) -> TermMatcher {
      TermMatcher(
        selector: Selector(matchingLabels: labels), namespaces: namespaces, namespaceSelector: nil,
        excludesTerminating: terminating)
    }
    let web = matcher(["app": "web"])
    #expect(web == matcher(["app": "web"]))
    #expect(web.hashValue == matcher(["app": "web"]).hashValue)
    #expect(web != matcher(["app": "db"]))
    #expect(web != matcher(["app": "web"], ["other"]))
    #expect(web != matcher(["app": "web"], terminating: false))
    var counters: [[TermMatcher]: Int] = [[web]: 1]
    counters[[matcher(["app": "web"])], default: 0] += 1
    counters[[matcher(["app": "web"], terminating: false)], default: 0] += 1
    #expect(counters[[web]] == 2 && counters.count == 2)
  }

  @Test func aCountersDenseColumnFollowsItsSparseCounts() {
    let counter = MatchCounter(
      matchers: [
        TermMatcher(
          selector: Selector(matchingLabels: ["app": "web"]), namespaces: ["default"], namespaceSelector: nil,
          excludesTerminating: true)
      ])
    #expect(counter.dense.isEmpty)
    counter.add(slot: 4, 1)
    counter.add(slot: 1, 1)
    counter.add(slot: 4, 1)
    #expect(counter.dense == [0, 1, 0, 0, 2])
    counter.add(slot: 1, -1)
    counter.add(slot: 4, -1)
    #expect(counter.dense == [0, 0, 0, 0, 1])
    for (slot, count) in counter.dense.enumerated() { #expect(counter.perSlot[slot] ?? 0 == count) }
    #expect(counter.total == 1)
  }

  @Test func spreadScoresRoundAsTheLibraryRounds() {
    let values: [Double] = [
      0, 0.5, 1.5, 2.5, 0.49999999999999994, 1.4999999999999998, 4.500000000000001, -0.5, -2.5, -0.49999999999999994,
      log(5.0) * 7 + 2, log(1_002.0) * 13 + 4, 4_503_599_627_370_495.5, 9_007_199_254_740_992, 123_456.5,
    ]
    for value in values {
      #expect(PodTopologySpread.roundedHalfAwayFromZero(value) == Int64(value.rounded()), "\(value)")
    }
  }

  /// The one-pass scores for a hostname constraint and one other (the system defaults) are
  /// the constraint-by-constraint scores: nodes with and without matching pods, without either
  /// label, in domains registered after the counts were taken, the hostname first or second.
  @Test func spreadScoresWithTheHostnameMatchScoringByConstraint() {
    var random = SeededRandom(seed: 13)
    func pick(_ bound: Int) -> Int { Int(random.next() % UInt64(bound)) }
    for _ in 0..<600 {
      let slots = pick(60) + 1
      let domains = pick(5) + 1
      var table = NodeTable()
      let hostDomains = (0..<slots).map { slot in pick(12) == 0 ? Int32(-1) : Int32(slot) }
      let otherDomains = (0..<slots).map { _ in pick(8) == 0 ? Int32(-1) : Int32(pick(domains + 1)) }
      table.slotDomains = [hostDomains, otherDomains]
      let countedDomains = pick(domains + 1)
      let host = PodTopologySpread.ScoreConstraint(
        keyIndex: 0, isHostname: true, counts: [],
        slotCounts: (0..<pick(slots + 1)).map { _ in pick(3) == 0 ? Int32(pick(9)) : 0 },
        maxSkew: Int64(pick(5) + 1), weight: log(Double(pick(80) + 2)))
      let other = PodTopologySpread.ScoreConstraint(
        keyIndex: 1, isHostname: false, counts: (0..<countedDomains).map { _ in Int64(pick(40)) }, slotCounts: [],
        maxSkew: Int64(pick(5) + 1), weight: log(Double(pick(6) + 2)))
      let state = PodTopologySpread.ScoreState(constraints: pick(2) == 0 ? [host, other] : [other, host], ignored: [])
      let nodes = (0..<slots).filter { _ in pick(4) != 0 }.shuffled(using: &random)
      var onePass = [Int64](repeating: -1, count: nodes.count)
      var byConstraint = [Int64](repeating: -2, count: nodes.count)
      var sums = [Double](repeating: 0, count: nodes.count)
      let fast = onePass.withUnsafeMutableBufferPointer { raw in
        PodTopologySpread.scoresWithHostname(state, table, nodes, raw: raw)
      }
      let slow = byConstraint.withUnsafeMutableBufferPointer { raw in
        sums.withUnsafeMutableBufferPointer { sums in
          PodTopologySpread.scoresByConstraint(state, table, nodes, raw: raw, sums: sums)
        }
      }
      #expect(fast?.minimum == slow.minimum && fast?.maximum == slow.maximum)
      #expect(onePass == byConstraint, "\(state) \(nodes)")
    }
    // Any other shape is left to the general path.
    let zone = PodTopologySpread.ScoreConstraint(keyIndex: 0, isHostname: false, counts: [1], slotCounts: [], maxSkew: 1, weight: 1)
    var raw = [Int64](repeating: 0, count: 1)
    let none = raw.withUnsafeMutableBufferPointer { raw in
      PodTopologySpread.scoresWithHostname(
        PodTopologySpread.ScoreState(constraints: [zone, zone], ignored: []), NodeTable(), [0], raw: raw)
    }
    #expect(none == nil)
  }

  /// The cache's count of populated buckets per topology key (where the scan for a zone's
  /// present domains may stop) follows nodes joining, changing zone, losing the label and
  /// leaving, for a key registered before the nodes and one registered after.
  @Test func populatedTopologyBucketsFollowNodeChanges() {
    var random = SeededRandom(seed: 14)
    func pick(_ bound: Int) -> Int { Int(random.next() % UInt64(bound)) }
    let cache = SchedulerCache()
    let zone = cache.topologyKeyIndex(SpreadConstraint.zoneKey)
    var late: Int?
    func recount(_ key: Int) -> (domains: Int, unlabelled: Set<Int>) {
      let table = cache.nodes
      var domains = Set<Int32>()
      var unlabelled = Set<Int>()
      for slot in table.names.indices where table.exists[slot] {
        if table.slotDomains[key][slot] < 0 { unlabelled.insert(slot) } else { domains.insert(table.slotDomains[key][slot]) }
      }
      return (domains.count, unlabelled)
    }
    func counted(_ key: Int) -> (domains: Int, unlabelled: Set<Int>) {
      (cache.populatedDomains[key], cache.unlabelledSlots[key])
    }
    for step in 0..<400 {
      let name = "n\(pick(12))"
      if pick(5) == 0 {
        cache.removeNode(name)
      } else {
        var labels: [String: String] = [:]
        if pick(6) != 0 { labels[SpreadConstraint.zoneKey] = "zone-\(pick(4))" }
        if pick(3) != 0 { labels["rack"] = "rack-\(pick(3))" }
        var node = Node()
        node.metadata = ObjectMeta(name: name, labels: labels)
        cache.setNode(node)
      }
      if step == 150 { late = cache.topologyKeyIndex("rack") }
      #expect(counted(zone) == recount(zone), "step \(step)")
      if let late { #expect(counted(late) == recount(late), "step \(step)") }
    }
  }

  /// PreScore's count of the zones the feasible nodes are in (the weight's size) is the count
  /// a full scan gives, whether it stops early or not: with nodes lacking the zone, tainted
  /// or not, for pods that tolerate the taint and pods that do not (a feasible node is one
  /// whose taints the pod tolerates).
  @Test func spreadWeightsCountTheZonesOfTheFeasibleNodes() throws {
    var random = SeededRandom(seed: 15)
    func pick(_ bound: Int) -> Int { Int(random.next() % UInt64(bound)) }
    let taint = Taint(key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule")
    for _ in 0..<150 {
      let cache = SchedulerCache()
      for index in 0..<(pick(20) + 1) {
        var node = Node()
        var labels = ["kubernetes.io/hostname": "n\(index)"]
        if pick(5) != 0 { labels[SpreadConstraint.zoneKey] = "zone-\(pick(4))" }
        node.metadata = ObjectMeta(name: "n\(index)", labels: labels)
        if pick(3) == 0 {
          var spec = NodeSpec()
          spec.taints = [taint]
          node.spec = spec
        }
        cache.setNode(node)
      }
      var pod = Pod()
      pod.metadata = ObjectMeta(name: "web-1", namespace: "default", labels: ["app": "web"])
      pod.spec = PodSpec(containers: [Container(name: "web", image: "nginx")])
      if pick(2) == 0 { pod.spec?.tolerations = [Toleration(key: taint.key, operator: "Exists", effect: "NoSchedule")] }
      let info = PodInfo(pod, defaultSpreadSelector: Selector(matchingLabels: ["app": "web"]))
      let table = cache.nodes
      // Feasible nodes passed TaintToleration's filter.
      let feasible = table.names.indices.filter {
        table.exists[$0] && TaintToleration.filter(info, table, $0) == nil && pick(3) != 0
      }.shuffled(using: &random)
      let state = try #require(PodTopologySpread.preScore(info, cache, table, feasible: feasible))
      let zone = try #require(state.constraints.first { !$0.isHostname })
      // (PreScore registered the zone key: its column is in the cache's table now.)
      let zones = Set(feasible.map { cache.nodes.slotDomains[zone.keyIndex][$0] }).count
      #expect(zone.weight == log(Double(zones + 2)), "\(feasible) \(zones)")
    }
  }

  /// Normalising divides in `Double` when that is exact; every quotient must be the integer
  /// division's, at the edges of the range (quotients just under an integer) as well.
  @Test func spreadNormalisingDividesAsIntegers() {
    func reference(_ scores: [Int64], ignored: [Bool]) -> [Int64] {
      let counted = scores.indices.filter { ignored.isEmpty || !ignored[$0] }.map { scores[$0] }
      let minimum = counted.min() ?? Int64.max
      let maximum = counted.max() ?? 0
      return scores.indices.map { index in
        if !ignored.isEmpty && ignored[index] { return 0 }
        if maximum == 0 { return 100 }
        return 100 * (maximum + minimum - scores[index]) / maximum
      }
    }
    var random = SeededRandom(seed: 11)
    var cases: [([Int64], [Bool])] = [
      ([0, 0, 0], []), ([7, 3, 5], [false, true, false]), ([1 << 39, (1 << 39) - 1, 3], []),
      ([(1 << 40) + 3, 5, 1 << 41], []), ([999_999_999_999, 1, 333_333_333_333], []), ([4, 0], [true, true]),
    ]
    for _ in 0..<500 {
      let count = Int(random.next() % 40) + 1
      let bound = UInt64(1) << (random.next() % 44)
      let scores = (0..<count).map { _ in Int64(random.next() % bound) }
      let ignored = random.next() % 3 == 0 ? (0..<count).map { _ in random.next() % 4 == 0 } : []
      cases.append((scores, ignored))
    }
    for (scores, ignored) in cases {
      var normalized = scores
      PodTopologySpread.normalize(&normalized, ignored: ignored)
      #expect(normalized == reference(scores, ignored: ignored), "\(scores) \(ignored)")
    }
  }

  /// Normalising, weighting and adding in one pass (through the table of a narrow range, or
  /// dividing for a wide one) gives every total what normalising then adding gives.
  @Test func spreadScoresAddedInOnePassMatchNormalising() {
    var random = SeededRandom(seed: 12)
    var cases: [[Int64]] = [[0, 0, 0], [6, 6, 6, 6], [1 << 39, 3, 5], [(1 << 41) + 3, 5, 9], [7], [0, 0, 9]]
    for _ in 0..<400 {
      let count = Int(random.next() % 60) + 1
      // Narrow ranges (the table) and wide ones (dividing), offset from 0 or not.
      let bound = UInt64(1) << (random.next() % 12)
      let offset = random.next() % 2 == 0 ? 0 : Int64(random.next() % 1000)
      cases.append((0..<count).map { _ in offset + Int64(random.next() % bound) })
    }
    var table: [Int64] = []
    for scores in cases {
      var normalized = scores
      PodTopologySpread.normalize(&normalized, ignored: [])
      let others = scores.map { _ in Int64(random.next() % 300) }
      let minimum = scores.min() ?? .max
      let maximum = max(scores.max() ?? 0, 0)
      for assigning in [true, false] {
        var totals = assigning ? scores.map { _ in Int64(-1) } : others
        scores.withUnsafeBufferPointer { raw in
          totals.withUnsafeMutableBufferPointer { totals in
            PodTopologySpread.addNormalized(
              raw, minimum: minimum, maximum: maximum, weight: 2, into: totals, assigning: assigning, table: &table)
          }
        }
        let expected = scores.indices.map { (assigning ? 0 : others[$0]) + 2 * normalized[$0] }
        #expect(totals == expected, "\(scores) assigning: \(assigning)")
      }
    }
  }
}
