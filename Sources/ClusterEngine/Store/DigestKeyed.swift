/// A dictionary keyed by strings (UIDs, namespaces) that hashes each key a word at a time
/// (`Prehashed`) rather than with SipHash byte by byte: a controller looks its tables up
/// by the owner's UID on every change of every pod it follows, and SipHash over a 36-byte
/// UID cost about 500 instructions a lookup. Reads and writes as a `[String: Value]` does.
struct DigestKeyed<Value> {
  typealias Storage = [Prehashed<String>: Value]
  private(set) var storage: Storage = [:]

  subscript(key: String) -> Value? {
    get { storage[Prehashed(key)] }
    _modify { yield &storage[Prehashed(key)] }
  }

  /// Where `key` is, for reading or changing its value in place through `values`.
  func index(forKey key: String) -> Storage.Index? { storage.index(forKey: Prehashed(key)) }

  var values: Storage.Values {
    get { storage.values }
    _modify { yield &storage.values }
  }

  @discardableResult
  mutating func removeValue(forKey key: String) -> Value? { storage.removeValue(forKey: Prehashed(key)) }
}
