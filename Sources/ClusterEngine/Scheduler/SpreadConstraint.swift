import KubeModel

/// A compiled topology spread constraint of a pod (`topologySpreadConstraint` upstream).
struct SpreadConstraint: Sendable {
  var maxSkew: Int64
  var topologyKey: String
  /// `DoNotSchedule` (a filter) rather than `ScheduleAnyway` (a score).
  var isHard: Bool
  /// Pods of the pod's own namespace matching the selector, terminating pods excluded.
  var matcher: TermMatcher
  var minDomains: Int
  /// `nodeAffinityPolicy: Honor` (the default): only nodes matching the pod's node affinity count.
  var honorsNodeAffinity: Bool
  /// `nodeTaintsPolicy: Honor`: only nodes whose taints the pod tolerates count (default Ignore).
  var honorsNodeTaints: Bool
  /// The key is `hostnameKey` (each node its own domain): tested once here, not per cycle.
  var isHostname: Bool
  /// `[matcher]`, the key of the cache's counter for this constraint, made once so that
  /// looking the counter up allocates nothing.
  var counterKey: [TermMatcher]

  init(_ constraint: TopologySpreadConstraint, pod namespace: String, podLabels: [String: String]) {
    maxSkew = Int64(constraint.maxSkew ?? 1)
    topologyKey = constraint.topologyKey ?? ""
    isHard = (constraint.whenUnsatisfiable ?? "DoNotSchedule") == "DoNotSchedule"
    let selector = TermMatcher.selector(
      constraint.labelSelector, matchLabelKeys: constraint.matchLabelKeys, mismatchLabelKeys: nil, podLabels: podLabels)
    matcher = TermMatcher(selector: selector, namespaces: [namespace], namespaceSelector: nil, excludesTerminating: true)
    minDomains = Int(constraint.minDomains ?? 1)
    honorsNodeAffinity = (constraint.nodeAffinityPolicy ?? "Honor") == "Honor"
    honorsNodeTaints = constraint.nodeTaintsPolicy == "Honor"
    isHostname = topologyKey == Self.hostnameKey
    counterKey = [matcher]
  }

  private init(maxSkew: Int64, topologyKey: String, selector: Selector, namespace: String) {
    self.maxSkew = maxSkew
    self.topologyKey = topologyKey
    isHard = false
    matcher = TermMatcher(selector: selector, namespaces: [namespace], namespaceSelector: nil, excludesTerminating: true)
    minDomains = 1
    honorsNodeAffinity = true
    honorsNodeTaints = false
    isHostname = topologyKey == Self.hostnameKey
    counterKey = [matcher]
  }

  static let hostnameKey = "kubernetes.io/hostname"
  static let zoneKey = "topology.kubernetes.io/zone"

  /// The scheduler's system default constraints: hostname maxSkew 3 and zone maxSkew 5,
  /// both ScheduleAnyway, over the pods the pod's Services and controllers select.
  static func systemDefaults(selector: Selector, namespace: String) -> [SpreadConstraint] {
    [
      SpreadConstraint(maxSkew: 3, topologyKey: hostnameKey, selector: selector, namespace: namespace),
      SpreadConstraint(maxSkew: 5, topologyKey: zoneKey, selector: selector, namespace: namespace),
    ]
  }
}

/// The system default constraints of the last selector and namespace asked for: the pods of
/// a workload are queued one after another with the same default selector, and making the
/// constraints hashes the selector's texts. Reusing them also shares their matchers' storage,
/// so the cache's counter lookups compare the selectors by identity.
struct SystemDefaultSpreadMemo {
  private var last: (selector: Selector, namespace: String, constraints: [SpreadConstraint])?

  /// `SpreadConstraint.systemDefaults(selector:namespace:)`, reused while both are the same.
  mutating func constraints(selector: Selector, namespace: String) -> [SpreadConstraint] {
    if let last, last.namespace == namespace, last.selector == selector { return last.constraints }
    let constraints = SpreadConstraint.systemDefaults(selector: selector, namespace: namespace)
    last = (selector, namespace, constraints)
    return constraints
  }
}
