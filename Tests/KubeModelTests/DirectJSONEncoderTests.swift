import Foundation
import Testing
@testable import KubeModel

/// The text the API wrote before the direct encoder: through a `JSONValue` tree.
private func viaTree<T: Encodable>(_ value: T) throws -> String {
  JSONWriter.write(try ValueEncoder.encode(value))
}

private func direct<T: Encodable>(_ value: T) throws -> String {
  String(decoding: try DirectJSONEncoder.encode(value), as: UTF8.self)
}

private let podText = #"""
  {"apiVersion":"v1","kind":"Pod","metadata":{"name":"web-7c9 <&> \"q\"","namespace":"default","uid":"u-1",
  "labels":{"z":"1","app":"web","a.b/c":"x\ny"},"annotations":{"note":"tab\there é ☃ \u0001"},
  "creationTimestamp":"2026-01-02T03:04:05Z","ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet",
  "name":"web-7c9","uid":"u-0","controller":true}]},
  "spec":{"nodeName":"node-1","containers":[{"name":"app","image":"nginx:1.27","ports":[{"containerPort":80,"protocol":"TCP"}],
  "env":[{"name":"A","value":"1"},{"name":"B","valueFrom":{"fieldRef":{"fieldPath":"metadata.name"}}}],
  "resources":{"requests":{"memory":"64Mi","cpu":"250m"},"limits":{"cpu":"1"}}}],
  "nodeSelector":{"disk":"ssd"},"terminationGracePeriodSeconds":30},
  "status":{"phase":"Running","podIP":"10.0.0.1","startTime":"2026-01-02T03:04:06Z",
  "conditions":[{"type":"Ready","status":"True","lastTransitionTime":"2026-01-02T03:04:07Z"}],
  "containerStatuses":[{"name":"app","ready":true,"restartCount":2,"image":"nginx:1.27","imageID":"",
  "state":{"running":{"startedAt":"2026-01-02T03:04:07Z"}}}]}}
  """#

@Test func directEncoderWritesAPodAsTheTreeDoes() throws {
  let pod = try JSONDecoder().decode(Pod.self, from: Data(podText.utf8))
  #expect(try direct(pod) == viaTree(pod))
  #expect(try direct(Pod()) == viaTree(Pod()))
}

private struct Sample: Encodable {
  var text = "a\"b\\c\r\u{7f}<>&é"
  var number: Double = 2.5
  var whole: Double = 3
  var big: UInt64 = .max
  var small: Int64 = .min
  var float: Float = 0.1
  var missing: String?
  var present: Int32? = 7
  var flags = [true, false]
  var optionals: [String?] = ["x", nil]
  var nested: [String: [String: Int]] = ["b": ["y": 2, "x": 1], "a": [:]]
  var empty: [Int] = []
  var json: JSONValue = .object(["z": .null, "a": .array([.double(1.5), .string("s")])])
  var quantity = Quantity(scaled: 1500, scale: -3)
  var intOrString: [IntOrString] = [.int(8080), .string("http")]
}

@Test func directEncoderMatchesTheTreeForEveryShape() throws {
  #expect(try direct(Sample()) == viaTree(Sample()))
  #expect(try direct(ListMeta()) == "{}")
  #expect(try direct([String: String]()) == "{}")
  #expect(try direct(JSONValue.null) == "null")
  #expect(try direct(Optional<Int>.none) == "null")
}

/// Reuses a container after opening a sibling: the streaming writer cannot follow, so the
/// encoder must fall back to the tree and still write the same text.
private struct OutOfOrder: Encodable {
  enum Keys: String, CodingKey { case first, second, third }
  func encode(to encoder: any Encoder) throws {
    var outer = encoder.container(keyedBy: Keys.self)
    var inner = outer.nestedContainer(keyedBy: Keys.self, forKey: .first)
    try outer.encode("two", forKey: .second)
    try inner.encode(1, forKey: .third)
    var super_ = outer.superEncoder(forKey: .third).singleValueContainer()
    try super_.encode(true)
  }
}

@Test func directEncoderFallsBackWhenAValueEncodesOutOfOrder() throws {
  #expect(try direct(OutOfOrder()) == viaTree(OutOfOrder()))
  #expect(try direct([OutOfOrder(), OutOfOrder()]) == viaTree([OutOfOrder(), OutOfOrder()]))
}

private struct Failing: Encodable {
  struct Boom: Error {}
  func encode(to encoder: any Encoder) throws { throw Boom() }
}

@Test func directEncoderAppendsToItsBufferAndRethrows() throws {
  let encoder = DirectJSONEncoder()
  encoder.appendRaw("[")
  try encoder.append(["b": 1, "a": 2])
  encoder.appendRaw(",")
  #expect(throws: Failing.Boom.self) { try encoder.append(Failing()) }
  encoder.appendJSON(.string("<x>"))
  encoder.appendRaw("]")
  #expect(String(decoding: encoder.output, as: UTF8.self) == #"[{"a":2,"b":1},"\u003cx\u003e"]"#)
}

@Test func jsonBytesMatchJSONWriter() {
  let value: JSONValue = [
    "s": "line\nbreak\u{0}", "n": .int(-42), "d": .double(1e21), "e": .double(-0.5), "t": true, "f": false,
    "a": .array([]), "o": .emptyObject, "nested": ["k": .array([.null, .int(0), .int(Int64.max)])],
  ]
  #expect(String(decoding: JSONBytes.bytes(value), as: UTF8.self) == JSONWriter.write(value))
}
