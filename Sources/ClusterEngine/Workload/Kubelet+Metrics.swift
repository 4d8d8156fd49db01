import KubeModel

/// Resource usage as metrics-server reports it (`kubectl top`), from the workload model:
/// CPU in nanocores and memory in KiB over a 10 s window. A node's usage is the sum of its
/// running containers plus the system's own overhead. Powered-off nodes and their pods
/// report nothing, as a scrape of a dead kubelet does.
extension Kubelet {
  /// Puts `millicores` of extra CPU demand on a pod from now on (0 removes it); see
  /// `WorkloadModel.setLoad`.
  public func setLoad(namespace: String, pod: String, millicores: Double) {
    workload.setLoad(namespace: namespace, pod: pod, millicores: millicores, now: now)
  }

  /// Every node's usage now. Powered-off nodes are left out, and so are machines whose Node
  /// object was deleted: metrics-server scrapes the nodes the API lists.
  public func nodeMetrics() -> [NodeMetrics] {
    let stamp = cluster.clock.now
    return nodeOrder.sorted().compactMap { name in
      guard let agent = nodes[name], agent.powered, let node = cluster.store.get(Node.self, name: name) else { return nil }
      var cpu = 0.0
      var memory = 0.0
      for key in cluster.store.keys(Pod.self, index: "node", value: name) {
        guard let runtime = self.runtime(at: key) else { continue }
        for usage in containerUsage(runtime) {
          cpu += usage.cpu
          memory += usage.memory
        }
      }
      let identity = SeededRandom.stableHash(name)
      let cores = agent.configuration.cpu.asApproximateDouble
      let bytes = agent.configuration.memory.asApproximateDouble
      cpu += (40 + 8 * cores) * (1 + 0.25 * workload.noise(identity, seconds: cluster.clock.seconds))
      memory += (mebibytes(350) + 0.03 * bytes) * (1 + 0.02 * workload.noise(identity &+ 7, seconds: cluster.clock.seconds / 8))
      var metrics = NodeMetrics()
      metrics.metadata.name = name
      metrics.metadata.labels = node.metadata.labels
      metrics.metadata.creationTimestamp = stamp
      metrics.timestamp = stamp
      metrics.window = "10s"
      metrics.usage = ["cpu": nanocores(cpu), "memory": kibibytes(memory)]
      return metrics
    }
  }

  /// The usage of every pod with running containers, in one namespace or all.
  public func podMetrics(namespace: String? = nil) -> [PodMetrics] {
    let stamp = cluster.clock.now
    return pods.keys.lazy.filter { namespace == nil || $0.namespace == namespace }.sorted().compactMap { key in
      guard let runtime = self.runtime(at: key), nodes[runtime.node]?.powered == true else { return nil }
      let usage = containerUsage(runtime)
      guard !usage.isEmpty else { return nil }
      var metrics = PodMetrics()
      metrics.metadata.name = key.name
      metrics.metadata.namespace = key.namespace
      metrics.metadata.labels = cluster.store.get(Pod.self, key)?.metadata.labels
      metrics.metadata.creationTimestamp = stamp
      metrics.timestamp = stamp
      metrics.window = "10s"
      metrics.containers = usage.map {
        ContainerMetrics(name: $0.name, usage: ["cpu": nanocores($0.cpu), "memory": kibibytes($0.memory)])
      }
      return metrics
    }
  }

  /// CPU millicores and memory bytes of each running container of a pod, now.
  func containerUsage(_ runtime: PodRuntime) -> [(name: String, cpu: Double, memory: Double)] {
    let share = containerLoadShare(runtime, at: now)
    return (runtime.initContainers + runtime.containers).compactMap { container in
      guard case .running(let instance) = container.stage, instance.startedAt <= now else { return nil }
      let limit = container.spec.resources?.limits?["cpu"].map { $0.asApproximateDouble * 1000 }
      let load = container.isInit ? 0 : share
      let cpu = workload.cpuMillicores(container.profile, identity: container.identity, share: load, limit: limit, at: now)
      var memory = workload.memoryBytes(container.profile, identity: container.identity, share: load, at: now)
      if let demand = container.profile.demandMemoryBytes { memory = max(memory, demand) }
      if let limit = memoryLimit(container) { memory = min(memory, limit) }
      return (container.name, cpu, memory)
    }
  }

  private func nanocores(_ millicores: Double) -> Quantity {
    Quantity(scaled: Int64((millicores * 1_000_000).rounded()), scale: -9)
  }

  private func kibibytes(_ bytes: Double) -> Quantity {
    Quantity(Int64(bytes / 1024) * 1024, format: .binarySI)
  }
}
