/// A label selector as the API writes it (`metav1.LabelSelector`): `matchLabels` and
/// `matchExpressions`, ANDed together. An empty selector matches everything.
///
/// `Selector` is the parsed form that matches label sets.
public struct LabelSelector: Codable, Hashable, Sendable {
  public var matchLabels: [String: String]?
  public var matchExpressions: [LabelSelectorRequirement]?

  public init(matchLabels: [String: String]? = nil, matchExpressions: [LabelSelectorRequirement]? = nil) {
    self.matchLabels = matchLabels
    self.matchExpressions = matchExpressions
  }
}

/// One expression of a `LabelSelector`: `key` `operator` `values`.
public struct LabelSelectorRequirement: Codable, Hashable, Sendable {
  public var key: String
  /// `In`, `NotIn`, `Exists` or `DoesNotExist`.
  public var `operator`: String
  public var values: [String]?

  public init(key: String, operator: String, values: [String]? = nil) {
    self.key = key
    self.operator = `operator`
    self.values = values
  }
}
