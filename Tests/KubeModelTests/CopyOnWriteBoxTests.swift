import Foundation
import Testing
@testable import KubeModel

@Test func mutatingACopyOfABoxLeavesTheOriginalUnchanged() {
  let original = CopyOnWriteBox([1, 2, 3])
  var copy = original
  #expect(copy.sharesStorage(with: original))
  copy.value.append(4)
  #expect(original.value == [1, 2, 3])
  #expect(copy.value == [1, 2, 3, 4])
  #expect(!copy.sharesStorage(with: original))
  copy.value = [1, 2, 3]
  #expect(copy == original)
  #expect(copy.hashValue == original.hashValue)
}

@Test func aUniquelyHeldBoxIsMutatedInPlace() {
  var box = CopyOnWriteBox("a")
  let before = box
  box.value += "b"
  let after = box
  box.value += "c"
  #expect(before.value == "a")
  #expect(after.value == "ab")
  #expect(box.value == "abc")
}

@Test func mutatingACopiedPodLeavesTheOriginalUnchanged() {
  var original = Pod(metadata: ObjectMeta(name: "web", namespace: "default"), spec: PodSpec(containers: [Container(name: "app", image: "nginx:1.14")]))
  original.status = PodStatus()
  original.status?.phase = "Pending"
  var copy = original
  copy.spec?.nodeName = "node-1"
  copy.spec?.containers?[0].image = "nginx:1.16"
  copy.status?.phase = "Running"
  #expect(original.spec?.nodeName == nil)
  #expect(original.spec?.containers?[0].image == "nginx:1.14")
  #expect(original.status?.phase == "Pending")
  #expect(copy.spec?.nodeName == "node-1")
  #expect(copy.spec?.containers?[0].image == "nginx:1.16")
  #expect(copy.status?.phase == "Running")
  #expect(copy != original)
  copy.spec = original.spec
  copy.status = original.status
  #expect(copy == original)
  copy.status = nil
  #expect(copy.status == nil)
  #expect(original.status != nil)
}

@Test func aPodRoundTripsThroughCodableUnchanged() throws {
  let text = #"""
    {"apiVersion":"v1","kind":"Pod","metadata":{"name":"web","namespace":"default","labels":{"app":"web"}},
    "spec":{"nodeName":"node-1","containers":[{"name":"app","image":"nginx:1.14"}]},"status":{"phase":"Running"}}
    """#
  let pod = try JSONDecoder().decode(Pod.self, from: Data(text.utf8))
  #expect(pod.spec?.nodeName == "node-1")
  #expect(pod.status?.phase == "Running")
  let encoder = JSONEncoder()
  encoder.outputFormatting = .sortedKeys
  let again = try JSONDecoder().decode(Pod.self, from: try encoder.encode(pod))
  #expect(again == pod)
  #expect(try encoder.encode(again) == (try encoder.encode(pod)))
  // Absent parts stay absent (not `null`), and a missing metadata is still an error.
  let bare = try JSONDecoder().decode(Pod.self, from: Data(#"{"metadata":{"name":"x"}}"#.utf8))
  #expect(bare.spec == nil && bare.status == nil && bare.apiVersion == nil)
  #expect(String(decoding: try encoder.encode(bare), as: UTF8.self) == #"{"metadata":{"name":"x"}}"#)
  #expect(throws: DecodingError.self) { try JSONDecoder().decode(Pod.self, from: Data("{}".utf8)) }
}

@Test func aPodSharesItsSpecOnlyWithCopiesWhoseSpecWasNotTouched() {
  var original = Pod(metadata: ObjectMeta(name: "web", namespace: "default"), spec: PodSpec(containers: [Container(name: "app", image: "nginx:1.14")]))
  var statusOnly = original
  statusOnly.status = PodStatus()
  statusOnly.metadata.resourceVersion = "2"
  #expect(statusOnly.sharesSpec(with: original))
  var bound = original
  bound.spec?.nodeName = "node-1"
  #expect(!bound.sharesSpec(with: original))
  let equalButSeparate = Pod(metadata: original.metadata, spec: original.spec)
  #expect(!equalButSeparate.sharesSpec(with: original))
  original.spec?.nodeName = "node-2"
  #expect(!statusOnly.sharesSpec(with: original))
}
