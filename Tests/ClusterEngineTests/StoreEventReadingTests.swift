import KubeModel
import Testing

@testable import ClusterEngine

/// `StoreEvent.readingPod` reads the pod a change holds, as `object(as:)` does, and passes
/// over every other kind.
@Suite struct StoreEventReadingTests {
  @Test func readsThePodInPlace() {
    var pod = Pod(metadata: ObjectMeta(name: "a", namespace: "default", labels: ["app": "web"]), spec: PodSpec())
    pod.spec?.nodeName = "n1"
    let event = StoreEvent(revision: 1, type: .modified, object: pod)
    var read: Pod?
    #expect(event.readingPod { read = $0.pointee })
    #expect(read == pod)
    #expect(read == event.object(as: Pod.self))
  }

  @Test func passesOverOtherKinds() {
    var namespace = Namespace()
    namespace.metadata.name = "x"
    let objects: [any KubeObject] = [Node(metadata: ObjectMeta(name: "n")), namespace, Service()]
    for object in objects {
      var called = false
      #expect(!StoreEvent(revision: 1, type: .added, object: object).readingPod { _ in called = true })
      #expect(!called)
    }
  }
}
