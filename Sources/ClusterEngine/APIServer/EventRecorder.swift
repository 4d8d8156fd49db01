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
    let prefix = name.utf8
    return String(unsafeUninitializedCapacity: prefix.count + 1 + digits) { buffer in
      // The name's bytes in one copy when they are contiguous (native strings are).
      var index =
        prefix.withContiguousStorageIfAvailable { bytes in
          UnsafeMutableRawBufferPointer(buffer).copyMemory(from: UnsafeRawBufferPointer(bytes))
          return bytes.count
        } ?? buffer.initialize(from: prefix).1
      buffer[index] = UInt8(ascii: ".")
      index += 1
      return HexDigits.write(stamp, count: digits, into: buffer, at: index)
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

/// A 64-bit digest of strings' UTF-8 bytes, read eight at a time: each string's byte count,
/// then its words (the last one zero-padded), each xored into the state, which is then
/// multiplied by an odd constant and rotated. Each step is a bijection of the state and of
/// the word, so strings of one length that differ in a single word never collide; others
/// collide about as rarely as any 64-bit hash. Not seeded: it tells keys apart, the table
/// that holds them spreads them.
///
/// Bytes, not characters: canonically equivalent strings spelt differently digest apart
/// (as they compare in Kubernetes itself).
struct WordDigest {
  private var state: UInt64 = 0x243F_6A88_85A3_08D3

  /// Adds `text`'s length and bytes.
  mutating func combine(_ text: String) {
    var text = text
    // Native strings are contiguous already: this reads them in place.
    text.withUTF8 { bytes in
      let raw = UnsafeRawBufferPointer(bytes)
      mix(UInt64(raw.count))
      var offset = 0
      while offset &+ 8 <= raw.count {
        mix(raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
        offset &+= 8
      }
      guard offset < raw.count else { return }
      var last: UInt64 = 0
      for index in offset..<raw.count {
        last |= UInt64(raw[index]) << (UInt64(index &- offset) &* 8)
      }
      mix(last)
    }
  }

  @inline(__always)
  private mutating func mix(_ word: UInt64) {
    state = ((state ^ word) &* 0x9E37_79B9_7F4A_7C15).rotated(left: 29)
  }

  /// The digest, its bits spread over the word.
  func finalize() -> Int {
    Int(truncatingIfNeeded: SeededRandom.mix(state))
  }
}

extension UInt64 {
  /// `self` rotated left by `count` bits (0 < count < 64).
  @inline(__always)
  fileprivate func rotated(left count: UInt64) -> UInt64 {
    (self << count) | (self >> (64 &- count))
  }
}
