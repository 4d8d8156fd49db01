/// Limits voluntary disruptions of a set of pods (`policy/v1 PodDisruptionBudget`).
public struct PodDisruptionBudget: KubeObject {
  public static let resource = ResourceType.poddisruptionbudgets
  public var apiVersion: String? = "policy/v1"
  public var kind: String? = "PodDisruptionBudget"
  public var metadata = ObjectMeta()
  public var spec: PodDisruptionBudgetSpec?
  public var status: PodDisruptionBudgetStatus?
  public init() {}

  /// A budget over the pods in `namespace` carrying `matchLabels`: at least `minAvailable`
  /// of them up, or at most `maxUnavailable` down.
  public init(
    name: String, namespace: String = "default", minAvailable: IntOrString? = nil, maxUnavailable: IntOrString? = nil,
    matchLabels: [String: String]
  ) {
    metadata = ObjectMeta(name: name, namespace: namespace)
    var spec = PodDisruptionBudgetSpec()
    spec.minAvailable = minAvailable
    spec.maxUnavailable = maxUnavailable
    spec.selector = LabelSelector(matchLabels: matchLabels)
    self.spec = spec
  }
}

/// `minAvailable` or `maxUnavailable` of the pods `selector` matches.
public struct PodDisruptionBudgetSpec: Codable, Hashable, Sendable {
  public var minAvailable: IntOrString?
  public var selector: LabelSelector?
  public var maxUnavailable: IntOrString?
  public var unhealthyPodEvictionPolicy: String?
  public init() {}
}

/// How many disruptions are allowed now.
public struct PodDisruptionBudgetStatus: Codable, Hashable, Sendable {
  public var observedGeneration: Int64?
  public var disruptedPods: [String: Time]?
  public var disruptionsAllowed: Int32?
  public var currentHealthy: Int32?
  public var desiredHealthy: Int32?
  public var expectedPods: Int32?
  public var conditions: [Condition]?
  public init() {}
}

/// A request to evict a pod while respecting disruption budgets (`policy/v1 Eviction`).
public struct Eviction: KubeObject {
  public static let resource = ResourceType.evictions
  public var apiVersion: String? = "policy/v1"
  public var kind: String? = "Eviction"
  public var metadata = ObjectMeta()
  public var deleteOptions: DeleteOptions?
  public init() {}
}

/// A lease (`coordination.k8s.io/v1 Lease`): node heartbeats and leader election.
public struct Lease: KubeObject {
  public static let resource = ResourceType.leases
  public var apiVersion: String? = "coordination.k8s.io/v1"
  public var kind: String? = "Lease"
  public var metadata = ObjectMeta()
  public var spec: LeaseSpec?
  public init() {}
}

/// Who holds a lease, for how long, and when it was renewed.
public struct LeaseSpec: Codable, Hashable, Sendable {
  public var holderIdentity: String?
  public var leaseDurationSeconds: Int32?
  public var acquireTime: MicroTime?
  public var renewTime: MicroTime?
  public var leaseTransitions: Int32?
  public var strategy: String?
  public var preferredHolder: String?
  public init() {}
}

/// The scale subresource (`autoscaling/v1 Scale`).
public struct Scale: KubeObject {
  public static let resource = ResourceType.scales
  public var apiVersion: String? = "autoscaling/v1"
  public var kind: String? = "Scale"
  public var metadata = ObjectMeta()
  public var spec: ScaleSpec?
  public var status: ScaleStatus?
  public init() {}
}

/// The desired replica count.
public struct ScaleSpec: Codable, Hashable, Sendable {
  public var replicas: Int32?
  public init(replicas: Int32? = nil) { self.replicas = replicas }
}

/// The current replica count and the selector in string form.
public struct ScaleStatus: Codable, Hashable, Sendable {
  public var replicas: Int32?
  public var selector: String?
  public init(replicas: Int32? = nil, selector: String? = nil) {
    self.replicas = replicas
    self.selector = selector
  }
}
