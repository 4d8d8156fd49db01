/// A name for a pod priority (`scheduling.k8s.io/v1 PriorityClass`): pods name a class in
/// `spec.priorityClassName` and the API server writes its value into `spec.priority`. The
/// scheduler pops pending pods by priority and may evict pods of lower priority to place one.
public struct PriorityClass: KubeObject {
  public static let resource = ResourceType.priorityclasses
  public var apiVersion: String? = "scheduling.k8s.io/v1"
  public var kind: String? = "PriorityClass"
  public var metadata = ObjectMeta()
  /// The priority of the class's pods; user classes go up to `highestUserDefinable`.
  public var value: Int32 = 0
  /// Whether pods that name no class get this one (one class at most).
  public var globalDefault: Bool?
  public var description: String?
  /// `PreemptLowerPriority` (the default) or `Never`: whether the class's pods may evict others.
  public var preemptionPolicy: String?

  public init() {}

  public init(name: String, value: Int32, globalDefault: Bool? = nil, description: String? = nil, preemptionPolicy: String? = nil) {
    metadata = ObjectMeta(name: name)
    self.value = value
    self.globalDefault = globalDefault
    self.description = description
    self.preemptionPolicy = preemptionPolicy
  }

  /// The highest value a class not named `system-…` may have.
  public static let highestUserDefinable: Int32 = 1_000_000_000
  /// The prefix of the classes the API server creates itself.
  public static let systemPrefix = "system-"

  /// The classes every cluster has, as the API server creates them at start-up.
  public static let system: [PriorityClass] = [
    PriorityClass(
      name: "system-node-critical", value: 2_000_001_000, globalDefault: false,
      description: "Used for system critical pods that must not be moved from their current node.",
      preemptionPolicy: "PreemptLowerPriority"),
    PriorityClass(
      name: "system-cluster-critical", value: 2_000_000_000, globalDefault: false,
      description: "Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.",
      preemptionPolicy: "PreemptLowerPriority"),
  ]
}
