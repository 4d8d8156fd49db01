import KubeModel

/// The scheduler's queue (upstream's `PriorityQueue`): activeQ ordered by priority, then by
/// when the pod entered the queue; backoffQ of pods waiting out their backoff
/// (podInitialBackoffSeconds 1, doubling per attempt, podMaxBackoffSeconds 10); and the
/// unschedulable pods, moved back when the cluster changes in a way that may help them, or
/// after podMaxInUnschedulablePodsDuration (5 min) at the latest.
struct SchedulingQueue {
  enum Place { case active, backoff, unschedulable }

  /// What a queued pod is scheduled from, boxed so that an entry stays small: the queue's
  /// table is sized for its largest burst (every pod of a large rollout at once), and its
  /// empty slots then cost only an entry, not a pod.
  final class QueuedPod: Sendable {
    /// The pod compiled for scheduling when it entered the queue (or was last updated).
    let info: PodInfo
    /// The pod as last seen, resourceVersion cleared: an update equal to it but for its
    /// status does not requeue the pod, and VolumeBinding reads its volumes.
    let object: Pod

    init(info: consuming PodInfo, object: Pod) {
      self.info = info
      self.object = object
    }
  }

  struct Entry {
    var pod: QueuedPod
    /// Scheduling attempts so far (32 bits, next to `place`: the entry stays 56 bytes).
    var attempts: Int32 = 0
    var place: Place
    /// Virtual microseconds when the pod (re-)entered the queue: activeQ's FIFO order.
    var timestamp: Int64
    var sequence: UInt64
    var backoffExpiry: Int64 = 0
    var unschedulableSince: Int64 = 0
    /// Plugins that rejected the pod on its last attempt.
    var rejectors: Set<PluginName> = []

    /// The pod compiled for scheduling.
    var info: PodInfo { pod.info }
  }

  static let initialBackoff: Int64 = 1_000_000
  static let maxBackoff: Int64 = 10_000_000
  static let maxInUnschedulable: Int64 = 300_000_000

  private(set) var entries: [ObjectKey: Entry] = [:]
  /// Pods moved since the owner last looked: its wake-up timer may need to come earlier.
  var movedSinceWake = false
  private var active = Heap()
  private var backoff = Heap()
  private var nextSequence: UInt64 = 0

  /// Whether activeQ holds a pod.
  mutating func hasActivePods() -> Bool {
    active.peek(valid: isValid(.active)) != nil
  }

  var count: Int { entries.count }

  func contains(_ key: ObjectKey) -> Bool { entries[key] != nil }

  /// Adds a new pod to activeQ, or refreshes a queued pod's spec (an update requeues it).
  /// `object` is the pod `info` was compiled from, as `QueuedPod.object` keeps it.
  mutating func add(_ info: consuming PodInfo, object: Pod, now: Int64) {
    let key = info.key
    let priority = info.priority
    // `info` is taken, not copied, into its box.
    let pod = QueuedPod(info: info, object: object)
    if let index = entries.index(forKey: key) {
      entries.values[index].pod = pod
      if entries.values[index].place == .unschedulable { move(key, now: now) }
      return
    }
    nextSequence += 1
    entries[key] = Entry(pod: pod, place: .active, timestamp: now, sequence: nextSequence)
    active.push(HeapItem(key: key, sequence: nextSequence, first: -Int64(priority), second: now))
  }

  /// Gives back what a burst grew once the queue is empty: a dictionary keeps the capacity of
  /// its largest size (every pod of a large rollout at once) however few entries remain.
  mutating func releaseStorageIfEmpty() {
    guard entries.isEmpty, entries.capacity > 1_024 else { return }
    entries = [:]
    // Without entries every heap item is stale.
    active = Heap()
    backoff = Heap()
  }

  /// Removes a pod (bound or deleted).
  @discardableResult
  mutating func remove(_ key: ObjectKey) -> Entry? {
    entries.removeValue(forKey: key)
  }

  /// The next pod to schedule: highest priority, then the earliest to enter the queue.
  mutating func pop() -> Entry? {
    while let item = active.pop() {
      // One lookup: the entry is checked and counted in place through its index.
      guard let index = entries.index(forKey: item.key), entries.values[index].place == .active,
        entries.values[index].sequence == item.sequence
      else { continue }
      entries.values[index].attempts += 1
      return entries.values[index]
    }
    return nil
  }

  /// Parks a pod that did not fit among the unschedulable pods.
  mutating func markUnschedulable(_ key: ObjectKey, rejectors: Set<PluginName>, now: Int64) {
    guard var entry = entries[key] else { return }
    entry.place = .unschedulable
    entry.rejectors = rejectors
    entry.unschedulableSince = now
    entry.timestamp = now
    entry.backoffExpiry = now + Self.backoffDuration(attempts: Int(entry.attempts))
    entries[key] = entry
  }

  /// Sends a pod whose attempt failed for another reason (a binding error) to backoffQ.
  mutating func backOff(_ key: ObjectKey, now: Int64) {
    guard var entry = entries[key] else { return }
    entry.backoffExpiry = now + Self.backoffDuration(attempts: Int(entry.attempts))
    entries[key] = entry
    toBackoff(key)
  }

  /// The backoff after `attempts` attempts: 1 s doubling, at most 10 s.
  static func backoffDuration(attempts: Int) -> Int64 {
    var duration = initialBackoff
    var attempt = 1
    while attempt < attempts {
      duration *= 2
      if duration > maxBackoff { return maxBackoff }
      attempt += 1
    }
    return duration
  }

  /// Moves unschedulable pods that a cluster event may help (rejected by one of `plugins`,
  /// or every one when nil) to backoffQ or activeQ.
  mutating func moveUnschedulable(helping plugins: Set<PluginName>?, now: Int64) {
    let keys = entries.compactMap { key, entry -> ObjectKey? in
      guard entry.place == .unschedulable else { return nil }
      if let plugins, entry.rejectors.isDisjoint(with: plugins) { return nil }
      return key
    }
    for key in keys.sorted() { move(key, now: now) }
  }

  /// Moves pods whose backoff is over to activeQ, and pods unschedulable for 5 min onwards.
  mutating func flush(now: Int64) {
    while let item = backoff.peek(valid: isValid(.backoff)), item.first <= now {
      _ = backoff.pop()
      toActive(item.key, now: now)
    }
    let stale = entries.compactMap { key, entry -> ObjectKey? in
      entry.place == .unschedulable && now - entry.unschedulableSince >= Self.maxInUnschedulable ? key : nil
    }
    for key in stale.sorted() { move(key, now: now) }
  }

  /// When `flush` next has work: the earliest backoff expiry or unschedulable timeout.
  mutating func nextWake() -> Int64? {
    var earliest = backoff.peek(valid: isValid(.backoff))?.first
    for entry in entries.values where entry.place == .unschedulable {
      let due = entry.unschedulableSince + Self.maxInUnschedulable
      earliest = min(earliest ?? due, due)
    }
    return earliest
  }

  private mutating func move(_ key: ObjectKey, now: Int64) {
    guard let entry = entries[key] else { return }
    movedSinceWake = true
    if entry.backoffExpiry > now { toBackoff(key) } else { toActive(key, now: now) }
  }

  private mutating func toActive(_ key: ObjectKey, now: Int64) {
    guard var entry = entries[key] else { return }
    nextSequence += 1
    entry.place = .active
    entry.sequence = nextSequence
    entry.timestamp = now
    entries[key] = entry
    active.push(HeapItem(key: key, sequence: nextSequence, first: -Int64(entry.info.priority), second: now))
  }

  private mutating func toBackoff(_ key: ObjectKey) {
    guard var entry = entries[key] else { return }
    nextSequence += 1
    entry.place = .backoff
    entry.sequence = nextSequence
    entries[key] = entry
    backoff.push(HeapItem(key: key, sequence: nextSequence, first: entry.backoffExpiry, second: 0))
  }

  private func isValid(_ place: Place) -> (HeapItem) -> Bool {
    let entries = self.entries
    return { item in
      guard let entry = entries[item.key] else { return false }
      return entry.place == place && entry.sequence == item.sequence
    }
  }
}

/// An entry of a queue heap: ordered by (first, second, sequence); stale entries are skipped lazily.
struct HeapItem {
  var key: ObjectKey
  var sequence: UInt64
  var first: Int64
  var second: Int64
}

/// A binary min-heap of `HeapItem`s.
///
/// The heap holds plain values (the order's fields and a slot); the items' keys wait in a
/// slot table beside it, as `TimerQueue` keeps its actions. Sifting then copies no key: a
/// comparison of two items holding their keys retained and released both keys' strings,
/// a few hundred instructions per level of the heap.
struct Heap {
  private struct Node {
    var first: Int64
    var second: Int64
    var sequence: UInt64
    var slot: Int32
  }

  private var nodes: [Node] = []
  private var keys: [ObjectKey?] = []
  /// Slots of `keys` that are free to reuse.
  private var freeSlots: [Int32] = []

  mutating func push(_ item: HeapItem) {
    let slot: Int32
    if let free = freeSlots.popLast() {
      slot = free
      keys[Int(free)] = item.key
    } else {
      slot = Int32(keys.count)
      keys.append(item.key)
    }
    nodes.append(Node(first: item.first, second: item.second, sequence: item.sequence, slot: slot))
    var child = nodes.count - 1
    while child > 0 {
      let parent = (child - 1) / 2
      guard precedes(child, parent) else { break }
      nodes.swapAt(child, parent)
      child = parent
    }
  }

  mutating func pop() -> HeapItem? {
    guard let first = nodes.first else { return nil }
    let last = nodes.removeLast()
    if !nodes.isEmpty {
      nodes[0] = last
      var parent = 0
      while true {
        let left = 2 * parent + 1
        let right = left + 1
        var smallest = parent
        if left < nodes.count, precedes(left, smallest) { smallest = left }
        if right < nodes.count, precedes(right, smallest) { smallest = right }
        if smallest == parent { break }
        nodes.swapAt(parent, smallest)
        parent = smallest
      }
    }
    let item = self.item(first)
    keys[Int(first.slot)] = nil
    freeSlots.append(first.slot)
    return item
  }

  /// The item a node stands for, with its key from the slot table.
  private func item(_ node: Node) -> HeapItem {
    HeapItem(key: keys[Int(node.slot)] ?? ObjectKey(name: ""), sequence: node.sequence, first: node.first, second: node.second)
  }

  /// Whether the node at `a` comes before the one at `b`: by (first, second, sequence).
  private func precedes(_ a: Int, _ b: Int) -> Bool {
    (nodes[a].first, nodes[a].second, nodes[a].sequence) < (nodes[b].first, nodes[b].second, nodes[b].sequence)
  }

  /// The item on top, without removing it.
  private var top: HeapItem? { nodes.first.map(item) }

  /// The first valid item, dropping stale ones on the way.
  mutating func peek(valid: (HeapItem) -> Bool) -> HeapItem? {
    while let first = top {
      if valid(first) { return first }
      _ = pop()
    }
    return nil
  }
}
