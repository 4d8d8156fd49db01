import KubeModel
import Testing

@testable import ClusterEngine

/// The store write path's helpers: the revision's digits, kind keys, and indexes that skip
/// writes keeping the parts they read.
@Suite struct StoreWritePathTests {
  @Test func revisionsAreSpeltAsStringSpellsThem() {
    var values: [Int64] = [0, 1, 9, 10, 11, 99, 100, 101, 999_999, 1_000_000, 123_456_789_012_345, 999_999_999_999_999]
    values += [1_000_000_000_000_000, Int64.max, -1, -42, Int64.min]
    values += (0..<2_000).map { Int64($0) * 7_919 }
    for value in values { #expect(DecimalDigits.string(value) == String(value)) }
  }

  @Test func theStoreStampsEachWriteWithItsRevision() throws {
    let store = ObjectStore()
    for index in 0..<12 {
      var map = ConfigMap()
      map.metadata = ObjectMeta(name: "c\(index)", namespace: "default")
      store.put(map)
    }
    let removed = store.remove(ConfigMap.self, ObjectKey(namespace: "default", name: "c3"))
    #expect(removed?.metadata.resourceVersion == "13")
    #expect(store.get(ConfigMap.self, namespace: "default", name: "c11")?.metadata.resourceVersion == "12")
    #expect(try store.events(after: 0).map { $0.object.metadata.resourceVersion ?? "" } == (1...13).map(String.init))
  }

  @Test func kindKeysAreEqualExactlyForTheSameKind() {
    let kinds: [any KubeObject.Type] = [Pod.self, Node.self, Event.self, ConfigMap.self, ReplicaSet.self, Deployment.self]
    var table: [KindKey: Int] = [:]
    for (position, kind) in kinds.enumerated() { table[KindKey(kind)] = position }
    #expect(table.count == kinds.count)
    for (position, kind) in kinds.enumerated() { #expect(table[KindKey(kind)] == position) }
    #expect(KindKey(Pod.self) == KindKey(Pod.self))
    #expect(KindKey(Pod.self) != KindKey(Node.self))
    #expect(KindKey(Pod.self)._rawHashValue(seed: 1) == KindKey(Pod.self)._rawHashValue(seed: 1))
    #expect(KindKey(Pod.self)._rawHashValue(seed: 1) != KindKey(Pod.self)._rawHashValue(seed: 2))
  }

  @Test func anIndexReadingOnlyMetadataSkipsWritesThatKeepItAndFollowsThoseThatDoNot() {
    let store = ObjectStore()
    nonisolated(unsafe) var built = 0
    store.addIndex(Pod.self, "labels", readsOnly: .metadata) { pod in
      built += 1
      return (pod.metadata.labels ?? [:]).map { "\($0.key)=\($0.value)" }
    }
    let a = ObjectKey(namespace: "default", name: "a")
    var pod = Pod()
    pod.metadata = ObjectMeta(name: "a", namespace: "default", labels: ["app": "web"])
    store.put(pod)
    #expect(built == 1)
    // A status write of the stored pod keeps its metadata: the index is not asked.
    guard var stored = store.get(Pod.self, a) else {
      Issue.record("the pod was not stored")
      return
    }
    var status = PodStatus()
    status.phase = "Running"
    stored.status = status
    store.put(stored)
    #expect(built == 1)
    #expect(Set(store.keys(Pod.self, index: "labels", value: "app=web")) == [a])
    // A label change makes new metadata: the index moves the pod.
    stored.metadata.labels = ["app": "db"]
    store.put(stored)
    #expect(built == 3)
    #expect(store.keys(Pod.self, index: "labels", value: "app=web").isEmpty)
    #expect(Set(store.keys(Pod.self, index: "labels", value: "app=db")) == [a])
  }

  @Test func theNodeIndexSkipsWritesThatKeepTheSpecAndFollowsBinding() {
    let store = ObjectStore()
    store.addPodNodeIndex()
    let a = ObjectKey(namespace: "default", name: "a")
    var pod = Pod()
    pod.metadata = ObjectMeta(name: "a", namespace: "default")
    pod.spec = PodSpec(containers: [Container(name: "c", image: "nginx")])
    store.put(pod)
    #expect(Set(store.keys(Pod.self, index: "node", value: "")) == [a])
    guard var stored = store.get(Pod.self, a) else {
      Issue.record("the pod was not stored")
      return
    }
    stored.spec?.nodeName = "n1"
    store.put(stored)
    var status = PodStatus()
    status.phase = "Running"
    stored.status = status
    store.put(stored)
    #expect(store.keys(Pod.self, index: "node", value: "").isEmpty)
    #expect(Set(store.keys(Pod.self, index: "node", value: "n1")) == [a])
  }
}
