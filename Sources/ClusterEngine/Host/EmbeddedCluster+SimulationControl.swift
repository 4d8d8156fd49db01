import KubeModel

/// The simulation-only controls the dashboard offers on the embedded cluster: the clock
/// (speed, pause), and node power, joining and scheduling explanations where the engine
/// provides them.
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
    throw Status.methodNotAllowed("powering nodes off and on is not supported yet")
  }

  public func isNodePoweredOn(node: String) async -> Bool { true }

  public func joinNode() async throws -> String {
    throw Status.methodNotAllowed("joining nodes is not supported yet")
  }

  public func explainScheduling(namespace: String, pod: String) async throws -> [String] {
    throw Status.methodNotAllowed("scheduling explanations are not supported yet")
  }

  public func setServiceLoad(namespace: String, service: String, requestsPerSecond: Double) async throws {
    throw Status.methodNotAllowed("synthetic service load is not supported yet")
  }
}
