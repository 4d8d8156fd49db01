import Foundation
import Testing
@testable import KubeModel

@Test func jsonValueRoundTripsThroughFoundation() throws {
  let text = #"{"a":1,"b":[true,null,"x",2.5],"c":{"d":"e"}}"#
  let value = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
  #expect(value["a"] == .int(1))
  #expect(value["b"]?.arrayValue?.count == 4)
  #expect(value["c"]?["d"]?.stringValue == "e")
  let again = try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(value))
  #expect(again == value)
}
