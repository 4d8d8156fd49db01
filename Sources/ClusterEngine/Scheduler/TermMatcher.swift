import KubeModel

/// Which pods a pod-affinity term or a spread constraint counts: a label selector over pods
/// in a set of namespaces (or in namespaces whose labels match a namespace selector).
/// Hashable, so the cache can keep one incremental counter per distinct matcher.
///
/// Its hash is computed once, when it is made: the cache looks its counters up several
/// times per pod (retained when queued, read when scored, released when bound), and hashing
/// the selector's strings each time cost more than the rest of the lookup.
struct TermMatcher: Hashable, Sendable {
  let selector: Selector
  /// Sorted namespace names.
  let namespaces: [String]
  let namespaceSelector: Selector?
  /// Spread constraints skip terminating pods (`countPodsMatchSelector`); affinity does not.
  let excludesTerminating: Bool
  /// The hash of the four fields above.
  private let fieldsHash: Int

  init(selector: Selector, namespaces: [String], namespaceSelector: Selector?, excludesTerminating: Bool) {
    self.selector = selector
    self.namespaces = namespaces
    self.namespaceSelector = namespaceSelector
    self.excludesTerminating = excludesTerminating
    var hasher = Hasher()
    hasher.combine(selector)
    hasher.combine(namespaces)
    hasher.combine(namespaceSelector)
    hasher.combine(excludesTerminating)
    fieldsHash = hasher.finalize()
  }

  static func == (lhs: TermMatcher, rhs: TermMatcher) -> Bool {
    lhs.fieldsHash == rhs.fieldsHash && lhs.excludesTerminating == rhs.excludesTerminating
      && lhs.selector == rhs.selector && lhs.namespaces == rhs.namespaces && lhs.namespaceSelector == rhs.namespaceSelector
  }

  func hash(into hasher: inout Hasher) { hasher.combine(fieldsHash) }

  /// Whether a pod in `namespace` with `labels` is counted.
  func matches(
    namespace: String, labels: [String: String]?, terminating: Bool, namespaceLabels: [String: [String: String]]
  ) -> Bool {
    if excludesTerminating && terminating { return false }
    if !namespaces.contains(namespace) {
      guard let namespaceSelector, namespaceSelector.matches(namespaceLabels[namespace]) else { return false }
    }
    return selector.matches(labels)
  }

  /// The label `key=value` every matching pod carries, if the selector demands one: the
  /// cache indexes matchers by it, so a pod is only tested against matchers it may satisfy.
  var indexLabel: String? {
    selector.equalityPairs.first.map { "\($0.key)=\($0.value)" }
  }

  /// The selector of an affinity term (`nil` selects nothing), with `matchLabelKeys` and
  /// `mismatchLabelKeys` merged in from the pod's own labels.
  static func selector(
    _ labelSelector: LabelSelector?, matchLabelKeys: [String]?, mismatchLabelKeys: [String]?, podLabels: [String: String]
  ) -> Selector {
    guard let labelSelector, var selector = try? Selector(labelSelector) else { return .nothing }
    for key in matchLabelKeys ?? [] {
      if let value = podLabels[key], let requirement = try? Selector.Requirement(key: key, operator: .in, values: [value]) {
        selector = selector.adding(requirement)
      }
    }
    for key in mismatchLabelKeys ?? [] {
      if let value = podLabels[key], let requirement = try? Selector.Requirement(key: key, operator: .notIn, values: [value]) {
        selector = selector.adding(requirement)
      }
    }
    return selector
  }
}

/// A pod-affinity term compiled for one pod: the pods it counts and the topology key.
struct AffinityTerm: Hashable, Sendable {
  var matcher: TermMatcher
  var topologyKey: String
  /// The weight of a preferred term (1 for required terms).
  var weight: Int64

  init(_ term: PodAffinityTerm, weight: Int64, pod namespace: String, podLabels: [String: String]) {
    let selector = TermMatcher.selector(
      term.labelSelector, matchLabelKeys: term.matchLabelKeys, mismatchLabelKeys: term.mismatchLabelKeys,
      podLabels: podLabels)
    var namespaces = term.namespaces ?? []
    var namespaceSelector: Selector?
    if let apiSelector = term.namespaceSelector {
      namespaceSelector = (try? Selector(apiSelector)) ?? .nothing
    } else if namespaces.isEmpty {
      namespaces = [namespace]
    }
    matcher = TermMatcher(
      selector: selector, namespaces: Array(Set(namespaces)).sorted(), namespaceSelector: namespaceSelector,
      excludesTerminating: false)
    topologyKey = term.topologyKey ?? ""
    self.weight = weight
  }
}

/// What an existing pod's term does to pods that match it (`processExistingPod` and
/// `satisfyExistingPodsAntiAffinity`).
enum HolderRole: UInt8, Hashable, Sendable {
  /// Required anti-affinity: matching pods may not share the domain (a filter).
  case requiredAntiAffinity
  /// Required affinity: matching pods score `hardPodAffinityWeight` (1) in the domain.
  case requiredAffinity
  /// Preferred affinity: matching pods score +weight in the domain.
  case preferredAffinity
  /// Preferred anti-affinity: matching pods score −weight in the domain.
  case preferredAntiAffinity
}

/// An existing pod's term, as the cache counts holders of it per node.
struct HolderKey: Hashable, Sendable {
  var role: HolderRole
  var term: AffinityTerm
}

/// Pods on each node that a set of matchers (all of them) select, kept up to date as pods
/// come and go. Sparse: only nodes with at least one matching pod have an entry in
/// `perSlot`; `dense` holds the same counts as one per slot (up to the highest slot that
/// ever had a matching pod), for scans that would otherwise rebuild it per pod.
final class MatchCounter {
  let matchers: [TermMatcher]
  var perSlot: [Int: Int32] = [:]
  /// The counts of `perSlot` by slot, 0 where it has no entry; slots past its end count 0.
  private(set) var dense: [Int32] = []
  var total = 0
  /// Pods (queued or cached) whose terms use this counter.
  var references = 0

  init(matchers: [TermMatcher]) {
    self.matchers = matchers
  }

  func matches(namespace: String, labels: [String: String]?, terminating: Bool, namespaceLabels: [String: [String: String]]) -> Bool {
    matchers.allSatisfy { $0.matches(namespace: namespace, labels: labels, terminating: terminating, namespaceLabels: namespaceLabels) }
  }

  func add(slot: Int, _ delta: Int32) {
    let value = (perSlot[slot] ?? 0) + delta
    perSlot[slot] = value == 0 ? nil : value
    if slot >= dense.count { dense.append(contentsOf: repeatElement(0, count: slot + 1 - dense.count)) }
    dense[slot] = value
    total += Int(delta)
  }
}

/// Existing pods holding one term (role, weight, matcher, topology key), counted per node.
final class HolderCounter {
  let key: HolderKey
  var perSlot: [Int: Int32] = [:]
  var total = 0

  init(key: HolderKey) {
    self.key = key
  }

  func add(slot: Int, _ delta: Int32) {
    let value = (perSlot[slot] ?? 0) + delta
    perSlot[slot] = value == 0 ? nil : value
    total += Int(delta)
  }
}
