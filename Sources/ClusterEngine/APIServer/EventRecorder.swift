import KubeModel

/// Records Events as the components of Kubernetes do: through each source's correlator
/// (spam filter and aggregation of similar events, see `EventCorrelator`), counting repeats
/// of the same event (same object, reason, message and source) on one Event, and keeping
/// at most `eventLimit` of them.
extension APIServer {
  /// Records an event about `object`: `Normal` or `Warning`, a reason (`Scheduled`,
  /// `BackOff`, …), a message, and the component (and host) reporting it.
  public func recordEvent(
    about object: some KubeObject, type: String = "Normal", reason: String, message: String,
    component: String, host: String? = nil
  ) {
    let reference = object.objectReference
    recordEvent(involving: reference, type: type, reason: reason, message: message, component: component, host: host)
  }

  /// Records an event about the object `reference` names.
  ///
  /// The reference is taken, not copied: a new Event keeps it as its `involvedObject`.
  public func recordEvent(
    involving reference: consuming ObjectReference, type: String = "Normal", reason: String, message: String,
    component: String, host: String? = nil
  ) {
    guard writesRefused == nil else { return }
    // The cluster, its store and clock read once: each read through `unowned` checks the
    // reference.
    let cluster = self.cluster
    let store = cluster.store
    let namespace = reference.namespace.flatMap { $0.isEmpty ? nil : $0 } ?? "default"
    let micros = cluster.clock.micros
    let now = cluster.clock.now
    let similar = Self.similarDigest(of: reference, type: type, reason: reason, component: component, host: host)
    var occurrence = Self.occurrence(similar, message: message)
    var message = message
    var aggregate = false
    if EventCorrelator.applies(component: component, host: host) {
      let verdict = eventSources[Self.source(component: component, host: host), default: EventCorrelator()].correlate(
        similar: Prehashed(ownDigest: similar.finalize()), message: occurrence.value, now: micros)
      if verdict.aggregate {
        aggregate = true
        message = EventCorrelator.aggregatePrefix + message
        occurrence = Self.occurrence(similar, message: EventCorrelator.aggregatePrefix)
      }
      guard verdict.accepted else {
        // Dropped, but counted: the next write of the same Event carries the total.
        if eventNames[occurrence] != nil || pendingNames[occurrence] != nil { eventSkips[occurrence, default: 0] += 1 }
        return
      }
    }
    // An Event not yet written: the repeat is counted on it.
    if let sequence = pendingNames[occurrence], sequence >= pendingBase {
      let index = Int(sequence - pendingBase)
      if Self.records(pendingEvents[index], reference, reason: reason, message: aggregate ? nil : message, component: component) {
        pendingEvents[index].count += 1 + (eventSkips.removeValue(forKey: occurrence) ?? 0)
        pendingEvents[index].lastTimestamp = now
        if aggregate { pendingEvents[index].message = message }
        return
      }
    }
    if let existingKey = eventNames[occurrence], var existing = store.get(Event.self, at: existingKey),
      Self.records(existing, reference, reason: reason, message: aggregate ? nil : message, component: component)
    {
      existing.count = (existing.count ?? 1) + 1 + (eventSkips.removeValue(forKey: occurrence) ?? 0)
      existing.lastTimestamp = now
      if aggregate { existing.message = message }
      store.commit(existing, at: existingKey)
      return
    }
    // The time in Unix nanoseconds, as client-go names Events (16 hex digits, so a list in
    // name order is an object's events in time order), made unique by the counter.
    let stamp = UInt64(epochMicros &+ micros) &* 1000 &+ UInt64(eventCounter)
    eventCounter += 1
    var involvedObject = consume reference
    if involvedObject.resourceVersion != nil { involvedObject.resourceVersion = nil }
    pendingNames[occurrence] = pendingBase + UInt64(pendingEvents.count)
    pendingEvents.append(
      PendingEvent(
        involvedObject: involvedObject, namespace: namespace, type: type, reason: reason, message: message,
        component: component, host: host, occurrence: occurrence, stamp: stamp, createdAt: micros, firstTimestamp: now,
        lastTimestamp: now))
    trimEvents(store, now: micros)
    if !cluster.batchingEvents { flushEvents() }
  }

  /// Whether Events recorded and not yet written are waiting for `flushEvents()`.
  var hasPendingEvents: Bool { !pendingEvents.isEmpty }

  /// Writes the Events recorded during a step of the engine, oldest first (the cluster calls
  /// it when its outermost `advance(by:)` or `settle()` ends, so a reader never finds one
  /// missing). Those the limit or the TTL removed before then were never written: in a burst
  /// of more Events than the limit keeps, only the newest are, as if the older ones had
  /// been written and removed at once.
  func flushEvents() {
    guard !pendingEvents.isEmpty else { return }
    // The store was lost during the step: its Events are lost with the writes refused.
    guard writesRefused == nil else {
      pendingBase += UInt64(pendingEvents.count)
      pendingEvents.removeAll()
      pendingNames.removeAll()
      return
    }
    let cluster = self.cluster
    let store = cluster.store
    while let pending = pendingEvents.popFirst() {
      let sequence = pendingBase
      pendingBase += 1
      let name = Self.eventName(pending.involvedObject.name ?? "unknown", stamp: pending.stamp)
      // Built whole: one metadata box and one box of fields, no field set twice.
      let event = Event(
        metadata: ObjectMeta(
          name: name, namespace: pending.namespace, uid: cluster.newUID(), creationTimestamp: pending.firstTimestamp),
        involvedObject: pending.involvedObject, reason: pending.reason, message: pending.message,
        source: EventSource(component: pending.component, host: pending.host), firstTimestamp: pending.firstTimestamp,
        lastTimestamp: pending.lastTimestamp, count: pending.count, type: pending.type,
        reportingComponent: pending.component, reportingInstance: pending.host ?? "")
      let key = ObjectKey(namespace: pending.namespace, name: name)
      store.commit(consume event, at: key)
      // (A later waiting Event may hold the entry: one whose occurrence shares the hash.)
      if pendingNames[pending.occurrence] == sequence { eventNames[pending.occurrence] = key }
      eventOrder.append((key, pending.occurrence))
      eventCreated.append(pending.createdAt)
    }
    pendingNames.removeAll(keepingCapacity: true)
  }

  /// `"\(name).\(String(stamp, radix: 16))"`, written into one buffer (every Event is
  /// named so).
  static func eventName(_ name: String, stamp: UInt64) -> String {
    let digits = HexDigits.count(stamp)
    return String(unsafeUninitializedCapacity: name.utf8.count + 1 + digits) { buffer in
      var text = TextWriter(buffer)
      text.write(name)
      text.write(".")
      text.writeHex(stamp, count: digits)
      return text.index
    }
  }

  /// Removes the oldest Events, written or waiting, while there are more than the limit or
  /// the oldest has outlived the TTL. Every written one is older than every waiting one.
  private func trimEvents(_ store: ObjectStore, now micros: Int64) {
    let limit = eventLimit
    let expiry = micros - eventTTLMicros
    while let created = eventCreated.first ?? pendingEvents.firstCreatedAt,
      eventCreated.count + pendingEvents.count > limit || created < expiry
    {
      guard !eventCreated.isEmpty else {
        // Never written: dropped with its entry.
        let dropped = pendingEvents.popFirst()!
        forget(dropped.occurrence, in: &pendingNames, at: pendingBase)
        pendingBase += 1
        continue
      }
      eventCreated.removeFirst()
      let oldest = eventOrder.removeFirst()
      forget(oldest.occurrence, in: &eventNames, at: oldest.key)
      store.remove(Event.self, at: oldest.key)
    }
  }

  /// Removes `occurrence`'s entry from `names` (written or waiting Events) and its dropped
  /// count, unless a newer Event holds the entry (one whose occurrence shares the hash).
  private func forget<Slot: Equatable>(_ occurrence: Prehashed<Int>, in names: inout [Prehashed<Int>: Slot], at slot: Slot) {
    guard let entry = names.index(forKey: occurrence), names[entry].value == slot else { return }
    names.remove(at: entry)
    if !eventSkips.isEmpty { eventSkips.removeValue(forKey: occurrence) }
  }
}

/// The Events recorded and not yet written, oldest first, in a ring. An Event is moved in
/// (`Deque.append` borrows its argument, so it copied every Event, a dozen strings
/// retained, and the caller then released them) and moved out.
struct PendingEventQueue {
  /// A power of two long (or empty); `count` of them from `head` on, wrapping, are set.
  private var slots: [PendingEvent?] = []
  private var head = 0
  private(set) var count = 0

  var isEmpty: Bool { count == 0 }
  var firstCreatedAt: Int64? { isEmpty ? nil : slots[head]?.createdAt }

  mutating func append(_ event: consuming PendingEvent) {
    if count == slots.count { grow() }
    slots[(head &+ count) & (slots.count &- 1)] = Optional(consume event)
    count += 1
  }

  /// The `index`-th waiting Event (0 is the oldest).
  subscript(index: Int) -> PendingEvent {
    get { slots[(head &+ index) & (slots.count &- 1)]! }
    _modify { yield &slots[(head &+ index) & (slots.count &- 1)]! }
  }

  /// Takes out the oldest; nil when none waits.
  mutating func popFirst() -> PendingEvent? {
    guard count > 0 else { return nil }
    let taken = slots[head].take()
    head = (head &+ 1) & (slots.count &- 1)
    count -= 1
    return taken
  }

  mutating func removeAll() {
    while popFirst() != nil {}
    head = 0
  }

  /// Doubles the ring, the waiting Events moved to its start in order.
  private mutating func grow() {
    var larger = [PendingEvent?](repeating: nil, count: max(slots.count * 2, 64))
    for index in 0..<count { larger[index] = slots[(head &+ index) & (slots.count &- 1)].take() }
    slots = larger
    head = 0
  }
}

/// An Event recorded and not yet written (see `APIServer.flushEvents()`): what it will be
/// written with, its name and UID made only then.
struct PendingEvent {
  var involvedObject: ObjectReference
  var namespace: String
  var type: String
  var reason: String
  var message: String
  var component: String
  var host: String?
  var occurrence: Prehashed<Int>
  /// The name's Unix nanoseconds, made unique by the recorder's counter.
  var stamp: UInt64
  /// The virtual time it was recorded at.
  var createdAt: Int64
  var firstTimestamp: Time
  var lastTimestamp: Time
  var count: Int32 = 1
}

extension APIServer {
  /// The digest of what makes events similar (client-go's spam and aggregation key): the
  /// object (its UID, or its name when it has none), the reason, the reporting component
  /// and host, and the type.
  ///
  /// A `WordDigest` of the strings' bytes, not `Hasher`: SipHash, fed byte by byte, cost
  /// about a thousand instructions per Event, most of them on the message. The digest only
  /// has to tell occurrences apart; the table spreads it itself (`Prehashed`).
  static func similarDigest(
    of reference: ObjectReference, type: String, reason: String, component: String, host: String?
  ) -> WordDigest {
    var digest = WordDigest()
    if let uid = reference.uid, !uid.isEmpty {
      digest.combine(uid)
    } else {
      digest.combine(reference.name ?? "")
    }
    digest.combine(reason)
    digest.combine(component)
    digest.combine(host ?? "")
    digest.combine(type)
    return digest
  }

  /// The hash of what makes two events the same occurrence: similar ones (see
  /// `similarDigest`) with the same message.
  static func occurrence(_ similar: WordDigest, message: String) -> Prehashed<Int> {
    var digest = similar
    digest.combine(message)
    return Prehashed(ownDigest: digest.finalize())
  }

  /// The key of a recording source's correlator: its component and host.
  static func source(component: String, host: String?) -> Prehashed<Int> {
    var digest = WordDigest()
    digest.combine(component)
    digest.combine(host ?? "")
    return Prehashed(ownDigest: digest.finalize())
  }

  /// Whether `event` records that occurrence (the hash alone could, very rarely, match
  /// another one). A nil `message` stands for the aggregate Event, whose message changes.
  static func records(
    _ event: Event, _ reference: ObjectReference, reason: String, message: String?, component: String
  ) -> Bool {
    records(
      reason: event.reason, message: event.message, component: event.source?.component, involving: event.involvedObject,
      asked: (reference, reason, message, component))
  }

  /// `records(_:_:reason:message:component:)` for an Event not yet written.
  static func records(
    _ event: PendingEvent, _ reference: ObjectReference, reason: String, message: String?, component: String
  ) -> Bool {
    records(
      reason: event.reason, message: event.message, component: event.component, involving: event.involvedObject,
      asked: (reference, reason, message, component))
  }

  private static func records(
    reason: String?, message: String?, component: String?, involving involved: ObjectReference,
    asked: (reference: ObjectReference, reason: String, message: String?, component: String)
  ) -> Bool {
    let sameMessage = asked.message.map { message == $0 } ?? (message?.hasPrefix(EventCorrelator.aggregatePrefix) ?? false)
    return reason == asked.reason && sameMessage && component == asked.component
      && (involved.uid ?? "") == (asked.reference.uid ?? "") && (involved.name ?? "") == (asked.reference.name ?? "")
  }
}
