import DequeModule
import KubeModel

/// The cluster's single source of truth (the etcd role): typed tables of objects, one
/// global revision, an ordered log of changes to watch from, and secondary indexes.
///
/// Writers go through `APIServer`; this type does no validation. It is not thread-safe:
/// the engine confines it to one thread at a time.
public final class ObjectStore {
  /// The revision of the latest committed change.
  public private(set) var revision: Int64 = 0
  /// Changes at or below this revision are no longer in the log.
  public private(set) var compactedRevision: Int64 = 0
  /// How many changes the log keeps for watches to resume from.
  public let logCapacity: Int

  private var tables: [KindKey: AnyTable] = [:]
  /// The last `logCapacity` changes, oldest first.
  private var log = Deque<StoreEvent>()
  /// Changes not yet handed to the engine's controllers.
  var undispatched: [StoreEvent] = []

  public init(logCapacity: Int = 100_000) {
    self.logCapacity = logCapacity
  }

  // MARK: Reads

  /// The object of type `T` at `key`.
  public func get<T: KubeObject>(_ type: T.Type, _ key: ObjectKey) -> T? {
    table(T.self).objects[key]
  }

  /// The object of type `T` at an already hashed `key` (a writer that puts it back after
  /// reuses the hash).
  public func get<T: KubeObject>(_ type: T.Type, at key: StoreKey) -> T? {
    table(T.self).objects[key]
  }

  /// The object of type `T` named `name` in `namespace`.
  public func get<T: KubeObject>(_ type: T.Type, namespace: String = "", name: String) -> T? {
    table(T.self).objects[ObjectKey(namespace: namespace, name: name)]
  }

  /// Every object of type `T` (in one namespace when given), sorted by namespace and name.
  public func list<T: KubeObject>(_ type: T.Type, namespace: String? = nil) -> [T] {
    let objects = table(T.self).objects
    let keys = objects.keys.lazy.filter { namespace == nil || $0.namespace == namespace }.sorted()
    return keys.compactMap { objects[$0] }
  }

  /// Every object of type `T`, unsorted (cheaper for large kinds).
  public func all<T: KubeObject>(_ type: T.Type) -> Dictionary<StoreKey, T>.Values {
    table(T.self).objects.values
  }

  /// How many objects of type `T` exist.
  public func count<T: KubeObject>(_ type: T.Type) -> Int {
    table(T.self).objects.count
  }

  // MARK: Indexes

  /// Declares an index: `values` gives the index values of an object (for example its node
  /// name, or one `key=value` per label). Objects already stored are indexed at once.
  ///
  /// `sameValues`, when given, says cheaply that two versions of an object have the same
  /// index values (for example, that their labels are equal), so a write that changes
  /// none of them skips building the values; it must never be true when they differ.
  /// `readsOnly`, when not empty, names the parts the values are read from: a change that
  /// kept all of them (a status write keeps the metadata) skips the index without a call.
  public func addIndex<T: KubeObject>(
    _ type: T.Type, _ name: String, readsOnly: StoreEvent.Kept = [], sameValues: ((T, T) -> Bool)? = nil,
    values: @escaping (T) -> [String]
  ) {
    install(StoreIndex<T>(values: values, sameValues: sameValues, reads: readsOnly), as: name)
  }

  /// Fills `index` with the objects already stored and declares it under `name`.
  private func install<T: KubeObject>(_ index: consuming StoreIndex<T>, as name: String) {
    let table = table(T.self)
    for (key, object) in table.objects { index.insert(key, object) }
    if let position = table.indexPositions[name] {
      table.indexes[position] = index
    } else {
      table.indexPositions[name] = table.indexes.count
      table.indexes.append(index)
    }
  }

  /// `addIndex(_:_:readsOnly:sameValues:values:)` for an index with at most one value per
  /// object (a pod's node, its controller): no array is made per object indexed.
  public func addIndex<T: KubeObject>(
    _ type: T.Type, _ name: String, readsOnly: StoreEvent.Kept = [], sameValues: ((T, T) -> Bool)? = nil,
    value: @escaping (T) -> String?
  ) {
    install(StoreIndex<T>(value: value, sameValues: sameValues, reads: readsOnly), as: name)
  }

  /// Whether an index called `name` is declared for `T`.
  public func hasIndex<T: KubeObject>(_ type: T.Type, _ name: String) -> Bool {
    table(T.self).indexPositions[name] != nil
  }

  /// The keys of objects whose index `name` has `value`, in no particular order.
  public func keys<T: KubeObject>(
    _ type: T.Type, index name: String, value: String
  ) -> Set<ObjectKey> {
    table(T.self).index(name)?.keys[Prehashed(value)] ?? []
  }

  /// The objects whose index `name` has `value`, in no particular order (cheaper than
  /// `objects(_:index:value:)`: no sort, and each lookup reuses the indexed key's hash).
  public func unorderedObjects<T: KubeObject>(_ type: T.Type, index name: String, value: String) -> [T] {
    let table = table(T.self)
    return (table.index(name)?.keys[Prehashed(value)] ?? []).compactMap { table.objects[$0] }
  }

  /// The objects whose index `name` has `value`, sorted by key.
  public func objects<T: KubeObject>(_ type: T.Type, index name: String, value: String) -> [T] {
    let table = table(T.self)
    return (table.index(name)?.keys[Prehashed(value)] ?? []).sorted().compactMap { table.objects[$0] }
  }

  /// How many times an object of kind `T` was stored or removed: it moves whenever one
  /// changes, so a reader can keep what it derived from them until it moves.
  public func changeCount<T: KubeObject>(_ type: T.Type) -> UInt64 {
    table(T.self).changes
  }

  // MARK: Writes

  /// Stores `object` under a new revision and records the change. The caller has already
  /// checked concurrency and validity.
  @discardableResult
  public func put<T: KubeObject>(_ object: T) -> T {
    put(object, at: ObjectKey(namespace: object.metadata.namespace ?? "", name: object.metadata.name ?? ""))
  }

  /// `put(_:)` for a caller that holds the object's key already hashed (the event
  /// recorder keeps it to remove the Event later); `key` must name `object`. The object
  /// is taken, not copied.
  @discardableResult
  public func put<T: KubeObject>(_ object: consuming T, at key: StoreKey) -> T {
    object.metadata.resourceVersion = DecimalDigits.string(revision + 1)
    commitStamped(copy object, at: key)
    return object
  }

  /// `put(_:at:)` for a caller that does not read the stored object back (the event
  /// recorder): the object is taken into the table and the change without the copy
  /// returned.
  public func commit<T: KubeObject>(_ object: consuming T, at key: StoreKey) {
    object.metadata.resourceVersion = DecimalDigits.string(revision + 1)
    commitStamped(object, at: key)
  }

  /// Stores `object`, whose resourceVersion is already the next revision, and records the
  /// change.
  private func commitStamped<T: KubeObject>(_ object: consuming T, at key: StoreKey) {
    revision += 1
    let table = table(T.self)
    table.changes &+= 1
    guard let previous = table.objects.updateValue(copy object, forKey: key) else {
      for position in table.indexes.indices { table.indexes[position].insert(key, object) }
      record(StoreEvent(revision: revision, type: .added, object: object))
      return
    }
    var kept: StoreEvent.Kept = []
    if previous.metadata.sharesFields(with: object.metadata) { kept.insert(.metadata) }
    if let before = exactly(previous, as: Pod.self), let after = exactly(object, as: Pod.self), before.sharesSpec(with: after) {
      kept.insert(.podSpec)
    }
    for position in table.indexes.indices { table.indexes[position].update(key, from: previous, to: object, kept: kept) }
    record(StoreEvent(revision: revision, type: .modified, object: object, kept: kept))
  }

  /// Removes the object at `key` and records its deletion.
  @discardableResult
  public func remove<T: KubeObject>(_ type: T.Type, _ key: ObjectKey) -> T? {
    remove(T.self, at: key)
  }

  /// `remove(_:_:)` with the key already hashed.
  @discardableResult
  public func remove<T: KubeObject>(_ type: T.Type, at key: StoreKey) -> T? {
    let table = table(T.self)
    guard var removed = table.objects.removeValue(forKey: key) else { return nil }
    table.changes &+= 1
    for position in table.indexes.indices { table.indexes[position].remove(key, removed) }
    revision += 1
    removed.metadata.resourceVersion = DecimalDigits.string(revision)
    record(StoreEvent(revision: revision, type: .deleted, object: removed))
    return removed
  }

  // MARK: Watch

  /// Every change after `revision`, in order, optionally of one resource only. Throws when
  /// `revision` is older than what the log keeps.
  public func events(after revision: Int64, resource: ResourceType? = nil) throws(StoreError) -> [StoreEvent] {
    guard revision >= compactedRevision else {
      throw .tooOld(requested: revision, oldest: compactedRevision + 1)
    }
    guard revision < self.revision else { return [] }
    var low = log.startIndex
    var high = log.endIndex
    while low < high {
      let middle = (low + high) / 2
      if log[middle].revision <= revision { low = middle + 1 } else { high = middle }
    }
    let tail = log[low...]
    guard let resource else { return Array(tail) }
    return tail.filter { $0.resource == resource }
  }

  /// Gives back the undispatched buffer's storage once it is empty: after a burst its
  /// capacity (a million changes, tens of megabytes) would otherwise stay resident for good.
  func releaseUndispatchedCapacity() {
    guard undispatched.isEmpty, undispatched.capacity > 4_096 else { return }
    undispatched = []
  }

  private func record(_ event: consuming StoreEvent) {
    log.append(event)
    undispatched.append(consume event)
    // Exactly `logCapacity` changes are kept: the oldest goes as each new one comes.
    while log.count > logCapacity, let oldest = log.popFirst() {
      compactedRevision = oldest.revision
    }
  }

  private func table<T: KubeObject>(_ type: T.Type) -> Table<T> {
    let id = KindKey(T.self)
    // The table under `T`'s identifier is always a `Table<T>`: no checked cast needed.
    if let existing = tables[id] { return unsafeDowncast(existing, to: Table<T>.self) }
    let created = Table<T>()
    tables[id] = created
    return created
  }
}

/// Why a watch could not start.
public enum StoreError: Error, Hashable, Sendable {
  /// The requested revision was compacted away (HTTP 410, reason Expired).
  case tooOld(requested: Int64, oldest: Int64)
}

class AnyTable {}

final class Table<T: KubeObject>: AnyTable {
  var objects: [StoreKey: T] = [:]
  /// How many times an object of the table was stored or removed.
  var changes: UInt64 = 0
  /// The indexes in the order they were declared: a write walks them in place, without
  /// hashing their names.
  var indexes: [StoreIndex<T>] = []
  /// Each index's position in `indexes`, by name.
  var indexPositions: [String: Int] = [:]

  /// The index called `name`.
  func index(_ name: String) -> StoreIndex<T>? {
    indexPositions[name].map { indexes[$0] }
  }
}

struct StoreIndex<T: KubeObject> {
  /// How an object's values are read: most indexes have at most one value per object, and
  /// reading it as such makes no array per write.
  enum Values {
    case many((T) -> [String])
    case one((T) -> String?)
  }

  let values: Values
  /// True when two versions of an object certainly have the same values.
  let sameValues: ((T, T) -> Bool)?
  /// The parts the values are read from (empty: unknown, so any part).
  let reads: StoreEvent.Kept
  /// The keys by value, kept hashed: an insert or removal hashes a word, not two strings,
  /// and a value is hashed once per write, a word at a time (see `Prehashed`).
  var keys: [Prehashed<String>: Set<StoreKey>] = [:]

  init(values: @escaping (T) -> [String], sameValues: ((T, T) -> Bool)?, reads: StoreEvent.Kept) {
    self.values = .many(values)
    self.sameValues = sameValues
    self.reads = reads
  }

  init(value: @escaping (T) -> String?, sameValues: ((T, T) -> Bool)?, reads: StoreEvent.Kept) {
    self.values = .one(value)
    self.sameValues = sameValues
    self.reads = reads
  }

  mutating func insert(_ key: StoreKey, _ object: T) {
    switch values {
    case .many(let values): for value in values(object) { keys[Prehashed(value), default: []].insert(key) }
    case .one(let value): if let value = value(object) { keys[Prehashed(value), default: []].insert(key) }
    }
  }

  mutating func remove(_ key: StoreKey, _ object: T) {
    switch values {
    case .many(let values): for value in values(object) { remove(key, value: value) }
    case .one(let value): if let value = value(object) { remove(key, value: value) }
    }
  }

  /// Moves `key` from the values of `old` to those of `new`, touching only what changed
  /// (most writes, status updates above all, change no indexed value).
  /// A change that kept every part the values are read from (`kept`) changed none of them.
  mutating func update(_ key: StoreKey, from old: T, to new: T, kept: StoreEvent.Kept) {
    if !reads.isEmpty, kept.isSuperset(of: reads) { return }
    if let sameValues, sameValues(old, new) { return }
    switch values {
    case .many(let values):
      let before = values(old)
      let after = values(new)
      if before == after { return }
      for value in before where !after.contains(value) { remove(key, value: value) }
      for value in after where !before.contains(value) { keys[Prehashed(value), default: []].insert(key) }
    case .one(let value):
      let before = value(old)
      let after = value(new)
      if before == after { return }
      if let before { remove(key, value: before) }
      if let after { keys[Prehashed(after), default: []].insert(key) }
    }
  }

  private mutating func remove(_ key: StoreKey, value: String) {
    let value = Prehashed(value)
    guard let index = keys.index(forKey: value) else { return }
    keys.values[index].remove(key)
    if keys.values[index].isEmpty { keys.remove(at: index) }
  }
}
