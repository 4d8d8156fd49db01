/// A value kept behind one shared reference and copied only when a shared copy is
/// mutated (the copy-on-write that `Array` and `Dictionary` give their elements).
///
/// Large structs that are copied far more often than they change — a pod's spec and status
/// are copied into every version the store's watch log keeps, every informer cache and
/// every list — hold their parts in a box so that a copy is one reference, and the
/// versions of an object share whatever part a write did not touch.
public struct CopyOnWriteBox<Value: Hashable & Sendable>: Hashable, @unchecked Sendable {
  // Sendable: the storage is only mutated while uniquely referenced (see `value`), so no
  // two threads ever see the same instance change.
  @usableFromInline
  final class Storage {
    @usableFromInline var value: Value

    @usableFromInline
    init(_ value: consuming Value) { self.value = value }
  }

  @usableFromInline var storage: Storage

  /// Boxes `value`.
  @inlinable
  public init(_ value: consuming Value) { storage = Storage(value) }

  /// The boxed value; mutating it copies the storage first when another box shares it.
  @inlinable
  public var value: Value {
    get { storage.value }
    _modify {
      if !isKnownUniquelyReferenced(&storage) { storage = Storage(storage.value) }
      yield &storage.value
    }
    set {
      if isKnownUniquelyReferenced(&storage) {
        storage.value = newValue
      } else {
        storage = Storage(newValue)
      }
    }
  }

  /// Whether `self` and `other` share one storage (a copy not mutated since).
  @inlinable
  public func sharesStorage(with other: CopyOnWriteBox) -> Bool { storage === other.storage }

  @inlinable
  public static func == (lhs: CopyOnWriteBox, rhs: CopyOnWriteBox) -> Bool {
    lhs.storage === rhs.storage || lhs.storage.value == rhs.storage.value
  }

  @inlinable
  public func hash(into hasher: inout Hasher) { hasher.combine(storage.value) }
}
