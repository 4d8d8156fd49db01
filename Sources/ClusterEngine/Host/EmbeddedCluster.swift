import KubeModel
import Synchronization

/// The embedded cluster as a `ClusterClient`: a `Cluster` behind a lock, so the
/// dashboard's UI thread, the HTTP server's threads and the driver can share it.
///
/// Every call holds the lock briefly: it copies values out under the lock and encodes
/// nothing there. After every call that may change the cluster, and after every step of
/// virtual time, the store's new changes are handed to open watches. The driver
/// (`start()`) maps wall time to virtual time at `speed`; tests leave it stopped and call
/// `step(by:)` instead, so no real time is involved.
public final class EmbeddedCluster: ClusterClient, ImmediateReads {
  /// What the lock guards: the engine and the watch fan-out fed from its store.
  struct Guarded {
    let cluster: Cluster
    let hub: WatchHub
    let logs: LogFollowers
  }

  let guarded: Mutex<Guarded>
  /// The real-time driver; stopped until `start()`.
  public let driver: ClusterDriver

  /// Wraps `cluster`, which from now on is reached only through this object.
  /// `watchBufferCapacity` bounds how many undelivered events one watch may hold before it
  /// is dropped as too slow.
  public init(_ cluster: sending Cluster, watchBufferCapacity: Int = 10_000) {
    guarded = Mutex(
      Guarded(
        cluster: cluster, hub: WatchHub(bufferCapacity: watchBufferCapacity),
        logs: LogFollowers(bufferCapacity: watchBufferCapacity)))
    driver = ClusterDriver()
    driver.attach { [weak self] seconds in self?.step(by: seconds) }
  }

  deinit {
    driver.stop()
    guarded.withLock { guarded in
      guarded.hub.finishAll()
      guarded.logs.finishAll()
    }
  }

  // MARK: Direct access

  /// Runs `body` with the cluster under the lock (fast synchronous reads for the dashboard
  /// and the bench, or a batch of actions). Keep it short: the driver waits meanwhile.
  /// Changes made in `body` reach watches when it returns.
  public func withCluster<R, E: Error>(_ body: (Cluster) throws(E) -> sending R) throws(E) -> sending R {
    try guarded.withLock { (guarded: inout sending Guarded) throws(E) -> sending R in
      defer { guarded.hub.publish(guarded.cluster) }
      return try body(guarded.cluster)
    }
  }

  /// Advances virtual time by `seconds` and delivers the changes to watches.
  public func step(by seconds: Double) {
    guarded.withLock { guarded in
      guarded.cluster.advance(by: seconds)
      guarded.hub.publish(guarded.cluster)
      guarded.logs.poll(guarded.cluster)
    }
  }

  /// The virtual time, in seconds since the cluster started.
  public var virtualSeconds: Double {
    guarded.withLock { $0.cluster.clock.seconds }
  }

  /// How many watch streams are open.
  public var openWatchCount: Int {
    guarded.withLock { guarded in
      guarded.hub.publish(guarded.cluster)
      return guarded.hub.subscriberCount
    }
  }

  // MARK: Driver

  /// Starts the real-time driver (virtual time then flows at `speed`).
  public func start() { driver.start() }

  /// Stops the real-time driver and waits for its last step to end.
  public func stop() { driver.stop() }

  /// Pauses virtual time (the driver keeps running; `resume()` continues).
  public func pause() { driver.isPaused = true }

  /// Resumes virtual time after `pause()`.
  public func resume() { driver.isPaused = false }

  /// Virtual seconds per wall second: 0 (paused), 1, 2, 10, 60, …
  public var speed: Double {
    get { driver.speed }
    set { driver.speed = newValue }
  }

  // MARK: Reads

  public func info() async throws -> ClusterInfo {
    guarded.withLock { guarded in
      let configuration = guarded.cluster.configuration
      return ClusterInfo(
        name: configuration.name, source: "embedded", serverVersion: configuration.kubernetesVersion,
        isSimulated: true)
    }
  }

  public func list<T: KubeObject>(_ type: T.Type, namespace: String?, options: ListOptions) async throws -> ObjectList<T> {
    // Callers reach this through `any ClusterClient`, where it runs unspecialized: every
    // object is copied through its type's value witnesses, which for 150,000 pods costs
    // seconds. The large kinds take a path specialized for their type; same-type lists are
    // reinterpreted rather than cast, which would copy every element.
    if T.self == Pod.self {
      return unsafeBitCast(try listPage(Pod.self, namespace: namespace, options: options), to: ObjectList<T>.self)
    }
    if T.self == Node.self {
      return unsafeBitCast(try listPage(Node.self, namespace: namespace, options: options), to: ObjectList<T>.self)
    }
    return try listPage(T.self, namespace: namespace, options: options)
  }

  /// One page of a list; called with a concrete type so that it is specialized for it.
  private func listPage<U: KubeObject>(
    _ type: U.Type, namespace: String?, options: ListOptions
  ) throws(Status) -> ObjectList<U> {
    let paging = try ListPaging(U.self, namespace: namespace, options: options)
    // Only the snapshot (a copy-on-write table) is taken under the lock; sorting, filtering
    // and paging run outside it, so a large list does not hold up the driver.
    let snapshot = guarded.withLock { guarded in ListSnapshot(U.self, store: guarded.cluster.store) }
    return try paging.page(snapshot)
  }

  public func get<T: KubeObject>(_ type: T.Type, namespace: String?, name: String) async throws -> T {
    try guarded.withLock { (guarded: inout sending Guarded) throws(Status) -> T in
      try Self.read(T.self, namespace: namespace, name: name, in: guarded.cluster)
    }
  }

  public func readIfAvailable<T: KubeObject>(_ type: T.Type, namespace: String?, name: String) throws(Status) -> (
    object: T, now: Time
  )? {
    try guarded.withLockIfAvailable { (guarded: inout sending Guarded) throws(Status) -> (object: T, now: Time) in
      (try Self.read(T.self, namespace: namespace, name: name, in: guarded.cluster), guarded.cluster.clock.now)
    }
  }

  /// One object as a client asks for it (its namespace defaulted as `namespace(_:_:)` says).
  private static func read<T: KubeObject>(_ type: T.Type, namespace: String?, name: String, in cluster: Cluster)
    throws(Status) -> T
  {
    try cluster.api.get(T.self, namespace: Self.namespace(T.self, namespace), name: name)
  }

  public func watch<T: KubeObject>(
    _ type: T.Type, namespace: String?, options: ListOptions
  ) -> AsyncThrowingStream<WatchEvent<T>, any Error> {
    guarded.withLock { guarded in
      guarded.hub.subscribe(T.self, namespace: namespace, options: options, cluster: guarded.cluster)
    }
  }

  // MARK: Writes

  public func create<T: KubeObject>(_ object: T, dryRun: Bool) async throws -> T {
    try mutate { cluster throws(Status) in try cluster.api.asClient { () throws(Status) in try cluster.api.create(object, dryRun: dryRun) } }
  }

  public func update<T: KubeObject>(_ object: T, dryRun: Bool) async throws -> T {
    try mutate { cluster throws(Status) in try cluster.api.asClient { () throws(Status) in try cluster.api.update(object, dryRun: dryRun) } }
  }

  public func delete<T: KubeObject>(_ type: T.Type, namespace: String?, name: String, options: DeleteOptions) async throws {
    try mutate { cluster throws(Status) in
      _ = try cluster.api.delete(T.self, namespace: Self.namespace(T.self, namespace), name: name, options: options)
    }
  }

  /// Runs a change under the lock and hands what it committed to watches.
  func mutate<R: Sendable>(_ body: (Cluster) throws(Status) -> R) throws(Status) -> R {
    try guarded.withLock { (guarded: inout sending Guarded) throws(Status) -> R in
      defer { guarded.hub.publish(guarded.cluster) }
      return try body(guarded.cluster)
    }
  }

  /// The namespace a request on `T` addresses: "default" when unset, "" for cluster-scoped kinds.
  static func namespace<T: KubeObject>(_ type: T.Type, _ namespace: String?) -> String {
    guard T.resource.namespaced else { return "" }
    guard let namespace, !namespace.isEmpty else { return "default" }
    return namespace
  }
}
