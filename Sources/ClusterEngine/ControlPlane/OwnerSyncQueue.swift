import KubeModel

/// The work queue of a controller: keys of objects to sync, handed out sorted so runs are
/// deterministic, and the owners' keys by UID so a change to an owned object (a Job's
/// pod, a CronJob's job) queues its owner.
struct OwnerSyncQueue {
  private var pending: Set<ObjectKey> = []
  private var keyByUID: [String: ObjectKey] = [:]

  var isEmpty: Bool { pending.isEmpty }

  /// Whether any owner is known: until one is, no owned object can queue anything.
  var hasOwners: Bool { !keyByUID.isEmpty }

  mutating func insert(_ key: ObjectKey) { pending.insert(key) }

  mutating func remove(_ key: ObjectKey) { pending.remove(key) }

  /// Notes a change of an owner: queued, or forgotten when deleted.
  mutating func noteOwner(_ object: some KubeObject, deleted: Bool) {
    guard let uid = object.metadata.uid else { return }
    if deleted {
      keyByUID[uid] = nil
      pending.remove(ObjectKey(of: object))
    } else {
      keyByUID[uid] = ObjectKey(of: object)
      pending.insert(ObjectKey(of: object))
    }
  }

  /// Queues the owner of `object` when its controller is a known object of `kind`.
  mutating func noteOwned(_ object: some KubeObject, kind: String) {
    guard let owner = object.metadata.controllerRef, owner.kind == kind, let key = keyByUID[owner.uid] else { return }
    pending.insert(key)
  }

  /// Every queued key, sorted; the queue is left empty.
  mutating func drain() -> [ObjectKey] {
    let keys = pending.sorted()
    pending.removeAll(keepingCapacity: true)
    return keys
  }
}
