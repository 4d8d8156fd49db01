import KubeModel

/// The pod status the kubelet reports: phase (as upstream's `getPhase`), conditions with
/// their transition times, container states with upstream reasons and messages, IPs.
extension Kubelet {
  /// Writes the pod's status when it differs from what is stored.
  func writeStatus(_ runtime: PodRuntime, pod: Pod) {
    let status = podStatus(runtime, existing: pod.status)
    guard status != pod.status else { return }
    var updated = pod
    updated.status = status
    if let written = try? cluster.api.updateStatus(updated) {
      runtime.writtenVersion = written.metadata.resourceVersion
    }
  }

  /// The status of the pod as of now.
  func podStatus(_ runtime: PodRuntime, existing: PodStatus?) -> PodStatus {
    let nowTime = cluster.clock.now
    var status = existing ?? PodStatus()
    // The address is formatted on each read: once here. Parts equal to the stored status
    // keep its storage: every status write is a version the watch log keeps, and most
    // writes change one container's state and nothing else.
    let hostIP = nodes[runtime.node]?.internalIP
    status.hostIP = hostIP
    let hostIPs = hostIP.map { [PodIP(ip: $0)] }
    status.hostIPs = hostIPs == existing?.hostIPs ? existing?.hostIPs : hostIPs.map { internedIPs.intern($0) }
    status.podIP = runtime.podIP
    status.podIPs = Self.reusing(runtime.podIP.map { [PodIP(ip: $0)] }, existing?.podIPs)
    status.startTime = runtime.startTime
    status.initContainerStatuses =
      runtime.initContainers.isEmpty
      ? nil : containerStatuses(runtime.initContainers, in: runtime, existing: existing?.initContainerStatuses)
    status.containerStatuses = containerStatuses(runtime.containers, in: runtime, existing: existing?.containerStatuses)
    let phase = self.phase(runtime, statuses: status.containerStatuses ?? [])
    status.phase = phase

    var wanted: [PodCondition] = []
    wanted.reserveCapacity(5)
    // Messages are only built for a False condition (the only one that carries them).
    func condition(_ type: String, _ value: Bool, reason: String? = nil, message: @autoclosure () -> String? = nil) {
      let text = value ? "True" : "False"
      let old = existing?.condition(type)
      let time = old?.status == text ? (old?.lastTransitionTime ?? nowTime) : nowTime
      var built = PodCondition(
        type: type, status: text, reason: value ? nil : reason, message: value ? nil : message(), lastTransitionTime: time)
      built.lastProbeTime = nil
      wanted.append(old.map { $0 == built ? $0 : built } ?? built)
    }
    let terminal = phase == "Succeeded" || phase == "Failed"
    condition("PodReadyToStartContainers", runtime.podIP != nil)
    let initialized = !runtime.initContainers.contains { !$0.succeeded } || terminal && runtime.initialized
    condition(
      "Initialized", initialized, reason: "ContainersNotInitialized",
      message: "containers with incomplete status: [\(runtime.initContainers.filter { !$0.succeeded }.map(\.name).joined(separator: " "))]")
    let unready = zip(runtime.containers, status.containerStatuses ?? []).filter { $0.1.ready != true }.map(\.0.name)
    if terminal {
      condition("Ready", false, reason: "PodCompleted")
      condition("ContainersReady", false, reason: "PodCompleted")
    } else {
      let message = unready.isEmpty ? "" : "containers with unready status: [\(unready.joined(separator: " "))]"
      condition("Ready", unready.isEmpty, reason: "ContainersNotReady", message: message)
      condition("ContainersReady", unready.isEmpty, reason: "ContainersNotReady", message: message)
    }
    var others = (existing?.conditions ?? []).filter { !Self.ownedConditions.contains($0.type ?? "") }
    if !others.contains(where: { $0.type == "PodScheduled" }) {
      others.insert(PodCondition(type: "PodScheduled", status: "True", lastTransitionTime: runtime.startTime), at: 0)
    }
    var conditions: [PodCondition] = []
    conditions.reserveCapacity(wanted.count + others.count)
    conditions.append(contentsOf: wanted)
    conditions.append(contentsOf: others)
    status.conditions =
      conditions == existing?.conditions ? existing?.conditions : internedConditions.intern(ConditionList(conditions)).conditions
    return status
  }

  /// The pod conditions the kubelet sets itself; the others (PodScheduled,
  /// DisruptionTarget, …) it carries over.
  static let ownedConditions: Set<String> = ["PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady"]

  /// `built`, or `stored` when equal to it (so that it keeps the stored array's storage).
  static func reusing<Element: Equatable>(_ built: [Element]?, _ stored: [Element]?) -> [Element]? {
    built == stored ? stored : built
  }

  /// The statuses of `containers`, each sharing what it can with the stored one of the same name.
  private func containerStatuses(
    _ containers: [ContainerRuntime], in runtime: PodRuntime, existing: [ContainerStatus]?
  ) -> [ContainerStatus] {
    var statuses: [ContainerStatus] = []
    statuses.reserveCapacity(containers.count)
    for (index, container) in containers.enumerated() {
      var built = containerStatus(container, in: runtime)
      if let existing, index < existing.count, existing[index].name == built.name {
        let old = existing[index]
        if built == old {
          built = old
        } else {
          if built.image == old.image { built.image = old.image }
          if built.imageID == old.imageID { built.imageID = old.imageID }
          if built.containerID == old.containerID { built.containerID = old.containerID }
        }
      }
      statuses.append(built)
    }
    return Self.reusing(statuses, existing) ?? statuses
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
    for status in statuses {
      if status.state?.running != nil {
        running += 1
      } else if let terminated = status.state?.terminated {
        stopped += 1
        if terminated.exitCode == 0 { succeeded += 1 }
      } else if status.state?.waiting != nil {
        if status.lastState?.terminated != nil { stopped += 1 } else { waiting += 1 }
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

  private func containerStatus(_ container: ContainerRuntime, in runtime: PodRuntime) -> ContainerStatus {
    var status = ContainerStatus()
    status.name = container.name
    status.restartCount = container.restartCount
    status.ready = false
    status.started = false
    status.image = container.imagePresent ? container.image.fullName : (container.spec.image ?? "")
    status.imageID = container.imagePresent ? imageID(container.image) : ""
    status.lastState = ContainerState(terminated: container.last.map(terminated))
    // Upstream's default waiting reason: PodInitializing for every container of a pod with init containers.
    let waitingReason = runtime.initContainers.isEmpty ? "ContainerCreating" : "PodInitializing"
    switch container.stage {
    case .waiting, .pulling, .configFailed(nil, _, _):
      status.state = ContainerState(waiting: ContainerStateWaiting(reason: waitingReason))
    case .configFailed(let reason?, let message, _):
      status.state = ContainerState(waiting: ContainerStateWaiting(reason: reason, message: message))
    case .pullFailed(let message, let backOffAt, _):
      if now >= backOffAt {
        let image = container.spec.image ?? ""
        status.state = ContainerState(
          waiting: ContainerStateWaiting(reason: "ImagePullBackOff", message: "Back-off pulling image \"\(image)\": ErrImagePull: \(message)"))
      } else {
        status.state = ContainerState(waiting: ContainerStateWaiting(reason: "ErrImagePull", message: message))
      }
    case .running(let instance):
      status.state = ContainerState(running: ContainerStateRunning(startedAt: time(instance.startedAt)))
      status.containerID = instance.containerID
      status.started = true
      status.ready = instance.readyAt.map { $0 <= now } ?? false
      if container.isInit { status.ready = false }
    case .exited(let restartAt, let backOffAt):
      if let last = container.last { status.containerID = last.containerID }
      if let restartAt, let backOffAt, now >= backOffAt, let last = container.last {
        let seconds = (restartAt - last.finishedAt) / 1_000_000
        status.state = ContainerState(
          waiting: ContainerStateWaiting(
            reason: "CrashLoopBackOff",
            message: "back-off \(seconds)s restarting failed container=\(container.name) pod=\(runtime.formatted)"))
      } else if let last = container.last {
        status.state = ContainerState(terminated: terminated(last))
        status.lastState = ContainerState(terminated: container.previous.map(terminated))
        status.ready = container.isInit && last.exitCode == 0
      }
    }
    return status
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
  func imageID(_ image: ImageReference) -> String {
    if let known = imageIDs[image.fullName] { return known }
    let id = Self.makeImageID(image)
    imageIDs[image.fullName] = id
    return id
  }

  /// `imageID` computed afresh.
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
/// hashed by its shape only (each condition's status and transition time), so interning
/// hashes no text. Lists that differ only in text share a hash and are told apart by `==`.
struct ConditionList: Hashable {
  let conditions: [PodCondition]

  init(_ conditions: [PodCondition]) {
    self.conditions = conditions
  }

  static func == (a: ConditionList, b: ConditionList) -> Bool { a.conditions == b.conditions }

  func hash(into hasher: inout Hasher) {
    hasher.combine(conditions.count)
    for condition in conditions {
      hasher.combine(condition.lastTransitionTime?.seconds ?? -1)
      hasher.combine(condition.status?.utf8.count ?? -1)
    }
  }
}
