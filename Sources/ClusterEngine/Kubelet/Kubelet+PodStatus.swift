import KubeModel

/// The pod status the kubelet reports: phase (as upstream's `getPhase`), conditions with
/// their transition times, container states with upstream reasons and messages, IPs.
extension Kubelet {
  /// Writes the pod's status when it differs from what is stored.
  func writeStatus(_ runtime: PodRuntime, pod: consuming Pod) {
    let (status, changed) = podStatus(runtime, existing: pod.status)
    guard changed else { return }
    pod.status = status
    // The pod was read at the record's key and keeps its namespace and name; its status
    // was compared with the one read, part by part, as it was built.
    if let written = try? cluster.api.updateStatus(pod, at: runtime.key, changed: true) {
      noteWrite(of: runtime, version: written.metadata.resourceVersion)
    }
  }

  /// The status of the pod as of now, and whether it differs from `existing`.
  ///
  /// Parts equal to the stored status keep its storage: every status write is a version
  /// the watch log keeps, and most writes change one container's state and nothing else.
  /// Each part is compared as it is built, so the whole status need not be compared again.
  /// The status is built over the stored one, taken (not copied), each part read before
  /// it is set: a copy of a status retains each of its parts.
  func podStatus(_ runtime: PodRuntime, existing: consuming PodStatus?) -> (status: PodStatus, changed: Bool) {
    let nowTime = cluster.clock.now
    var changed = existing == nil
    var status = existing.take() ?? PodStatus()
    func keep<Part: Equatable>(_ built: Part?, _ stored: Part?) -> Part? {
      if built == stored { return stored }
      changed = true
      return built
    }
    let agent = self.agent(of: runtime)
    status.hostIP = keep(agent?.internalIP, status.hostIP)
    status.hostIPs = keep(agent?.hostIPs, status.hostIPs)
    let sandboxReported = runtime.sandboxReported()
    // A pod on the host's network takes the node's IP at once, as the kubelet sets it with
    // the host IP; any other shows its own once the sandbox is reported.
    let podIP = runtime.hostNetwork ? agent?.internalIP : sandboxReported ? runtime.podIP : nil
    status.podIP = keep(podIP, status.podIP)
    status.podIPs = keep(podIP.map { [PodIP(ip: $0)] }, status.podIPs)
    status.startTime = keep(runtime.startTime, status.startTime)
    if runtime.initContainers.isEmpty {
      status.initContainerStatuses = keep(nil, status.initContainerStatuses)
    } else {
      let (statuses, same) = containerStatuses(runtime.initContainers, in: runtime, existing: status.initContainerStatuses)
      if !same { changed = true }
      status.initContainerStatuses = statuses
    }
    let (statuses, same) = containerStatuses(runtime.containers, in: runtime, existing: status.containerStatuses)
    if !same { changed = true }
    status.containerStatuses = statuses
    let phase = self.phase(runtime, statuses: statuses)
    status.phase = keep(phase, status.phase)

    // The four conditions the kubelet owns, then the others as stored, in one list.
    let terminal = phase == "Succeeded" || phase == "Failed"
    let initialized = !runtime.initContainers.contains { !$0.succeeded } || terminal && runtime.initialized
    let unready = terminal ? nil : unreadyMessage(runtime.containers, statuses)
    // A finished pod's sandbox is torn down: it can start no more containers.
    let owned = OwnedConditions(
      sandboxReady: sandboxReported && !terminal, initialized: initialized, terminal: terminal, unready: unready)
    if let stored = status.conditions, owned.areKept(in: stored, initializing: runtime.initContainers) {
      return (status, changed)
    }
    let stored = status.conditions ?? []
    let key = ConditionTransitionMemo.Key(
      stored: ConditionList(stored), owned: owned,
      incomplete: initialized ? nil : OwnedConditions.incompleteMessage(runtime.initContainers),
      now: nowTime, startTime: runtime.startTime)
    let conditions = conditionTransitions.list(for: key) { conditionList(key) }
    if let old = status.conditions, ConditionList.same(conditions, old) {
      status.conditions = old
    } else {
      changed = true
      status.conditions = conditions
    }
    return (status, changed)
  }

  /// The pod's condition list as built from `key` alone: the four conditions the kubelet
  /// owns, then the others as stored (PodScheduled added when missing). The stored list
  /// when equal to it, else the interned one.
  private func conditionList(_ key: ConditionTransitionMemo.Key) -> [PodCondition] {
    let stored = key.stored.conditions
    let owned = key.owned
    var conditions: [PodCondition] = []
    conditions.reserveCapacity(stored.count + 1)
    // A False condition carries a reason and message; a condition whose status stays keeps its time.
    func condition(_ type: String, _ value: Bool, reason: String? = nil, message: String? = nil) {
      let text = value ? "True" : "False"
      let old = stored.first { $0.type == type }
      let time = old?.status == text ? (old?.lastTransitionTime ?? key.now) : key.now
      var built = PodCondition(
        type: type, status: text, reason: value ? nil : reason, message: value ? nil : message, lastTransitionTime: time)
      built.lastProbeTime = nil
      conditions.append(old.map { $0 == built ? $0 : built } ?? built)
    }
    condition("PodReadyToStartContainers", owned.sandboxReady)
    condition("Initialized", owned.initialized, reason: "ContainersNotInitialized", message: key.incomplete)
    if owned.terminal {
      condition("Ready", false, reason: "PodCompleted")
      condition("ContainersReady", false, reason: "PodCompleted")
    } else {
      condition("Ready", owned.unready == nil, reason: "ContainersNotReady", message: owned.unready)
      condition("ContainersReady", owned.unready == nil, reason: "ContainersNotReady", message: owned.unready)
    }
    let othersStart = conditions.count
    var scheduled = false
    for old in stored where !Self.isOwnedCondition(old.type) {
      if old.type == "PodScheduled" { scheduled = true }
      conditions.append(old)
    }
    if !scheduled {
      conditions.insert(PodCondition(type: "PodScheduled", status: "True", lastTransitionTime: key.startTime), at: othersStart)
    }
    if ConditionList.same(conditions, stored) { return stored }
    return internedConditions.intern(ConditionList(conditions)).conditions
  }

  /// `containers with unready status: [a b]` for the containers whose status is not
  /// ready, or nil when all are; a single container's text comes from its shape.
  private func unreadyMessage(_ containers: [ContainerRuntime], _ statuses: [ContainerStatus]) -> String? {
    // By index: zipping copied every runtime and status.
    var unready: [String] = []
    var single: Int?
    for index in 0..<min(containers.count, statuses.count) where statuses[index].ready != true {
      if unready.isEmpty, single == nil {
        single = index
        continue
      }
      if let first = single {
        unready.append(containers[first].name)
        single = nil
      }
      unready.append(containers[index].name)
    }
    if let single { return containers[single].shape.text.unready }
    return unready.isEmpty ? nil : "containers with unready status: [\(unready.joined(separator: " "))]"
  }

  /// Whether the kubelet sets a condition of `type` itself; the others (PodScheduled,
  /// DisruptionTarget, …) it carries over. A switch: a set would hash each type.
  static func isOwnedCondition(_ type: String?) -> Bool {
    switch type {
    case "PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady": true
    default: false
    }
  }

  /// The statuses of `containers`, each sharing what it can with the stored one of the
  /// same name, and whether they are all equal to `existing` (then they are `existing`).
  private func containerStatuses(
    _ containers: [ContainerRuntime], in runtime: PodRuntime, existing: [ContainerStatus]?
  ) -> (statuses: [ContainerStatus], same: Bool) {
    var statuses: [ContainerStatus] = []
    statuses.reserveCapacity(containers.count)
    var same = existing?.count == containers.count
    // Each runtime read where it is (see `withContainer(at:_:)`).
    for index in containers.indices {
      let (status, unchanged) = containers.withContainer(at: index) { container -> (ContainerStatus, Bool) in
        if let existing, index < existing.count, isUnchanged(existing[index], container, in: runtime) {
          return (existing[index], true)
        }
        return (containerStatus(container, in: runtime), false)
      }
      if unchanged {
        statuses.append(status)
        continue
      }
      var built = status
      if let existing, index < existing.count, existing[index].name == built.name {
        let old = existing[index]
        if built == old {
          built = old
        } else {
          same = false
          if built.image == old.image { built.image = old.image }
          if built.imageID == old.imageID { built.imageID = old.imageID }
          if built.containerID == old.containerID { built.containerID = old.containerID }
        }
      } else {
        same = false
      }
      statuses.append(built)
    }
    if same, let existing { return (existing, true) }
    return (statuses, false)
  }

  /// Whether `containerStatus(container, in: runtime)` would equal `old`, checked field by
  /// field without building it, for the states most syncs leave as they were: running
  /// (without a termination to report) and waiting with the default reason. Any other
  /// state answers false, and the status is built and compared in full. The state is
  /// checked first: most syncs that reach here change it.
  private func isUnchanged(_ old: ContainerStatus, _ container: UnsafePointer<ContainerRuntime>, in runtime: PodRuntime) -> Bool {
    guard let state = old.state, state.terminated == nil else { return false }
    switch container.pointee.stage {
    case .running(let instance):
      guard state.waiting == nil, let running = state.running, old.started == (instance.startupAt <= now),
        old.containerID == instance.containerID,
        old.ready == (container.pointee.isInit ? false : (instance.readyAt.map { $0 <= now } ?? false)),
        running == ContainerStateRunning(startedAt: time(instance.startedAt))
      else { return false }
    case .waiting, .pulling, .configFailed(nil, _, _):
      let reason = runtime.initContainers.isEmpty ? "ContainerCreating" : "PodInitializing"
      guard state.running == nil, let waiting = state.waiting, waiting.reason == reason, waiting.message == nil,
        old.started == false, old.ready == false, old.containerID == nil
      else { return false }
    default:
      return false
    }
    guard container.pointee.last == nil, old.name == container.pointee.name, old.restartCount == container.pointee.restartCount,
      let oldLast = old.lastState, oldLast.waiting == nil, oldLast.running == nil, oldLast.terminated == nil,
      old.allocatedResources == nil, old.resources == nil, old.volumeMounts == nil, old.user == nil,
      old.allocatedResourcesStatus == nil, old.stopSignal == nil
    else { return false }
    if container.pointee.imagePresent {
      return old.image == container.pointee.image.fullName && old.imageID == container.pointee.shape.imageID
    }
    return old.image == (container.pointee.spec.image ?? "") && old.imageID == ""
  }

  /// Upstream's `getPhase`: Pending while initializing or while a container has never run;
  /// Running while any runs (or will restart); Succeeded/Failed when all are done for good.
  private func phase(_ runtime: PodRuntime, statuses: [ContainerStatus]) -> String {
    if runtime.initContainers.contains(where: \.failedForGood) { return "Failed" }
    if !runtime.initialized { return "Pending" }
    var waiting = 0
    var running = 0
    var stopped = 0
    var succeeded = 0
    // By index: a loop variable copied every status.
    for index in statuses.indices {
      if statuses[index].state?.running != nil {
        running += 1
      } else if statuses[index].state?.terminated != nil {
        stopped += 1
        if statuses[index].state?.terminated?.exitCode == 0 { succeeded += 1 }
      } else if statuses[index].state?.waiting != nil {
        if statuses[index].lastState?.terminated != nil { stopped += 1 } else { waiting += 1 }
      }
    }
    if waiting > 0 { return "Pending" }
    if running > 0 { return "Running" }
    if stopped > 0 {
      if runtime.restartPolicy == "Always" { return "Running" }
      if stopped == succeeded { return "Succeeded" }
      if runtime.restartPolicy == "Never" { return "Failed" }
      return "Running"
    }
    return "Pending"
  }

  private func containerStatus(_ container: UnsafePointer<ContainerRuntime>, in runtime: PodRuntime) -> ContainerStatus {
    var status = ContainerStatus()
    status.name = container.pointee.name
    status.restartCount = container.pointee.restartCount
    status.ready = false
    status.started = false
    status.image = container.pointee.imagePresent ? container.pointee.image.fullName : (container.pointee.spec.image ?? "")
    status.imageID = container.pointee.imagePresent ? container.pointee.shape.imageID : ""
    status.lastState = ContainerState(terminated: container.pointee.last.map(terminated))
    // Upstream's default waiting reason: PodInitializing for every container of a pod with init containers.
    let waitingReason = runtime.initContainers.isEmpty ? "ContainerCreating" : "PodInitializing"
    switch container.pointee.stage {
    case .pulling where container.pointee.pullBackoff != nil && runtime.sandboxReported():
      // A pull tried again after a failure: the kubelet's worker waits on the pull, so the
      // status keeps the back-off it showed (a misspelt image never reads ContainerCreating again).
      status.state = ContainerState(waiting: pullBackOff(container.pointee))
    case .waiting, .pulling, .configFailed(nil, _, _):
      status.state = ContainerState(waiting: ContainerStateWaiting(reason: waitingReason))
    case .configFailed(let reason?, let message, _):
      status.state = ContainerState(waiting: ContainerStateWaiting(reason: reason, message: message))
    case .pullFailed where !runtime.sandboxReported():
      // The sync that tried the pull is still pulling a sibling's image: the status it
      // wrote when it began is what the pod shows until it returns.
      status.state = ContainerState(waiting: ContainerStateWaiting(reason: waitingReason))
    case .pullFailed(let message, let backOffAt, _):
      if now >= backOffAt {
        status.state = ContainerState(waiting: pullBackOff(container.pointee, message: message))
      } else {
        status.state = ContainerState(waiting: ContainerStateWaiting(reason: "ErrImagePull", message: message))
      }
    case .running(let instance):
      status.state = ContainerState(running: ContainerStateRunning(startedAt: time(instance.startedAt)))
      status.containerID = instance.containerID
      status.started = instance.startupAt <= now
      status.ready = instance.readyAt.map { $0 <= now } ?? false
      if container.pointee.isInit { status.ready = false }
    case .exited(let restartAt, let backOffAt):
      if let last = container.pointee.last { status.containerID = last.containerID }
      if let restartAt, let backOffAt, now >= backOffAt, let last = container.pointee.last {
        let seconds = (restartAt - last.finishedAt) / 1_000_000
        status.state = ContainerState(
          waiting: ContainerStateWaiting(
            reason: "CrashLoopBackOff",
            message: "back-off \(seconds)s restarting failed container=\(container.pointee.name) pod=\(runtime.formatted)"))
      } else if let last = container.pointee.last {
        status.state = ContainerState(terminated: terminated(last))
        status.lastState = ContainerState(terminated: container.pointee.previous.map(terminated))
        status.ready = container.pointee.isInit && last.exitCode == 0
      }
    }
    return status
  }

  /// `ImagePullBackOff`, with the last pull's error (`message`, or the one this image gives).
  private func pullBackOff(_ container: ContainerRuntime, message: String? = nil) -> ContainerStateWaiting {
    let image = container.spec.image ?? ""
    let error = message ?? ImageCatalog.pullError(for: container.image)
    return ContainerStateWaiting(reason: "ImagePullBackOff", message: "Back-off pulling image \"\(image)\": ErrImagePull: \(error)")
  }

  private func terminated(_ termination: ContainerTermination) -> ContainerStateTerminated {
    var state = ContainerStateTerminated()
    state.exitCode = termination.exitCode
    state.reason = termination.reason
    state.startedAt = time(termination.startedAt)
    state.finishedAt = time(termination.finishedAt)
    state.containerID = termination.containerID
    return state
  }

  /// An API timestamp for virtual `micros`.
  func time(_ micros: Int64) -> Time {
    Time(seconds: cluster.clock.epochSeconds + micros.floorDivided(by: 1_000_000))
  }

  /// `docker.io/library/nginx@sha256:…`, stable per image.
  static func makeImageID(_ image: ImageReference) -> String {
    let hash = SeededRandom.stableHash(image.fullName)
    let digest = (0..<4).map { hex64(hash &* UInt64(2 * $0 + 1) &+ UInt64($0)) }.joined()
    return "\(image.registry)/\(image.repository)@sha256:\(digest)"
  }
}

extension Int64 {
  /// Division rounding toward negative infinity.
  func floorDivided(by divisor: Int64) -> Int64 {
    let quotient = self / divisor
    return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
  }
}

/// A pod's condition list as the key of the kubelet's intern table: compared in full, but
/// hashed by its shape only (each condition's status and transition time, and the lengths
/// of its reason and message), so interning hashes no text. The digest is kept and compared
/// first: a set compares its key with every entry it probes, and comparing condition lists
/// in full copies each condition.
struct ConditionList: Hashable {
  let conditions: [PodCondition]
  /// The shape digest, made once.
  let digest: Int

  init(_ conditions: [PodCondition]) {
    self.conditions = conditions
    // A word digest of integers, not SipHash: built for each status the kubelet writes.
    var words = WordDigest()
    words.combine(conditions.count)
    for condition in conditions {
      words.combine(Int(condition.lastTransitionTime?.seconds ?? -1))
      words.combine(condition.status?.utf8.count ?? -1)
      words.combine(condition.reason?.utf8.count ?? -1)
      words.combine(condition.message?.utf8.count ?? -1)
    }
    digest = words.finalize()
  }

  /// The kept digest with the table's seed mixed in (as `Prehashed`), not a SipHash round.
  func _rawHashValue(seed: Int) -> Int {
    SeededRandom.tableHash(digest, seed: seed)
  }

  static func == (a: ConditionList, b: ConditionList) -> Bool { a.digest == b.digest && same(a.conditions, b.conditions) }

  /// `a == b`, comparing the conditions in place (the array's `==` copies each one out).
  static func same(_ a: [PodCondition], _ b: [PodCondition]) -> Bool {
    guard a.count == b.count else { return false }
    return a.withUnsafeBufferPointer { a in
      b.withUnsafeBufferPointer { b in
        if a.baseAddress == b.baseAddress { return true }
        // Field by field through the buffers: `a[index] != b[index]` copied both conditions
        // out. Every field of `PodCondition`; the time first: lists that differ mostly differ
        // in a transition.
        for index in a.indices {
          guard a[index].lastTransitionTime == b[index].lastTransitionTime, a[index].type == b[index].type,
            a[index].status == b[index].status, a[index].reason == b[index].reason,
            a[index].message == b[index].message, a[index].lastProbeTime == b[index].lastProbeTime,
            a[index].observedGeneration == b[index].observedGeneration
          else { return false }
        }
        return true
      }
    }
  }

  func hash(into hasher: inout Hasher) {
    hasher.combine(digest)
  }
}
