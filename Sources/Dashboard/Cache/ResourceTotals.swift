import KubeModel

/// CPU (millicores), memory (bytes) and a pod count, summed per node.
public struct ResourceTotals: Hashable, Sendable {
  /// CPU in millicores.
  public var cpuMilli: Int64 = 0
  /// Memory in bytes.
  public var memoryBytes: Int64 = 0
  /// Number of pods.
  public var pods: Int = 0

  /// Creates totals.
  public init(cpuMilli: Int64 = 0, memoryBytes: Int64 = 0, pods: Int = 0) {
    self.cpuMilli = cpuMilli
    self.memoryBytes = memoryBytes
    self.pods = pods
  }

  /// Adds or subtracts another total.
  public mutating func add(_ other: ResourceTotals, sign: Int64 = 1) {
    cpuMilli += sign * other.cpuMilli
    memoryBytes += sign * other.memoryBytes
    pods += Int(sign) * other.pods
  }

  /// A pod's effective requests as the scheduler counts them: the sum over containers,
  /// or the largest init container when that is larger.
  public static func requests(of pod: Pod) -> ResourceTotals {
    // One container and no init containers, the usual case: its requests are the total.
    if let spec = pod.spec, let containers = spec.containers, containers.count == 1, spec.initContainers?.isEmpty ?? true {
      return requests(ofSingleContainer: containers[0].resources?.requests)
    }
    func sum(_ containers: [Container]?, _ name: String) -> Quantity {
      Quantity.sum((containers ?? []).compactMap { $0.resources?.requests?[name] })
    }
    func maxOf(_ containers: [Container]?, _ name: String) -> Quantity {
      (containers ?? []).compactMap { $0.resources?.requests?[name] }.max() ?? .zero
    }
    let cpu = max(sum(pod.spec?.containers, "cpu"), maxOf(pod.spec?.initContainers, "cpu"))
    let memory = max(sum(pod.spec?.containers, "memory"), maxOf(pod.spec?.initContainers, "memory"))
    return ResourceTotals(cpuMilli: cpu.milliValue, memoryBytes: memory.value, pods: 1)
  }

  /// The requests of a pod with one container and no init containers: that container's.
  static func requests(ofSingleContainer requests: [String: Quantity]?) -> ResourceTotals {
    // Rounding away from zero keeps the sign, so clamping the integer equals clamping the quantity.
    ResourceTotals(
      cpuMilli: max(requests?["cpu"]?.milliValue ?? 0, 0), memoryBytes: max(requests?["memory"]?.value ?? 0, 0), pods: 1)
  }

  /// A pod's limits summed over its containers (zero where unset).
  public static func limits(of pod: Pod) -> ResourceTotals {
    let containers = pod.spec?.containers ?? []
    let cpu = Quantity.sum(containers.compactMap { $0.resources?.limits?["cpu"] })
    let memory = Quantity.sum(containers.compactMap { $0.resources?.limits?["memory"] })
    return ResourceTotals(cpuMilli: cpu.milliValue, memoryBytes: memory.value, pods: 1)
  }

  /// A node's allocatable resources.
  public static func allocatable(of node: Node) -> ResourceTotals {
    let allocatable = node.status?.allocatable ?? [:]
    return ResourceTotals(
      cpuMilli: allocatable["cpu"]?.milliValue ?? 0, memoryBytes: allocatable["memory"]?.value ?? 0,
      pods: Int(allocatable["pods"]?.value ?? 0))
  }

  /// Usage as metrics report it.
  public static func usage(_ usage: [String: Quantity]?) -> ResourceTotals {
    ResourceTotals(cpuMilli: usage?["cpu"]?.milliValue ?? 0, memoryBytes: usage?["memory"]?.value ?? 0)
  }
}

extension Pod {
  /// Whether the pod still holds its node's resources (not Succeeded or Failed).
  public var holdsResources: Bool {
    let phase = status?.phase ?? ""
    return phase != "Succeeded" && phase != "Failed"
  }
}
