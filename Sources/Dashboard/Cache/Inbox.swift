import Foundation

/// A thread-safe queue of updates that background tasks post and the UI thread applies.
///
/// Every result from the cluster (watch events, metrics, command outcomes, log lines)
/// arrives as a closure over the UI's model; the UI drains the inbox once per tick, so a key
/// press never waits on the cluster and the model is only ever touched on the UI thread.
public final class Inbox<Target>: @unchecked Sendable {
  /// One update, applied on the UI thread.
  public typealias Update = @Sendable (Target) -> Void

  private let lock = NSLock()
  private var pending: [Update] = []

  /// Creates an empty inbox.
  public init() {}

  /// Queues an update (any thread).
  public func post(_ update: @escaping Update) {
    lock.lock()
    pending.append(update)
    lock.unlock()
  }

  /// Takes every queued update, oldest first (UI thread).
  public func drain() -> [Update] {
    lock.lock()
    defer { lock.unlock() }
    let taken = pending
    pending = []
    return taken
  }

  /// Whether updates are waiting.
  public var isEmpty: Bool {
    lock.lock()
    defer { lock.unlock() }
    return pending.isEmpty
  }
}
