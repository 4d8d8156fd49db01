import KubeModel

/// The cached objects of one kind, keyed by `namespace/name`, with a generation that
/// changes whenever the contents do (views rebuild their rows only then).
///
/// Each object also holds a slot: a small integer, stable while the object stays cached,
/// that indexes `bySlot`. Indexes and views keep slots (integer row ids) rather than keys.
public struct ObjectStore<Object: KubeObject> {
  /// Objects by key.
  public private(set) var objects: [String: CachedObject<Object>] = [:]
  /// Objects by slot; nil where a slot is free.
  public private(set) var bySlot: [CachedObject<Object>?] = []
  /// Bumped on every change.
  public private(set) var generation = 0
  /// Whether the initial list has arrived.
  public private(set) var isSynced = false
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

  /// Replaces the contents with a fresh list; returns the previous objects.
  @discardableResult
  public mutating func replace(with items: [Object], tick: Int) -> [String: CachedObject<Object>] {
    let previous = objects
    // Objects of the first list are not "new": only later arrivals are tinted.
    let stamp = isSynced ? tick : -10
    var next: [String: CachedObject<Object>] = [:]
    next.reserveCapacity(items.count)
    var slots: [CachedObject<Object>?] = []
    slots.reserveCapacity(items.count)
    // Indexing borrows each element; a for-in loop would copy every object once more.
    for index in items.indices {
      let item = items[index]
      let key = item.qualifiedName
      let old = previous.isEmpty ? nil : previous[key]
      let entry: CachedObject<Object>
      if let old, old.object == item {
        entry = CachedObject(item, key: key, addedTick: old.addedTick, changedTick: old.changedTick, slot: slots.count)
      } else {
        entry = CachedObject(item, key: key, addedTick: old?.addedTick ?? stamp, changedTick: stamp, slot: slots.count)
      }
      // A repeated key keeps the later object, as a dictionary assignment would.
      if let earlier = next.updateValue(entry, forKey: key) {
        slots[earlier.slot] = CachedObject(item, key: key, addedTick: entry.addedTick, changedTick: entry.changedTick, slot: earlier.slot)
        next[key] = slots[earlier.slot]
      } else {
        slots.append(entry)
      }
    }
    objects = next
    bySlot = slots
    freeSlots = []
    generation += 1
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
      let slot = old?.slot ?? takeSlot()
      let entry = CachedObject(object, key: key, addedTick: old?.addedTick ?? tick, changedTick: tick, slot: slot)
      objects[key] = entry
      bySlot[slot] = entry
    case .deleted:
      guard let old else { break }
      objects[key] = nil
      bySlot[old.slot] = nil
      freeSlots.append(old.slot)
    case .bookmark, .error:
      return nil
    }
    generation += 1
    return old?.object
  }

  private mutating func takeSlot() -> Int {
    if let slot = freeSlots.popLast() { return slot }
    bySlot.append(nil)
    return bySlot.count - 1
  }
}
