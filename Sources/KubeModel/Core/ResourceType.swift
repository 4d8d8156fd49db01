/// A kind of API resource: its group, version, names and scope, as discovery describes it.
public struct ResourceType: Hashable, Sendable, CustomStringConvertible {
  /// The API group, "" for the core group.
  public let group: String
  public let version: String
  public let kind: String
  /// The plural resource name used in paths (`pods`).
  public let plural: String
  public let singular: String
  public let shortNames: [String]
  public let namespaced: Bool
  public let categories: [String]

  public init(
    group: String, version: String, kind: String, plural: String, shortNames: [String] = [],
    namespaced: Bool = true, categories: [String] = []
  ) {
    self.group = group
    self.version = version
    self.kind = kind
    self.plural = plural
    self.singular = kind.lowercased()
    self.shortNames = shortNames
    self.namespaced = namespaced
    self.categories = categories
  }

  /// `v1` for the core group, else `group/version`.
  public var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }

  /// `pods`, or `deployments.apps` outside the core group, as error messages name resources.
  public var groupResource: String { group.isEmpty ? plural : "\(plural).\(group)" }

  public var description: String { groupResource }

  /// Whether `name` names this resource: plural, singular, short name or kind, in any case,
  /// optionally qualified by group (`deployments.apps`) or group and version
  /// (`deployments.v1.apps`).
  public func isNamed(_ name: String) -> Bool {
    let lowered = name.lowercased()
    let bare: String
    if let dot = lowered.firstIndex(of: ".") {
      let qualifier = lowered[lowered.index(after: dot)...]
      guard qualifier == group || qualifier == "\(version).\(group)" else { return false }
      bare = String(lowered[..<dot])
    } else {
      bare = lowered
    }
    return bare == plural || bare == singular || shortNames.contains(bare) || bare == kind.lowercased()
  }
}

extension ResourceType {
  public static let namespaces = ResourceType(
    group: "", version: "v1", kind: "Namespace", plural: "namespaces", shortNames: ["ns"], namespaced: false)
  public static let nodes = ResourceType(
    group: "", version: "v1", kind: "Node", plural: "nodes", shortNames: ["no"], namespaced: false)
  public static let pods = ResourceType(
    group: "", version: "v1", kind: "Pod", plural: "pods", shortNames: ["po"], categories: ["all"])
  public static let services = ResourceType(
    group: "", version: "v1", kind: "Service", plural: "services", shortNames: ["svc"], categories: ["all"])
  public static let endpoints = ResourceType(
    group: "", version: "v1", kind: "Endpoints", plural: "endpoints", shortNames: ["ep"])
  public static let configmaps = ResourceType(
    group: "", version: "v1", kind: "ConfigMap", plural: "configmaps", shortNames: ["cm"])
  public static let secrets = ResourceType(group: "", version: "v1", kind: "Secret", plural: "secrets")
  public static let events = ResourceType(
    group: "", version: "v1", kind: "Event", plural: "events", shortNames: ["ev"])
  public static let bindings = ResourceType(group: "", version: "v1", kind: "Binding", plural: "bindings")
  public static let persistentvolumes = ResourceType(
    group: "", version: "v1", kind: "PersistentVolume", plural: "persistentvolumes", shortNames: ["pv"],
    namespaced: false)
  public static let persistentvolumeclaims = ResourceType(
    group: "", version: "v1", kind: "PersistentVolumeClaim", plural: "persistentvolumeclaims",
    shortNames: ["pvc"])
  public static let deployments = ResourceType(
    group: "apps", version: "v1", kind: "Deployment", plural: "deployments", shortNames: ["deploy"],
    categories: ["all"])
  public static let replicasets = ResourceType(
    group: "apps", version: "v1", kind: "ReplicaSet", plural: "replicasets", shortNames: ["rs"],
    categories: ["all"])
  public static let daemonsets = ResourceType(
    group: "apps", version: "v1", kind: "DaemonSet", plural: "daemonsets", shortNames: ["ds"],
    categories: ["all"])
  public static let statefulsets = ResourceType(
    group: "apps", version: "v1", kind: "StatefulSet", plural: "statefulsets", shortNames: ["sts"],
    categories: ["all"])
  public static let jobs = ResourceType(
    group: "batch", version: "v1", kind: "Job", plural: "jobs", categories: ["all"])
  public static let cronjobs = ResourceType(
    group: "batch", version: "v1", kind: "CronJob", plural: "cronjobs", shortNames: ["cj"], categories: ["all"])
  public static let horizontalpodautoscalers = ResourceType(
    group: "autoscaling", version: "v2", kind: "HorizontalPodAutoscaler", plural: "horizontalpodautoscalers",
    shortNames: ["hpa"], categories: ["all"])
  public static let scales = ResourceType(group: "autoscaling", version: "v1", kind: "Scale", plural: "scale")
  public static let poddisruptionbudgets = ResourceType(
    group: "policy", version: "v1", kind: "PodDisruptionBudget", plural: "poddisruptionbudgets",
    shortNames: ["pdb"])
  public static let evictions = ResourceType(group: "policy", version: "v1", kind: "Eviction", plural: "evictions")
  public static let leases = ResourceType(
    group: "coordination.k8s.io", version: "v1", kind: "Lease", plural: "leases")
  public static let storageclasses = ResourceType(
    group: "storage.k8s.io", version: "v1", kind: "StorageClass", plural: "storageclasses", shortNames: ["sc"],
    namespaced: false)
  public static let nodemetrics = ResourceType(
    group: "metrics.k8s.io", version: "v1beta1", kind: "NodeMetrics", plural: "nodes", namespaced: false)
  public static let podmetrics = ResourceType(
    group: "metrics.k8s.io", version: "v1beta1", kind: "PodMetrics", plural: "pods")

  /// The resources users create and list, in discovery order (subresource-only and metrics
  /// kinds are left out).
  public static let served: [ResourceType] = [
    .namespaces, .nodes, .pods, .services, .endpoints, .configmaps, .secrets, .events,
    .persistentvolumes, .persistentvolumeclaims, .deployments, .replicasets, .daemonsets, .statefulsets,
    .jobs, .cronjobs, .horizontalpodautoscalers, .poddisruptionbudgets, .leases, .storageclasses,
  ]

  /// The served resource `name` refers to (plural, singular, short name or kind), if any.
  public static func named(_ name: String) -> ResourceType? {
    served.first { $0.isNamed(name) }
  }

  /// The served resource with this `apiVersion` and `kind`, if any.
  public static func forKind(_ kind: String, apiVersion: String) -> ResourceType? {
    served.first { $0.kind == kind && $0.apiVersion == apiVersion }
  }
}
