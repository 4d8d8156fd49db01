import KubeModel

/// What a kubelet cannot do when something goes wrong with its node.
public enum KubeletFaultError: Error, Hashable, Sendable, CustomStringConvertible {
  case unknownNode(String)
  case unknownPod(namespace: String, name: String)
  case containerNotRunning(pod: String, container: String)

  public var description: String {
    switch self {
    case .unknownNode(let name): return "node \"\(name)\" is not run by this cluster's kubelets"
    case .unknownPod(let namespace, let name): return "pod \"\(name)\" in namespace \"\(namespace)\" is not running on a node"
    case .containerNotRunning(let pod, let container): return "container \"\(container)\" in pod \"\(pod)\" is not running"
    }
  }
}

/// Simulated faults: power a node off and on, cut it off from the API server, crash a
/// container. The control plane only learns of them the way it would in Kubernetes
/// (missed heartbeats, a container's exit).
extension Kubelet {
  /// Whether `node` is powered on.
  public func isPoweredOn(_ node: String) -> Bool { nodes[node]?.powered ?? false }

  /// Whether `node` is cut off from the API server.
  public func isPartitioned(_ node: String) -> Bool { nodes[node]?.partitioned ?? false }

  /// Powers a node off: its kubelet stops (no heartbeats, no status) and its containers
  /// stop running. The pods stay as last reported until the node lifecycle controller acts.
  public func powerOff(_ node: String) throws(KubeletFaultError) {
    guard let agent = nodes[node] else { throw .unknownNode(node) }
    guard agent.powered else { return }
    agent.powered = false
    agent.poweredOffAt = now
    agent.pullerFreeAt = 0
    for key in cluster.store.keys(Pod.self, index: "node", value: node) {
      if let runtime = pods[key] { wake(runtime, at: nil) }
    }
    // A control-plane node takes its etcd member down with it.
    cluster.component(ControlPlane.self)?.setMemberUp(node: node, up: false)
  }

  /// Powers a node back on, as after a reboot: the kubelet posts Ready, finishes deleting
  /// pods that were deleted meanwhile, and restarts the others' containers (their last
  /// state `Unknown`, exit code 255).
  public func powerOn(_ node: String) throws(KubeletFaultError) {
    guard let agent = nodes[node] else { throw .unknownNode(node) }
    guard !agent.powered else { return }
    let offAt = agent.poweredOffAt ?? now
    agent.powered = true
    agent.poweredOffAt = nil
    agent.bootID = cluster.newUID()
    agent.statusDirty = true
    agent.registersOnStart = true
    agent.relistPhase = now % 1_000_000
    let name = node
    if configuration.recordEvents, !agent.partitioned {
      let reference = ObjectReference(kind: "Node", name: name, uid: name, apiVersion: "v1")
      cluster.api.recordEvent(involving: reference, reason: "Starting", message: "Starting kubelet.", component: "kubelet", host: name)
      cluster.api.recordEvent(
        involving: reference, type: "Warning", reason: "Rebooted",
        message: "Node \(name) has been rebooted, boot id: \(agent.bootID)", component: "kubelet", host: name)
    }
    for key in cluster.store.keys(Pod.self, index: "node", value: node).sorted() {
      guard let runtime = pods[key] else {
        markDirty(key)
        continue
      }
      reboot(runtime, poweredOffAt: offAt)
      event(runtime, container: nil, "SandboxChanged", "Pod sandbox changed, it will be killed and re-created.")
      markDirty(key)
    }
    if !agent.partitioned {
      renewLease(node)
      writeNodeStatus(node)
    }
    cluster.component(ControlPlane.self)?.setMemberUp(node: node, up: true)
  }

  /// Every container that was running died with the node; all start again.
  private func reboot(_ runtime: PodRuntime, poweredOffAt: Int64) {
    func reset(_ containers: inout [ContainerRuntime]) {
      for index in containers.indices {
        if case .running(let instance) = containers[index].stage {
          containers[index].previous = containers[index].last
          containers[index].last = ContainerTermination(
            startedAt: instance.startedAt, finishedAt: min(instance.exitAt ?? poweredOffAt, poweredOffAt), exitCode: 255,
            reason: "Unknown", containerID: instance.containerID, restartIndex: containers[index].restartCount)
          containers[index].restartCount += 1
        }
        if !containers[index].succeeded || containers[index].isInit { containers[index].stage = .waiting }
      }
    }
    reset(&runtime.initContainers)
    reset(&runtime.containers)
    runtime.sandboxReadyAt = now + microseconds(configuration.sandboxSeconds)
    runtime.sandboxLost()
    if let host = runtime.host { nodes[runtime.node]?.usedHosts.remove(host) }
    runtime.host = nil
  }

  /// Cuts a node off from the API server (`true`) or reconnects it (`false`). Cut off, its
  /// kubelet keeps running its pods but neither heartbeats nor reports; reconnected, it
  /// reports everything at once and learns what changed meanwhile.
  public func setPartitioned(_ node: String, _ partitioned: Bool) throws(KubeletFaultError) {
    guard let agent = nodes[node] else { throw .unknownNode(node) }
    guard agent.partitioned != partitioned else { return }
    agent.partitioned = partitioned
    agent.statusDirty = true
    guard !partitioned, agent.powered else { return }
    renewLease(node)
    writeNodeStatus(node)
    for key in cluster.store.keys(Pod.self, index: "node", value: node).sorted() {
      if let runtime = pods[key] { forgetWrite(of: runtime) }
      markDirty(key)
    }
  }

  /// Makes a running container exit with an error now (exit code 1, a crash message in its
  /// log); it restarts as its pod's restart policy says.
  /// The shell of an attached session ends (`exit N`, or the end of its input): the
  /// container exits with that code.
  public func endShell(namespace: String, pod: String, container: String?, exitCode: Int32) throws(KubeletFaultError) {
    try stopRunning(namespace: namespace, pod: pod, container: container) { instance in
      instance.exitCode = exitCode
      instance.reason = exitCode == 0 ? "Completed" : "Error"
    }
  }

  public func crashContainer(namespace: String, pod: String, container: String? = nil) throws(KubeletFaultError) {
    try stopRunning(namespace: namespace, pod: pod, container: container) { instance in
      instance.exitCode = 1
      instance.reason = "Error"
      instance.crashed = true
    }
  }

  /// Makes a running container (the named one, or the first running) exit now, as `end`
  /// describes the exit.
  private func stopRunning(
    namespace: String, pod: String, container: String?, _ end: (inout ContainerInstance) -> Void
  ) throws(KubeletFaultError) {
    let key = ObjectKey(namespace: namespace, name: pod)
    guard let runtime = pods[key] else { throw .unknownPod(namespace: namespace, name: pod) }
    let index = runtime.containers.firstIndex { container == nil ? $0.isRunning : $0.name == container }
    guard let index, case .running(var instance) = runtime.containers[index].stage else {
      throw .containerNotRunning(pod: pod, container: container ?? runtime.containers.first?.name ?? "")
    }
    instance.exitAt = now
    end(&instance)
    runtime.containers[index].stage = .running(instance)
    markDirty(key)
  }
}
