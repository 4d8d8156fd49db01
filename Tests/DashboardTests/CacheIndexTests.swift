@testable import Dashboard
import KubeModel
import TerminalUI
import Testing

@Suite struct CacheIndexTests {
  @Test func textSortKeysOrderAsStringsDoWithTiesAscendingByTie() {
    let texts = ["web-2", "api", "web-10", "", "api", "web-2", "a", "api-0", "zz", "web-2"]
    let keys = TextSortKeys(count: texts.count) { texts[$0] }
    #expect(keys.isASCII)
    let rows = Array(0..<Int32(texts.count))
    // Ties break on a rank that is not the row order, to show the rank decides.
    let tie: [Int32] = rows.map { Int32(texts.count) - $0 }
    for ascending in [true, false] {
      let expected = rows.sorted { a, b in
        let (x, y) = (texts[Int(a)], texts[Int(b)])
        return x != y ? (x < y) == ascending : tie[Int(a)] < tie[Int(b)]
      }
      #expect(keys.sorted(rows, tie: tie, ascending: ascending) == expected)
    }
  }

  @Test func textSortKeysSortManyRowsLikeStrings() {
    let texts = (0..<3_000).map { "bench-\($0 % 37)-\(String(($0 &* 7_919) % 1_009, radix: 36))" }
    let keys = TextSortKeys(count: texts.count) { texts[$0] }
    let rows = Array(0..<Int32(texts.count))
    let expected = rows.sorted { texts[Int($0)] != texts[Int($1)] ? texts[Int($0)] < texts[Int($1)] : $0 < $1 }
    #expect(keys.sorted(rows, tie: rows, ascending: true) == expected)
  }

  @Test func textSortKeysKnowWhenRowsAreInOrder() {
    #expect(TextSortKeys(count: 4) { ["a", "a/b", "ab", "b"][$0] }.isAscending())
    #expect(!TextSortKeys(count: 3) { ["a", "c", "b"][$0] }.isAscending())
    #expect(!TextSortKeys(count: 2) { ["ab", "a"][$0] }.isAscending())
  }

  @Test func textSortKeysNoticeNonASCII() {
    #expect(!TextSortKeys(count: 2) { ["abc", "한글"][$0] }.isASCII)
  }

  @Test func storeSlotsAreStableAndReused() {
    var store = ObjectStore<Pod>()
    store.replace(with: [Fixtures.pod("a"), Fixtures.pod("b"), Fixtures.pod("c")], tick: 0)
    #expect(store.bySlot.compactMap { $0?.name } == ["a", "b", "c"])
    let slotOfB = store.objects["default/b"]?.slot
    store.apply(.modified, Fixtures.pod("b", restarts: 2), tick: 1)
    #expect(store.objects["default/b"]?.slot == slotOfB)
    store.apply(.deleted, Fixtures.pod("a"), tick: 2)
    #expect(store.bySlot.compactMap { $0?.name } == ["b", "c"])
    store.apply(.added, Fixtures.pod("d"), tick: 3)
    #expect(store.objects["default/d"]?.slot == 0)
    #expect(store.entries.map(\.name) == ["d", "b", "c"])
    for (slot, entry) in store.bySlot.enumerated() {
      if let entry { #expect(entry.slot == slot) }
    }
  }

  @Test func labelIndexFollowsWatchEvents() {
    let cache = InformerCache()
    cache.load(pods: [
      Fixtures.pod("a", labels: ["app": "web"]), Fixtures.pod("b", labels: ["app": "web"]),
      Fixtures.pod("c", node: "worker-2", labels: ["app": "db"]),
    ])
    func names(_ slots: Set<Int>) -> [String] { slots.compactMap { cache.pods.bySlot[$0]?.name }.sorted() }
    #expect(names(cache.podIndex.pods(withLabel: "app", value: "web")) == ["a", "b"])
    cache.applyPod(.modified, Fixtures.pod("b", labels: ["app": "db"]))
    cache.applyPod(.deleted, Fixtures.pod("a", labels: ["app": "web"]))
    cache.applyPod(.added, Fixtures.pod("d", labels: ["app": "web"]))
    #expect(names(cache.podIndex.pods(withLabel: "app", value: "web")) == ["d"])
    #expect(names(cache.podIndex.pods(withLabel: "app", value: "db")) == ["b", "c"])
    #expect(cache.pods(onNode: "worker-1").map(\.name).sorted() == ["b", "d"])
    #expect(cache.podIndex.podCount(onNode: "worker-2") == 1)
    #expect(cache.podIndex.runningCount == 3)
    cache.applyPod(.modified, Fixtures.pod("d", labels: ["app": "web"], phase: "Pending"))
    #expect(cache.podIndex.runningCount == 2)
  }

  @Test func listedEntriesKeepTicksAndTheLaterOfRepeatedKeys() {
    var store = ObjectStore<Pod>()
    store.replace(with: [Fixtures.pod("a"), Fixtures.pod("b"), Fixtures.pod("a", restarts: 3)], tick: 0)
    #expect(store.count == 2)
    #expect(store.entries.map(\.name) == ["a", "b"])
    #expect(store.objects["default/a"]?.object.status?.containerStatuses?.first?.restartCount == 3)
    store.replace(with: [Fixtures.pod("a", restarts: 3), Fixtures.pod("b", restarts: 1)], tick: 5)
    #expect(store.objects["default/a"]?.changedTick == -10)
    #expect(store.objects["default/b"]?.changedTick == 5)
    #expect(store.objects["default/b"]?.addedTick == -10)
    #expect(store.objects["default/b"]?.object == Fixtures.pod("b", restarts: 1))
  }

  @Test func indexedLabelFilterKeepsTheScanOrder() throws {
    let cache = InformerCache()
    var pods: [Pod] = []
    for index in 0..<60 {
      let namespace = ["default", "kube-system", "a"][index % 3]
      pods.append(Fixtures.pod("p-\(index % 20)", namespace: namespace, labels: ["app": index % 4 == 0 ? "web" : "api", "tier": "\(index % 2)"]))
    }
    cache.load(pods: pods)
    let context = RenderContext(now: Fixtures.now, cache: cache)
    let list = ResourceList<PodRenderer>()
    list.sort(by: "NAME")
    list.sort(by: "NAME")
    // `tier in (0)` needs the scan; `app=web,tier=0` comes from the index; both must agree.
    list.filter = try ViewFilter(parsing: "-l app=web,tier=0")
    list.refresh(context: context)
    let indexed = list.objects.map(\.qualifiedName)
    list.filter = try ViewFilter(parsing: "-l app in (web,none),tier notin (1)")
    list.refresh(context: context)
    #expect(list.objects.map(\.qualifiedName) == indexed)
    let expected = pods.filter { $0.labels["app"] == "web" && $0.labels["tier"] == "0" }
      .sorted { $0.name != $1.name ? $0.name > $1.name : $0.qualifiedName < $1.qualifiedName }
      .map(\.qualifiedName)
    #expect(indexed == expected)
    #expect(!indexed.isEmpty)
  }

  @Test func aTextFilterReadsTheWholeRowAndRereadsObjectsThatChanged() throws {
    let cache = InformerCache()
    var pending = Fixtures.pod("api-1", node: "worker-2", phase: "Pending", ready: false, waiting: "ContainerCreating")
    pending.metadata.resourceVersion = "1"
    var running = Fixtures.pod("web-1", node: "worker-1")
    running.metadata.resourceVersion = "2"
    cache.load(pods: [pending, running])
    cache.advanceTick()
    let context = RenderContext(now: Fixtures.now, cache: cache)
    let list = ResourceList<PodRenderer>()
    list.filter = try ViewFilter(parsing: "Running")
    list.refresh(context: context)
    #expect(list.objects.map(\.name) == ["web-1"])
    list.filter = try ViewFilter(parsing: "WORKER-2")
    list.refresh(context: context)
    #expect(list.objects.map(\.name) == ["api-1"])
    list.filter = try ViewFilter(parsing: "!containercreating")
    list.refresh(context: context)
    #expect(list.objects.map(\.name) == ["web-1"])
    // The pending pod starts (in the next batch of changes, as the app applies them): the
    // filter that left it out now shows it.
    list.filter = try ViewFilter(parsing: "running")
    list.refresh(context: context)
    var started = Fixtures.pod("api-1", node: "worker-2")
    started.metadata.resourceVersion = "3"
    cache.applyPod(.modified, started)
    list.refresh(context: context)
    #expect(list.objects.map(\.name).sorted() == ["api-1", "web-1"])
  }

  @Test func theKeyOrderStandsThroughModificationsAndFollowsAddsAndDeletes() {
    let cache = InformerCache()
    cache.load(pods: ["c", "a", "b"].map { Fixtures.pod($0) })
    cache.advanceTick()
    let context = RenderContext(now: Fixtures.now, cache: cache)
    let list = ResourceList<PodRenderer>()
    list.refresh(context: context)
    #expect(list.objects.map(\.name) == ["a", "b", "c"])
    let membership = cache.pods.membership
    // A modification keeps the slots: the order stands and the row shows the new object.
    cache.applyPod(.modified, Fixtures.pod("b", phase: "Failed", ready: false))
    cache.advanceTick()
    #expect(cache.pods.membership == membership)
    list.refresh(context: context)
    #expect(list.objects.map(\.name) == ["a", "b", "c"])
    #expect(list.objects[1].status?.phase == "Failed")
    // An addition and a deletion rebuild it.
    cache.applyPod(.added, Fixtures.pod("a0"))
    cache.applyPod(.deleted, Fixtures.pod("c"))
    cache.advanceTick()
    #expect(cache.pods.membership == membership + 2)
    list.refresh(context: context)
    #expect(list.objects.map(\.name) == ["a", "a0", "b"])
    // A deleted slot taken again by another key.
    cache.applyPod(.added, Fixtures.pod("0"))
    cache.advanceTick()
    list.refresh(context: context)
    #expect(list.objects.map(\.name) == ["0", "a", "a0", "b"])
  }

  @Test func aViewReadsAgainOnlyTheSlotsModifiedSinceItLastRead() {
    var store = ObjectStore<Pod>()
    store.replace(with: ["a", "b", "c"].map { Fixtures.pod($0) }, tick: 0)
    let read = store.generation
    #expect(store.modifiedEntries(after: read)?.isEmpty == true)
    store.apply(.modified, Fixtures.pod("c", restarts: 1), tick: 1)
    store.apply(.modified, Fixtures.pod("a", restarts: 2), tick: 1)
    #expect(store.modifiedEntries(after: read)?.map(\.name) == ["c", "a"])
    #expect(store.modifiedEntries(after: read + 1)?.map(\.name) == ["a"])
    #expect(store.modifiedEntries(after: read)?.last?.object.status?.containerStatuses?.first?.restartCount == 2)
    // A new object changes the set of slots: what was read before can not be patched.
    let beforeAdd = store.generation
    store.apply(.added, Fixtures.pod("d"), tick: 2)
    #expect(store.modifiedEntries(after: beforeAdd) == nil)
    #expect(store.modifiedEntries(after: store.generation)?.isEmpty == true)
    // Past a quarter of the objects (at least 1,024 changes) the log starts afresh.
    let beforeBurst = store.generation
    for index in 0..<1_024 { store.apply(.modified, Fixtures.pod("b", restarts: Int32(index)), tick: 3) }
    #expect(store.modifiedEntries(after: beforeBurst)?.count == 1_024)
    store.apply(.modified, Fixtures.pod("b", restarts: 5_000), tick: 3)
    #expect(store.modifiedEntries(after: beforeBurst) == nil)
    #expect(store.modifiedEntries(after: store.generation - 1) == nil)
    #expect(store.modifiedEntries(after: store.generation)?.isEmpty == true)
  }

  @Test func aSortByAColumnFollowsModifiedObjectsWhileTheKeyOrderStands() {
    let cache = InformerCache()
    cache.load(pods: [Fixtures.pod("a", restarts: 1), Fixtures.pod("b", restarts: 2), Fixtures.pod("c", restarts: 3)])
    cache.advanceTick()
    let context = RenderContext(now: Fixtures.now, cache: cache)
    let byKey = ResourceList<PodRenderer>()
    let byRestarts = ResourceList<PodRenderer>()
    byRestarts.sort(by: "RESTARTS")
    for list in [byKey, byRestarts] { list.refresh(context: context) }
    #expect(byRestarts.objects.map(\.name) == ["a", "b", "c"])
    // "a" restarts four more times: the RESTARTS order moves it last, the key order keeps it
    // first and shows its new count.
    cache.applyPod(.modified, Fixtures.pod("a", restarts: 5))
    cache.advanceTick()
    for list in [byKey, byRestarts] { list.refresh(context: context) }
    #expect(byRestarts.objects.map(\.name) == ["b", "c", "a"])
    #expect(byKey.objects.map(\.name) == ["a", "b", "c"])
    #expect(byKey.objects.first?.status?.containerStatuses?.first?.restartCount == 5)
    // Two changes between refreshes are both read.
    cache.applyPod(.modified, Fixtures.pod("c", phase: "Failed", ready: false))
    cache.applyPod(.modified, Fixtures.pod("b", restarts: 9))
    cache.advanceTick()
    for list in [byKey, byRestarts] { list.refresh(context: context) }
    #expect(byKey.objects.map { $0.status?.phase } == ["Running", "Running", "Failed"])
    #expect(byRestarts.objects.map(\.name) == ["c", "a", "b"])
    var grid = CellGrid(rows: 6, columns: 120)
    byKey.draw(into: &grid, in: Rect(row: 0, column: 0, height: 6, width: 120), context: context)
    let failedRow = (0..<6).map { grid.text(row: $0) }.first { $0.contains("c ") && $0.contains("Failed") }
    #expect(failedRow != nil)
  }

  @Test func filteredRowsFollowObjectsThatChangeInPlace() throws {
    let cache = InformerCache()
    cache.load(pods: ["a", "b", "c", "d"].map { Fixtures.pod($0, labels: ["app": "web"]) })
    cache.advanceTick()
    let context = RenderContext(now: Fixtures.now, cache: cache)
    let failed = ResourceList<PodRenderer>()
    failed.filter = try ViewFilter(parsing: "Error")
    let web = ResourceList<PodRenderer>()
    web.filter = try ViewFilter(parsing: "-l app=web")
    let onWorker2 = ResourceList<PodRenderer>(scopeTitle: "worker-2") { $0.spec?.nodeName == "worker-2" }
    let lists = [failed, web, onWorker2]
    func refresh() {
      cache.advanceTick()
      for list in lists { list.refresh(context: context) }
    }
    refresh()
    #expect(failed.objects.isEmpty && web.count == 4 && onWorker2.count == 0)
    // A pod fails (STATUS Error): the text filter shows it; a restart elsewhere changes no list.
    cache.applyPod(.modified, Fixtures.pod("c", labels: ["app": "web"], phase: "Failed", ready: false, terminated: "Error"))
    refresh()
    #expect(failed.objects.map(\.name) == ["c"])
    cache.applyPod(.modified, Fixtures.pod("a", labels: ["app": "web"], restarts: 2))
    refresh()
    #expect(failed.objects.map(\.name) == ["c"] && web.count == 4)
    // A label removed and a pod moved: the label filter and the scope follow.
    cache.applyPod(.modified, Fixtures.pod("b"))
    cache.applyPod(.modified, Fixtures.pod("d", node: "worker-2", labels: ["app": "web"]))
    refresh()
    #expect(web.objects.map(\.name) == ["a", "c", "d"])
    #expect(onWorker2.objects.map(\.name) == ["d"])
    #expect(web.objects.first?.status?.containerStatuses?.first?.restartCount == 2)
    // The failed pod runs again: it leaves the text filter's rows.
    cache.applyPod(.modified, Fixtures.pod("c", labels: ["app": "web"]))
    refresh()
    #expect(failed.objects.isEmpty)
  }

  @Test func sortedViewsMoveChangedRowsToWhereAFreshSortPutsThem() {
    var state: UInt64 = 42
    func next(_ bound: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((state >> 33) % UInt64(bound))
    }
    func pod(_ index: Int) -> Pod {
      let phase = next(5) == 0 ? "Pending" : "Running"
      return Fixtures.pod("p-\(index)", phase: phase, waiting: phase == "Pending" ? "ContainerCreating" : nil, restarts: Int32(next(4)))
    }
    let cache = InformerCache()
    cache.load(pods: (0..<300).map(pod))
    cache.advanceTick()
    let context = RenderContext(now: Fixtures.now, cache: cache)
    let orders: [(title: String, times: Int)] = [("RESTARTS", 1), ("RESTARTS", 2), ("STATUS", 1), ("STATUS", 2)]
    let lists = orders.map { order in
      let list = ResourceList<PodRenderer>()
      for _ in 0..<order.times { list.sort(by: order.title) }
      list.refresh(context: context)
      return list
    }
    for _ in 0..<60 {
      for _ in 0..<(1 + next(3)) { cache.applyPod(.modified, pod(next(300))) }
      cache.advanceTick()
      for (list, order) in zip(lists, orders) {
        list.refresh(context: context)
        let fresh = ResourceList<PodRenderer>()
        for _ in 0..<order.times { fresh.sort(by: order.title) }
        fresh.refresh(context: context)
        #expect(list.objects.map(\.name) == fresh.objects.map(\.name))
      }
    }
  }

  @Test func anOrderReadBesideTheObjectsIsBuiltWholeWhenOneChanges() {
    let cache = InformerCache()
    cache.load(pods: ["a", "b", "c"].map { Fixtures.pod($0) })
    cache.podUsage = [
      "default/a": ResourceTotals(cpuMilli: 100), "default/b": ResourceTotals(cpuMilli: 200),
      "default/c": ResourceTotals(cpuMilli: 300),
    ]
    cache.advanceTick()
    let context = RenderContext(now: Fixtures.now, cache: cache)
    let byCPU = ResourceList<PodRenderer>()
    byCPU.sort(by: "CPU")
    byCPU.refresh(context: context)
    #expect(byCPU.objects.map(\.name) == ["a", "b", "c"])
    // "a" got busy (usage is not part of the pod); then "b" changes: every row is placed by
    // the usage read now, not only "b".
    cache.podUsage["default/a"] = ResourceTotals(cpuMilli: 500)
    cache.applyPod(.modified, Fixtures.pod("b", restarts: 1))
    cache.advanceTick()
    byCPU.refresh(context: context)
    #expect(byCPU.objects.map(\.name) == ["b", "c", "a"])
  }

  @Test func clusterTotalsFollowWhatPodsRequestAndPassOverStatusWrites() {
    let cache = InformerCache()
    cache.load(nodes: [Fixtures.node("worker-1"), Fixtures.node("worker-2")], pods: [
      Fixtures.pod("a", node: "worker-1", cpu: "100m"), Fixtures.pod("b", node: "worker-2", cpu: "250m"),
      Fixtures.pod("pending", node: nil, phase: "Pending", cpu: "1"),
    ])
    #expect(cache.clusterTotals().allocatable.cpuMilli == 8_000)
    #expect(cache.clusterTotals().requested.cpuMilli == 350)
    // A status write (a restart) requests nothing new.
    cache.applyPod(.modified, Fixtures.pod("a", node: "worker-1", restarts: 3, cpu: "100m"))
    #expect(cache.clusterTotals().requested.cpuMilli == 350)
    // A pod that ends gives its requests back; a new one and a bound one take theirs.
    cache.applyPod(.modified, Fixtures.pod("b", node: "worker-2", phase: "Failed", ready: false, terminated: "Error", cpu: "250m"))
    #expect(cache.clusterTotals().requested.cpuMilli == 100)
    cache.applyPod(.added, Fixtures.pod("c", node: "worker-2", cpu: "500m"))
    #expect(cache.clusterTotals().requested.cpuMilli == 600)
    cache.applyPod(.modified, Fixtures.pod("pending", node: "worker-1", cpu: "1"))
    #expect(cache.clusterTotals().requested.cpuMilli == 1_600)
    // New requests (a resized pod) and a deletion.
    cache.applyPod(.modified, Fixtures.pod("a", node: "worker-1", restarts: 3, cpu: "300m"))
    #expect(cache.clusterTotals().requested.cpuMilli == 1_800)
    cache.applyPod(.deleted, Fixtures.pod("c", node: "worker-2", cpu: "500m"))
    #expect(cache.clusterTotals().requested.cpuMilli == 1_300)
    #expect(cache.clusterTotals().requested == ResourceTotals(
      cpuMilli: cache.podIndex.requestedByNode.values.reduce(0) { $0 + $1.cpuMilli },
      memoryBytes: cache.podIndex.requestedByNode.values.reduce(0) { $0 + $1.memoryBytes },
      pods: cache.podIndex.requestedByNode.values.reduce(0) { $0 + $1.pods }))
  }

  @Test func nameSortMergesNamespacesWithTiesByKey() {
    let cache = InformerCache()
    var pods: [Pod] = []
    for index in 0..<40 {
      pods.append(Fixtures.pod("n-\(index % 9)-\(index % 4)", namespace: ["b", "a", "default", "a-b"][index % 4]))
    }
    cache.load(pods: pods)
    let context = RenderContext(now: Fixtures.now, cache: cache)
    let list = ResourceList<PodRenderer>()
    list.refresh(context: context)
    #expect(list.objects.map(\.qualifiedName) == Set(pods.map(\.qualifiedName)).sorted())
    for ascending in [true, false] {
      list.sort(by: "NAME")
      list.refresh(context: context)
      let expected = Set(pods.map(\.qualifiedName)).sorted { a, b in
        let (x, y) = (a.split(separator: "/")[1], b.split(separator: "/")[1])
        return x != y ? (x < y) == ascending : a < b
      }
      #expect(list.objects.map(\.qualifiedName) == expected)
    }
  }

  @Test func nameSortMergesAShortNamespaceIntoALongOne() {
    let cache = InformerCache()
    var pods = (0..<300).map { Fixtures.pod("p-\(1000 + $0 * 3)", namespace: "default") }
    // Before, between and after the long run's names, and names equal to names there.
    for name in ["a-0", "p-1001", "p-1450", "p-1450-x", "p-1897", "z-9"] {
      pods.append(Fixtures.pod(name, namespace: "kube-system"))
    }
    cache.load(pods: pods)
    let context = RenderContext(now: Fixtures.now, cache: cache)
    let list = ResourceList<PodRenderer>()
    for ascending in [true, false] {
      list.sort(by: "NAME")
      list.refresh(context: context)
      let expected = pods.map(\.qualifiedName).sorted { a, b in
        let (x, y) = (a.split(separator: "/")[1], b.split(separator: "/")[1])
        return x != y ? (x < y) == ascending : a < b
      }
      #expect(list.objects.map(\.qualifiedName) == expected)
    }
  }
}
