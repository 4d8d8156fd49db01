import Foundation
import KubeModel

/// The simulated workload inside containers: how much CPU and memory each uses and how
/// much load it is under. Usage is a pure function of (seed, container, virtual time),
/// computed when someone reads it; nothing is stored or ticked per container. Simulated:
/// no real process runs.
public final class WorkloadModel {
  var seed: UInt64
  /// Extra CPU (millicores) per pod, keyed by namespace/name, with when it last changed.
  private var loads: [ObjectKey: [(micros: Int64, millicores: Double)]] = [:]
  /// Called with the pod whose load changed, so its containers can be re-planned.
  var onLoadChange: ((ObjectKey) -> Void)?
  /// How many load changes are kept per pod (older ones only shaped old log lines).
  static let loadHistoryLimit = 32

  init(seed: UInt64) {
    self.seed = seed
  }

  /// Puts `millicores` of extra CPU demand on every container of a pod, shared among them
  /// (for example traffic a Service sends it); 0 removes it. Memory grows with load too.
  public func setLoad(namespace: String, pod: String, millicores: Double, now micros: Int64) {
    let key = ObjectKey(namespace: namespace, name: pod)
    var history = loads[key] ?? []
    if history.last?.millicores == max(millicores, 0) { return }
    history.append((micros, max(millicores, 0)))
    if history.count > Self.loadHistoryLimit { history.removeFirst(history.count - Self.loadHistoryLimit) }
    loads[key] = history
    if millicores <= 0, history.count == 1 { loads[key] = nil }
    onLoadChange?(key)
  }

  /// The extra CPU demand on a pod at `micros`.
  public func load(namespace: String, pod: String, at micros: Int64) -> Double {
    guard let history = loads[ObjectKey(namespace: namespace, name: pod)] else { return 0 }
    return history.last { $0.micros <= micros }?.millicores ?? 0
  }

  /// Forgets a deleted pod's load.
  func forget(_ key: ObjectKey) { loads[key] = nil }

  /// A smooth noise in [-1, 1] for `identity` at `seconds`: hashed values at 15-s knots,
  /// interpolated with a cosine so usage drifts instead of jumping.
  func noise(_ identity: UInt64, seconds: Double) -> Double {
    let knot = (seconds / 15).rounded(.down)
    let fraction = seconds / 15 - knot
    let a = SeededRandom.unit(hashing: seed, identity, UInt64(bitPattern: Int64(knot))) * 2 - 1
    let b = SeededRandom.unit(hashing: seed, identity, UInt64(bitPattern: Int64(knot) + 1)) * 2 - 1
    let weight = (1 - cos(fraction * Double.pi)) / 2
    return a + (b - a) * weight
  }

  /// CPU millicores a running container uses at `micros`, capped by its CPU limit.
  func cpuMillicores(_ profile: ContainerProfile, identity: UInt64, share: Double, limit: Double?, at micros: Int64) -> Double {
    let seconds = Double(micros) / 1_000_000
    var usage = profile.baseMilliCPU * (1 + profile.cpuNoise * noise(identity, seconds: seconds))
    usage += share
    if let limit, limit > 0 { usage = min(usage, limit) }
    return max(usage, 0)
  }

  /// Memory bytes a running container holds at `micros`: its base, a slow wobble, and
  /// 64 KiB per millicore of load.
  func memoryBytes(_ profile: ContainerProfile, identity: UInt64, share: Double, at micros: Int64) -> Double {
    let seconds = Double(micros) / 1_000_000
    let wobble = 1 + 0.03 * noise(identity &+ 1, seconds: seconds / 8)
    return profile.baseMemoryBytes * wobble + share * 65_536
  }
}
