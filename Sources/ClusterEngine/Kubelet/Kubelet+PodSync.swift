import KubeModel

/// The pod worker: brings a pod's containers up to the current virtual time — sandbox,
/// image pulls, init containers in order, starts, exits, restarts with back-off, probes,
/// graceful termination — then writes the pod status if it changed.
extension Kubelet {
  func syncPod(_ key: StoreKey) {
    guard let pod = cluster.store.get(Pod.self, at: key) else {
      forget(key)
      return
    }
    guard let nodeName = pod.spec?.nodeName else { return }
    var runtime = pods[key]
    // The record keeps its node's agent: the name is hashed only for a pod new to the node.
    let recorded = runtime.flatMap { $0.node == nodeName ? agent(of: $0) : nil }
    guard let agent = recorded ?? nodes[nodeName], agent.powered else { return }
    if let existing = runtime, existing.uid != pod.metadata.uid {
      forget(key)
      runtime = nil
    }
    if runtime == nil {
      // A partitioned kubelet does not hear of new pods.
      guard !agent.partitioned else { return }
      if pod.status?.phase == "Succeeded" || pod.status?.phase == "Failed" { return }
      if pod.metadata.deletionTimestamp != nil {
        finishDeletion(pod)
        return
      }
      let created = admit(pod, on: agent)
      pods[key] = created
      runtime = created
    }
    guard let runtime else { return }
    let woken = runtime.woken
    runtime.woken = false
    if pod.metadata.deletionTimestamp == nil, !agent.partitioned, runtime.terminatingUntil == nil {
      applySpecChanges(runtime, pod: pod)
    }
    if pod.metadata.deletionTimestamp != nil, !agent.partitioned, runtime.terminatingUntil == nil {
      beginTermination(runtime, pod: pod)
    }
    if let until = runtime.terminatingUntil {
      advanceContainers(runtime)
      if now >= until, !agent.partitioned {
        finishDeletion(pod)
        forget(key)
        return
      }
      wake(runtime, at: until)
      return
    }
    if runtime.podIP == nil, now >= runtime.sandboxReadyAt {
      let host = agent.allocateHost()
      runtime.host = host
      runtime.podIP = (pod.spec?.hostNetwork ?? false) ? agent.internalIP : "\(agent.podCIDRPrefix).\(host)"
    }
    if runtime.podIP != nil { advanceContainers(runtime) }
    if !agent.partitioned {
      if woken, !probeResultDue(runtime) {
        // Woken while the sync that created the sandbox is in its first pulls: the pod
        // worker stays in that sync until they end, so a relist now would find the status
        // as the first sync wrote it. The next one follows the pulls' end.
        if !runtime.inFirstPulls { queueRelist(runtime, on: agent) }
      } else {
        runtime.relistAt = nil
        writeStatus(runtime, pod: pod)
      }
    }
    wake(runtime, at: nextWake(runtime))
  }

  /// Accepts a pod onto the node: its runtime record with container profiles.
  private func admit(_ pod: Pod, on agent: NodeAgent) -> PodRuntime {
    let seed = cluster.configuration.seed
    let uid = pod.metadata.uid ?? ""
    let uidHash = SeededRandom.stableHash(uid)
    func runtimes(_ specs: [Container], isInit: Bool) -> [ContainerRuntime] {
      let shapes = self.shapes.shapes(of: specs, isInit: isInit, seed: seed)
      return specs.indices.map { index in
        let name = specs[index].name ?? ""
        return ContainerRuntime(
          name: name, specs: specs, specIndex: index, shape: shapes[index], isInit: isInit,
          identity: SeededRandom.stableHash(name, continuing: SeededRandom.stableHash("/", continuing: uidHash)))
      }
    }
    let sandbox = now + microseconds(configuration.sandboxSeconds)
    let runtime = PodRuntime(
      key: ObjectKey(namespace: pod.namespace, name: pod.name), uid: uid, node: agent.name,
      restartPolicy: pod.spec?.restartPolicy ?? "Always", gracePeriod: pod.spec?.terminationGracePeriodSeconds ?? 30,
      initContainers: runtimes(pod.spec?.initContainers ?? [], isInit: true),
      containers: runtimes(pod.spec?.containers ?? [], isInit: false),
      startTime: cluster.clock.now, sandboxReadyAt: sandbox)
    runtime.staticUID = pod.metadata.annotations?["kubernetes.io/config.mirror"]
    runtime.hostNetwork = pod.spec?.hostNetwork ?? false
    return runtime
  }

  /// Steps init containers one at a time, then the app containers in order (a pull in
  /// progress holds back the containers after it, as the kubelet's sync does).
  func advanceContainers(_ runtime: PodRuntime) {
    for index in runtime.initContainers.indices {
      if runtime.initContainers[index].succeeded { continue }
      runtime.syncReturned = runtime.sandboxReported()
      step(&runtime.initContainers[index], in: runtime)
      if !runtime.initContainers[index].succeeded { return }
    }
    for index in runtime.containers.indices {
      runtime.syncReturned = runtime.sandboxReported()
      step(&runtime.containers[index], in: runtime)
      if case .pulling = runtime.containers[index].stage { return }
    }
    // No pull left in the batch: the sync has returned, and a failed pull that waited on
    // its siblings' (passed over above, before they finished) backs off or retries now.
    runtime.syncReturned = runtime.sandboxReported()
    for index in runtime.containers.indices {
      guard case .pullFailed = runtime.containers[index].stage else { continue }
      step(&runtime.containers[index], in: runtime)
    }
  }

  /// Applies every transition of one container that is due by now.
  private func step(_ container: inout ContainerRuntime, in runtime: PodRuntime) {
    let now = self.now
    let terminating = runtime.terminatingUntil != nil
    for _ in 0..<16 {
      switch container.stage {
      case .waiting:
        if terminating { return }
        if blockedByMount(&container, in: runtime) { return }
        start(&container, in: runtime)
      case .configFailed(_, _, let retryAt):
        if terminating || now < retryAt { return }
        container.stage = .waiting
      case .pulling(let until, let startedAt, let requestedAt, let ok):
        if now < until { return }
        if terminating {
          container.stage = .waiting
          return
        }
        finishPull(&container, in: runtime, pulled: (startedAt, requestedAt, until), ok: ok)
      case .pullFailed(let message, let backOffAt, let retryAt):
        if terminating { return }
        // Upstream pulls a sync's images one after another and backs off or retries only
        // on a later sync: nothing happens here while the sibling pulls of the sync that
        // failed are still going (the sandbox is not reported until they end).
        guard runtime.syncReturned else { return }
        if now >= retryAt {
          beginPull(&container, in: runtime)
        } else {
          if now >= backOffAt, !container.pullBackOffAnnounced {
            container.pullBackOffAnnounced = true
            let image = container.spec.image ?? ""
            event(runtime, container: container.name, isInit: container.isInit, "BackOff", "Back-off pulling image \"\(image)\"")
            event(runtime, container: container.name, isInit: container.isInit, type: "Warning", "Failed", "Error: ImagePullBackOff")
          }
          _ = message
          return
        }
      case .running(var instance):
        while let failed = instance.nextProbeFailureAt, now >= failed, !instance.stopping {
          recordProbeFailure(container, instance, at: failed, in: runtime)
          instance.probeRecordedAt = failed
          instance.nextProbeFailureAt = nextProbeFailure(of: instance, container, from: failed + 1)
          container.stage = .running(instance)
        }
        if let kill = instance.livenessKillAt, now >= kill, !instance.stopping {
          failProbe(&container, &instance, in: runtime, at: kill)
          container.stage = .running(instance)
          continue
        }
        while let failAt = instance.readinessFailAt, now >= failAt, !instance.stopping, let probe = container.spec.readinessProbe {
          let next = instance.offset(failAt + Self.periodMicros(probe))
          instance.readinessRecordedAt = failAt
          instance.readinessFailAt = nextFailure(probe, container: container, from: next, before: instance.runSeconds)
            .map(instance.instant)
          container.stage = .running(instance)
          event(runtime, container: container.name, isInit: container.isInit, type: "Warning", "Unhealthy",
            "Readiness probe failed: " + probeFailure(probe, container: container, runtime: runtime))
        }
        if let unready = instance.unreadyAt, now >= unready, !instance.stopping, let probe = container.spec.readinessProbe {
          turnUnready(&instance, at: unready, by: probe, container: container)
          container.stage = .running(instance)
        }
        guard let exit = instance.exitAt, now >= exit else { return }
        exited(&container, instance, at: exit, in: runtime)
      case .exited(let restartAt, let backOffAt):
        if terminating { return }
        if let restartAt, now >= restartAt {
          restart(&container, in: runtime)
          continue
        }
        if let backOffAt, now >= backOffAt, !container.crashBackOffAnnounced {
          container.crashBackOffAnnounced = true
          event(runtime, container: container.name, isInit: container.isInit, type: "Warning", "BackOff",
            "Back-off restarting failed container \(container.name) in pod \(runtime.formatted)")
        }
        return
      }
    }
  }

  /// Starts a container whose image is present, or pulls it first.
  private func start(_ container: inout ContainerRuntime, in runtime: PodRuntime) {
    let present = self.agent(of: runtime)?.images[container.image.key] != nil
    let policy = container.spec.imagePullPolicy ?? "IfNotPresent"
    if present, policy != "Always" {
      container.imagePresent = true
      event(runtime, container, "Pulled", shared: container.shape.text.alreadyPresent)
      run(&container, in: runtime)
    } else {
      beginPull(&container, in: runtime)
    }
  }

  private func beginPull(_ container: inout ContainerRuntime, in runtime: PodRuntime) {
    guard let agent = self.agent(of: runtime) else { return }
    let seed = cluster.configuration.seed
    let size = container.shape.imageSize
    let cached = agent.images[container.image.key] != nil
    container.pullAttempts += 1
    var milliseconds = ImageCatalog.pullMilliseconds(
      bytes: cached ? nil : size, nodeHash: agent.nameHash, imageHash: container.shape.imageHash, attempt: container.pullAttempts,
      seed: seed)
    if cached { milliseconds = min(milliseconds, 600) }
    var startedAt = max(now, agent.pullerFreeAt)
    var until = startedAt + milliseconds * 1000
    if let inFlight = agent.pullsInFlight[container.image.key], inFlight > now, size != nil {
      // The same image is already being pulled: its layers are shared, this pull ends just after.
      startedAt = now
      until = inFlight + min(milliseconds, 300) * 1000
    } else {
      agent.pullerFreeAt = until
      agent.pullsInFlight[container.image.key] = until
    }
    container.pullBackOffAnnounced = false
    container.stage = .pulling(until: until, startedAt: startedAt, requestedAt: now, ok: size != nil)
    event(runtime, container, "Pulling", shared: container.shape.text.pulling)
  }

  private func finishPull(
    _ container: inout ContainerRuntime, in runtime: PodRuntime, pulled: (startedAt: Int64, requestedAt: Int64, until: Int64), ok: Bool
  ) {
    let image = container.spec.image ?? ""
    let agent = self.agent(of: runtime)
    if let agent, let inFlight = agent.pullsInFlight[container.image.key], inFlight <= now {
      agent.pullsInFlight[container.image.key] = nil
    }
    guard ok, let size = container.shape.imageSize else {
      let message = ImageCatalog.pullError(for: container.image)
      event(runtime, container: container.name, isInit: container.isInit, type: "Warning", "Failed",
        "Failed to pull image \"\(image)\": \(message)")
      event(runtime, container: container.name, isInit: container.isInit, type: "Warning", "Failed", "Error: ErrImagePull")
      let key = BackoffEntry.next(container.pullBackoff, at: now)
      container.pullBackoff = key
      container.stage = .pullFailed(message: message, backOffAt: min(now + 1_000_000, now + key.delay), retryAt: now + key.delay)
      return
    }
    agent?.images[container.image.key] = size
    agent?.statusDirty = true
    container.imagePresent = true
    let pull = (pulled.until - pulled.startedAt) / 1000
    let total = (pulled.until - pulled.requestedAt) / 1000
    event(
      runtime, container, "Pulled",
      message: pulledMessage(prefix: container.shape.text.pulledPrefix, pull: pull, total: total, size: size))
    run(&container, in: runtime)
  }

  /// Creates and starts the container: a new instance with its exit, readiness and
  /// liveness worked out from the workload model.
  private func run(_ container: inout ContainerRuntime, in runtime: PodRuntime) {
    let now = self.now
    if blockedByConfig(&container, in: runtime) { return }
    // The hash of "uid/name/restartCount", made without the joined string: the container's
    // identity is the hash of "uid/name" already.
    let idHash = SeededRandom.stableHash(
      String(container.restartCount), continuing: SeededRandom.stableHash("/", continuing: container.identity))
    let containerID = Self.containerID(idHash)
    var instance = ContainerInstance(startedAt: now, containerID: containerID)
    plan(&instance, for: container, in: runtime)
    container.stage = .running(instance)
    runtime.containerStarted = true
    container.crashBackOffAnnounced = false
    event(runtime, container, "Created", shared: container.shape.text.created)
    event(runtime, container, "Started", shared: container.shape.text.started)
  }

  /// Works out when a fresh instance exits (on its own or OOMKilled) and when probes pass or fail.
  func plan(_ instance: inout ContainerInstance, for container: ContainerRuntime, in runtime: PodRuntime) {
    let start = instance.startedAt
    let profile = container.profile
    if let after = profile.exitAfter {
      instance.exitAt = start + microseconds(after)
      instance.exitCode = profile.exitCode
      instance.reason = profile.exitCode == 0 ? "Completed" : "Error"
    }
    if let limit = memoryLimit(container) {
      let share = containerLoadShare(runtime, at: max(start, now))
      let demand = max(profile.demandMemoryBytes ?? 0, workload.memoryBytes(profile, identity: container.identity, share: share, at: max(start, now)))
      if demand > limit {
        let oomAt = max(start, now) + 800_000
        if instance.exitAt.map({ oomAt < $0 }) ?? true {
          instance.exitAt = oomAt
          instance.exitCode = 137
          instance.reason = "OOMKilled"
        }
      }
    }
    instance.startupAt = start
    guard !container.isInit else { return }
    instance.livenessKillAt = nil
    instance.nextProbeFailureAt = nil
    // Whether it has a startup or a liveness probe, whose failures are to be recorded.
    var probed = false
    // The startup probe first: until it passes, the container is not started, and the
    // readiness and liveness probes do not run.
    var startup = 0.0
    if let probe = container.spec.startupProbe {
      probed = true
      switch firstProbeOutcome(probe, container: container) {
      case .passes(let offset):
        startup = offset
        instance.startupAt = start + microseconds(offset)
      case .fails(let offset):
        instance.startupAt = .max
        instance.readyAt = nil
        if instance.exitAt.map({ start + microseconds(offset) < $0 }) ?? true {
          instance.livenessKillAt = start + microseconds(offset)
        }
        planProbeFailures(&instance, for: container)
        return
      }
    }
    instance.readyAt = instance.startupAt
    instance.unreadyAt = nil
    if let probe = container.spec.readinessProbe {
      let firstOffset = max(Double(probe.initialDelaySeconds ?? 0), startup)
      let passes = readinessTurn(probe, container: container, from: firstOffset, toPassing: true)
      instance.readyAt = passes.map(instance.instant)
      instance.unreadyAt = passes.flatMap { unreadyOffset(probe, container: container, readyAt: $0) }.map(instance.instant)
      // Planned again (a load change), the failures already recorded are not recorded twice.
      let recorded = instance.readinessRecordedAt
      let from = recorded == .min ? firstOffset : instance.offset(recorded + Self.periodMicros(probe))
      instance.readinessFailAt = nextFailure(probe, container: container, from: from, before: instance.runSeconds)
        .map(instance.instant)
    }
    // Killed at the liveness probe's `failureThreshold`-th failure in a row, or, when the
    // container exits first, failing (and recorded) until then.
    if let probe = container.spec.livenessProbe {
      probed = true
      if let failure = firstLivenessKill(probe, container: container, after: startup) {
        instance.livenessKillAt = start + microseconds(failure)
      }
    }
    if probed { planProbeFailures(&instance, for: container) }
  }

  /// Plans the recording of the instance's failed startup and liveness probes. Planned
  /// again (a load change), the failures already recorded are not recorded twice.
  private func planProbeFailures(_ instance: inout ContainerInstance, for container: ContainerRuntime) {
    let recorded = instance.probeRecordedAt
    instance.nextProbeFailureAt = nextProbeFailure(of: instance, container, from: recorded == .min ? instance.startedAt : recorded + 1)
  }

  /// The next failed startup or liveness probe at or after `instant`, to be recorded when it
  /// happens: the startup probe's until it passes, then the liveness probe's, all before the
  /// kill (whose failure the Killing Event's comes with) or, when it exits first, the exit.
  private func nextProbeFailure(of instance: ContainerInstance, _ container: ContainerRuntime, from instant: Int64) -> Int64? {
    let limit = instance.livenessKillAt.map(instance.offset) ?? instance.runSeconds
    let from = instance.offset(instant)
    // The first instant of a probe's schedule (every period from `anchor`) at or after `from`.
    func scheduled(_ probe: Probe, anchor: Double) -> Double {
      let period = Double(Self.periodMicros(probe)) / 1_000_000
      return from <= anchor ? anchor : anchor + ((from - anchor) / period).rounded(.up) * period
    }
    var started = 0.0
    if let probe = container.spec.startupProbe {
      let passed = instance.startupAt == .max ? limit : min(limit, instance.offset(instance.startupAt))
      let anchor = Double(probe.initialDelaySeconds ?? 0)
      if let failure = nextFailure(probe, container: container, from: scheduled(probe, anchor: anchor), before: passed) {
        return instance.instant(failure)
      }
      if instance.startupAt == .max { return nil }
      started = instance.offset(instance.startupAt)
    }
    guard let probe = container.spec.livenessProbe else { return nil }
    let anchor = max(Double(probe.initialDelaySeconds ?? 0), started)
    return nextFailure(probe, container: container, from: scheduled(probe, anchor: anchor), before: limit)
      .map(instance.instant)
  }

  /// Seconds after start when a container ready since `readyAt` (seconds after start) turns
  /// unready again: its readiness probe's `failureThreshold`-th failure in a row after it.
  func unreadyOffset(_ probe: Probe, container: ContainerRuntime, readyAt: Double) -> Double? {
    let period = Double(Self.periodMicros(probe)) / 1_000_000
    return readinessTurn(probe, container: container, from: readyAt + period, toPassing: false)
  }

  /// A ready container whose readiness probe has failed `failureThreshold` times in a row
  /// is unready from `unready` until its probe passes `successThreshold` times in a row
  /// again; the turns since `unready` that have already come are taken in order.
  private func turnUnready(_ instance: inout ContainerInstance, at unready: Int64, by probe: Probe, container: ContainerRuntime) {
    var turn = unready
    while true {
      let again = readinessTurn(probe, container: container, from: instance.offset(turn + Self.periodMicros(probe)), toPassing: true)
      instance.readyAt = again.map(instance.instant)
      instance.unreadyAt = again.flatMap { unreadyOffset(probe, container: container, readyAt: $0) }.map(instance.instant)
      guard let next = instance.unreadyAt, next <= now else { return }
      turn = next
    }
  }

  /// A probe's `periodSeconds` in microseconds (10 s when unset).
  static func periodMicros(_ probe: Probe?) -> Int64 {
    Int64(max(probe?.periodSeconds ?? 10, 1)) * 1_000_000
  }

  /// The probe that fails at `instant` (its startup probe's until it has passed, then its
  /// liveness probe's), and its name as the kubelet's messages give it.
  private func failingProbe(_ container: ContainerRuntime, _ instance: ContainerInstance, at instant: Int64) -> (probe: Probe?, kind: String) {
    container.spec.startupProbe != nil && instant < instance.startupAt
      ? (container.spec.startupProbe, "Startup") : (container.spec.livenessProbe, "Liveness")
  }

  /// Records one failed liveness or startup probe (repeats count on one Event): the one at
  /// `instant`.
  private func recordProbeFailure(_ container: ContainerRuntime, _ instance: ContainerInstance, at instant: Int64, in runtime: PodRuntime) {
    let (probe, kind) = failingProbe(container, instance, at: instant)
    event(
      runtime, container: container.name, type: "Warning", "Unhealthy",
      "\(kind) probe failed: " + probeFailure(probe, container: container, runtime: runtime))
  }

  /// The pod's extra load divided among its app containers.
  func containerLoadShare(_ runtime: PodRuntime, at micros: Int64) -> Double {
    let load = workload.load(namespace: runtime.key.namespace, pod: runtime.key.name, at: micros)
    return load / Double(max(runtime.appContainerCount, 1))
  }

  func memoryLimit(_ container: ContainerRuntime) -> Double? {
    container.spec.resources?.limits?["memory"].map(\.asApproximateDouble)
  }

  /// A load change can push memory past the limit: re-plan running containers.
  func replanLoad(_ runtime: PodRuntime) {
    for index in runtime.containers.indices {
      guard case .running(var instance) = runtime.containers[index].stage, !instance.stopping else { continue }
      plan(&instance, for: runtime.containers[index], in: runtime)
      runtime.containers[index].stage = .running(instance)
    }
  }

  private func exited(_ container: inout ContainerRuntime, _ instance: ContainerInstance, at finished: Int64, in runtime: PodRuntime) {
    container.previous = container.last
    container.last = ContainerTermination(
      startedAt: instance.startedAt, finishedAt: finished, exitCode: instance.exitCode, reason: instance.reason,
      containerID: instance.containerID, restartIndex: container.restartCount, crashed: instance.crashed,
      replaced: instance.replaced)
    let policy = runtime.restartPolicy
    var restarts: Bool
    switch policy {
    case "Never": restarts = false
    case "OnFailure": restarts = instance.exitCode != 0
    default: restarts = container.isInit ? instance.exitCode != 0 : true
    }
    if instance.stopping, runtime.terminatingUntil != nil { restarts = false }
    if instance.replaced, runtime.terminatingUntil == nil {
      container.stage = .exited(restartAt: finished, backOffAt: nil)
      return
    }
    guard restarts else {
      container.stage = .exited(restartAt: nil, backOffAt: nil)
      return
    }
    if BackoffEntry.isInBackOff(container.crashBackoff, since: finished, now: finished), let entry = container.crashBackoff {
      container.stage = .exited(restartAt: finished + entry.delay, backOffAt: min(finished + 1_000_000, finished + entry.delay))
    } else {
      container.stage = .exited(restartAt: finished, backOffAt: nil)
    }
  }

  private func restart(_ container: inout ContainerRuntime, in runtime: PodRuntime) {
    if let last = container.last, !last.replaced {
      container.crashBackoff = BackoffEntry.next(container.crashBackoff, at: last.finishedAt)
    }
    container.restartCount += 1
    start(&container, in: runtime)
  }

  /// The liveness probe (or the startup probe) failed `failureThreshold` times in a row:
  /// the kubelet kills the container, which restarts under its pod's policy.
  private func failProbe(_ container: inout ContainerRuntime, _ instance: inout ContainerInstance, in runtime: PodRuntime, at kill: Int64) {
    let (probe, kind) = failingProbe(container, instance, at: kill)
    // The failures before this one were recorded as they happened; this is the last.
    recordProbeFailure(container, instance, at: kill, in: runtime)
    instance.nextProbeFailureAt = nil
    event(
      runtime, container: container.name, "Killing",
      "Container \(container.name) failed \(kind.lowercased()) probe, will be restarted")
    let grace = probe?.terminationGracePeriodSeconds ?? runtime.gracePeriod
    stop(&instance, profile: container.profile, grace: grace, at: kill)
  }

  /// Sends SIGTERM at `micros`: a program that handles it exits 0 quickly; one that
  /// ignores it is killed (137) when the grace period ends.
  func stop(_ instance: inout ContainerInstance, profile: ContainerProfile, grace: Int64, at micros: Int64) {
    instance.stopping = true
    instance.livenessKillAt = nil
    let graceMicros = max(grace, 0) * 1_000_000
    let delay = profile.stopSeconds.map { min(microseconds($0), graceMicros) } ?? graceMicros
    let stopAt = micros + delay
    if let exitAt = instance.exitAt, exitAt <= stopAt { return }
    instance.exitAt = stopAt
    let graceful = profile.stopSeconds.map { microseconds($0) <= graceMicros } ?? false
    instance.exitCode = graceful ? 0 : 137
    instance.reason = graceful ? "Completed" : "Error"
  }

  /// Whether a readiness or startup probe's result is due now: the prober hands it to the
  /// status manager, which writes it at once, not at the next relist.
  func probeResultDue(_ runtime: PodRuntime) -> Bool {
    let now = self.now
    // By index: iterating would copy each container's runtime, spec and all, to read
    // whether it has a probe (most have none).
    let containers = runtime.containers
    for index in containers.indices
    where containers[index].spec.readinessProbe != nil || containers[index].spec.startupProbe != nil {
      guard case .running(let instance) = containers[index].stage else { continue }
      if instance.readyAt == now, now > instance.startedAt { return true }
      if instance.startupAt == now, now > instance.startedAt { return true }
      // A failure recorded now: when it is the one that makes the container unready, its
      // status is written at once.
      if instance.readinessRecordedAt == now { return true }
    }
    return false
  }

  /// The earliest pending transition of the pod.
  func nextWake(_ runtime: PodRuntime) -> Int64? {
    if runtime.podIP == nil { return runtime.sandboxReadyAt }
    var earliest: Int64?
    func consider(_ time: Int64?) {
      guard let time, time > now else { return }
      earliest = min(earliest ?? time, time)
    }
    func considerStage(of container: UnsafePointer<ContainerRuntime>) {
      switch container.pointee.stage {
      case .waiting: break
      case .configFailed(_, _, let retryAt): consider(retryAt)
      case .pulling(let until, _, _, _): consider(until)
      case .pullFailed(_, let backOffAt, let retryAt):
        if !container.pointee.pullBackOffAnnounced { consider(backOffAt) }
        consider(retryAt)
      case .running(let instance):
        consider(instance.exitAt)
        if instance.startupAt != .max { consider(instance.startupAt) }
        consider(instance.readyAt)
        consider(instance.livenessKillAt)
        if !instance.stopping { consider(instance.nextProbeFailureAt) }
        consider(instance.readinessFailAt)
        consider(instance.unreadyAt)
      case .exited(let restartAt, let backOffAt):
        if !container.pointee.crashBackOffAnnounced { consider(backOffAt) }
        consider(restartAt)
      }
    }
    // Each container read where it is (see `withContainer(at:_:)`).
    let initContainers = runtime.initContainers
    for index in initContainers.indices { initContainers.withContainer(at: index, considerStage) }
    let containers = runtime.containers
    for index in containers.indices { containers.withContainer(at: index, considerStage) }
    return earliest
  }
}
