/// A small, fast, seeded random generator (SplitMix64): the same seed gives the same
/// sequence on every machine, so the same actions give the same cluster.
public struct SeededRandom: RandomNumberGenerator, Sendable {
  private var state: UInt64

  public init(seed: UInt64) {
    state = seed &+ 0x9E37_79B9_7F4A_7C15
  }

  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    return Self.mix(state)
  }

  /// What the `offset`-th call of `next()` from now returns (0: the next one), without
  /// advancing: SplitMix64's state moves by a constant per call, so any draw is one step away.
  public func peek(ahead offset: Int) -> UInt64 {
    Self.mix(state &+ 0x9E37_79B9_7F4A_7C15 &* UInt64(truncatingIfNeeded: offset &+ 1))
  }

  /// Advances as `count` calls of `next()` would.
  public mutating func skip(_ count: Int) {
    state &+= 0x9E37_79B9_7F4A_7C15 &* UInt64(truncatingIfNeeded: count)
  }

  /// SplitMix64's finalizer: spreads the bits of `state` over the whole word (also the
  /// cheap seeded hash of keys that carry a digest already: `Prehashed`, `KindKey`).
  @inline(__always)
  static func mix(_ state: UInt64) -> UInt64 {
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// What a dictionary asks a key that keeps its own digest for on every probe: the digest
  /// with the table's seed mixed in by `mix`, not a SipHash round over it.
  @inline(__always)
  static func tableHash(_ digest: Int, seed: Int) -> Int {
    Int(truncatingIfNeeded: mix(UInt64(bitPattern: Int64(digest ^ seed))))
  }

  /// A uniform double in [0, 1).
  public mutating func unit() -> Double {
    Double(next() >> 11) * (1.0 / 9_007_199_254_740_992.0)
  }

  /// A stateless hash of values into a uniform double in [0, 1): for quantities that are a
  /// pure function of (seed, object, time), such as simulated CPU usage.
  public static func unit(hashing values: UInt64...) -> Double {
    var generator = SeededRandom(seed: values.reduce(0x2545_F491_4F6C_DD1D) { ($0 ^ $1) &* 0x100_0000_01B3 })
    return generator.unit()
  }

  /// A stable 64-bit hash of a string (FNV-1a), independent of Swift's per-process hashing.
  public static func stableHash(_ text: String) -> UInt64 {
    stableHash(text, continuing: 0xCBF2_9CE4_8422_2325)
  }

  /// `stableHash` of a text that continues one whose hash is `hash`: the hash of `a + b`
  /// is `stableHash(b, continuing: stableHash(a))`, with no joined string made.
  public static func stableHash(_ text: String, continuing hash: UInt64) -> UInt64 {
    // Over the bytes in place when the string has them contiguous (native and small
    // strings): stepping the UTF-8 view cost several times the hashing. The same bytes in
    // the same order, so the same hash.
    if let hashed = text.utf8.withContiguousStorageIfAvailable({ bytes in fnv1a(bytes, continuing: hash) }) {
      return hashed
    }
    var text = text
    return text.withUTF8 { bytes in fnv1a(bytes, continuing: hash) }
  }

  private static func fnv1a(_ bytes: UnsafeBufferPointer<UInt8>, continuing hash: UInt64) -> UInt64 {
    var hash = hash
    for byte in bytes {
      hash ^= UInt64(byte)
      hash = hash &* 0x100_0000_01B3
    }
    return hash
  }
}
