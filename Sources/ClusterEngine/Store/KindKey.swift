/// A kind (an object type) as a dictionary key, hashed by a few multiplications instead of
/// a SipHash round over its identifier.
///
/// The store finds a kind's table, and the cluster the kind's observers, on every write and
/// every change handed out: with `ObjectIdentifier` as the key, hashing it was most of each
/// lookup. The identifier is a type's address, unique and already spread enough once mixed.
struct KindKey: Hashable, Sendable {
  /// The kind's identifier.
  let id: ObjectIdentifier

  /// The key for `type`.
  init(_ type: Any.Type) { id = ObjectIdentifier(type) }

  func hash(into hasher: inout Hasher) { hasher.combine(id) }

  /// What a dictionary asks for on every probe: the address with the table's seed mixed in
  /// (splitmix64's finalizer), as `Prehashed` does with its kept digest.
  func _rawHashValue(seed: Int) -> Int {
    SeededRandom.tableHash(Int(bitPattern: id), seed: seed)
  }
}
