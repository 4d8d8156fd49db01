import KubeModel

/// Records Events as the components of Kubernetes do, aggregating repeats of the same
/// event (same object, reason, message and source) into one with a count, and keeping at
/// most `eventLimit` of them.
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
    let occurrence = Self.occurrence(of: reference, reason: reason, message: message, component: component)
    if let existingKey = eventNames[occurrence], var existing = store.get(Event.self, at: existingKey),
      Self.records(existing, reference, reason: reason, message: message, component: component)
    {
      existing.count = (existing.count ?? 1) + 1
      existing.lastTimestamp = now
      store.commit(existing, at: existingKey)
      return
    }
    let stamp = UInt64(micros) &* 1000 &+ UInt64(eventCounter)
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
      }
      store.remove(Event.self, at: oldest.key)
    }
  }
}

extension APIServer {
  /// The hash of what makes two events the same occurrence: the object (UID and name),
  /// the reason, the message and the reporting component.
  ///
  /// The object's UID stands for it when it has one (its name is then its name): one
  /// string fewer to hash per Event. `records` still compares both.
  ///
  /// A `WordDigest` of the strings' bytes, not `Hasher`: SipHash, fed byte by byte, cost
  /// about a thousand instructions per Event, most of them on the message. The digest only
  /// has to tell occurrences apart; the table spreads it itself (`Prehashed`).
  static func occurrence(
    of reference: ObjectReference, reason: String, message: String, component: String
  ) -> Prehashed<Int> {
    var digest = WordDigest()
    if let uid = reference.uid, !uid.isEmpty {
      digest.combine(uid)
    } else {
      digest.combine(reference.name ?? "")
    }
    digest.combine(reason)
    digest.combine(message)
    digest.combine(component)
    return Prehashed(ownDigest: digest.finalize())
  }

  /// Whether `event` records that occurrence (the hash alone could, very rarely, match
  /// another one).
  static func records(
    _ event: Event, _ reference: ObjectReference, reason: String, message: String, component: String
  ) -> Bool {
    event.reason == reason && event.message == message && event.source?.component == component
      && (event.involvedObject.uid ?? "") == (reference.uid ?? "") && (event.involvedObject.name ?? "") == (reference.name ?? "")
  }
}
