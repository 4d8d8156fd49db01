/// A key hashed once, when made, and compared by that hash before its value.
///
/// A dictionary rehashes its keys as it grows, and each removal rehashes the entries after
/// the freed slot: with the hash kept beside the value, none of that reads the value again
/// (names, UIDs, event texts). A lookup hashes the value once, as before, and a probe that
/// meets another key mostly settles it on the hash.
public struct Prehashed<Value: Hashable & Sendable>: Hashable, Sendable {
  /// The value the key stands for.
  public let value: Value
  private let digest: Int

  /// The key for `value`. A string is digested a word at a time (`WordDigest`) rather than
  /// through SipHash byte by byte: names, UIDs and label pairs are the keys of the largest
  /// tables, and SipHash cost about 400 instructions for one of 36 bytes. (The branch is
  /// decided when the type is known, so each specialisation keeps one of the two.)
  public init(_ value: Value) {
    self.value = value
    if Value.self == String.self {
      var words = WordDigest()
      words.combine(unsafeBitCast(value, to: String.self))
      digest = words.finalize()
    } else {
      digest = value.hashValue
    }
  }

  public static func == (a: Prehashed, b: Prehashed) -> Bool { a.digest == b.digest && a.value == b.value }

  public func hash(into hasher: inout Hasher) { hasher.combine(digest) }

  /// What a dictionary or set asks for on every probe, resize and removal: the kept digest
  /// with the table's seed mixed in by a few multiplications (splitmix64's finalizer)
  /// rather than a full SipHash round over it. The digest is already well spread; the mix
  /// keeps tables with different seeds from ordering their keys alike.
  public func _rawHashValue(seed: Int) -> Int {
    SeededRandom.tableHash(digest, seed: seed)
  }
}

/// The key of a store table: an object's namespace and name, hashed once (the Event table
/// loses an entry for every Event past the limit, and each removal rehashes neighbours).
/// An `ObjectKey` keeps its digest, so it is one.
public typealias StoreKey = ObjectKey

extension Prehashed where Value == Int {
  /// The key for a value that needs no hashing of its own, being a finished hash (an
  /// Event's occurrence) or unique (a store revision): it is its own digest, and the
  /// table's seeded mix spreads it.
  public init(ownDigest: Int) {
    value = ownDigest
    digest = ownDigest
  }
}
