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
