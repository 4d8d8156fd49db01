/// The scheduler plugins, named and ordered as upstream's default profile lists them.
enum PluginName: String, CaseIterable, Hashable, Sendable, Comparable {
  case nodeUnschedulable = "NodeUnschedulable"
  case nodeName = "NodeName"
  case taintToleration = "TaintToleration"
  case nodeAffinity = "NodeAffinity"
  case nodePorts = "NodePorts"
  case nodeResourcesFit = "NodeResourcesFit"
  case volumeBinding = "VolumeBinding"
  case podTopologySpread = "PodTopologySpread"
  case interPodAffinity = "InterPodAffinity"
  case nodeResourcesBalancedAllocation = "NodeResourcesBalancedAllocation"
  case imageLocality = "ImageLocality"

  static func < (lhs: PluginName, rhs: PluginName) -> Bool {
    allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
  }

  /// Score plugins in upstream order with their default weights.
  static let scorePlugins: [(plugin: PluginName, weight: Int64)] = [
    (.taintToleration, 3), (.nodeAffinity, 2), (.nodeResourcesFit, 1), (.podTopologySpread, 2),
    (.interPodAffinity, 2), (.nodeResourcesBalancedAllocation, 1), (.imageLocality, 1),
  ]
}

/// MaxNodeScore: every normalised plugin score lies in 0...100.
let maxNodeScore: Int64 = 100

/// Why a filter plugin rejected a node, compactly (turned into upstream's reason texts only
/// when a message or explanation needs them).
struct FilterFailure: Hashable, Sendable {
  enum Code: UInt8, Hashable, Sendable {
    case unschedulable, nodeName, untoleratedTaint, nodeAffinity, notInPreFilterResult, nodePorts, resources
    case spreadMissingLabel, spreadSkew, podAffinity, podAntiAffinity, existingAntiAffinity
  }

  var plugin: PluginName
  var code: Code
  /// For NodeResourcesFit: a bit per insufficient resource (see `NodeResourcesFit`).
  var mask: UInt64 = 0
  /// For TaintToleration: the taint's key and value.
  var taintKey: String?
  var taintValue: String?

  /// Whether evicting pods from the node could make room (upstream's `Unschedulable`), as
  /// against a rejection no eviction changes (`UnschedulableAndUnresolvable`: the node's
  /// cordon, taints, labels, or the pod's affinity to pods that are not there).
  var preemptionMightHelp: Bool {
    switch code {
    case .nodePorts, .resources, .spreadSkew, .podAntiAffinity, .existingAntiAffinity: return true
    case .unschedulable, .nodeName, .untoleratedTaint, .nodeAffinity, .notInPreFilterResult, .spreadMissingLabel, .podAffinity:
      return false
    }
  }

  /// Upstream's reason texts, in the order the plugin reports them.
  func reasons(scalarNames: [String]) -> [String] {
    switch code {
    case .unschedulable: return ["node(s) were unschedulable"]
    case .nodeName: return ["node(s) didn't match the requested node name"]
    case .untoleratedTaint: return ["node(s) had untolerated taint {\(taintKey ?? ""): \(taintValue ?? "")}"]
    case .nodeAffinity: return ["node(s) didn't match Pod's node affinity/selector"]
    case .notInPreFilterResult: return ["node(s) didn't satisfy plugin(s) [NodeAffinity]"]
    case .nodePorts: return ["node(s) didn't have free ports for the requested pod ports"]
    case .resources: return NodeResourcesFit.reasons(mask: mask, scalarNames: scalarNames)
    case .spreadMissingLabel: return ["node(s) didn't match pod topology spread constraints (missing required label)"]
    case .spreadSkew: return ["node(s) didn't match pod topology spread constraints"]
    case .podAffinity: return ["node(s) didn't match pod affinity rules"]
    case .podAntiAffinity: return ["node(s) didn't match pod anti-affinity rules"]
    case .existingAntiAffinity: return ["node(s) didn't satisfy existing pods anti-affinity rules"]
    }
  }
}

/// `DefaultNormalizeScore`: scales scores to 0...100 by the maximum; `reverse` flips them.
/// With a maximum of 0 every score stays 0, or becomes 100 when reversed.
func defaultNormalizeScore(_ scores: inout [Int64], reverse: Bool) {
  let maximum = scores.max() ?? 0
  if maximum == 0 {
    if reverse { for index in scores.indices { scores[index] = maxNodeScore } }
    return
  }
  for index in scores.indices {
    let scaled = maxNodeScore * scores[index] / maximum
    scores[index] = reverse ? maxNodeScore - scaled : scaled
  }
}
