import KubeModel

/// The cached objects of one kind, keyed by `namespace/name`, with a generation that
/// changes whenever the contents do (views rebuild their rows only then).
public struct ObjectStore<Object: KubeObject> {
  /// Objects by key.
  public private(set) var objects: [String: CachedObject<Object>] = [:]
  /// Bumped on every change.
  public private(set) var generation = 0
  /// Whether the initial list has arrived.
  public private(set) var isSynced = false

  /// Creates an empty store.
  public init() {}

  /// Number of objects.
  public var count: Int { objects.count }

  /// The object with a key, if cached.
  public subscript(key: String) -> Object? { objects[key]?.object }

  /// Every object, in no particular order.
  public var all: [Object] { objects.values.map(\.object) }

  /// Replaces the contents with a fresh list; returns the previous objects.
  @discardableResult
  public mutating func replace(with items: [Object], tick: Int) -> [String: CachedObject<Object>] {
    let previous = objects
    // Objects of the first list are not "new": only later arrivals are tinted.
    let stamp = isSynced ? tick : -10
    var next: [String: CachedObject<Object>] = [:]
    next.reserveCapacity(items.count)
    for item in items {
      let key = item.qualifiedName
      if let old = previous[key], old.object == item {
        next[key] = old
      } else {
        next[key] = CachedObject(item, addedTick: previous[key]?.addedTick ?? stamp, changedTick: stamp)
      }
    }
    objects = next
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
      objects[key] = CachedObject(object, addedTick: old?.addedTick ?? tick, changedTick: tick)
    case .deleted:
      objects[key] = nil
    case .bookmark, .error:
      return nil
    }
    generation += 1
    return old?.object
  }
}
