/// Where an object lives: its namespace ("" for cluster-scoped objects) and name.
public struct ObjectKey: Hashable, Comparable, Sendable, CustomStringConvertible {
  public let namespace: String
  public let name: String
  /// The namespace and name digested with `WordDigest` when the key is made. Keys of pods,
  /// Events and their owners are looked up several times for each change the components
  /// observe, and the tables keyed by them rehash every key as they grow: with the digest
  /// kept, none of that reads the strings again (SipHash fed byte by byte, and later the
  /// digest worked out on each hash, cost most of each lookup).
  private let digest: Int

  public init(namespace: String = "", name: String) {
    self.namespace = namespace
    self.name = name
    var words = WordDigest()
    words.combine(namespace)
    words.combine(name)
    digest = words.finalize()
  }

  /// Equal keys have equal digests, so a probe that meets another key is mostly settled
  /// without comparing strings.
  public static func == (lhs: ObjectKey, rhs: ObjectKey) -> Bool {
    lhs.digest == rhs.digest && lhs.name == rhs.name && lhs.namespace == rhs.namespace
  }

  public func hash(into hasher: inout Hasher) { hasher.combine(digest) }

  /// What a dictionary or set asks for on every probe: the kept digest with the table's
  /// seed mixed in (see `Prehashed._rawHashValue(seed:)`).
  public func _rawHashValue(seed: Int) -> Int {
    SeededRandom.tableHash(digest, seed: seed)
  }

  public static func < (lhs: ObjectKey, rhs: ObjectKey) -> Bool {
    (lhs.namespace, lhs.name) < (rhs.namespace, rhs.name)
  }

  public var description: String { namespace.isEmpty ? name : "\(namespace)/\(name)" }
}
