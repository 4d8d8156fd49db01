import KubeModel
import Testing

@testable import ClusterEngine

@Suite struct ObjectStoreTests {
  func pod(_ name: String, node: String = "", labels: [String: String] = [:]) -> Pod {
    var pod = Pod()
    pod.metadata = ObjectMeta(name: name, namespace: "default", labels: labels)
    var spec = PodSpec(containers: [Container(name: "c", image: "nginx")])
    spec.nodeName = node
    pod.spec = spec
    return pod
  }

  @Test func everyWriteGetsTheNextRevisionAndIsLoggedInOrder() throws {
    let store = ObjectStore()
    store.put(pod("a"))
    store.put(pod("b"))
    var changed = pod("a")
    changed.metadata.labels = ["x": "y"]
    store.put(changed)
    store.remove(Pod.self, ObjectKey(namespace: "default", name: "b"))
    #expect(store.revision == 4)
    let events = try store.events(after: 0)
    #expect(events.map(\.revision) == [1, 2, 3, 4])
    #expect(events.map(\.type) == [.added, .added, .modified, .deleted])
    #expect(events.map { $0.object.name } == ["a", "b", "a", "b"])
    #expect(try store.events(after: 2).map(\.revision) == [3, 4])
    #expect(store.get(Pod.self, namespace: "default", name: "a")?.metadata.resourceVersion == "3")
  }

  @Test func storeKeysHashForTablesFromTheirDigestAndTheTablesSeed() {
    let a = ObjectKey(namespace: "default", name: "a")
    let same = ObjectKey(namespace: "default", name: "a")
    let b = ObjectKey(namespace: "default", name: "b")
    #expect(a._rawHashValue(seed: 7) == same._rawHashValue(seed: 7))
    #expect(a._rawHashValue(seed: 7) != b._rawHashValue(seed: 7))
    #expect(a._rawHashValue(seed: 7) != a._rawHashValue(seed: 8))
    // Tables built, emptied and refilled in each other's order still find every key.
    let keys = (0..<5_000).map { ObjectKey(namespace: "ns\($0 % 7)", name: "event-\($0)") }
    var first = Set(keys)
    var second = Set<StoreKey>()
    for key in first { second.insert(key) }
    for key in keys where key.name.hasSuffix("3") { first.remove(key) }
    #expect(second.count == 5_000 && keys.allSatisfy(second.contains))
    #expect(first.count == 4_500 && keys.allSatisfy { first.contains($0) != $0.name.hasSuffix("3") })
  }

  @Test func watchFromACompactedRevisionIsTooOld() throws {
    let store = ObjectStore(logCapacity: 3)
    for index in 0..<10 { store.put(pod("p\(index)")) }
    #expect(try store.events(after: 7).map(\.revision) == [8, 9, 10])
    #expect(throws: StoreError.tooOld(requested: 2, oldest: 8)) { try store.events(after: 2) }
  }

  @Test func indexesFollowUpdatesAndDeletes() {
    let store = ObjectStore()
    store.addIndex(Pod.self, "node") { [$0.spec?.nodeName ?? ""] }
    store.put(pod("a", node: "n1"))
    store.put(pod("b", node: "n1"))
    store.put(pod("c", node: "n2"))
    #expect(store.objects(Pod.self, index: "node", value: "n1").map(\.name) == ["a", "b"])
    store.put(pod("a", node: "n2"))
    #expect(store.objects(Pod.self, index: "node", value: "n1").map(\.name) == ["b"])
    #expect(store.objects(Pod.self, index: "node", value: "n2").map(\.name) == ["a", "c"])
    store.remove(Pod.self, ObjectKey(namespace: "default", name: "c"))
    #expect(Set(store.keys(Pod.self, index: "node", value: "n2")) == [ObjectKey(namespace: "default", name: "a")])
  }

  @Test func oneValueIndexesFollowUpdatesAndDeletes() {
    let store = ObjectStore()
    store.addIndex(Pod.self, "node") { (pod: Pod) -> String? in pod.spec?.nodeName.flatMap { $0.isEmpty ? nil : $0 } }
    store.put(pod("a", node: "n1"))
    store.put(pod("b"))
    store.put(pod("c", node: "n2"))
    #expect(store.objects(Pod.self, index: "node", value: "n1").map(\.name) == ["a"])
    store.put(pod("b", node: "n1"))
    store.put(pod("a", node: "n2"))
    #expect(store.objects(Pod.self, index: "node", value: "n1").map(\.name) == ["b"])
    #expect(store.objects(Pod.self, index: "node", value: "n2").map(\.name) == ["a", "c"])
    // No value: not indexed.
    store.put(pod("c"))
    #expect(store.objects(Pod.self, index: "node", value: "n2").map(\.name) == ["a"])
    store.remove(Pod.self, ObjectKey(namespace: "default", name: "a"))
    #expect(store.keys(Pod.self, index: "node", value: "n2").isEmpty)
    #expect(store.objects(Pod.self, index: "node", value: "n1").map(\.name) == ["b"])
  }

  @Test func theLogKeepsExactlyItsCapacity() throws {
    let store = ObjectStore(logCapacity: 4)
    for index in 0..<25 { store.put(pod("p\(index % 6)")) }
    #expect(store.compactedRevision == 21)
    #expect(try store.events(after: 21).map(\.revision) == [22, 23, 24, 25])
    #expect(try store.events(after: 24, resource: .pods).map(\.revision) == [25])
    #expect(throws: StoreError.tooOld(requested: 20, oldest: 22)) { try store.events(after: 20) }
  }

  @Test func multiValuedIndexesMoveOnlyChangedValues() {
    let store = ObjectStore()
    store.addIndex(Pod.self, "labels") { pod in (pod.metadata.labels ?? [:]).map { "\($0.key)=\($0.value)" }.sorted() }
    store.put(pod("a", labels: ["app": "web", "tier": "front"]))
    store.put(pod("b", labels: ["app": "web"]))
    store.put(pod("a", labels: ["app": "web", "tier": "back"]))
    let a = ObjectKey(namespace: "default", name: "a")
    let b = ObjectKey(namespace: "default", name: "b")
    #expect(Set(store.keys(Pod.self, index: "labels", value: "app=web")) == [a, b])
    #expect(store.keys(Pod.self, index: "labels", value: "tier=front").isEmpty)
    #expect(Set(store.keys(Pod.self, index: "labels", value: "tier=back")) == [a])
    store.put(pod("a", labels: ["app": "web", "tier": "back"]))
    #expect(Set(store.keys(Pod.self, index: "labels", value: "tier=back")) == [a])
    store.remove(Pod.self, a)
    #expect(Set(store.keys(Pod.self, index: "labels", value: "app=web")) == [b])
    #expect(store.keys(Pod.self, index: "labels", value: "tier=back").isEmpty)
  }
  @Test func anIndexWithSameValuesSkipsOnlyWritesThatKeepItsValues() {
    let store = ObjectStore()
    nonisolated(unsafe) var built = 0
    store.addIndex(Pod.self, "labels", sameValues: { $0.metadata.labels == $1.metadata.labels }) { pod in
      built += 1
      return (pod.metadata.labels ?? [:]).map { "\($0.key)=\($0.value)" }
    }
    let a = ObjectKey(namespace: "default", name: "a")
    store.put(pod("a", labels: ["app": "web"]))
    #expect(built == 1)
    // Another node, the same labels: the values are not built again.
    store.put(pod("a", node: "n1", labels: ["app": "web"]))
    #expect(built == 1)
    #expect(Set(store.keys(Pod.self, index: "labels", value: "app=web")) == [a])
    store.put(pod("a", node: "n1", labels: ["app": "db"]))
    #expect(store.keys(Pod.self, index: "labels", value: "app=web").isEmpty)
    #expect(Set(store.keys(Pod.self, index: "labels", value: "app=db")) == [a])
    store.remove(Pod.self, a)
    #expect(store.keys(Pod.self, index: "labels", value: "app=db").isEmpty)
  }

  @Test func theEnginesPodIndexesFollowLabelsNodesAndOwners() {
    let store = ObjectStore()
    store.addPodNodeIndex()
    store.addPodControllerIndex()
    PodLabelIndex.install(on: store)
    PodLabelIndex.installOwnerIndex(on: store)
    let a = ObjectKey(namespace: "default", name: "a")
    var first = pod("a", labels: ["app": "web"])
    first.metadata.ownerReferences = [
      OwnerReference(apiVersion: "apps/v1", kind: "ReplicaSet", name: "rs", uid: "u1", controller: true)
    ]
    store.put(first)
    var moved = first
    moved.spec?.nodeName = "n1"
    moved.metadata.labels = ["app": "db"]
    moved.metadata.ownerReferences = [
      OwnerReference(apiVersion: "apps/v1", kind: "ReplicaSet", name: "rs2", uid: "u2", controller: true)
    ]
    store.put(moved)
    #expect(Set(store.keys(Pod.self, index: "node", value: "n1")) == [a])
    #expect(store.keys(Pod.self, index: "node", value: "").isEmpty)
    #expect(Set(store.keys(Pod.self, index: podControllerIndex, value: "u2")) == [a])
    #expect(store.keys(Pod.self, index: podControllerIndex, value: "u1").isEmpty)
    #expect(Set(store.keys(Pod.self, index: PodLabelIndex.ownerIndex, value: "u2")) == [a])
    #expect(Set(store.keys(Pod.self, index: PodLabelIndex.name, value: PodLabelIndex.value("default", "app", "db"))) == [a])
    #expect(store.keys(Pod.self, index: PodLabelIndex.name, value: PodLabelIndex.value("default", "app", "web")).isEmpty)
  }

  @Test func labelValuesMemoFollowsLabelsAndNamespace() {
    let memo = PodLabelIndex.ValuesMemo()
    #expect(memo.values("default", [:]).isEmpty)
    let web = ["app": "web", "tier": "front"]
    let expected = Set(web.map { PodLabelIndex.value("default", $0.key, $0.value) })
    #expect(Set(memo.values("default", web)) == expected)
    #expect(Set(memo.values("default", ["app": "web", "tier": "front"])) == expected)
    #expect(memo.values("other", web).sorted() == web.map { PodLabelIndex.value("other", $0.key, $0.value) }.sorted())
    #expect(memo.values("other", ["app": "db"]) == [PodLabelIndex.value("other", "app", "db")])
    #expect(memo.values("other", [:]).isEmpty)
  }

  @Test func labelIndexFollowsPodsSharingLabels() {
    let store = ObjectStore()
    PodLabelIndex.install(on: store)
    let labels = ["app": "web"]
    for index in 0..<3 { store.put(pod("web-\(index)", labels: labels)) }
    var other = pod("db-0", labels: ["app": "db"])
    other.metadata.namespace = "prod"
    store.put(other)
    let web = store.keys(Pod.self, index: PodLabelIndex.name, value: PodLabelIndex.value("default", "app", "web"))
    #expect(Set(web.map(\.name)) == ["web-0", "web-1", "web-2"])
    let db = store.keys(Pod.self, index: PodLabelIndex.name, value: PodLabelIndex.value("prod", "app", "db"))
    #expect(Array(db) == [ObjectKey(namespace: "prod", name: "db-0")])
    #expect(store.keys(Pod.self, index: PodLabelIndex.name, value: PodLabelIndex.value("default", "app", "db")).isEmpty)
  }

  @Test func storeKeysCompareAndHashAsTheirObjectKeys() {
    let a = ObjectKey(namespace: "default", name: "web-1")
    let same = ObjectKey(namespace: "default", name: "web-1")
    let other = ObjectKey(namespace: "kube-system", name: "web-1")
    #expect(a == same)
    #expect(a.hashValue == same.hashValue)
    #expect(a != other)
    #expect(a.namespace == "default" && a.name == "web-1")
  }

  @Test func objectsStayReachableWhileOthersComeAndGo() {
    // Removals move neighbouring entries of the table: every survivor must still be found.
    let store = ObjectStore()
    for index in 0..<2_000 { store.put(pod("p\(index)")) }
    for index in stride(from: 0, to: 2_000, by: 3) { store.remove(Pod.self, ObjectKey(namespace: "default", name: "p\(index)")) }
    for index in 0..<2_000 {
      let found = store.get(Pod.self, namespace: "default", name: "p\(index)")
      #expect((found == nil) == (index % 3 == 0))
    }
    #expect(store.count(Pod.self) == 2_000 - 667)
    #expect(store.list(Pod.self, namespace: "default").count == 1_333)
    #expect(store.list(Pod.self, namespace: "other").isEmpty)
  }
}
