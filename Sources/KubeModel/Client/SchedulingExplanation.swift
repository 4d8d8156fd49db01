/// What the scheduler decided for one pod on its last attempt, node by node: the table
/// kube-scheduler-simulator shows (filter verdicts, raw and final plugin scores, the
/// selected node).
public struct SchedulingExplanation: Codable, Hashable, Sendable {
  public var namespace: String
  public var pod: String
  /// When the attempt ran (virtual time).
  public var time: Time?
  /// How many nodes the cluster had (the N of `0/N nodes are available`).
  public var numAllNodes: Int
  /// The node the pod was bound to, when one fit.
  public var selectedNode: String?
  /// The FitError text when no node fit (`0/4 nodes are available: …`).
  public var message: String?
  /// The score plugins that ran, in upstream order, with their weights.
  public var scorePlugins: [ScorePluginWeight]
  /// One row per node the attempt looked at, in the order it looked at them.
  public var nodes: [Node]
  /// When no node fit and preemption made room: the node nominated for the pod.
  public var nominatedNode: String?
  /// The pods preemption evicted for it (`namespace/name`), most important first.
  public var victims: [String]?

  public init(
    namespace: String, pod: String, time: Time? = nil, numAllNodes: Int, selectedNode: String? = nil,
    message: String? = nil, scorePlugins: [ScorePluginWeight] = [], nodes: [Node] = []
  ) {
    self.namespace = namespace
    self.pod = pod
    self.time = time
    self.numAllNodes = numAllNodes
    self.selectedNode = selectedNode
    self.message = message
    self.scorePlugins = scorePlugins
    self.nodes = nodes
  }

  /// The row of `node`, if the attempt looked at it.
  public func row(_ node: String) -> Node? { nodes.first { $0.name == node } }

  /// A score plugin and its weight (final score = normalised score × weight).
  public struct ScorePluginWeight: Codable, Hashable, Sendable {
    public var plugin: String
    public var weight: Int
    public init(plugin: String, weight: Int) {
      self.plugin = plugin
      self.weight = weight
    }
  }

  /// One node's row: how the filters judged it and, when it was feasible and scored, its scores.
  public struct Node: Codable, Hashable, Sendable {
    public var name: String
    public var filter: FilterVerdict
    /// Per score plugin, in `scorePlugins` order; empty when the node was not scored.
    public var scores: [PluginScore]
    /// Σ final scores; nil when the node was not scored.
    public var totalScore: Int64?

    public init(name: String, filter: FilterVerdict, scores: [PluginScore] = [], totalScore: Int64? = nil) {
      self.name = name
      self.filter = filter
      self.scores = scores
      self.totalScore = totalScore
    }
  }

  /// The filter phase's verdict on one node.
  public enum FilterVerdict: Codable, Hashable, Sendable {
    /// Every filter plugin passed.
    case passed
    /// `plugin` rejected the node with these reasons (`Insufficient cpu`, …).
    case rejected(plugin: String, reasons: [String])

    /// `passed`, or the reasons joined with ", " (how the simulator prints a cell).
    public var summary: String {
      switch self {
      case .passed: return "passed"
      case .rejected(_, let reasons): return reasons.joined(separator: ", ")
      }
    }
  }

  /// A score plugin's raw score for a node and its final (normalised × weight) score.
  public struct PluginScore: Codable, Hashable, Sendable {
    public var plugin: String
    public var raw: Int64
    public var final: Int64
    public init(plugin: String, raw: Int64, final: Int64) {
      self.plugin = plugin
      self.raw = raw
      self.final = final
    }
  }
}
