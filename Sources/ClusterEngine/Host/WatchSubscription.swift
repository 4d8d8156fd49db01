import KubeModel

/// One open watch stream, as the hub sees it: it takes changes and reports whether it
/// still wants more.
protocol WatchSubscriber: AnyObject {
  var id: Int { get }
  var wantsBookmarks: Bool { get }
  var lastBookmarkMicros: Int64 { get }
  /// Offers a change; false when the stream is gone or was dropped for falling behind.
  func offer(_ event: StoreEvent) -> Bool
  /// Sends a BOOKMARK at `revision`; false when the stream is gone.
  func bookmark(revision: Int64, at micros: Int64) -> Bool
  /// Ends the stream, with an error or cleanly.
  func finish(throwing status: Status?)
}

/// A watch of objects of type `T`, feeding an `AsyncThrowingStream` with a bounded buffer.
final class Subscription<T: KubeObject>: WatchSubscriber {
  let id: Int
  let wantsBookmarks: Bool
  private(set) var lastBookmarkMicros: Int64
  private let continuation: AsyncThrowingStream<WatchEvent<T>, any Error>.Continuation
  private var tracker: MembershipTracker
  private let capacity: Int
  private lazy var bookmarkTemplate: T? = T.blank()

  init(
    id: Int, continuation: AsyncThrowingStream<WatchEvent<T>, any Error>.Continuation, tracker: MembershipTracker,
    bookmarks: Bool, startMicros: Int64, capacity: Int
  ) {
    self.id = id
    self.continuation = continuation
    self.tracker = tracker
    self.wantsBookmarks = bookmarks
    self.lastBookmarkMicros = startMicros
    self.capacity = capacity
  }

  func offer(_ event: StoreEvent) -> Bool {
    guard let object = event.object(as: T.self), let type = tracker.classify(event.type, object) else { return true }
    return send(WatchEvent(type: type, object: object))
  }

  func bookmark(revision: Int64, at micros: Int64) -> Bool {
    lastBookmarkMicros = micros
    guard var object = bookmarkTemplate else { return true }
    object.metadata.resourceVersion = String(revision)
    return send(WatchEvent(type: .bookmark, object: object))
  }

  func finish(throwing status: Status?) {
    if let status { continuation.finish(throwing: status) } else { continuation.finish() }
  }

  private func send(_ event: WatchEvent<T>) -> Bool {
    switch continuation.yield(event) {
    case .enqueued:
      return true
    case .dropped:
      continuation.finish(
        throwing: Status(
          message: "watch of \(T.resource.groupResource) closed: the client fell \(capacity) events behind "
            + "and was dropped; list again and watch from the new resourceVersion",
          reason: .gone, code: 410))
      return false
    case .terminated:
      return false
    @unknown default:
      return false
    }
  }
}

/// Decides which event a filtered watcher sees, as the API server's watch cache does:
/// an object that starts matching the selector arrives as ADDED, one that stops matching
/// leaves as DELETED.
struct MembershipTracker {
  let filter: ObjectFilter
  /// The keys the watcher currently sees; nil when membership cannot change (no label or
  /// field selector), so nothing needs tracking.
  private(set) var tracked: Set<ObjectKey>?

  init(filter: ObjectFilter, tracked: Set<ObjectKey>?) {
    self.filter = filter
    self.tracked = filter.canChangeMembership ? (tracked ?? []) : nil
  }

  /// The event type to deliver for a change of `object`, or nil to skip it.
  mutating func classify<T: KubeObject>(_ type: WatchEventType, _ object: T) -> WatchEventType? {
    guard filter.inNamespace(object) else { return nil }
    let matches = filter.matches(object)
    guard var keys = tracked else { return matches ? type : nil }
    let key = object.storeKey
    let was = keys.contains(key)
    defer { tracked = keys }
    if type == .deleted {
      guard was || matches else { return nil }
      keys.remove(key)
      return .deleted
    }
    if matches {
      keys.insert(key)
      return was ? .modified : .added
    }
    guard was else { return nil }
    keys.remove(key)
    return .deleted
  }
}
