import DequeModule
import KubeModel

/// The engine's kube-apiserver: the one path every writer (users, controllers, the
/// scheduler, kubelets) goes through. It defaults, validates, checks optimistic
/// concurrency, maintains generation and timestamps, handles graceful deletion and
/// finalizers, and only then writes the store.
public final class APIServer {
  unowned let cluster: Cluster
  var store: ObjectStore { cluster.store }
  /// When set, writes are refused with this message (the control plane lost its store).
  public var writesRefused: String?
  /// Run on every create and spec update just before the store is written (see `AdmissionPlugin`).
  public var admissionPlugins: [any AdmissionPlugin] = []
  /// Whether the writes under way came from a client (kubectl, the dashboard), whose
  /// objects get the API server's whole validation (`ObjectValidator`); see `asClient`.
  private(set) var validatesFully = false
  /// The store key of the Event recording each occurrence, by the occurrence's hash
  /// (for aggregating repeats; see `occurrence(_:message:)`). Keyed by
  /// the hash kept whole: an entry is added and removed for every Event, and each removal
  /// rehashes its neighbours.
  var eventNames: [Prehashed<Int>: StoreKey] = [:]
  /// The recorded Events, oldest first, with their occurrence's hash.
  var eventOrder: Deque<(key: StoreKey, occurrence: Prehashed<Int>)> = []
  /// The virtual creation time of each Event of `eventOrder`, kept apart so that checking
  /// the oldest one's age copies no keys.
  var eventCreated: Deque<Int64> = []
  var eventCounter: UInt32 = 0
  /// Events recorded during a step of the engine, oldest first, written when it ends (see
  /// `flushEvents()`); `pendingBase` numbers the first, and each later one the next.
  var pendingEvents = PendingEventQueue()
  var pendingBase: UInt64 = 0
  /// The number of the waiting Event recording each occurrence (as `eventNames`).
  var pendingNames: [Prehashed<Int>: UInt64] = [:]
  /// Each recording source's correlator (spam filter and aggregation), by its component
  /// and host (see `EventCorrelator`).
  var eventSources: [Prehashed<Int>: EventCorrelator] = [:]
  /// Occurrences the spam filter dropped since their Event was last written.
  var eventSkips: [Prehashed<Int>: Int32] = [:]
  /// The last pod defaulted and the last labels found valid (see `PodDefaultsMemo`).
  var podDefaults = PodDefaultsMemo()

  /// The configuration's Event limit, Event TTL and epoch (microseconds), read once: every
  /// Event recorded reads them, each read went through the unowned `cluster` (a checked
  /// retain and a release), and the TTL was converted to microseconds each time.
  let eventLimit: Int
  let eventTTLMicros: Int64
  let epochMicros: Int64

  init(cluster: Cluster) {
    self.cluster = cluster
    let configuration = cluster.configuration
    eventLimit = configuration.eventLimit
    eventTTLMicros = microseconds(configuration.eventTTLSeconds)
    epochMicros = configuration.epochSeconds &* 1_000_000
  }

  // MARK: Reads

  /// One object, or a NotFound `Status`.
  public func get<T: KubeObject>(_ type: T.Type, namespace: String = "", name: String) throws(Status) -> T {
    guard let object = store.get(T.self, namespace: T.resource.namespaced ? namespace : "", name: name) else {
      throw Status.notFound(T.resource, name: name)
    }
    return object
  }

  /// Objects of a type, filtered by namespace and label selector, sorted by key.
  public func list<T: KubeObject>(_ type: T.Type, namespace: String? = nil, labelSelector: Selector? = nil) -> [T] {
    let objects = store.list(T.self, namespace: T.resource.namespaced ? namespace : nil)
    guard let labelSelector, !labelSelector.isEverything else { return objects }
    return objects.filter { labelSelector.matches($0.metadata.labels) }
  }

  // MARK: Writes

  /// The longest `generateName` prefix kept: 63 characters less the random suffix's 5.
  static let generatedPrefixLimit = 58
  /// How many names a create tries for a `generateName` before it reports the last one as
  /// taken (the apiserver's retry of generated names, on by default since 1.31): a
  /// ReplicaSet of 30,000 pods meets a few dozen taken suffixes among its 14 million.
  static let generatedNameAttempts = 8

  /// Creates an object: names it (generateName), defaults and validates it, stamps uid,
  /// creation time and generation. With `dryRun` nothing is stored.
  @discardableResult
  public func create<T: KubeObject>(_ object: T, dryRun: Bool = false) throws(Status) -> T {
    try checkWritable()
    var object = object
    object.stampTypeMeta()
    if T.resource.namespaced {
      if (object.metadata.namespace ?? "").isEmpty { object.metadata.namespace = "default" }
    } else {
      object.metadata.namespace = nil
    }
    // As the apiserver's name generator: the prefix is cut to 58 characters, so a generated
    // name fits in 63 however long its owner's name is.
    // (A prefix short enough in bytes is short enough in characters: it is kept as it is,
    // without walking its characters.)
    let generatedPrefix = (object.metadata.name ?? "").isEmpty
      ? object.metadata.generateName.flatMap { prefix in
        prefix.isEmpty ? nil : prefix.utf8.count <= Self.generatedPrefixLimit ? prefix : String(prefix.prefix(Self.generatedPrefixLimit))
      } : nil
    if let generatedPrefix { object.metadata.name = generatedPrefix + cluster.randomSuffix() }
    // Defaulting, then the priority admission plugin (a mutating plugin: before validation).
    try applyDefaults(&object, old: nil)
    try validate(object, old: nil)
    try checkGlobalDefault(object, old: nil)
    let namespace = object.metadata.namespace ?? ""
    if T.resource.namespaced {
      guard let owner = store.get(Namespace.self, name: namespace) else {
        throw Status.notFound(.namespaces, name: namespace)
      }
      if owner.metadata.deletionTimestamp != nil {
        throw Status.forbidden(
          T.resource, name: object.name,
          "unable to create new content in namespace \(namespace) because it is being terminated")
      }
    }
    var key = ObjectKey(namespace: namespace, name: object.name)
    var attempts = 1
    while store.get(T.self, at: key) != nil {
      guard let generatedPrefix, attempts < Self.generatedNameAttempts else {
        throw Status.alreadyExists(T.resource, name: object.name)
      }
      // A generated name that is taken: another suffix (only the suffix differs, so what
      // was validated holds).
      attempts += 1
      object.metadata.name = generatedPrefix + cluster.randomSuffix()
      key = ObjectKey(namespace: namespace, name: object.name)
    }
    object.metadata.uid = cluster.newUID()
    object.metadata.creationTimestamp = cluster.clock.now
    object.metadata.generation = Self.tracksGeneration(T.resource) ? 1 : nil
    Self.stampTemplateGeneration(&object, old: nil)
    try admit(&object, old: nil, dryRun: dryRun)
    object.metadata.resourceVersion = nil
    object.metadata.deletionTimestamp = nil
    object.metadata.deletionGracePeriodSeconds = nil
    if dryRun { return object }
    // Admission may not rename the object, but the key is only reused when it still names it.
    if object.metadata.name == key.name, (object.metadata.namespace ?? "") == namespace {
      return store.put(object, at: key)
    }
    return store.put(object)
  }

  /// Replaces an object's spec and metadata (its status is kept). A set `resourceVersion`
  /// that is not the stored one is a Conflict. With `dryRun` the object is defaulted,
  /// validated and admitted, and returned as it would be stored, but nothing changes.
  @discardableResult
  public func update<T: KubeObject>(_ object: consuming T, dryRun: Bool = false) throws(Status) -> T {
    try write(object, status: false, dryRun: dryRun)
  }

  /// Replaces an object's status (the `/status` subresource); its spec is kept.
  @discardableResult
  public func updateStatus<T: KubeObject>(_ object: consuming T, dryRun: Bool = false) throws(Status) -> T {
    try write(object, status: true, dryRun: dryRun)
  }

  /// `updateStatus(_:)` for a writer that read the object at `key` and kept its namespace
  /// and name: the key's hash is reused instead of made again.
  ///
  /// `changed`: the writer built a status that differs from the one it read. When the
  /// object still carries the version it was read at and that version is the stored one,
  /// the written object then differs from the stored one, and is not compared with it.
  @discardableResult
  func updateStatus<T: KubeObject>(_ object: consuming T, at key: StoreKey, changed: Bool = false) throws(Status) -> T {
    try write(object, status: true, at: key, statusChanged: changed)
  }

  /// Reads, changes and writes back an object, retrying nothing: the closure sees the
  /// stored object. Controllers use this for their own objects.
  @discardableResult
  public func modify<T: KubeObject>(
    _ type: T.Type, namespace: String = "", name: String, status: Bool = false, _ change: (inout T) throws(Status) -> Void
  ) throws(Status) -> T {
    var object = try get(T.self, namespace: namespace, name: name)
    try change(&object)
    return try write(object, status: status)
  }

  /// Taken, not copied: a writer hands over the object it made (a copy retains each part).
  private func write<T: KubeObject>(
    _ object: consuming T, status: Bool, at knownKey: StoreKey? = nil, statusChanged: Bool = false, dryRun: Bool = false
  ) throws(Status) -> T {
    try checkWritable()
    let namespace = T.resource.namespaced ? (object.metadata.namespace ?? "default") : ""
    // Hashed once for the read and the write: the object keeps this namespace and name.
    var key = knownKey ?? ObjectKey(namespace: namespace, name: object.name)
    guard let old = store.get(T.self, at: key) else {
      throw Status.notFound(T.resource, name: object.name)
    }
    // Whether the object was read at the stored version (a status built from it and said
    // to differ then differs from the stored status).
    var readAtStoredVersion = false
    if let version = object.metadata.resourceVersion, !version.isEmpty {
      guard version == old.metadata.resourceVersion else { throw Status.conflict(T.resource, name: object.name) }
      readAtStoredVersion = true
    }
    object.stampTypeMeta()
    if status {
      // A status write keeps the stored spec, labels, annotations, owners and finalizers,
      // and the name it was found by: what validation checks is what was validated when
      // stored (upstream's status strategies validate the status alone, and ours checks no
      // status). A kubelet writes the pod it read: it holds all that already.
      if !Self.holdsStoredMetadataAndSpec(object, old) {
        takeServerFields(of: old, in: &object, namespace: namespace)
        object = keepingSpec(of: old, in: object)
        try checkFinalizers(of: object, old: old)
      }
    } else {
      takeServerFields(of: old, in: &object, namespace: namespace)
      object = keepingStatus(of: old, in: object)
      try applyDefaults(&object, old: old)
      if Self.tracksGeneration(T.resource), specChanged(old, object) {
        object.metadata.generation = (old.metadata.generation ?? 0) + 1
      }
      Self.stampTemplateGeneration(&object, old: old)
      try checkFinalizers(of: object, old: old)
      try validate(object, old: old)
      try checkGlobalDefault(object, old: old)
      try admit(&object, old: old, dryRun: dryRun)
      // Admission may not rename the object; if a plugin did, the key follows it.
      if object.name != key.name || object.namespace != namespace {
        key = ObjectKey(namespace: object.namespace, name: object.name)
      }
    }
    // After a status write the spec is the stored one's, shared (a pod's box, a workload's
    // template box), so this comparison does not walk it; a status said to have changed
    // from the stored version's is not compared at all (the walk costs a whole status).
    if !(status && statusChanged && readAtStoredVersion), !(status && Self.statusDiffers(object, old)), object == old {
      return old
    }
    if dryRun {
      // What would be stored, at the version it would replace: nothing is written.
      object.metadata.resourceVersion = old.metadata.resourceVersion
      return object
    }
    // The last finalizer of a deleted object removed: the object goes.
    if object.metadata.deletionTimestamp != nil, (object.metadata.finalizers ?? []).isEmpty,
      !(T.self == Pod.self && (old.metadata.deletionGracePeriodSeconds ?? 0) > 0), !Self.hasSpecFinalizers(object)
    {
      let written = copy object
      store.commit(object, at: key)
      return store.remove(T.self, at: key) ?? written
    }
    return store.put(object, at: key)
  }

  /// Sets the metadata fields the server owns to the stored object's.
  private func takeServerFields<T: KubeObject>(of old: T, in object: inout T, namespace: String) {
    object.metadata.namespace = T.resource.namespaced ? namespace : nil
    object.metadata.uid = old.metadata.uid
    object.metadata.creationTimestamp = old.metadata.creationTimestamp
    object.metadata.deletionTimestamp = old.metadata.deletionTimestamp
    object.metadata.deletionGracePeriodSeconds = old.metadata.deletionGracePeriodSeconds
    object.metadata.generation = old.metadata.generation
  }

  /// Refuses new finalizers on an object being deleted.
  private func checkFinalizers<T: KubeObject>(of object: T, old: T) throws(Status) {
    guard old.metadata.deletionTimestamp != nil else { return }
    let added = Set(object.metadata.finalizers ?? []).subtracting(old.metadata.finalizers ?? [])
    if !added.isEmpty {
      throw Status.forbidden(
        T.resource, name: object.name,
        "no new finalizers can be added if the object is being deleted, found new finalizers \(added.sorted())")
    }
  }

  /// Whether `object` is a pod holding the stored pod's metadata and spec storage (with a
  /// namespace): a status write then has nothing to take from the stored pod, each field it
  /// would set being that field already, and no finalizer can have been added.
  private static func holdsStoredMetadataAndSpec<T: KubeObject>(_ object: T, _ old: T) -> Bool {
    guard let pod = exactly(object, as: Pod.self), let stored = exactly(old, as: Pod.self) else { return false }
    return pod.metadata.namespace != nil && pod.metadata.sharesFields(with: stored.metadata) && pod.sharesSpec(with: stored)
  }

  /// Deletes an object. Pods bound to a node terminate gracefully (the kubelet finishes the
  /// deletion); objects with finalizers wait for them; dependents are garbage-collected per
  /// `propagationPolicy` (Background by default).
  @discardableResult
  public func delete<T: KubeObject>(
    _ type: T.Type, namespace: String = "", name: String, options: DeleteOptions = DeleteOptions()
  ) throws(Status) -> T {
    try checkWritable()
    let namespace = T.resource.namespaced ? namespace : ""
    let key = ObjectKey(namespace: namespace, name: name)
    guard var object = store.get(T.self, key) else { throw Status.notFound(T.resource, name: name) }
    // The NamespaceLifecycle admission plugin keeps the namespaces the cluster runs in.
    if T.self == Namespace.self, Self.immortalNamespaces.contains(name) {
      throw Status.forbidden(.namespaces, name: name, "this namespace may not be deleted")
    }
    if T.self == PriorityClass.self, PriorityClass.system.contains(where: { $0.name == name }) {
      throw Status.forbidden(.priorityclasses, name: name, "this is a system priority class and cannot be deleted")
    }
    if let uid = options.preconditions?.uid, uid != object.metadata.uid {
      throw Status.conflict(
        T.resource, name: name,
        "Precondition failed: UID in precondition: \(uid), UID in object meta: \(object.metadata.uid ?? "")")
    }
    if options.dryRun?.contains("All") == true { return object }
    let policy = options.propagationPolicy ?? (options.orphanDependents == true ? "Orphan" : "Background")
    var finalizers = object.metadata.finalizers ?? []
    if policy == "Orphan", !finalizers.contains("orphan") { finalizers.append("orphan") }
    if policy == "Foreground", !finalizers.contains("foregroundDeletion") { finalizers.append("foregroundDeletion") }
    // A namespace with spec.finalizers terminates: the namespace controller empties it,
    // then removes its finalizer.
    if var namespace = object as? Namespace, Self.hasSpecFinalizers(namespace) {
      if namespace.metadata.deletionTimestamp != nil { return object }
      namespace.metadata.deletionTimestamp = cluster.clock.now
      namespace.metadata.deletionGracePeriodSeconds = 0
      namespace.metadata.finalizers = finalizers.isEmpty ? nil : finalizers
      namespace.status = NamespaceStatus(phase: "Terminating")
      return (store.put(namespace) as? T) ?? object
    }
    let grace = gracePeriod(of: object, requested: options.gracePeriodSeconds)
    if grace > 0 || !finalizers.isEmpty {
      if object.metadata.deletionTimestamp == nil {
        object.metadata.deletionTimestamp = cluster.clock.time(after: Double(grace))
        object.metadata.deletionGracePeriodSeconds = grace
      } else if let current = object.metadata.deletionGracePeriodSeconds, grace < current {
        // A second delete may only shorten the grace period.
        object.metadata.deletionTimestamp = cluster.clock.time(after: Double(grace))
        object.metadata.deletionGracePeriodSeconds = grace
      } else {
        return object
      }
      object.metadata.finalizers = finalizers.isEmpty ? nil : finalizers
      if T.self == Pod.self, grace == 0, finalizers.isEmpty {
        return store.remove(T.self, key) ?? object
      }
      return store.put(object)
    }
    return store.remove(T.self, key) ?? object
  }

  /// The namespaces that may not be deleted.
  static let immortalNamespaces: Set<String> = ["default", "kube-system", "kube-public"]

  /// Whether `object` is a namespace whose `spec.finalizers` still hold it.
  private static func hasSpecFinalizers<T: KubeObject>(_ object: T) -> Bool {
    !(exactly(object, as: Namespace.self)?.spec?.finalizers ?? []).isEmpty
  }

  /// Pods bound to a node get their grace period; everything else is deleted at once.
  private func gracePeriod<T: KubeObject>(of object: T, requested: Int64?) -> Int64 {
    guard let pod = exactly(object, as: Pod.self) else { return 0 }
    if (pod.spec?.nodeName ?? "").isEmpty { return 0 }
    let phase = pod.status?.phase
    if phase == "Succeeded" || phase == "Failed" { return 0 }
    if let requested, requested >= 0 { return requested == 0 ? 0 : requested }
    return max(pod.spec?.terminationGracePeriodSeconds ?? 30, 0)
  }

  // MARK: Helpers

  func checkWritable() throws(Status) {
    if let writesRefused { throw Status.unavailable(writesRefused) }
  }

  /// The API's defaults; for a pod, then the priority admission plugin's fields (taken
  /// from its class on create, kept from `old` on update).
  private func applyDefaults<T: KubeObject>(_ object: inout T, old: T?) throws(Status) {
    // Pods, the kind written most, skip the existential casts below.
    if var pod = exactly(object, as: Pod.self) {
      if let old, let stored = exactly(old, as: Pod.self) {
        pod.applyDefaults()
        Self.keepPriority(of: stored, in: &pod)
      } else {
        try podDefaults.applyDefaults(&pod, classes: store.changeCount(PriorityClass.self)) { (pod: inout Pod) throws(Status) in
          try admitPriority(&pod)
        }
      }
      if let defaulted = exactly(pod, as: T.self) { object = defaulted }
      return
    }
    guard !Self.isPlain(T.self), var defaultable = object as? any APIDefaulting else { return }
    defaultable.applyDefaults()
    if let defaulted = defaultable as? T { object = defaulted }
  }

  /// Runs `body` as a client's request: what it writes is validated in full, as
  /// kube-apiserver validates every object (`replicas: -2`, `restartPolicy: Sometimes`, a
  /// port out of range, a changed selector). The engine's own components write objects
  /// they built correctly and skip the cost.
  public func asClient<R>(_ body: () throws(Status) -> R) throws(Status) -> R {
    let outer = validatesFully
    validatesFully = true
    defer { validatesFully = outer }
    return try body()
  }

  private func validate<T: KubeObject>(_ object: T, old: T?) throws(Status) {
    var errors: [ValidationError] = []
    if validatesFully { errors = ObjectValidator.validate(object, old: old) }
    if errors.isEmpty { errors = validationErrors(object, old: old) }
    if !errors.isEmpty {
      throw Status.invalid(T.resource, name: object.name, errors: errors)
    }
  }

  // Pods and nodes, whose kubelets write the most, take the cast-free paths of `exactly`;
  // other kinds find their `SpecAndStatus` conformance at run time.

  /// Whether `T` is a kind written often that neither takes defaults nor splits its spec
  /// from a status: a node's Lease, renewed every ten seconds, and the Event. Told by the
  /// type, so the casts that would fail for them (hundreds of instructions each, a failed
  /// conformance lookup) are not tried.
  @inline(__always)
  private static func isPlain<T: KubeObject>(_ type: T.Type) -> Bool { T.self == Lease.self || T.self == Event.self }

  private func keepingStatus<T: KubeObject>(of old: T, in new: T) -> T {
    if let kept = Self.copyStatus(Pod.self, from: old, to: new) ?? Self.copyStatus(Node.self, from: old, to: new) {
      return kept
    }
    guard !Self.isPlain(T.self), let typedOld = old as? any SpecAndStatus else { return new }
    return Self.copyStatus(from: typedOld, to: new) ?? new
  }

  private func keepingSpec<T: KubeObject>(of old: T, in new: T) -> T {
    if let kept = Self.copySpec(Pod.self, from: old, to: new) ?? Self.copySpec(Node.self, from: old, to: new) {
      return kept
    }
    guard !Self.isPlain(T.self), let typedOld = old as? any SpecAndStatus else { return new }
    return Self.copySpec(from: typedOld, to: new) ?? new
  }

  /// `copyStatus(from:to:)` when `T` is exactly `S`, else nil.
  private static func copyStatus<S: SpecAndStatus, T: KubeObject>(_ kind: S.Type, from old: T, to new: T) -> T? {
    guard let typedOld = exactly(old, as: S.self), var typed = exactly(new, as: S.self) else { return nil }
    typed.takeStatus(of: typedOld)
    return exactly(typed, as: T.self)
  }

  /// `copySpec(from:to:)` when `T` is exactly `S`, else nil.
  private static func copySpec<S: SpecAndStatus, T: KubeObject>(_ kind: S.Type, from old: T, to new: T) -> T? {
    guard let typedOld = exactly(old, as: S.self), let typed = exactly(new, as: S.self) else { return nil }
    return exactly(withSpec(of: typedOld, in: typed), as: T.self)
  }

  private static func copyStatus<S: SpecAndStatus, T: KubeObject>(from old: S, to new: T) -> T? {
    guard var typed = new as? S else { return nil }
    typed.takeStatus(of: old)
    return typed as? T
  }

  private static func copySpec<S: SpecAndStatus, T: KubeObject>(from old: S, to new: T) -> T? {
    guard let typed = new as? S else { return nil }
    return withSpec(of: old, in: typed) as? T
  }

  /// `new` with `old`'s spec and the metadata a status write may not change.
  private static func withSpec<S: SpecAndStatus>(of old: S, in new: S) -> S {
    var typed = new
    typed.takeSpec(of: old)
    // Labels and annotations belong to the object, not its status.
    typed.metadata.labels = old.metadata.labels
    typed.metadata.annotations = old.metadata.annotations
    typed.metadata.ownerReferences = old.metadata.ownerReferences
    typed.metadata.finalizers = old.metadata.finalizers
    return typed
  }

  private func specChanged<T: KubeObject>(_ old: T, _ new: T) -> Bool {
    guard !Self.isPlain(T.self), let typedOld = old as? any SpecAndStatus else { return false }
    return Self.spec(of: typedOld, differsIn: new)
  }

  private static func spec<S: SpecAndStatus, T: KubeObject>(of old: S, differsIn new: T) -> Bool {
    guard let typed = new as? S else { return false }
    return typed.spec != old.spec
  }

  /// A DaemonSet carries the generation of its pod template in the
  /// `deprecated.daemonset.template.generation` annotation, as the API server's DaemonSet
  /// strategy writes it: set on create and whenever the template changes, kept otherwise.
  static func stampTemplateGeneration<T: KubeObject>(_ object: inout T, old: T?) {
    // `exactly`, not `as?`: every write passes here, and a dynamic cast costs on each.
    guard var set = exactly(object, as: DaemonSet.self) else { return }
    let key = "deprecated.daemonset.template.generation"
    let kept = old.flatMap { exactly($0, as: DaemonSet.self) }.flatMap { $0.spec?.template == set.spec?.template ? $0.metadata.annotations?[key] : nil }
    let value = kept ?? String(set.metadata.generation ?? 1)
    guard set.metadata.annotations?[key] != value else { return }
    set.metadata.annotations = (set.metadata.annotations ?? [:]).merging([key: value]) { $1 }
    if let stamped = exactly(set, as: T.self) { object = stamped }
  }

  /// Whether the kind's strategy counts spec changes in `metadata.generation`, as upstream's
  /// workloads, jobs, autoscalers and disruption budgets do (pods, services, nodes,
  /// endpoints and config objects carry none in 1.32).
  static func tracksGeneration(_ resource: ResourceType) -> Bool {
    switch resource.group {
    case "apps": resource.plural != "controllerrevisions"
    case "batch", "autoscaling", "policy": true
    default: false
    }
  }
}
