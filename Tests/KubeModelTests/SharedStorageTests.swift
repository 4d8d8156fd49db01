import Foundation
import Testing

@testable import KubeModel

@Test func aResourceTypeEqualsAndHashesByValueWhateverItsStorage() {
  let made = ResourceType(group: "", version: "v1", kind: "Pod", plural: "pods", shortNames: ["po"], categories: ["all"])
  #expect(made == .pods)
  #expect(made.hashValue == ResourceType.pods.hashValue)
  #expect(made.singular == "pod" && made.shortNames == ["po"] && made.namespaced && made.categories == ["all"])
  #expect(made != .nodes)
  let other = ResourceType(group: "", version: "v1", kind: "Pod", plural: "pods", shortNames: ["po"], namespaced: false)
  #expect(other != .pods)
  #expect(Set([made, .pods, .nodes, other]).count == 3)
  #expect(ResourceType.deployments.groupResource == "deployments.apps")
  #expect(ResourceType.deployments.apiVersion == "apps/v1")
}

@Test func aPodSharingAnotherPodsSpecAndStatusCopiesOnWrite() {
  var stored = Pod(
    metadata: ObjectMeta(name: "web", namespace: "default"),
    spec: PodSpec(containers: [Container(name: "app", image: "nginx:1.14")]))
  stored.status = PodStatus()
  stored.status?.phase = "Pending"
  var written = Pod(metadata: stored.metadata, spec: nil)
  written.status = PodStatus()
  written.status?.phase = "Running"
  written.shareSpec(of: stored)
  #expect(written.sharesSpec(with: stored))
  #expect(!written.sharesStatus(with: stored))
  #expect(written.spec == stored.spec)
  written.spec?.nodeName = "node-1"
  #expect(!written.sharesSpec(with: stored))
  #expect(stored.spec?.nodeName == nil)
  #expect(written.spec?.nodeName == "node-1")
  written.shareStatus(of: stored)
  #expect(written.sharesStatus(with: stored))
  #expect(written.status?.phase == "Pending")
  written.status?.phase = "Failed"
  #expect(stored.status?.phase == "Pending")
}

@Test func aPodWithSharedPartsEncodesAsACopyWould() throws {
  var stored = Pod(
    metadata: ObjectMeta(name: "web", namespace: "default", labels: ["app": "web"]),
    spec: PodSpec(containers: [Container(name: "app", image: "nginx:1.14")]))
  stored.status = PodStatus()
  stored.status?.phase = "Running"
  var shared = Pod(metadata: stored.metadata, spec: nil)
  shared.shareSpec(of: stored)
  shared.shareStatus(of: stored)
  var copied = Pod(metadata: stored.metadata, spec: stored.spec)
  copied.status = stored.status
  let encoder = JSONEncoder()
  encoder.outputFormatting = .sortedKeys
  #expect(try encoder.encode(shared) == (try encoder.encode(copied)))
  #expect(shared == copied && shared.hashValue == copied.hashValue)
  let decoded = try JSONDecoder().decode(Pod.self, from: try encoder.encode(shared))
  #expect(decoded == stored)
}

@Test func aPodTemplateIsCopiedOnWriteAndCodesAsBefore() throws {
  let original = PodTemplateSpec(
    metadata: ObjectMeta(labels: ["app": "web"]), spec: PodSpec(containers: [Container(name: "app", image: "nginx:1.14")]))
  var copy = original
  #expect(copy.parts.sharesStorage(with: original.parts))
  copy.spec?.containers?[0].image = "nginx:1.16"
  copy.metadata?.labels?["tier"] = "front"
  #expect(original.spec?.containers?[0].image == "nginx:1.14")
  #expect(original.metadata?.labels == ["app": "web"])
  #expect(copy.spec?.containers?[0].image == "nginx:1.16")
  #expect(copy != original)
  copy.spec = original.spec
  copy.metadata = original.metadata
  #expect(copy == original && copy.hashValue == original.hashValue)
  let encoder = JSONEncoder()
  encoder.outputFormatting = .sortedKeys
  let text = String(decoding: try encoder.encode(original), as: UTF8.self)
  #expect(text == #"{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"image":"nginx:1.14","name":"app"}]}}"#)
  #expect(try JSONDecoder().decode(PodTemplateSpec.self, from: Data(text.utf8)) == original)
  #expect(String(decoding: try encoder.encode(PodTemplateSpec()), as: UTF8.self) == "{}")
}
