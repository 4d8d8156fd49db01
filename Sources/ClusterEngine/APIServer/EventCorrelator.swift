/// What one recording source (a component, on one host) decides before it writes an Event,
/// as client-go's event correlator does for every component that records through the
/// core/v1 Event API (the controllers and the kubelets, not the scheduler):
///
/// - Aggregation: once ten different messages have come within ten minutes for the same
///   object, type and reason, further ones go into one Event whose message reads
///   `(combined from similar events): <latest message>`, counted up as they come.
/// - Spam filter: a source may write 25 Events about an object with one type and reason in
///   a burst, then one every five minutes (a token bucket). A dropped occurrence of an
///   Event that exists still counts: the next write carries the total.
///
/// Upstream keys the spam filter by source, object, type and reason, and aggregation by
/// those plus the reporting controller and instance; in the engine a component's reporting
/// controller and instance are its name and host, so one record per key serves both.
/// Upstream keeps 4,096 records per source in an LRU cache; here the records of a source
/// live in two generations of that size: when the newer fills, the older is dropped and the
/// newer takes its place (a record read from the older moves to the newer). Deterministic,
/// and bounded the same way.
///
/// The engine runs it for the control plane's controllers only. The kubelets' correlators
/// hold records for every pod (its Pulled, Created and Started): at 5,000 nodes and
/// 150,000 pods they added about 80 MiB and an eighth of the CPU time to bringing the
/// cluster up, for a difference rarely seen: a kubelet's repeats (a crash loop's BackOff)
/// are still counted on one Event, only never held back.
struct EventCorrelator {
  static let spamBurst = 25.0
  /// Tokens per virtual microsecond: one every 300 seconds.
  static let spamRefill = 1.0 / 300_000_000
  static let aggregateMessages = 10
  static let aggregateWindow: Int64 = 600_000_000
  static let capacity = 4_096
  static let aggregatePrefix = "(combined from similar events): "

  /// What a source remembers of one object's events of one type and reason (32 bytes).
  struct Similar {
    /// When the last occurrence came (the aggregation window and the bucket's refill both
    /// start there).
    var seenAt: Int64
    var messages: MessageSet
    var tokens = Float(EventCorrelator.spamBurst)
  }

  /// The digests of up to ten different messages, oldest first; the first one inline, so
  /// that the usual record (one message) holds no array. Digest 0 stands for none.
  struct MessageSet {
    var first: Int
    var rest: [Int] = []

    var count: Int { first == 0 ? 0 : 1 + rest.count }

    mutating func insert(_ message: Int) {
      guard first != 0 else {
        first = message
        return
      }
      if first == message || rest.contains(message) { return }
      rest.append(message)
    }

    mutating func removeOldest() {
      first = rest.isEmpty ? 0 : rest.removeFirst()
    }
  }

  /// What becomes of one occurrence.
  struct Verdict: Equatable {
    /// It goes into the aggregate Event of its object, type and reason.
    var aggregate: Bool
    /// It is written (otherwise the spam filter dropped it).
    var accepted: Bool
  }

  private var newer: [Prehashed<Int>: Similar] = [:]
  private var older: [Prehashed<Int>: Similar] = [:]

  /// Whether a source's Events pass through a correlator: the controllers' (no host), not
  /// the scheduler's (events.k8s.io has no spam filter) nor the kubelets' (see above).
  static func applies(component: String, host: String?) -> Bool {
    host == nil && component != Scheduler.name
  }

  /// Records an occurrence of the events `similar` names, with the message whose digest is
  /// `message`, at virtual time `now`.
  mutating func correlate(similar: Prehashed<Int>, message: Int, now: Int64) -> Verdict {
    if let index = newer.index(forKey: similar) {
      return Self.apply(to: &newer.values[index], message: message, now: now)
    }
    var record = older.removeValue(forKey: similar) ?? Similar(seenAt: now, messages: MessageSet(first: 0))
    let verdict = Self.apply(to: &record, message: message, now: now)
    if newer.count >= Self.capacity {
      older = newer
      newer = [:]
    }
    newer[similar] = record
    return verdict
  }

  private static func apply(to record: inout Similar, message: Int, now: Int64) -> Verdict {
    let elapsed = now - record.seenAt
    record.seenAt = now
    if elapsed > aggregateWindow { record.messages = MessageSet(first: 0) }
    record.messages.insert(message == 0 ? 1 : message)
    var aggregate = false
    if record.messages.count >= aggregateMessages {
      record.messages.removeOldest()
      aggregate = true
    }
    record.tokens = Float(min(spamBurst, Double(record.tokens) + Double(elapsed) * spamRefill))
    guard record.tokens >= 1 else { return Verdict(aggregate: aggregate, accepted: false) }
    record.tokens -= 1
    return Verdict(aggregate: aggregate, accepted: true)
  }
}
