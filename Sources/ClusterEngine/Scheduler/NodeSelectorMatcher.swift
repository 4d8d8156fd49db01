import KubeModel

/// A compiled `NodeSelectorTerm`: label expressions and `metadata.name` field expressions,
/// ANDed, as `nodeaffinity.NodeSelector` matches them. A term with no expressions, or with
/// an expression upstream would refuse to parse, matches no node.
struct NodeTermMatcher: Sendable {
  enum Operator: Sendable { case `in`, notIn, exists, doesNotExist, gt, lt }

  struct Requirement: Sendable {
    var key: String
    var op: Operator
    var values: [String]
    var bound: Int64
  }

  var expressions: [Requirement] = []
  var fields: [Requirement] = []
  /// False when the term is empty or malformed: it then matches nothing.
  var valid = true

  init(_ term: NodeSelectorTerm) {
    let expressionList = term.matchExpressions ?? []
    let fieldList = term.matchFields ?? []
    if expressionList.isEmpty && fieldList.isEmpty { valid = false }
    for requirement in expressionList {
      guard let compiled = Self.compile(requirement) else {
        valid = false
        continue
      }
      expressions.append(compiled)
    }
    for requirement in fieldList {
      // Only `metadata.name` with In / NotIn is a supported field selector.
      guard requirement.key == "metadata.name", let compiled = Self.compile(requirement),
        compiled.op == .in || compiled.op == .notIn
      else {
        valid = false
        continue
      }
      fields.append(compiled)
    }
  }

  private static func compile(_ requirement: NodeSelectorRequirement) -> Requirement? {
    let values = requirement.values ?? []
    let op: Operator
    switch requirement.operator ?? "" {
    case "In": op = .in
    case "NotIn": op = .notIn
    case "Exists": op = .exists
    case "DoesNotExist": op = .doesNotExist
    case "Gt": op = .gt
    case "Lt": op = .lt
    default: return nil
    }
    var bound: Int64 = 0
    switch op {
    case .in, .notIn: if values.isEmpty { return nil }
    case .exists, .doesNotExist: if !values.isEmpty { return nil }
    case .gt, .lt:
      guard values.count == 1, let parsed = Int64(values[0]) else { return nil }
      bound = parsed
    }
    return Requirement(key: requirement.key ?? "", op: op, values: values, bound: bound)
  }

  /// Whether a node with `labels` and `name` satisfies every expression of the term.
  func matches(labels: [String: String], name: String) -> Bool {
    guard valid else { return false }
    for requirement in expressions where !Self.holds(requirement, labels[requirement.key]) { return false }
    for requirement in fields where !Self.holds(requirement, name) { return false }
    return true
  }

  private static func holds(_ requirement: Requirement, _ value: String?) -> Bool {
    switch requirement.op {
    case .in: return value.map { requirement.values.contains($0) } ?? false
    case .notIn: return value.map { !requirement.values.contains($0) } ?? true
    case .exists: return value != nil
    case .doesNotExist: return value == nil
    case .gt, .lt:
      guard let value, let number = Int64(value) else { return false }
      return requirement.op == .gt ? number > requirement.bound : number < requirement.bound
    }
  }
}

/// A pod's required node placement: `spec.nodeSelector` AND the required node affinity
/// terms (ORed), as `nodeaffinity.GetRequiredNodeAffinity` builds it.
struct RequiredNodeAffinity: Sendable {
  var nodeSelector: [(key: String, value: String)] = []
  /// nil when the pod has no required node affinity.
  var terms: [NodeTermMatcher]?

  init(_ spec: PodSpec) {
    if let selector = spec.nodeSelector, !selector.isEmpty {
      nodeSelector = selector.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }
    if let required = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution {
      terms = (required.nodeSelectorTerms ?? []).map(NodeTermMatcher.init)
    }
  }

  /// Whether the pod constrains its nodes at all.
  var isEmpty: Bool { nodeSelector.isEmpty && terms == nil }

  /// Whether a node with `labels` and `name` satisfies the selector and one of the terms.
  func matches(labels: [String: String], name: String) -> Bool {
    for (key, value) in nodeSelector where labels[key] != value { return false }
    guard let terms else { return true }
    return terms.contains { $0.matches(labels: labels, name: name) }
  }
}
