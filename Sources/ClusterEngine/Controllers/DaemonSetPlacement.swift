import KubeModel

/// Where a DaemonSet's pods belong (upstream's `daemon/util` and `NodeShouldRunDaemonPod`):
/// the tolerations every daemon pod gets, the node affinity that pins it to one node, and
/// whether a node should run (or keep running) the pod.
enum DaemonSetPlacement {
  /// The tolerations the controller adds to every daemon pod (`AddOrUpdateDaemonPodTolerations`).
  static func tolerations(hostNetwork: Bool) -> [Toleration] {
    var tolerations = [
      Toleration(key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute"),
      Toleration(key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute"),
      Toleration(key: "node.kubernetes.io/disk-pressure", operator: "Exists", effect: "NoSchedule"),
      Toleration(key: "node.kubernetes.io/memory-pressure", operator: "Exists", effect: "NoSchedule"),
      Toleration(key: "node.kubernetes.io/pid-pressure", operator: "Exists", effect: "NoSchedule"),
      Toleration(key: "node.kubernetes.io/unschedulable", operator: "Exists", effect: "NoSchedule"),
    ]
    if hostNetwork {
      tolerations.append(Toleration(key: "node.kubernetes.io/network-unavailable", operator: "Exists", effect: "NoSchedule"))
    }
    return tolerations
  }

  /// The template's pod spec with the daemon tolerations added.
  static func podSpec(_ template: PodTemplateSpec) -> PodSpec {
    var spec = template.spec ?? PodSpec()
    var tolerations = spec.tolerations ?? []
    for toleration in Self.tolerations(hostNetwork: spec.hostNetwork == true)
    where !tolerations.contains(where: { $0.key == toleration.key && $0.effect == toleration.effect }) {
      tolerations.append(toleration)
    }
    spec.tolerations = tolerations
    return spec
  }

  /// Pins a pod to `node` with required affinity `matchFields metadata.name In [node]`,
  /// replacing other required terms (`ReplaceDaemonSetPodNodeNameNodeAffinity`).
  static func pin(_ spec: inout PodSpec, to node: String) {
    var term = NodeSelectorTerm()
    term.matchFields = [NodeSelectorRequirement(key: "metadata.name", operator: "In", values: [node])]
    var affinity = spec.affinity ?? Affinity()
    var nodeAffinity = affinity.nodeAffinity ?? KubeModel.NodeAffinity()
    nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution = NodeSelector(nodeSelectorTerms: [term])
    affinity.nodeAffinity = nodeAffinity
    spec.affinity = affinity
  }

  /// The node a daemon pod is for: its nodeName, else its pinned affinity (`GetTargetNodeName`).
  static func targetNode(of pod: Pod) -> String? {
    withUnsafePointer(to: pod) { targetNode(of: $0) }
  }

  /// `targetNode(of:)` for a pod read where the caller holds it.
  static func targetNode(of pod: UnsafePointer<Pod>) -> String? {
    if let name = pod.pointee.specNodeName, !name.isEmpty { return name }
    for term in pod.pointee.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [] {
      for field in term.matchFields ?? [] where field.key == "metadata.name" && field.operator == "In" {
        if field.values?.count == 1 { return field.values?.first }
      }
    }
    return nil
  }

  /// Whether `node` should run the daemon pod, and whether a pod already there may stay.
  static func shouldRun(_ spec: PodSpec, on node: Node) -> (run: Bool, keep: Bool) {
    if let name = spec.nodeName, !name.isEmpty, name != node.name { return (false, false) }
    guard fitsAffinity(spec, node) else { return (false, false) }
    let tolerations = spec.tolerations ?? []
    let untolerated = (node.spec?.taints ?? []).filter { taint in
      (taint.effect == "NoSchedule" || taint.effect == "NoExecute") && !tolerations.contains { $0.tolerates(taint) }
    }
    if untolerated.isEmpty { return (true, true) }
    return (false, !untolerated.contains { $0.effect == "NoExecute" })
  }

  private static func fitsAffinity(_ spec: PodSpec, _ node: Node) -> Bool {
    let labels = node.metadata.labels ?? [:]
    for (key, value) in spec.nodeSelector ?? [:] where labels[key] != value { return false }
    guard let terms = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms else {
      return true
    }
    return terms.contains { term in
      let expressions = term.matchExpressions ?? []
      let fields = term.matchFields ?? []
      if expressions.isEmpty && fields.isEmpty { return false }
      return expressions.allSatisfy { matches($0, labels[$0.key ?? ""]) }
        && fields.allSatisfy { $0.key == "metadata.name" && matches($0, node.name) }
    }
  }

  private static func matches(_ requirement: NodeSelectorRequirement, _ value: String?) -> Bool {
    let values = requirement.values ?? []
    switch requirement.operator {
    case "In": return value.map { values.contains($0) } ?? false
    case "NotIn": return value.map { !values.contains($0) } ?? true
    case "Exists": return value != nil
    case "DoesNotExist": return value == nil
    case "Gt": return (value.flatMap { Int64($0) }).map { $0 > (values.first.flatMap { Int64($0) } ?? .max) } ?? false
    case "Lt": return (value.flatMap { Int64($0) }).map { $0 < (values.first.flatMap { Int64($0) } ?? .min) } ?? false
    default: return false
    }
  }
}
