import KubeModel

/// Upstream's `flowcontrol.Backoff` entry for one key: the current delay and the time of
/// the event that set it. An entry older than twice the maximum is forgotten.
struct BackoffEntry: Hashable, Sendable {
  var delay: Int64
  var lastUpdate: Int64

  static let initial: Int64 = 10_000_000
  static let maximum: Int64 = 300_000_000

  /// Whether `eventTime` still falls in the back-off window as seen at `now`
  /// (`IsInBackOffSince`).
  static func isInBackOff(_ entry: BackoffEntry?, since eventTime: Int64, now: Int64) -> Bool {
    guard let entry, eventTime - entry.lastUpdate <= 2 * maximum else { return false }
    return now - eventTime < entry.delay
  }

  /// The entry after one more event at `eventTime` (`Next`).
  static func next(_ entry: BackoffEntry?, at eventTime: Int64) -> BackoffEntry {
    guard let entry, eventTime - entry.lastUpdate <= 2 * maximum else {
      return BackoffEntry(delay: initial, lastUpdate: eventTime)
    }
    return BackoffEntry(delay: min(entry.delay * 2, maximum), lastUpdate: eventTime)
  }
}

/// One run of a container: when it started, and when and how it ends (if it does).
struct ContainerInstance: Hashable, Sendable {
  var startedAt: Int64
  var containerID: String
  /// When it exits on its own (or is killed), with the code and reason.
  var exitAt: Int64?
  var exitCode: Int32 = 0
  var reason: String = "Completed"
  /// When it becomes ready (nil: never, its readiness probe keeps failing).
  var readyAt: Int64?
  /// When its readiness probe, passing since `readyAt`, has failed `failureThreshold` times
  /// in a row and it is unready again (nil: it stays ready). Once that instant is reached,
  /// the kubelet plans the next `readyAt` and `unreadyAt` from there.
  var unreadyAt: Int64?
  /// When a failing liveness probe kills it.
  var livenessKillAt: Int64?
  /// When its startup probe first passes and it counts as started (`started` in its
  /// status); its start itself when it has no startup probe, `.max` when the probe never
  /// passes. Readiness and liveness probes wait for it, as the kubelet's probers do.
  var startupAt: Int64 = 0
  /// The next failed probe of the liveness probe (or of a startup probe that never passes),
  /// recorded when it happens: before the kill at `livenessKillAt`, which records the last,
  /// or before the exit when the container exits first.
  var nextProbeFailureAt: Int64?
  /// The last of those failures recorded, `.min` before the first.
  var probeRecordedAt: Int64 = .min
  /// Its next failed readiness probe, recorded when it happens, whether or not the failure
  /// changes its readiness (nil: no probe fails from then on, or there is no readiness probe).
  var readinessFailAt: Int64?
  /// The last failed readiness probe recorded, `.min` before the first (a plan made again
  /// records none twice). Its instant is the prober's result, written at once.
  var readinessRecordedAt: Int64 = .min
  /// The instance was stopped by the kubelet (liveness, deletion).
  var stopping = false
  /// The instance was crashed on purpose (a simulated fault).
  var crashed = false
  /// The container's definition changed: once stopped it starts again from the new one.
  var replaced = false
}

extension ContainerInstance {
  /// Seconds from its start to the virtual instant `micros` (probes are planned in these).
  func offset(_ micros: Int64) -> Double { Double(micros - startedAt) / 1_000_000 }

  /// The virtual instant `seconds` after its start.
  func instant(_ seconds: Double) -> Int64 { startedAt + microseconds(seconds) }

  /// Seconds from its start to its planned exit; infinite while none is planned.
  var runSeconds: Double { exitAt.map(offset) ?? .infinity }
}

/// A finished run, kept for `lastState` and `logs --previous`.
struct ContainerTermination: Hashable, Sendable {
  var startedAt: Int64
  var finishedAt: Int64
  var exitCode: Int32
  var reason: String
  var containerID: String
  var restartIndex: Int32
  var crashed = false
  /// Stopped because the container's definition changed (no back-off for the new one).
  var replaced = false
}

/// What a container's definition decides about it (its image and behaviour), worked out
/// once and shared by every container of the same definition: a ReplicaSet's pods all
/// read alike, and the two would otherwise cost some 200 bytes of every container record.
final class ContainerShape: Sendable {
  let image: ImageReference
  let profile: ContainerProfile
  /// The texts of the container's Events and status that depend on its definition only.
  let text: ContainerEventText
  /// The image's ID (`Kubelet.makeImageID`), which a pod's status names on every write.
  let imageID: String
  /// `ImageCatalog.size(of:seed:)` of the image: nil when the registry does not have it.
  let imageSize: Int64?
  /// `SeededRandom.stableHash` of the image's full name (it seeds each pull's duration).
  let imageHash: UInt64

  init(image: ImageReference, profile: ContainerProfile, text: ContainerEventText, seed: UInt64) {
    self.image = image
    self.profile = profile
    self.text = text
    imageID = Kubelet.makeImageID(image)
    imageSize = ImageCatalog.size(of: image, seed: seed)
    imageHash = SeededRandom.stableHash(image.fullName)
  }
}

/// A container's Event and status texts that its definition decides (name and image),
/// made once per definition instead of formatted and interned for each Event or status.
struct ContainerEventText: Sendable {
  /// `spec.containers{name}`, the field path of an app container's Events.
  let fieldPath: String
  /// `spec.initContainers{name}`, the same for an init container.
  let initFieldPath: String
  let pulling: String
  /// `Successfully pulled image "…" in `, the start of the Pulled message.
  let pulledPrefix: String
  let alreadyPresent: String
  let created: String
  let started: String
  /// The Ready condition's message while this container is the pod's only unready one.
  let unready: String

  init(_ container: Container) {
    let name = container.name ?? ""
    let image = container.image ?? ""
    fieldPath = "spec.containers{\(name)}"
    initFieldPath = "spec.initContainers{\(name)}"
    pulling = "Pulling image \"\(image)\""
    pulledPrefix = "Successfully pulled image \"\(image)\" in "
    alreadyPresent = "Container image \"\(image)\" already present on machine"
    created = "Created container: \(name)"
    started = "Started container \(name)"
    unready = "containers with unready status: [\(name)]"
  }
}

/// The shapes made so far, by container definition (bounded: cleared when it grows large,
/// as definitions differ only across workloads).
struct ContainerShapeCache {
  private var shapes: [Container: ContainerShape] = [:]
  /// The last container list of each kind (app, init) asked about, held so that its storage
  /// stays its own, and its shapes: the pods of a ReplicaSet share one container array, and
  /// hashing a `Container` (some 900 bytes) for each pod admitted is most of an admission.
  private var recent: [(specs: [Container], shapes: [ContainerShape])] = [([], []), ([], [])]

  /// The shapes of `specs`, a pod's app (or init) containers, in order.
  mutating func shapes(of specs: [Container], isInit: Bool, seed: UInt64) -> [ContainerShape] {
    let slot = isInit ? 1 : 0
    if !specs.isEmpty, Self.sameStorage(specs, recent[slot].specs) { return recent[slot].shapes }
    let made = specs.map { shape(of: $0, seed: seed) }
    recent[slot] = (specs, made)
    return made
  }

  /// Whether two arrays are one buffer (then they are equal).
  static func sameStorage(_ a: [Container], _ b: [Container]) -> Bool {
    a.count == b.count && a.withUnsafeBufferPointer { a in b.withUnsafeBufferPointer { b in a.baseAddress == b.baseAddress } }
  }

  /// The shape of `container`, made once per definition.
  mutating func shape(of container: Container, seed: UInt64) -> ContainerShape {
    if let known = shapes[container] { return known }
    if shapes.count >= 4_096 { shapes.removeAll() }
    let shape = ContainerShape(
      image: ImageReference(container.image ?? ""), profile: ContainerProfile.make(container, seed: seed),
      text: ContainerEventText(container), seed: seed)
    shapes[container] = shape
    return shape
  }
}

/// A container's last two finished runs, kept together behind one reference: most
/// containers never finish a run.
struct ContainerTerminations: Hashable, Sendable {
  var last: ContainerTermination?
  var previous: ContainerTermination?
}

/// What the kubelet knows about one container of a pod.
struct ContainerRuntime {
  enum Stage: Hashable, Sendable {
    /// Not started yet (`ContainerCreating` / `PodInitializing`).
    case waiting
    /// An image pull running until the given time (`ok` says whether it will succeed).
    case pulling(until: Int64, startedAt: Int64, requestedAt: Int64, ok: Bool)
    /// The last pull failed (`ErrImagePull`); `ImagePullBackOff` from `backOffAt`, next try at `retryAt`.
    case pullFailed(message: String, backOffAt: Int64, retryAt: Int64)
    /// Its configuration could not be built: a ConfigMap or Secret it reads is missing
    /// (`reason` CreateContainerConfigError), or a volume of the pod cannot be mounted
    /// (`reason` nil: it stays ContainerCreating); tried again at `retryAt`.
    case configFailed(reason: String?, message: String, retryAt: Int64)
    case running(ContainerInstance)
    /// Exited; restarts at `restartAt` (nil: never), shown as CrashLoopBackOff from `backOffAt`.
    case exited(restartAt: Int64?, backOffAt: Int64?)
  }

  var name: String
  /// The pod's containers (or init containers) as the pod spec lists them: the array the
  /// stored pod holds, shared rather than copied (a `Container` is some 900 bytes). A new
  /// image edited into the pod replaces both.
  var specs: [Container]
  /// This container's place in `specs`.
  var specIndex: Int
  /// The image and behaviour the definition gives, shared with like containers.
  var shape: ContainerShape
  var isInit: Bool
  var stage: Stage = .waiting
  var restartCount: Int32 = 0
  private var terminations: CopyOnWriteBox<ContainerTerminations>?
  var crashBackoff: BackoffEntry?
  var pullBackoff: BackoffEntry?
  var pullAttempts = 0
  /// Failed attempts in a row to set up the container's ConfigMap and Secret volumes.
  var mountFailures: Int32 = 0
  /// The declared environment as it was built when the container last started, for a
  /// container that reads ConfigMaps or Secrets into it (nil otherwise): a process keeps the
  /// values it started with when those objects change later.
  var startedEnvironment: [(name: String, value: String)]?
  /// Identity for the usage and log model: the `stableHash` of "uid/name" (a container ID
  /// continues it).
  let identity: UInt64
  /// The image was found and recorded (`imageID` is known).
  var imagePresent = false
  var pullBackOffAnnounced = false
  var crashBackOffAnnounced = false

  init(
    name: String, specs: [Container], specIndex: Int, shape: ContainerShape, isInit: Bool, identity: UInt64
  ) {
    self.name = name
    self.specs = specs
    self.specIndex = specIndex
    self.shape = shape
    self.isInit = isInit
    self.identity = identity
  }

  var image: ImageReference { shape.image }
  var profile: ContainerProfile { shape.profile }

  /// The last finished run.
  var last: ContainerTermination? {
    get { terminations?.value.last }
    set {
      if terminations == nil { terminations = CopyOnWriteBox(ContainerTerminations()) }
      terminations?.value.last = newValue
    }
  }

  /// The run before `last`.
  var previous: ContainerTermination? {
    get { terminations?.value.previous }
    set {
      if terminations == nil { terminations = CopyOnWriteBox(ContainerTerminations()) }
      terminations?.value.previous = newValue
    }
  }

  /// The container's spec.
  var spec: Container { specs[specIndex] }

  var isRunning: Bool {
    if case .running = stage { return true }
    return false
  }

  var instance: ContainerInstance? {
    if case .running(let instance) = stage { return instance }
    return nil
  }

  /// Finished successfully and will not run again (init containers, `OnFailure`/`Never`).
  var succeeded: Bool {
    if case .exited(nil, _) = stage, last?.exitCode == 0 { return true }
    return false
  }

  /// Exited for good with an error.
  var failedForGood: Bool {
    if case .exited(nil, _) = stage, (last?.exitCode ?? 0) != 0 { return true }
    return false
  }
}

/// What the kubelet knows about one pod on its node.
final class PodRuntime {
  /// The pod's key (hashed when made), as the kubelet's tables and the store take it.
  let key: ObjectKey
  let uid: String
  let node: String
  var restartPolicy: String
  var gracePeriod: Int64
  var initContainers: [ContainerRuntime]
  var containers: [ContainerRuntime]
  /// How many app containers the pod has (load is shared among them).
  let appContainerCount: Int
  var startTime: Time
  var sandboxReadyAt: Int64
  var podIP: String?
  /// The status shows the sandbox (see `sandboxReported()`).
  private var sandboxShown = false
  /// Whether the sync that created the sandbox has returned (`sandboxReported()`), as read
  /// before a container is stepped: stepping holds the container list, so a step cannot
  /// read it.
  var syncReturned = false
  /// A container of the pod has been started (created and run) at least once.
  var containerStarted = false
  /// The pod shares its node's network: its IP is the node's from its first status on.
  var hostNetwork = false
  var host: Int?
  /// Deletion in progress: when every container will have stopped.
  var terminatingUntil: Int64?
  var wakeAt: Int64?
  var wakeToken: UInt64 = 0
  /// The sync to come was woken by the pod's own timer (a container's transition), not by
  /// a change of the pod: its status waits for the node's next relist.
  var woken = false
  /// The relist that will write the pod's status, when one is waiting.
  var relistAt: Int64?
  /// The revision of the kubelet's own last write (its echo is not news; see
  /// `Kubelet.echoes`).
  var writtenRevision: Int?
  /// What its containers wrote through a shell (nil until something is).
  var written: WrittenFiles?
  /// The agent of `node`, once looked up (read through `Kubelet.agent(of:)`, which
  /// notices a replaced one).
  var agent: NodeAgent?
  /// A static pod's own UID, its config hash (`kubernetes.io/config.mirror`), which its
  /// Events name, not the mirror pod's; nil for other pods.
  var staticUID: String?

  init(
    key: ObjectKey, uid: String, node: String, restartPolicy: String, gracePeriod: Int64,
    initContainers: [ContainerRuntime], containers: [ContainerRuntime], startTime: Time, sandboxReadyAt: Int64
  ) {
    self.key = key
    self.uid = uid
    self.node = node
    self.restartPolicy = restartPolicy
    self.gracePeriod = gracePeriod
    self.initContainers = initContainers
    self.containers = containers
    self.appContainerCount = containers.count
    self.startTime = startTime
    self.sandboxReadyAt = sandboxReadyAt
  }

  /// Every init container has succeeded.
  var initialized: Bool { initContainers.allSatisfy(\.succeeded) }

  /// Whether the sync that created the sandbox is still pulling the images of the first
  /// containers it began with, no container of the pod having run yet: the status is then
  /// the one the first sync wrote (no IP, every container `ContainerCreating` or
  /// `PodInitializing`) until a pull ends.
  var inFirstPulls: Bool {
    guard podIP != nil, !sandboxShown, !containerStarted else { return false }
    func untouched(_ container: ContainerRuntime) -> Bool {
      guard container.restartCount == 0, container.pullAttempts <= 1, container.pullBackoff == nil else { return false }
      switch container.stage {
      case .waiting, .pulling: return true
      default: return false
      }
    }
    return initContainers.allSatisfy(untouched) && containers.allSatisfy(untouched)
  }

  /// Whether the pod's status shows its sandbox (its IP, PodReadyToStartContainers). The
  /// kubelet reports a sandbox on the sync after the one that created it, and that sync
  /// returns only once it has pulled and started (or failed to) the containers it began
  /// with: the first init container, or every app container. So a pod still pulling its
  /// image shows no IP, as `kubectl get pods -o wide` shows `<none>` while
  /// `ContainerCreating`.
  func sandboxReported() -> Bool {
    if sandboxShown { return true }
    guard podIP != nil else { return false }
    let batch = initContainers.isEmpty ? containers[...] : initContainers.prefix(1)
    for container in batch {
      switch container.stage {
      case .waiting, .pulling: return false
      default: continue
      }
    }
    sandboxShown = true
    return true
  }

  /// A new sandbox (after the node lost power) is not shown until its containers start.
  func sandboxLost() {
    podIP = nil
    sandboxShown = false
  }

  /// `pod_namespace(uid)` as the kubelet formats a pod in messages.
  var formatted: String { "\(key.name)_\(key.namespace)(\(uid))" }
}

extension Array where Element == ContainerRuntime {
  /// `body` given the container at `index` where it is: passed as an element of the array, a
  /// container's runtime (spec and all) is copied whole.
  @inline(__always)
  func withContainer<Result>(at index: Int, _ body: (UnsafePointer<ContainerRuntime>) -> Result) -> Result {
    withUnsafeBufferPointer { body($0.baseAddress! + index) }
  }
}
