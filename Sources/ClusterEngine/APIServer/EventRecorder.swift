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
        if eventNames[occurrence] != nil { eventSkips[occurrence, default: 0] += 1 }
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
    let stamp = UInt64(cluster.configuration.epochSeconds &* 1_000_000 &+ micros) &* 1000 &+ UInt64(eventCounter)
    eventCounter += 1
    let name = Self.eventName(reference.name ?? "unknown", stamp: stamp)
    var involvedObject = consume reference
    if involvedObject.resourceVersion != nil { involvedObject.resourceVersion = nil }
    // Built whole: one metadata box and one box of fields, no field set twice.
    let event = Event(
      metadata: ObjectMeta(name: name, namespace: namespace, uid: cluster.newUID(), creationTimestamp: now),
      involvedObject: involvedObject, reason: reason, message: message,
      source: EventSource(component: component, host: host), firstTimestamp: now, lastTimestamp: now, count: 1,
      type: type, reportingComponent: component, reportingInstance: host ?? "")
    let key = StoreKey(ObjectKey(namespace: namespace, name: name))
    store.commit(consume event, at: key)
    eventNames[occurrence] = key
    eventOrder.append((key, occurrence))
    eventCreated.append(micros)
    trimEvents(store, now: micros)
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

  private func trimEvents(_ store: ObjectStore, now micros: Int64) {
    let limit = cluster.configuration.eventLimit
    let expiry = micros - microseconds(cluster.configuration.eventTTLSeconds)
    while let created = eventCreated.first, eventCreated.count > limit || created < expiry {
      eventCreated.removeFirst()
      let oldest = eventOrder.removeFirst()
      // (A newer Event may hold the entry: one whose occurrence shares the hash.)
      if let entry = eventNames.index(forKey: oldest.occurrence), eventNames[entry].value == oldest.key {
        eventNames.remove(at: entry)
        if !eventSkips.isEmpty { eventSkips.removeValue(forKey: oldest.occurrence) }
      }
      store.remove(Event.self, at: oldest.key)
    }
  }
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
    let sameMessage = message.map { event.message == $0 } ?? (event.message?.hasPrefix(EventCorrelator.aggregatePrefix) ?? false)
    return event.reason == reason && sameMessage && event.source?.component == component
      && (event.involvedObject.uid ?? "") == (reference.uid ?? "") && (event.involvedObject.name ?? "") == (reference.name ?? "")
  }
}
