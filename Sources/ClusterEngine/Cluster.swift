import KubeModel

/// The embedded cluster: store, API server, clock, and the components that reconcile
/// (scheduler, controllers, simulated kubelets).
///
/// Deterministic: it never reads the wall clock and starts no threads. `advance(by:)` runs
/// every timer and reconcile due in that span, in a fixed order, with a seeded generator,
/// so the same seed and the same actions give the same cluster. Not thread-safe: one
/// thread at a time (`EmbeddedCluster` serialises access for the dashboard and the API).
public final class Cluster {
  public let configuration: ClusterConfiguration
  public let store: ObjectStore
  public private(set) var clock: VirtualClock
  /// The cluster's seeded generator; components draw from it in a fixed order.
  public var random: SeededRandom
  /// The API server every writer goes through.
  public private(set) lazy var api = APIServer(cluster: self)
  var timers = TimerQueue()
  private(set) var components: [any ClusterComponent] = []
  /// The components interested in each kind, in install order (filled as kinds appear).
  private var observers: [KindKey: [any ClusterComponent]] = [:]
  /// The same for the common kinds, by `StoreEvent.CommonKind` tag (0, other kinds, unused).
  private var commonObservers: [[any ClusterComponent]?] = [nil, nil, nil, nil]
  private var uidCounter: UInt64 = 0
  private var settling = false
  /// Steps under way (`advance(by:)`, `settle()`, nested): Events recorded during one are
  /// written when the outermost ends.
  private var stepDepth = 0
  var batchingEvents: Bool { stepDepth > 0 }

  public init(configuration: ClusterConfiguration = ClusterConfiguration()) {
    self.configuration = configuration
    self.store = ObjectStore(logCapacity: configuration.watchLogCapacity)
    self.clock = VirtualClock(epochSeconds: configuration.epochSeconds)
    self.random = SeededRandom(seed: configuration.seed)
  }

  /// Adds a component; components observe changes and reconcile in the order added.
  public func install(_ component: any ClusterComponent) {
    components.append(component)
    observers.removeAll()
    commonObservers = [nil, nil, nil, nil]
    component.attach(to: self)
  }

  /// The installed component of type `C`, if any.
  public func component<C: ClusterComponent>(_ type: C.Type) -> C? {
    components.lazy.compactMap { $0 as? C }.first
  }

  // MARK: Time

  /// Runs everything due in the next `seconds` of virtual time, in order.
  public func advance(by seconds: Double) {
    stepDepth += 1
    defer { endStep() }
    let target = clock.micros + microseconds(max(seconds, 0))
    settle()
    while let entry = timers.popDue(before: target) {
      if entry.due > clock.micros { clock.set(micros: entry.due) }
      entry.action(self)
      settle()
    }
    clock.set(micros: target)
    settle()
  }

  /// Runs `action` `seconds` of virtual time from now.
  public func schedule(after seconds: Double, _ action: @escaping (Cluster) -> Void) {
    timers.schedule(at: clock.micros + microseconds(max(seconds, 0)), action)
  }

  /// Runs `action` at virtual time `micros` (or now, if that has passed).
  func schedule(atMicros micros: Int64, _ action: @escaping (Cluster) -> Void) {
    timers.schedule(at: max(micros, clock.micros), action)
  }

  /// Hands every committed change to the components and lets them reconcile until
  /// nothing is left to do.
  public func settle() {
    guard !settling else { return }
    stepDepth += 1
    defer { endStep() }
    settling = true
    defer { settling = false }
    var rounds = 0
    var dispatched = 0
    // After a burst, the memory its changes held is free but still mapped: give it back,
    // with the buffer that held them (a settle keeps its capacity from round to round).
    defer {
      if dispatched >= AllocatorTrim.burstChanges {
        store.releaseUndispatchedCapacity()
        AllocatorTrim.releaseFreeMemory()
      }
    }
    while rounds < 100_000 {
      rounds += 1
      // Dispatched in place, then dropped from the front: copying the buffer out and
      // emptying it would allocate a fresh buffer of the peak size every round (tens of
      // megabytes, mapped and unmapped each time, once 150,000 pods have been created at once).
      let count = store.undispatched.count
      dispatched += count
      do {
        // Each change copied once (an observer could write, so one passed from the buffer
        // would be copied for every call), its observers found by its kind's tag: reading
        // its object's type would copy the object's container again. The buffer held here
        // stays valid if an observer writes (the store's array is copied then).
        let events = store.undispatched
        events.withUnsafeBufferPointer { events in
          for index in events.indices {
            let event = events[index]
            for component in observers(of: event) { component.observe(event) }
          }
        }
      }
      store.undispatched.removeFirst(count)
      var worked = false
      let halted = !controlPlaneAvailable
      for component in components where component.hasPendingWork && (!halted || component is any NodeLocalComponent) {
        component.reconcile()
        worked = true
      }
      if !worked && store.undispatched.isEmpty { return }
    }
  }

  /// Ends a step: the outermost writes the Events recorded during it, like a component's
  /// event broadcaster sending them after the fact, and hands them to the components.
  private func endStep() {
    stepDepth -= 1
    guard stepDepth == 0, api.hasPendingEvents else { return }
    api.flushEvents()
    settle()
  }

  /// The components that observe `event`: those of the common kinds (pods, Events, nodes)
  /// found by the event's tag, without reading its object's type.
  private func observers(of event: StoreEvent) -> [any ClusterComponent] {
    let tag = Int(event.commonKind.rawValue)
    if tag != 0, let known = commonObservers[tag] { return known }
    let found = observers(of: Swift.type(of: event.object))
    if tag != 0 { commonObservers[tag] = found }
    return found
  }

  /// The components that observe changes of `kind`, in install order.
  private func observers(of kind: any KubeObject.Type) -> [any ClusterComponent] {
    let id = KindKey(kind)
    if let known = observers[id] { return known }
    let interested = components.filter { component in
      component.observedKinds.map { kinds in kinds.contains { KindKey($0) == id } } ?? true
    }
    observers[id] = interested
    return interested
  }

  // MARK: Identity

  /// A fresh, deterministic UID in the usual 8-4-4-4-12 form.
  func newUID() -> String {
    uidCounter += 1
    let high = random.next()
    let low = random.next()
    // Written digit by digit into one buffer: every object and event takes a UID.
    return String(unsafeUninitializedCapacity: 36) { buffer in
      let dash = UInt8(ascii: "-")
      var index = HexDigits.write(high >> 32, count: 8, into: buffer, at: 0)
      buffer[index] = dash
      index = HexDigits.write((high >> 16) & 0xFFFF, count: 4, into: buffer, at: index + 1)
      buffer[index] = dash
      buffer[index + 1] = UInt8(ascii: "4")
      index = HexDigits.write(high & 0xFFF, count: 3, into: buffer, at: index + 2)
      buffer[index] = dash
      index = HexDigits.write(0x8000 | (low >> 48) & 0x3FFF, count: 4, into: buffer, at: index + 1)
      buffer[index] = dash
      return HexDigits.write(low & 0xFFFF_FFFF_FFFF, count: 12, into: buffer, at: index + 1)
    }
  }

  /// Five characters from the alphabet Kubernetes uses for generated names.
  func randomSuffix(length: Int = 5) -> String {
    // Written byte by byte into the string's storage from a static alphabet: building the
    // alphabet and a Character array on every call (every generated pod name) cost more
    // than the rest of the name.
    let alphabet: StaticString = "bcdfghjklmnpqrstvwxz2456789"
    let count = UInt64(alphabet.utf8CodeUnitCount)
    return String(unsafeUninitializedCapacity: length) { buffer in
      for index in 0..<length { buffer[index] = alphabet.utf8Start[Int(random.next() % count)] }
      return length
    }
  }
}

/// How an embedded cluster is set up.
public struct ClusterConfiguration: Sendable {
  /// The seed of every random choice: the same seed and actions give the same cluster.
  public var seed: UInt64
  /// Unix seconds of virtual time zero (timestamps are epoch + virtual time).
  public var epochSeconds: Int64
  public var name: String
  /// The Kubernetes version the cluster reports.
  public var kubernetesVersion: String
  /// How many changes the store keeps for watches to resume from.
  public var watchLogCapacity: Int
  /// At most this many Event objects are kept; the oldest go first (events also expire
  /// after `eventTTLSeconds`, as the API server's --event-ttl does).
  public var eventLimit: Int
  public var eventTTLSeconds: Double

  public init(
    seed: UInt64 = 1, epochSeconds: Int64 = 1_767_225_600, name: String = "kubedeck",
    kubernetesVersion: String = "v1.32.4", watchLogCapacity: Int = 200_000, eventLimit: Int = 20_000,
    eventTTLSeconds: Double = 3600
  ) {
    self.seed = seed
    self.epochSeconds = epochSeconds
    self.name = name
    self.kubernetesVersion = kubernetesVersion
    self.watchLogCapacity = watchLogCapacity
    self.eventLimit = eventLimit
    self.eventTTLSeconds = eventTTLSeconds
  }
}

/// A part of the control plane or of the nodes that reacts to changes and to time: the
/// scheduler, each controller, the simulated kubelets.
public protocol ClusterComponent: AnyObject {
  /// Called once when installed; keep the cluster (unowned) and declare store indexes.
  func attach(to cluster: Cluster)
  /// Called for every committed change, in revision order. Note what to do; do not write.
  func observe(_ event: StoreEvent)
  /// The kinds whose changes `observe(_:)` is given; nil, the default, means every kind.
  /// Components that ignore most kinds (Events above all) say so, and are not called.
  var observedKinds: [any KubeObject.Type]? { get }
  /// Whether `reconcile()` has work.
  var hasPendingWork: Bool { get }
  /// Does the noted work, writing through `cluster.api`.
  func reconcile()
}

extension ClusterComponent {
  /// Every kind.
  public var observedKinds: [any KubeObject.Type]? { nil }
}
