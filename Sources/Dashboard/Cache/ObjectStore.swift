import KubeModel

/// The cached objects of one kind, keyed by `namespace/name`, with a generation that
/// changes whenever the contents do (views rebuild their rows only then).
///
/// Each object also holds a slot: a small integer, stable while the object stays cached,
/// that indexes `bySlot`. Indexes and views keep slots (integer row ids) rather than keys.
public struct ObjectStore<Object: KubeObject>: Sendable {
  /// Objects by key.
  public private(set) var objects: [String: CachedObject<Object>] = [:]
  /// Objects by slot; nil where a slot is free.
  public private(set) var bySlot: [CachedObject<Object>?] = []
  /// Bumped on every change.
  public private(set) var generation = 0
  /// Bumped when the set of keys or their slots change (an object added, deleted, or a new
  /// list), not when an object is modified in its slot: a view's order by key then stands.
  public private(set) var membership = 0
  /// Whether the initial list has arrived.
  public private(set) var isSynced = false
  /// The slots modified in place since generation `modifiedSince`, one per generation
  /// (the change at generation `modifiedSince + i + 1` is `modifiedSlots[i]`). A change of
  /// membership starts it afresh, and so does a log grown past a quarter of the objects,
  /// when reading every entry again costs about as much. A view that read the entries at
  /// a generation it covers re-reads only these slots.
  public private(set) var modifiedSlots: [Int] = []
  public private(set) var modifiedSince = 0
  private var freeSlots: [Int] = []

  /// Creates an empty store.
  public init() {}

  /// Number of objects.
  public var count: Int { objects.count }

  /// The object with a key, if cached.
  public subscript(key: String) -> Object? { objects[key]?.object }

  /// Every object, in no particular order.
  public var all: [Object] { objects.values.map(\.object) }

  /// Every cached entry, in slot order.
  public var entries: [CachedObject<Object>] { bySlot.compactMap { $0 } }

  /// Replaces the contents with a fresh list; returns the previous objects. The entry of
  /// `items[i]` gets slot `i` unless a key repeats (the later object then keeps the earlier
  /// slot), and refers to the list's array rather than copying the object.
  @discardableResult
  public mutating func replace(with items: [Object], tick: Int) -> [String: CachedObject<Object>] {
    let previous = objects
    // Objects of the first list are not "new": only later arrivals are tinted.
    let stamp = isSynced ? tick : -10
    let list = ListedObjects(items)
    var next: [String: CachedObject<Object>] = [:]
    next.reserveCapacity(items.count)
    var slots: [CachedObject<Object>?] = []
    slots.reserveCapacity(items.count)
    // Elements are read through the buffer, which borrows them; `items[i]` would copy each.
    items.withUnsafeBufferPointer { buffer in
      for index in buffer.indices {
        // The key from the metadata read in place: `qualifiedName` is not specialized and
        // would copy the whole object to compute it.
        let namespace = buffer[index].metadata.namespace ?? ""
        let name = buffer[index].metadata.name ?? ""
        let key = namespace.isEmpty ? name : namespace + "/" + name
        let old = previous.isEmpty ? nil : previous[key]
        let unchanged = old.map { $0.object == buffer[index] } ?? false
        let added = old?.addedTick ?? stamp
        let changed = unchanged ? (old?.changedTick ?? stamp) : stamp
        func entry(slot: Int) -> CachedObject<Object> {
          CachedObject(
            listed: list, index: index, object: buffer[index], key: key, addedTick: added, changedTick: changed, slot: slot)
        }
        // A repeated key keeps the later object, as a dictionary assignment would.
        let fresh = entry(slot: slots.count)
        if let earlier = next.updateValue(fresh, forKey: key) {
          let moved = entry(slot: earlier.slot)
          slots[earlier.slot] = moved
          next[key] = moved
        } else {
          slots.append(fresh)
        }
      }
    }
    objects = next
    bySlot = slots
    freeSlots = []
    generation += 1
    membership += 1
    restartModifiedLog()
    isSynced = true
    return previous
  }

  /// Applies one watch event; returns the object it replaced or removed.
  @discardableResult
  public mutating func apply(_ type: WatchEventType, _ object: Object, tick: Int) -> Object? {
    let key = object.qualifiedName
    let old = objects[key]
    switch type {
    case .added, .modified:
      if old == nil { membership += 1 }
      let slot = old?.slot ?? takeSlot()
      let entry = CachedObject(object, key: key, addedTick: old?.addedTick ?? tick, changedTick: tick, slot: slot)
      objects[key] = entry
      bySlot[slot] = entry
    case .deleted:
      guard let old else { break }
      objects[key] = nil
      bySlot[old.slot] = nil
      freeSlots.append(old.slot)
      membership += 1
    case .bookmark, .error:
      return nil
    }
    generation += 1
    if let old, type != .deleted {
      if modifiedSlots.count >= max(1_024, objects.count / 4) {
        restartModifiedLog()
      } else {
        modifiedSlots.append(old.slot)
      }
    } else {
      restartModifiedLog()
    }
    return old?.object
  }

  /// The entries of the slots modified after `generation`, when the log covers it (nil
  /// when it does not: the set of objects changed since, or too many of them did).
  public func modifiedEntries(after generation: Int) -> [CachedObject<Object>]? {
    guard generation >= modifiedSince, generation <= self.generation else { return nil }
    return modifiedSlots[(generation - modifiedSince)...].compactMap { bySlot[$0] }
  }

  private mutating func restartModifiedLog() {
    modifiedSlots.removeAll(keepingCapacity: modifiedSlots.count <= 4_096)
    modifiedSince = generation
  }

  private mutating func takeSlot() -> Int {
    if let slot = freeSlots.popLast() { return slot }
    bySlot.append(nil)
    return bySlot.count - 1
  }
}
