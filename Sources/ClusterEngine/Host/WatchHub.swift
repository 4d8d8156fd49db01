import KubeModel
import Synchronization

/// Fans the store's change log out to watch streams, each with its own filter and a
/// bounded buffer.
///
/// Lives behind `EmbeddedCluster`'s lock: `publish(_:)` runs after every step and action,
/// hands each subscriber the changes it asked for, and never waits on a subscriber. A
/// subscriber whose buffer is full is dropped with a `Status` (410 Gone) telling the
/// client to list again, instead of being buffered without bound.
final class WatchHub {
  /// How many undelivered events one subscriber may hold before it is dropped.
  let bufferCapacity: Int
  /// Virtual seconds between BOOKMARK events to subscribers that asked for them (the API
  /// server sends one about every minute).
  let bookmarkInterval: Double
  /// The last revision handed to subscribers.
  private(set) var publishedRevision: Int64 = 0
  private var subscribers: [ResourceType: [any WatchSubscriber]] = [:]
  private var nextID = 0
  /// Streams cancelled by their consumers; shared with their termination handlers, which
  /// must not take the cluster's lock.
  let cancellations = WatchCancellations()

  init(bufferCapacity: Int, bookmarkInterval: Double = 60) {
    self.bufferCapacity = max(bufferCapacity, 1)
    self.bookmarkInterval = bookmarkInterval
  }

  /// How many watch streams are open.
  var subscriberCount: Int { subscribers.values.reduce(0) { $0 + $1.count } }

  /// Opens a watch of `T`: replays what the client missed (or the current state as
  /// synthetic ADDED events when `resourceVersion` is unset or "0", as the API server
  /// does), then delivers live changes on each `publish`.
  func subscribe<T: KubeObject>(
    _ type: T.Type, namespace: String?, options: ListOptions, cluster: Cluster
  ) -> AsyncThrowingStream<WatchEvent<T>, any Error> {
    publish(cluster)
    let filter: ObjectFilter
    do {
      filter = try ObjectFilter(T.self, namespace: namespace, labelSelector: options.labelSelector, fieldSelector: options.fieldSelector)
    } catch {
      return Self.failed(error)
    }
    let store = cluster.store
    var initial: [WatchEvent<T>] = []
    var tracked: Set<ObjectKey>?
    switch WatchStart(options.resourceVersion) {
    case .invalid(let text):
      return Self.failed(.badRequest("resourceVersion: Invalid value: \"\(text)\": must be a non-negative integer"))
    case .current:
      let objects = store.list(T.self, namespace: filter.namespace).filter(filter.matches)
      initial = objects.map { WatchEvent(type: .added, object: $0) }
      if filter.canChangeMembership { tracked = Set(objects.map(\.storeKey)) }
    case .after(let revision):
      if revision > store.revision {
        return Self.failed(
          Status(
            message: "Too large resource version: \(revision), current: \(store.revision)", reason: .timeout,
            details: StatusDetails(causes: [StatusCause(reason: "ResourceVersionTooLarge", message: "Too large resource version")]),
            code: 504))
      }
      let missed: [StoreEvent]
      do {
        missed = try store.events(after: revision, resource: T.resource)
      } catch {
        guard case .tooOld(let requested, let oldest) = error else { return Self.failed(.internalError("\(error)")) }
        return Self.failed(.expired("too old resource version: \(requested) (\(oldest - 1))"))
      }
      if filter.canChangeMembership {
        tracked = Set(store.list(T.self, namespace: filter.namespace).filter(filter.matches).map(\.storeKey))
      }
      var replay = MembershipTracker(filter: filter, tracked: tracked)
      for event in missed {
        guard let object = event.object(as: T.self), let type = replay.classify(event.type, object) else { continue }
        initial.append(WatchEvent(type: type, object: object))
      }
      tracked = replay.tracked
    }
    let capacity = bufferCapacity + initial.count
    let (stream, continuation) = AsyncThrowingStream<WatchEvent<T>, any Error>.makeStream(
      bufferingPolicy: .bufferingOldest(capacity))
    for event in initial { continuation.yield(event) }
    let id = nextID
    nextID += 1
    let cancellations = self.cancellations
    continuation.onTermination = { _ in cancellations.cancel(id) }
    let subscriber = Subscription<T>(
      id: id, continuation: continuation, tracker: MembershipTracker(filter: filter, tracked: tracked),
      bookmarks: options.allowBookmarks, startMicros: cluster.clock.micros, capacity: bufferCapacity)
    subscribers[T.resource, default: []].append(subscriber)
    return stream
  }

  /// Delivers every change committed since the last call, and due BOOKMARK events.
  func publish(_ cluster: Cluster) {
    removeCancelled()
    let store = cluster.store
    let from = publishedRevision
    publishedRevision = store.revision
    guard !subscribers.isEmpty else { return }
    var dropped: Set<Int> = []
    if store.revision > from {
      do {
        for event in try store.events(after: from) {
          guard let interested = subscribers[event.resource] else { continue }
          for subscriber in interested where !dropped.contains(subscriber.id) {
            if !subscriber.offer(event) { dropped.insert(subscriber.id) }
          }
        }
      } catch {
        // More changes in one step than the log keeps: every stream must start over.
        let status = Status.expired("too old resource version: \(from) (\(store.compactedRevision))")
        for subscriber in subscribers.values.joined() { subscriber.finish(throwing: status) }
        subscribers.removeAll()
        return
      }
    }
    let now = cluster.clock.micros
    let interval = microseconds(bookmarkInterval)
    for subscriber in subscribers.values.joined() where subscriber.wantsBookmarks && !dropped.contains(subscriber.id) {
      if now - subscriber.lastBookmarkMicros >= interval {
        if !subscriber.bookmark(revision: store.revision, at: now) { dropped.insert(subscriber.id) }
      }
    }
    if !dropped.isEmpty { remove(dropped) }
  }

  /// Ends every stream (the cluster is going away).
  func finishAll() {
    for subscriber in subscribers.values.joined() { subscriber.finish(throwing: nil) }
    subscribers.removeAll()
  }

  private func removeCancelled() {
    let cancelled = cancellations.take()
    if !cancelled.isEmpty { remove(cancelled) }
  }

  private func remove(_ ids: Set<Int>) {
    for (resource, list) in subscribers {
      let kept = list.filter { !ids.contains($0.id) }
      subscribers[resource] = kept.isEmpty ? nil : kept
    }
  }

  private static func failed<T>(_ status: Status) -> AsyncThrowingStream<T, any Error> {
    AsyncThrowingStream { $0.finish(throwing: status) }
  }
}

/// Where a watch starts, from its `resourceVersion` parameter.
enum WatchStart {
  /// Unset or "0": the current state as ADDED events, then changes.
  case current
  /// Every change after this revision.
  case after(Int64)
  case invalid(String)

  init(_ text: String?) {
    guard let text, !text.isEmpty, text != "0" else {
      self = .current
      return
    }
    guard let revision = Int64(text), revision >= 0 else {
      self = .invalid(text)
      return
    }
    self = .after(revision)
  }
}

/// IDs of streams whose consumers went away, shared with their termination handlers.
final class WatchCancellations: Sendable {
  private let ids = Mutex<Set<Int>>([])

  func cancel(_ id: Int) { ids.withLock { _ = $0.insert(id) } }

  func take() -> Set<Int> {
    ids.withLock { ids in
      let taken = ids
      ids.removeAll()
      return taken
    }
  }
}
