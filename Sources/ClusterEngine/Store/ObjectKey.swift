/// Where an object lives: its namespace ("" for cluster-scoped objects) and name.
public struct ObjectKey: Hashable, Comparable, Sendable, CustomStringConvertible {
  public var namespace: String
  public var name: String

  public init(namespace: String = "", name: String) {
    self.namespace = namespace
    self.name = name
  }

  /// Hashed with `WordDigest`, not SipHash: keys of pods, Events and their owners are
  /// looked up several times for each change the components observe, and SipHash fed
  /// byte by byte cost most of each lookup.
  public func hash(into hasher: inout Hasher) { hasher.combine(digest) }

  /// What a dictionary or set asks for on every probe: the digest with the table's seed
  /// mixed in (see `Prehashed._rawHashValue(seed:)`).
  public func _rawHashValue(seed: Int) -> Int {
    SeededRandom.tableHash(digest, seed: seed)
  }

  private var digest: Int {
    var digest = WordDigest()
    digest.combine(namespace)
    digest.combine(name)
    return digest.finalize()
  }

  public static func < (lhs: ObjectKey, rhs: ObjectKey) -> Bool {
    (lhs.namespace, lhs.name) < (rhs.namespace, rhs.name)
  }

  public var description: String { namespace.isEmpty ? name : "\(namespace)/\(name)" }
}
