/// Controls that only a simulated cluster has: its clock, node power, joining nodes,
/// the scheduler's reasoning and synthetic load.
///
/// The dashboard talks to a `ClusterClient`; when that client is also a `SimulationControl`
/// (`client as? SimulationControl`), the simulation keys (pause, speed, power, join,
/// explain) are offered. A real cluster simply does not conform.
public protocol SimulationControl: Sendable {
  /// The virtual clock and how fast it runs.
  func simulationStatus() async -> SimulationStatus

  /// Sets how many virtual seconds pass per wall-clock second (1, 2, 10, 60…).
  func setSimulationSpeed(_ speed: Double) async

  /// Pauses or resumes the virtual clock.
  func setSimulationPaused(_ paused: Bool) async

  /// Powers a node off (its kubelet stops heartbeating; the node goes NotReady and, after
  /// the eviction timeout, its pods are replaced elsewhere) or back on.
  func setNodePower(node: String, on: Bool) async throws

  /// Whether a node is powered on.
  func isNodePoweredOn(node: String) async -> Bool

  /// Adds a new worker node to the cluster; returns its name.
  func joinNode() async throws -> String

  /// Why a pod is (or is not) scheduled where it is: the scheduler's last attempt, with its
  /// verdict per node and the plugin scores.
  func explainScheduling(namespace: String, pod: String) async throws -> SchedulingExplanation

  /// Sets a synthetic request rate on a service (drives CPU usage and the HPA).
  func setServiceLoad(namespace: String, service: String, requestsPerSecond: Double) async throws

  /// The synthetic load on a service, its endpoints and the pods that answered lately.
  func serviceLoad(namespace: String, service: String) async throws -> ServiceLoadStatus

  /// The etcd members of the control plane (empty when none is modelled).
  func controlPlaneStatus() async -> ControlPlaneStatus
}

/// The state of the virtual clock.
public struct SimulationStatus: Hashable, Sendable {
  /// The virtual time now.
  public var time: MicroTime
  /// Virtual seconds per wall-clock second.
  public var speed: Double
  public var isPaused: Bool

  public init(time: MicroTime, speed: Double, isPaused: Bool) {
    self.time = time
    self.speed = speed
    self.isPaused = isPaused
  }
}
