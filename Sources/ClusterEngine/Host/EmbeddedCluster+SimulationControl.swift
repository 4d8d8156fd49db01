import KubeModel

/// The simulation-only controls the dashboard offers on the embedded cluster: the clock
/// (speed, pause), node power through the simulated kubelet, joining nodes, and the
/// scheduler's explanations.
extension EmbeddedCluster: SimulationControl {
  public func simulationStatus() async -> SimulationStatus {
    let time = guarded.withLock { $0.cluster.clock.nowMicro }
    return SimulationStatus(time: time, speed: speed, isPaused: driver.isPaused)
  }

  public func setSimulationSpeed(_ speed: Double) async {
    self.speed = speed
  }

  public func setSimulationPaused(_ paused: Bool) async {
    if paused { pause() } else { resume() }
  }

  public func setNodePower(node: String, on: Bool) async throws {
    try withCluster { (cluster: Cluster) throws(Status) -> Void in
      guard let kubelet = cluster.component(Kubelet.self) else {
        throw Status.unavailable("no simulated kubelet is running")
      }
      do throws(KubeletFaultError) {
        if on { try kubelet.powerOn(node) } else { try kubelet.powerOff(node) }
      } catch {
        throw Status.badRequest(error.description)
      }
    }
  }

  public func isNodePoweredOn(node: String) async -> Bool {
    withCluster { cluster in cluster.component(Kubelet.self)?.isPoweredOn(node) ?? true }
  }

  public func joinNode() async throws -> String {
    try withCluster { (cluster: Cluster) throws(Status) -> String in
      let existing = Set(cluster.api.list(Node.self).map(\.name))
      var index = 1
      while existing.contains("worker-\(index)") { index += 1 }
      return try cluster.joinNode(NodeConfiguration.sized("worker-\(index)", cpu: 4, memoryGiB: 8)).name
    }
  }

  public func explainScheduling(namespace: String, pod: String) async throws -> SchedulingExplanation {
    try withCluster { (cluster: Cluster) throws(Status) -> SchedulingExplanation in
      guard let scheduler = cluster.component(Scheduler.self) else {
        throw Status.unavailable("no scheduler is running")
      }
      guard let explanation = scheduler.explanation(namespace: namespace, pod: pod) else {
        throw Status.notFound(.pods, name: "\(pod): no scheduling attempt recorded")
      }
      return explanation
    }
  }

  public func setServiceLoad(namespace: String, service: String, requestsPerSecond: Double) async throws {
    try withCluster { (cluster: Cluster) throws(Status) -> Void in
      try cluster.setServiceLoad(namespace: namespace, service: service, requestsPerSecond: requestsPerSecond)
    }
  }
}
