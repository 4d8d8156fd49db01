import KubeModel

/// `kubectl logs` against the simulated containers: the current or previous run's lines,
/// with `--tail`, `--since` and `--timestamps`, and the kubelet's errors word for word.
extension Kubelet {
  /// A container's log lines (simulated). Throws the API's errors: the pod is missing, no
  /// container was named in a multi-container pod, the container is waiting to start, or
  /// there is no previous run.
  public func logs(
    namespace: String, pod: String, container: String? = nil, previous: Bool = false, tailLines: Int? = nil,
    sinceSeconds: Int? = nil, timestamps: Bool = false
  ) throws(Status) -> [String] {
    let key = ObjectKey(namespace: namespace, name: pod)
    guard let object = cluster.store.get(Pod.self, key) else { throw Status.notFound(.pods, name: pod) }
    let names = (object.spec?.containers ?? []).compactMap(\.name)
    let initNames = (object.spec?.initContainers ?? []).compactMap(\.name)
    let name: String
    if let container {
      guard names.contains(container) || initNames.contains(container) else {
        throw Status.badRequest("container \(container) is not valid for pod \(pod)")
      }
      name = container
    } else if names.count == 1, let only = names.first {
      name = only
    } else {
      var message = "a container name must be specified for pod \(pod), choose one of: [\(names.joined(separator: " "))]"
      if !initNames.isEmpty { message += " or one of the init containers: [\(initNames.joined(separator: " "))]" }
      throw Status.badRequest(message)
    }
    guard let runtime = self.runtime(at: key),
      let state = (runtime.containers + runtime.initContainers).first(where: { $0.name == name })
    else {
      throw Status.badRequest("container \"\(name)\" in pod \"\(pod)\" is waiting to start: ContainerCreating")
    }
    let run = try logRun(state, in: runtime, previous: previous, pod: pod)
    return lines(of: run, in: runtime, tailLines: tailLines, sinceSeconds: sinceSeconds, timestamps: timestamps)
  }

  /// The ID of the instance of `container` (the pod's first container when nil) that runs
  /// now; nil when none does (it waits or has exited, or the pod or its node is gone).
  func runningInstance(namespace: String, pod: String, container: String?) -> String? {
    guard let (_, state) = followed(container, namespace: namespace, pod: pod), case .running(let instance) = state.stage
    else { return nil }
    return instance.containerID
  }

  /// The stamped lines of one instance of a container, by its ID, and whether it still runs;
  /// nil once the kubelet no longer knows that instance (the pod is gone, its node is off,
  /// or the container restarted twice since). A follow streams one instance, as the kubelet
  /// streams one container's log file, and ends when that instance stops.
  func lines(namespace: String, pod: String, container: String?, instance id: String) -> (lines: [String], running: Bool)? {
    guard let (runtime, state) = followed(container, namespace: namespace, pod: pod) else { return nil }
    let run: LogModel.Run
    let running: Bool
    if case .running(let instance) = state.stage, instance.containerID == id {
      run = makeRun(state, runtime: runtime, start: instance.startedAt, end: nil, restartIndex: state.restartCount,
        exitCode: 0, reason: "", crashed: false)
      running = true
    } else if let ended = [state.last, state.previous].lazy.compactMap({ $0 }).first(where: { $0.containerID == id }) {
      run = makeRun(state, runtime: runtime, start: ended.startedAt, end: ended.finishedAt, restartIndex: ended.restartIndex,
        exitCode: ended.exitCode, reason: ended.reason, crashed: ended.crashed)
      running = false
    } else {
      return nil
    }
    return (lines(of: run, in: runtime, tailLines: nil, sinceSeconds: nil, timestamps: true), running)
  }

  /// The container a follow reads (the named one, or the pod's first), with its pod's
  /// record; nil when the pod is gone or its node is off.
  private func followed(_ container: String?, namespace: String, pod: String) -> (PodRuntime, ContainerRuntime)? {
    guard let runtime = runtime(at: ObjectKey(namespace: namespace, name: pod)), nodes[runtime.node]?.powered == true else {
      return nil
    }
    let state: ContainerRuntime?
    if let container {
      state = runtime.containers.first { $0.name == container } ?? runtime.initContainers.first { $0.name == container }
    } else {
      state = runtime.containers.first
    }
    return state.map { (runtime, $0) }
  }

  private func lines(of run: LogModel.Run, in runtime: PodRuntime, tailLines: Int?, sinceSeconds: Int?, timestamps: Bool) -> [String] {
    let model = LogModel(seed: cluster.configuration.seed, epochSeconds: cluster.clock.epochSeconds)
    let to = nodes[runtime.node]?.poweredOffAt.map { min($0, now) } ?? now
    let from = sinceSeconds.map { now - Int64(max($0, 0)) * 1_000_000 } ?? Int64.min
    let limit = min(tailLines.map { max($0, 0) } ?? LogModel.maxLines, LogModel.maxLines)
    return model.lines(run, from: from, to: to, limit: limit).map { line in
      timestamps ? "\(rfc3339Nano(line.micros)) \(line.text)" : line.text
    }
  }

  /// Which run of the container the request reads, as the kubelet's
  /// `validateContainerLogStatus` decides.
  private func logRun(_ container: ContainerRuntime, in runtime: PodRuntime, previous: Bool, pod: String) throws(Status) -> LogModel.Run {
    let shownTerminated: Bool
    if case .exited(let restartAt, let backOffAt) = container.stage {
      shownTerminated = !(restartAt != nil && backOffAt.map { now >= $0 } == true)
    } else {
      shownTerminated = false
    }
    func run(_ termination: ContainerTermination) -> LogModel.Run {
      makeRun(container, runtime: runtime, start: termination.startedAt, end: termination.finishedAt,
        restartIndex: termination.restartIndex, exitCode: termination.exitCode, reason: termination.reason, crashed: termination.crashed)
    }
    if previous {
      let earlier = shownTerminated ? container.previous : container.last
      guard let earlier else {
        throw Status.badRequest("previous terminated container \"\(container.name)\" in pod \"\(pod)\" not found")
      }
      return run(earlier)
    }
    switch container.stage {
    case .running(let instance):
      return makeRun(container, runtime: runtime, start: instance.startedAt, end: nil, restartIndex: container.restartCount,
        exitCode: 0, reason: "", crashed: false)
    case .exited:
      if let last = container.last { return run(last) }
    case .pullFailed:
      if let last = container.last { return run(last) }
      let reason = now >= pullBackOffTime(container) ? "trying and failing to pull image" : "image can't be pulled"
      throw Status.badRequest("container \"\(container.name)\" in pod \"\(pod)\" is waiting to start: \(reason)")
    case .configFailed(let reason, _, _):
      if let last = container.last { return run(last) }
      throw Status.badRequest("container \"\(container.name)\" in pod \"\(pod)\" is waiting to start: \(reason ?? "ContainerCreating")")
    case .waiting, .pulling:
      if let last = container.last { return run(last) }
    }
    let reason = !runtime.initialized && !container.isInit ? "PodInitializing" : "ContainerCreating"
    throw Status.badRequest("container \"\(container.name)\" in pod \"\(pod)\" is waiting to start: \(reason)")
  }

  private func pullBackOffTime(_ container: ContainerRuntime) -> Int64 {
    if case .pullFailed(_, let backOffAt, _) = container.stage { return backOffAt }
    return .max
  }

  private func makeRun(
    _ container: ContainerRuntime, runtime: PodRuntime, start: Int64, end: Int64?, restartIndex: Int32, exitCode: Int32,
    reason: String, crashed: Bool
  ) -> LogModel.Run {
    let key = runtime.key
    let share = Double(max(runtime.appContainerCount, 1))
    let workload = self.workload
    var run = LogModel.Run(
      profile: container.profile, identity: container.identity, restartIndex: restartIndex, startedAt: start, endedAt: end,
      exitCode: exitCode, reason: reason, crashed: crashed,
      load: { workload.load(namespace: key.namespace, pod: key.name, at: $0) / share }, podIP: runtime.podIP ?? "")
    if container.profile.script != nil {
      let name = container.name
      run.commandOutput = { [unowned cluster] argv in
        var shell = SimulatedShell(unchecked: cluster, namespace: key.namespace, pod: key.name, container: name)
        let result = shell.run(argv)
        // A last line without its newline (`wget -q -O-` of `OK!`) is still written.
        let output = result.stdout + result.stderr
        if output.isEmpty { return [] }
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false)
        return (output.hasSuffix("\n") ? lines.dropLast() : lines[...]).map(String.init)
      }
    }
    return run
  }

  /// `2026-01-01T00:00:05.123456000Z`, as `--timestamps` prints.
  func rfc3339Nano(_ micros: Int64) -> String {
    let whole = MicroTime(micros: cluster.clock.epochSeconds * 1_000_000 + micros).description
    // MicroTime prints six fraction digits; the log API prints nine.
    return whole.hasSuffix("Z") ? String(whole.dropLast()) + "000Z" : whole
  }
}
