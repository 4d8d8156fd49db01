import Testing

@testable import ClusterEngine

/// The kubelet's texts written into one buffer must read exactly as the joined pieces they
/// replace.
@Suite struct KubeletTextTests {
  /// The joined spelling `goDuration` had before it was written into a buffer.
  static func joinedGoDuration(_ milliseconds: Int64) -> String {
    if milliseconds < 1000 { return "\(milliseconds)ms" }
    let minutes = milliseconds / 60_000
    let rest = milliseconds % 60_000
    var seconds = "\(rest / 1000)"
    let fraction = rest % 1000
    if fraction > 0 {
      var digits = String(fraction)
      digits = String(repeating: "0", count: 3 - digits.count) + digits
      while digits.hasSuffix("0") { digits.removeLast() }
      seconds += "." + digits
    }
    return minutes > 0 ? "\(minutes)m\(seconds)s" : "\(seconds)s"
  }

  static let durations: [Int64] = [
    -5, 0, 1, 9, 830, 999, 1000, 1005, 1050, 1500, 1661, 10_010, 59_999, 60_000, 65_200, 61_001, 3_600_000,
    7_261_120, .max,
  ]

  @Test func goDurationReadsAsTheJoinedPieces() {
    for milliseconds in Self.durations {
      #expect(goDuration(milliseconds: milliseconds) == Self.joinedGoDuration(milliseconds))
    }
  }

  @Test func thePulledMessageReadsAsTheJoinedPieces() {
    let prefixes = ["Successfully pulled image \"nginx:1.27\" in ", "Successfully pulled image \"registry.example/容器:v1\" in "]
    for prefix in prefixes {
      for (pull, total) in zip(Self.durations, Self.durations.reversed()) {
        for size: Int64 in [0, 7, 187_654_321, .max] {
          let joined =
            prefix + Self.joinedGoDuration(pull) + " (" + Self.joinedGoDuration(total)
            + " including waiting). Image size: " + String(size) + " bytes."
          #expect(pulledMessage(prefix: prefix, pull: pull, total: total, size: size) == joined)
        }
      }
    }
  }

  @Test func aContainerIDIsTheSchemeAndTwoHex64s() {
    for hash: UInt64 in [0, 1, 0xABC, 0x0123_4567_89AB_CDEF, .max] {
      #expect(Kubelet.containerID(hash) == "containerd://" + hex64(hash) + hex64(hash &* 0x9E37_79B9_7F4A_7C15))
    }
  }

  @Test func aContainerIDHashContinuesTheIdentity() {
    let uid = "8c2f6e4a-1b3d-4c5e-9f70-112233445566"
    let name = "nginx"
    let identity = SeededRandom.stableHash(name, continuing: SeededRandom.stableHash("/", continuing: SeededRandom.stableHash(uid)))
    let continued = SeededRandom.stableHash("3", continuing: SeededRandom.stableHash("/", continuing: identity))
    #expect(continued == SeededRandom.stableHash("\(uid)/\(name)/3"))
  }
}
