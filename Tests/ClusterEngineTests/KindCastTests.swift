import KubeModel
import Testing

@testable import ClusterEngine

/// The cast-free kind tests of the write path and the store agree with `as?`.
@Suite struct KindCastTests {
  func pod(_ name: String, node: String = "", labels: [String: String] = [:]) -> Pod {
    var pod = Pod(metadata: ObjectMeta(name: name, namespace: "default", labels: labels), spec: PodSpec())
    pod.spec?.nodeName = node
    return pod
  }

  @Test func exactlyMatchesOnlyTheSameType() {
    let pod = pod("a")
    #expect(exactly(pod, as: Pod.self) == pod)
    #expect(exactly(pod, as: Node.self) == nil)
    func generic<T: KubeObject>(_ object: T) -> Pod? { exactly(object, as: Pod.self) }
    #expect(generic(pod) == pod)
    #expect(generic(Node(metadata: ObjectMeta(name: "n"))) == nil)
  }

  @Test func storeEventObjectAsAgreesWithACast() {
    var namespace = Namespace()
    namespace.metadata.name = "x"
    var recorded = Event()
    recorded.metadata.name = "e"
    let objects: [any KubeObject] = [pod("a"), Node(metadata: ObjectMeta(name: "n")), namespace, recorded]
    for object in objects {
      let event = StoreEvent(revision: 1, type: .added, object: object)
      #expect(event.object(as: Pod.self) == (object as? Pod))
      #expect(event.object(as: Node.self) == (object as? Node))
      #expect(event.object(as: Namespace.self) == (object as? Namespace))
      #expect(event.object(as: Event.self) == (object as? Event))
      #expect(event.object(as: Service.self) == nil)
    }
  }

  @Test func unorderedObjectsHoldWhatTheSortedListHolds() {
    let store = ObjectStore()
    store.addIndex(Pod.self, "node") { [$0.spec?.nodeName ?? ""] }
    for name in ["c", "a", "b"] { store.put(pod(name, node: "n1")) }
    store.put(pod("d", node: "n2"))
    let unordered = store.unorderedObjects(Pod.self, index: "node", value: "n1").map(\.name).sorted()
    #expect(unordered == store.objects(Pod.self, index: "node", value: "n1").map(\.name))
    #expect(unordered == ["a", "b", "c"])
    store.remove(Pod.self, ObjectKey(namespace: "default", name: "b"))
    #expect(store.unorderedObjects(Pod.self, index: "node", value: "n1").map(\.name).sorted() == ["a", "c"])
    #expect(store.unorderedObjects(Pod.self, index: "node", value: "n3").isEmpty)
    let key = ObjectKey(namespace: "default", name: "a")
    #expect(store.get(Pod.self, at: key)?.name == "a")
  }
}
