/// Scheduling constraints of a pod: node affinity, pod affinity and anti-affinity.
public struct Affinity: Codable, Hashable, Sendable {
  public var nodeAffinity: NodeAffinity?
  public var podAffinity: PodAffinity?
  public var podAntiAffinity: PodAffinity?
  public init() {}
}

/// Rules that attract a pod to nodes by their labels.
public struct NodeAffinity: Codable, Hashable, Sendable {
  public var requiredDuringSchedulingIgnoredDuringExecution: NodeSelector?
  public var preferredDuringSchedulingIgnoredDuringExecution: [PreferredSchedulingTerm]?
  public init() {}
}

/// A set of node selector terms, ORed (`core/v1 NodeSelector`).
public struct NodeSelector: Codable, Hashable, Sendable {
  public var nodeSelectorTerms: [NodeSelectorTerm]?
  public init(nodeSelectorTerms: [NodeSelectorTerm]? = nil) { self.nodeSelectorTerms = nodeSelectorTerms }
}

/// Expressions on node labels and fields, ANDed.
public struct NodeSelectorTerm: Codable, Hashable, Sendable {
  public var matchExpressions: [NodeSelectorRequirement]?
  public var matchFields: [NodeSelectorRequirement]?
  public init(matchExpressions: [NodeSelectorRequirement]? = nil) { self.matchExpressions = matchExpressions }
}

/// `key` `operator` `values`, where the operator is In, NotIn, Exists, DoesNotExist, Gt or Lt.
public struct NodeSelectorRequirement: Codable, Hashable, Sendable {
  public var key: String?
  public var `operator`: String?
  public var values: [String]?
  public init(key: String, operator: String, values: [String]? = nil) {
    self.key = key
    self.operator = `operator`
    self.values = values
  }
}

/// A weighted preference for nodes matching a term.
public struct PreferredSchedulingTerm: Codable, Hashable, Sendable {
  public var weight: Int32?
  public var preference: NodeSelectorTerm?
  public init() {}
}

/// Pod (anti-)affinity rules: required and weighted preferred terms.
public struct PodAffinity: Codable, Hashable, Sendable {
  public var requiredDuringSchedulingIgnoredDuringExecution: [PodAffinityTerm]?
  public var preferredDuringSchedulingIgnoredDuringExecution: [WeightedPodAffinityTerm]?
  public init() {}
}

/// Pods matching `labelSelector` in `namespaces`, counted per `topologyKey` domain.
public struct PodAffinityTerm: Codable, Hashable, Sendable {
  public var labelSelector: LabelSelector?
  public var namespaces: [String]?
  public var topologyKey: String?
  public var namespaceSelector: LabelSelector?
  public var matchLabelKeys: [String]?
  public var mismatchLabelKeys: [String]?
  public init() {}
}

/// A pod affinity term with a weight from 1 to 100.
public struct WeightedPodAffinityTerm: Codable, Hashable, Sendable {
  public var weight: Int32?
  public var podAffinityTerm: PodAffinityTerm?
  public init() {}
}

/// A constraint on how evenly matching pods spread across topology domains.
public struct TopologySpreadConstraint: Codable, Hashable, Sendable {
  public var maxSkew: Int32?
  public var topologyKey: String?
  /// `DoNotSchedule` or `ScheduleAnyway`.
  public var whenUnsatisfiable: String?
  public var labelSelector: LabelSelector?
  public var minDomains: Int32?
  public var nodeAffinityPolicy: String?
  public var nodeTaintsPolicy: String?
  public var matchLabelKeys: [String]?
  public init() {}

  /// A constraint spreading the pods that carry `matchLabels` over `topologyKey`.
  public init(maxSkew: Int32, topologyKey: String, whenUnsatisfiable: String, matchLabels: [String: String]) {
    self.maxSkew = maxSkew
    self.topologyKey = topologyKey
    self.whenUnsatisfiable = whenUnsatisfiable
    labelSelector = LabelSelector(matchLabels: matchLabels)
  }
}

/// A taint on a node: pods that do not tolerate it are repelled.
public struct Taint: Codable, Hashable, Sendable {
  public var key: String?
  public var value: String?
  /// `NoSchedule`, `PreferNoSchedule` or `NoExecute`.
  public var effect: String?
  public var timeAdded: Time?

  public init(key: String, value: String? = nil, effect: String, timeAdded: Time? = nil) {
    self.key = key
    self.value = value
    self.effect = effect
    self.timeAdded = timeAdded
  }

  /// `key=value:effect`, or `key:effect` without a value, as kubectl prints taints.
  public var summary: String {
    let head = (value?.isEmpty ?? true) ? (key ?? "") : "\(key ?? "")=\(value ?? "")"
    return "\(head):\(effect ?? "")"
  }
}

/// Lets a pod be scheduled (or stay) on nodes with a matching taint.
public struct Toleration: Codable, Hashable, Sendable {
  public var key: String?
  /// `Equal` (default) or `Exists`.
  public var `operator`: String?
  public var value: String?
  public var effect: String?
  public var tolerationSeconds: Int64?

  public init(
    key: String? = nil, operator: String? = nil, value: String? = nil, effect: String? = nil,
    tolerationSeconds: Int64? = nil
  ) {
    self.key = key
    self.operator = `operator`
    self.value = value
    self.effect = effect
    self.tolerationSeconds = tolerationSeconds
  }

  /// Whether this toleration matches `taint`, as `Toleration.ToleratesTaint` decides.
  public func tolerates(_ taint: Taint) -> Bool {
    if let effect, !effect.isEmpty, effect != taint.effect { return false }
    if let key, !key.isEmpty, key != taint.key { return false }
    switch `operator` ?? "Equal" {
    case "Exists": return true
    case "Equal", "": return (value ?? "") == (taint.value ?? "")
    default: return false
    }
  }
}
