import KubeModel

/// The condition lists the kubelet built, by what it built each from: the stored list, the
/// owned conditions' values and the time.
///
/// Pods that start together hold one interned list and take each step in the same virtual
/// second, so the list one pod's status write builds, the next pod's would build again:
/// four conditions made, compared, hashed and looked up in the intern table. Bounded like
/// the intern table: past `limit` entries it starts over.
struct ConditionTransitionMemo {
  /// What a list is built from. The stored list is keyed by its shape and compared in full
  /// (at once when it is the same storage): a pod's first list comes from the scheduler,
  /// made for each pod, yet equal for pods bound in the same second.
  struct Key: Hashable {
    let stored: ConditionList
    let owned: OwnedConditions
    /// The message of a False `Initialized`, nil when it is True.
    let incomplete: String?
    let now: Time
    /// The time of a PodScheduled condition the build would add.
    let startTime: Time?

    static func == (a: Key, b: Key) -> Bool {
      a.now == b.now && a.owned == b.owned && a.incomplete == b.incomplete && a.startTime == b.startTime
        && a.stored == b.stored
    }

    /// The messages by their lengths only, as the stored list is hashed by its shape:
    /// hashing the unready message's text cost more than the rest of the key, and `==`
    /// compares it in full.
    func hash(into hasher: inout Hasher) {
      hasher.combine(digest)
    }

    /// What the table asks for on each lookup: a word digest of the fields above with the
    /// table's seed mixed in, not a SipHash pass over them.
    func _rawHashValue(seed: Int) -> Int {
      SeededRandom.tableHash(digest, seed: seed)
    }

    private var digest: Int {
      var words = WordDigest()
      words.combine(stored.digest)
      words.combine(Int(now.seconds))
      words.combine((owned.sandboxReady ? 1 : 0) | (owned.initialized ? 2 : 0) | (owned.terminal ? 4 : 0))
      words.combine(owned.unready?.utf8.count ?? -1)
      words.combine(incomplete?.utf8.count ?? -1)
      words.combine(Int(startTime?.seconds ?? -1))
      return words.finalize()
    }
  }

  private var lists: [Key: [PodCondition]] = [:]
  let limit: Int

  init(limit: Int = 4_096) {
    self.limit = limit
  }

  /// How many lists are remembered now.
  var count: Int { lists.count }

  /// The list built from `key`, or the one `build` makes, then remembered.
  mutating func list(for key: Key, _ build: () -> [PodCondition]) -> [PodCondition] {
    if let list = lists[key] { return list }
    let list = build()
    if lists.count >= limit { lists.removeAll(keepingCapacity: true) }
    lists[key] = list
    return list
  }
}
