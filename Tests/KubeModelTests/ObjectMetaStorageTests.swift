import Foundation
import Testing
@testable import KubeModel

/// `ObjectMeta` as a plain struct, as it was before its fields moved into a box: the boxed
/// one must compare, hash and code exactly as this does.
private struct PlainMeta: Codable, Hashable {
  var name: String?
  var generateName: String?
  var namespace: String?
  var uid: String?
  var resourceVersion: String?
  var generation: Int64?
  var creationTimestamp: Time?
  var deletionTimestamp: Time?
  var deletionGracePeriodSeconds: Int64?
  var labels: [String: String]?
  var annotations: [String: String]?
  var ownerReferences: [OwnerReference]?
  var finalizers: [String]?
  var managedFields: [JSONValue]?
}

private let fullMetaJSON = #"""
  {"name":"web-1","generateName":"web-","namespace":"default","uid":"0000-1111","resourceVersion":"42",
  "generation":3,"creationTimestamp":"2024-05-01T10:00:00Z","deletionTimestamp":"2024-05-01T10:05:00Z",
  "deletionGracePeriodSeconds":30,"labels":{"app":"web","tier":"front"},"annotations":{"note":"x"},
  "ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"web","uid":"2222","controller":true}],
  "finalizers":["example.com/hold"],"managedFields":[{"manager":"kubectl"}]}
  """#

@Test func aCopyOfMetadataSharesItsFieldsUntilOneChanges() {
  var original = ObjectMeta(name: "web-1", namespace: "default", labels: ["app": "web"])
  original.uid = "0000-1111"
  var copy = original
  #expect(copy.sharesFields(with: original))
  // The store stamps every version: that must not copy the fields.
  copy.resourceVersion = "7"
  #expect(copy.sharesFields(with: original))
  #expect(original.resourceVersion == nil)
  #expect(copy != original)
  copy.labels?["tier"] = "front"
  #expect(!copy.sharesFields(with: original))
  #expect(original.labels == ["app": "web"])
  #expect(copy.labels == ["app": "web", "tier": "front"])
  #expect(copy.name == "web-1" && copy.uid == "0000-1111")
}

@Test func emptyMetadataSharesOneBoxAndCopiesItOnTheFirstWrite() {
  var first = ObjectMeta()
  let second = ObjectMeta()
  #expect(first.sharesFields(with: second))
  first.name = "a"
  #expect(second.name == nil)
  #expect(!first.sharesFields(with: second))
  #expect(ObjectMeta().name == nil && ObjectMeta().labels == nil)
}

@Test func boxedMetadataComparesAndHashesAsThePlainStructDid() throws {
  let decoder = JSONDecoder()
  let boxed = try decoder.decode(ObjectMeta.self, from: Data(fullMetaJSON.utf8))
  let plain = try decoder.decode(PlainMeta.self, from: Data(fullMetaJSON.utf8))
  #expect(boxed.hashValue == plain.hashValue)
  // Equal contents in separate boxes are equal and hash alike.
  let again = try decoder.decode(ObjectMeta.self, from: Data(fullMetaJSON.utf8))
  #expect(!again.sharesFields(with: boxed))
  #expect(again == boxed)
  #expect(again.hashValue == boxed.hashValue)
  // Every field takes part.
  var changed = again
  changed.finalizers = nil
  #expect(changed != boxed)
  var other = again
  other.resourceVersion = "43"
  #expect(other != boxed)
  #expect(Set([boxed, again, changed, other]).count == 3)
}

@Test func boxedMetadataEncodesAndDecodesAsThePlainStructDid() throws {
  let decoder = JSONDecoder()
  let boxed = try decoder.decode(ObjectMeta.self, from: Data(fullMetaJSON.utf8))
  let decoded = try decoder.decode(PlainMeta.self, from: Data(fullMetaJSON.utf8))
  // The same maps, not equal ones decoded apart: each dictionary has its own iteration order.
  let plain = PlainMeta(
    name: boxed.name, generateName: boxed.generateName, namespace: boxed.namespace, uid: boxed.uid,
    resourceVersion: boxed.resourceVersion, generation: boxed.generation, creationTimestamp: boxed.creationTimestamp,
    deletionTimestamp: boxed.deletionTimestamp, deletionGracePeriodSeconds: boxed.deletionGracePeriodSeconds,
    labels: boxed.labels, annotations: boxed.annotations, ownerReferences: boxed.ownerReferences,
    finalizers: boxed.finalizers, managedFields: boxed.managedFields)
  #expect(plain == decoded)
  #expect(boxed.name == plain.name && boxed.generateName == plain.generateName)
  #expect(boxed.namespace == plain.namespace && boxed.uid == plain.uid)
  #expect(boxed.resourceVersion == plain.resourceVersion && boxed.generation == plain.generation)
  #expect(boxed.creationTimestamp == plain.creationTimestamp && boxed.deletionTimestamp == plain.deletionTimestamp)
  #expect(boxed.deletionGracePeriodSeconds == plain.deletionGracePeriodSeconds)
  #expect(boxed.labels == plain.labels && boxed.annotations == plain.annotations)
  #expect(boxed.ownerReferences == plain.ownerReferences && boxed.finalizers == plain.finalizers)
  #expect(boxed.managedFields == plain.managedFields)
  // Foundation's encoder orders keys only when sorting; the project's encoders keep the
  // order the keys were encoded in.
  let encoder = JSONEncoder()
  encoder.outputFormatting = .sortedKeys
  #expect(try encoder.encode(boxed) == encoder.encode(plain))
  #expect(try JSONWriter.write(ValueEncoder.encode(boxed)) == JSONWriter.write(ValueEncoder.encode(plain)))
  #expect(try DirectJSONEncoder.encode(boxed) == DirectJSONEncoder.encode(plain))
  // Absent fields stay absent.
  let sparse = try decoder.decode(ObjectMeta.self, from: Data(#"{"name":"a"}"#.utf8))
  #expect(String(decoding: try JSONEncoder().encode(sparse), as: UTF8.self) == #"{"name":"a"}"#)
}

@Test func aPodCopyKeepsMetadataSharedThroughAResourceVersionStamp() {
  var pod = Pod(metadata: ObjectMeta(name: "web-1", namespace: "default", labels: ["app": "web"]), spec: PodSpec())
  let stored = pod
  pod.metadata.resourceVersion = "9"
  #expect(pod.metadata.sharesFields(with: stored.metadata))
  pod.metadata.annotations = ["a": "b"]
  #expect(stored.metadata.annotations == nil)
  #expect(pod.metadata.annotations == ["a": "b"])
}
