import Foundation
import Testing
@testable import KubeModel

/// `Event` as a plain struct, as it was before its fields moved into a box: the boxed one
/// must compare, hash and code exactly as this does.
private struct PlainEvent: Codable, Hashable {
  var apiVersion: String? = "v1"
  var kind: String? = "Event"
  var metadata = ObjectMeta()
  var involvedObject = ObjectReference()
  var reason: String?
  var message: String?
  var source: EventSource?
  var firstTimestamp: Time?
  var lastTimestamp: Time?
  var count: Int32?
  var type: String?
  var eventTime: MicroTime?
  var series: JSONValue?
  var action: String?
  var related: ObjectReference?
  var reportingComponent: String?
  var reportingInstance: String?
}

private let eventJSON = #"""
  {"apiVersion":"v1","kind":"Event","metadata":{"name":"web-1.17f","namespace":"default","resourceVersion":"12"},
  "involvedObject":{"kind":"Pod","namespace":"default","name":"web-1","uid":"0000","apiVersion":"v1",
  "fieldPath":"spec.containers{app}"},"reason":"Started","message":"Started container app",
  "source":{"component":"kubelet","host":"node-1"},"firstTimestamp":"2024-05-01T10:00:00Z",
  "lastTimestamp":"2024-05-01T10:00:01Z","count":2,"type":"Normal","eventTime":"2024-05-01T10:00:00.000001Z",
  "series":{"count":2},"action":"Start","related":{"kind":"Node","name":"node-1"},"reportingComponent":"kubelet",
  "reportingInstance":"node-1"}
  """#

@Test func aDeletedVersionOfAnEventSharesTheAddedOnesFields() {
  var event = Event()
  event.metadata = ObjectMeta(name: "web-1.17f", namespace: "default")
  event.involvedObject = ObjectReference(kind: "Pod", namespace: "default", name: "web-1")
  event.reason = "Started"
  event.count = 1
  let added = event
  // What the store does to record a removal: stamp a new resource version.
  var deleted = added
  deleted.metadata.resourceVersion = "8"
  #expect(deleted.fields.sharesStorage(with: added.fields))
  #expect(deleted.metadata.sharesFields(with: added.metadata))
  // Aggregating a repeat copies the fields; the stored version keeps its count.
  var repeated = added
  repeated.count = 2
  #expect(added.count == 1 && repeated.count == 2)
  #expect(!repeated.fields.sharesStorage(with: added.fields))
  #expect(repeated != added)
  repeated.count = 1
  #expect(repeated == added)
  #expect(repeated.hashValue == added.hashValue)
}

@Test func aNewEventStartsEmptyAndCopiesTheSharedEmptyBoxOnItsFirstWrite() {
  var first = Event()
  let second = Event()
  first.reason = "Pulled"
  #expect(second.reason == nil)
  #expect(second.involvedObject == ObjectReference())
  #expect(first.apiVersion == "v1" && first.kind == "Event")
}

@Test func boxedEventComparesHashesAndCodesAsThePlainStructDid() throws {
  let decoder = JSONDecoder()
  let boxed = try decoder.decode(Event.self, from: Data(eventJSON.utf8))
  let decoded = try decoder.decode(PlainEvent.self, from: Data(eventJSON.utf8))
  // The same maps, not equal ones decoded apart: each dictionary has its own iteration order.
  let plain = PlainEvent(
    apiVersion: boxed.apiVersion, kind: boxed.kind, metadata: boxed.metadata, involvedObject: boxed.involvedObject,
    reason: boxed.reason, message: boxed.message, source: boxed.source, firstTimestamp: boxed.firstTimestamp,
    lastTimestamp: boxed.lastTimestamp, count: boxed.count, type: boxed.type, eventTime: boxed.eventTime,
    series: boxed.series, action: boxed.action, related: boxed.related, reportingComponent: boxed.reportingComponent,
    reportingInstance: boxed.reportingInstance)
  #expect(plain == decoded)
  #expect(boxed.hashValue == plain.hashValue)
  #expect(boxed.involvedObject == plain.involvedObject && boxed.source == plain.source)
  #expect(boxed.eventTime == plain.eventTime && boxed.series == plain.series && boxed.related == plain.related)
  // Foundation's encoder orders keys only when sorting; the project's encoders keep the
  // order the keys were encoded in.
  let encoder = JSONEncoder()
  encoder.outputFormatting = .sortedKeys
  #expect(try encoder.encode(boxed) == encoder.encode(plain))
  #expect(try JSONWriter.write(ValueEncoder.encode(boxed)) == JSONWriter.write(ValueEncoder.encode(plain)))
  #expect(try DirectJSONEncoder.encode(boxed) == DirectJSONEncoder.encode(plain))
  let again = try decoder.decode(Event.self, from: Data(eventJSON.utf8))
  #expect(again == boxed && again.hashValue == boxed.hashValue)
  var other = again
  other.reportingInstance = "node-2"
  #expect(other != boxed)
  // The same keys are required as before: an Event without involvedObject is refused.
  #expect(throws: DecodingError.self) {
    try decoder.decode(Event.self, from: Data(#"{"metadata":{"name":"a"}}"#.utf8))
  }
  #expect(throws: DecodingError.self) {
    try decoder.decode(PlainEvent.self, from: Data(#"{"metadata":{"name":"a"}}"#.utf8))
  }
}

@Test func anEventBuiltWholeEqualsOneBuiltFieldByField() throws {
  let now = Time(seconds: 1_767_225_600)
  let reference = ObjectReference(
    kind: "Pod", namespace: "default", name: "web-1", uid: "0000", apiVersion: "v1", fieldPath: "spec.containers{app}")
  var byField = Event()
  byField.metadata.namespace = "default"
  byField.metadata.name = "web-1.17f"
  byField.metadata.uid = "1111"
  byField.metadata.creationTimestamp = now
  byField.involvedObject = reference
  byField.reason = "Started"
  byField.message = "Started container app"
  byField.type = "Normal"
  byField.count = 1
  byField.firstTimestamp = now
  byField.lastTimestamp = now
  byField.source = EventSource(component: "kubelet", host: "node-1")
  byField.reportingComponent = "kubelet"
  byField.reportingInstance = "node-1"
  let whole = Event(
    metadata: ObjectMeta(name: "web-1.17f", namespace: "default", uid: "1111", creationTimestamp: now),
    involvedObject: reference, reason: "Started", message: "Started container app",
    source: EventSource(component: "kubelet", host: "node-1"), firstTimestamp: now, lastTimestamp: now, count: 1,
    type: "Normal", reportingComponent: "kubelet", reportingInstance: "node-1")
  #expect(whole == byField)
  #expect(whole.hashValue == byField.hashValue)
  #expect(whole.metadata == byField.metadata)
  #expect(whole.eventTime == nil && whole.series == nil && whole.action == nil && whole.related == nil)
  let encoder = JSONEncoder()
  encoder.outputFormatting = .sortedKeys
  #expect(try encoder.encode(whole) == encoder.encode(byField))
}
