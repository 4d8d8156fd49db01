import KubeModel
import Testing

@testable import ClusterEngine

@Suite struct EventTextTableTests {
  func digest(_ texts: String...) -> Int {
    var digest = WordDigest()
    for text in texts { digest.combine(text) }
    return digest.finalize()
  }

  @Test func equalTextsDigestAlikeAndDifferentOnesApart() {
    let long = "Successfully pulled image \"nginx:1.25\" in 1.661s (2.1s including waiting). Image size: 123 bytes."
    // A copy made byte by byte: other storage, same text.
    let copy = String(decoding: Array(long.utf8), as: UTF8.self)
    #expect(digest(long) == digest(copy))
    #expect(digest(long) != digest(long.replacingOccurrences(of: "123", with: "124")))
    // Texts differing in one byte at each place of the last, partial word, and in length.
    for length in 0..<20 {
      let base = String(repeating: "a", count: length)
      #expect(digest(base) != digest(base + "\0"))
      for index in 0..<length {
        var bytes = Array(base.utf8)
        bytes[index] = UInt8(ascii: "b")
        #expect(digest(base) != digest(String(decoding: bytes, as: UTF8.self)))
      }
    }
    // Where one string ends and the next begins counts.
    #expect(digest("ab", "c") != digest("a", "bc"))
    #expect(digest("", "abc") != digest("abc", ""))
  }

  @Test func occurrencesOfOtherMessagesKeyApart() {
    let reference = ObjectReferenceFixture.pod
    let a = APIServer.occurrence(of: reference, reason: "Pulled", message: "Pulling image \"nginx\"", component: "kubelet")
    let b = APIServer.occurrence(of: reference, reason: "Pulled", message: "Pulling image \"redis\"", component: "kubelet")
    let c = APIServer.occurrence(of: reference, reason: "Pulled", message: "Pulling image \"nginx\"", component: "kubelet2")
    #expect(a != b && a != c && b != c)
  }

  @Test func internedTextsAreSharedAndTheTableStartsOverPastItsLimit() {
    var table = EventTextTable(limit: 3)
    let first = table.intern(String(decoding: Array("Created container: nginx".utf8), as: UTF8.self))
    let again = table.intern(String(decoding: Array("Created container: nginx".utf8), as: UTF8.self))
    #expect(again == first)
    #expect(again.utf8.withContiguousStorageIfAvailable { $0.baseAddress }
      == first.utf8.withContiguousStorageIfAvailable { $0.baseAddress })
    #expect(table.count == 1)
    _ = table.intern("Started container nginx, the second text")
    _ = table.intern("Pulling image \"nginx:1.25\", the third text")
    #expect(table.count == 3)
    _ = table.intern("a fourth text, past the limit of three")
    #expect(table.count == 1)
    // A text no longer held is held again as given.
    #expect(table.intern("Created container: nginx") == "Created container: nginx")
    #expect(table.count == 2)
  }
}

/// A pod's reference for the occurrence tests.
private enum ObjectReferenceFixture {
  static var pod: KubeModel.ObjectReference {
    ObjectReference(kind: "Pod", namespace: "default", name: "web", uid: "uid-1", apiVersion: "v1", fieldPath: nil)
  }
}
