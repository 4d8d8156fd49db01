import KubeModel

/// The parsed selectors of the controllers that own pods (ReplicaSets, StatefulSets), for
/// the system default spread constraints: every pod of a workload asks for its owner's
/// selector when it is queued, and parsing it each time cost more than finding the owner.
///
/// Each entry keeps the API selector it was parsed from, and a lookup with another selector
/// parses again, so the answer is always what parsing the selector given would return; no
/// invalidation is needed to be exact. Entries of deleted owners are dropped wholesale once
/// the table passes `limit`.
struct OwnerSelectorCache {
  /// An owner: its kind, namespace and name.
  struct Key: Hashable {
    var kind: String
    var namespace: String
    var name: String
  }

  /// The parsed selector, nil when it does not parse, and the same requirements re-sorted
  /// as `Selector(requirements:)` sorts them (what the default selector is without Services).
  struct Entry {
    var source: LabelSelector
    var parsed: Selector?
    var alone: Selector?
  }

  private var entries: [Key: Entry] = [:]
  /// At most this many owners are kept.
  var limit = 4_096

  /// The owner read last, the change count of its kind's store table then, and its entry
  /// (nil when the owner was missing or had no selector).
  private var last: (key: Key, changes: UInt64, entry: Entry?)?

  /// The entry of the owner `key`, whose kind's store table has moved `changes` times and
  /// whose selector `read` reads from the store; nil when there is none. While no object
  /// of that kind was stored or removed since the last call for the same owner, the owner
  /// and its selector are as they were read then (the pods of one workload are queued one
  /// after another), so neither the store nor the table is looked up.
  mutating func entry(for key: Key, changes: UInt64, read: () -> LabelSelector?) -> Entry? {
    if let last, last.changes == changes, last.key == key { return last.entry }
    let found = read().map { entry(for: key, $0) }
    last = (key, changes, found)
    return found
  }

  /// The entry for `key`'s selector `selector`, parsed at most once while it stays the same.
  mutating func entry(for key: Key, _ selector: LabelSelector) -> Entry {
    if let entry = entries[key], entry.source == selector { return entry }
    let parsed = try? Selector(selector)
    let entry = Entry(source: selector, parsed: parsed, alone: parsed.map { Selector(requirements: $0.requirements) })
    if entries.count >= limit { entries.removeAll() }
    entries[key] = entry
    return entry
  }

  /// How many owners are kept.
  var count: Int { entries.count }
}
