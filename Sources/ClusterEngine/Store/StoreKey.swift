/// An `ObjectKey` as the key of a store table: hashed once, when made, and compared by
/// that hash before its strings.
///
/// A table rehashes its keys as it grows, and each removal rehashes the entries after the
/// freed slot (the Event table loses one for every Event past the limit): with the hash
/// kept beside the key, none of that reads the names again. A lookup hashes the key once,
/// as before, and a probe that meets another key mostly settles it on the hash.
public struct StoreKey: Hashable, Sendable {
  /// The object's namespace and name.
  public let key: ObjectKey
  private let digest: Int

  /// The table key for `key`.
  public init(_ key: ObjectKey) {
    self.key = key
    digest = key.hashValue
  }

  public static func == (a: StoreKey, b: StoreKey) -> Bool { a.digest == b.digest && a.key == b.key }

  public func hash(into hasher: inout Hasher) { hasher.combine(digest) }
}
