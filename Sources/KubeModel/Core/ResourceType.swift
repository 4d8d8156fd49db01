/// A kind of API resource: its group, version, names and scope, as discovery describes it.
///
/// One reference to shared, immutable storage: resource types ride along with every watch
/// change, garbage-collector node and cache key, so a copy is a retain rather than eight
/// strings and arrays. Equality and hashing are by value, as before.
public struct ResourceType: Hashable, Sendable, CustomStringConvertible {
  // Sendable: the storage is immutable once made.
  private final class Storage: Sendable {
    let group: String
    let version: String
    let kind: String
    let plural: String
    let singular: String
    let shortNames: [String]
    let namespaced: Bool
    let categories: [String]
    /// Made once: the engine reads it for every Event, owner reference and written object.
    let apiVersion: String
    let groupResource: String

    init(
      group: String, version: String, kind: String, plural: String, shortNames: [String], namespaced: Bool,
      categories: [String]
    ) {
      self.group = group
      self.version = version
      self.kind = kind
      self.plural = plural
      self.singular = kind.lowercased()
      self.shortNames = shortNames
      self.namespaced = namespaced
      self.categories = categories
      apiVersion = group.isEmpty ? version : "\(group)/\(version)"
      groupResource = group.isEmpty ? plural : "\(plural).\(group)"
    }
  }

  private let storage: Storage

  /// The API group, "" for the core group.
  public var group: String { storage.group }
  public var version: String { storage.version }
  public var kind: String { storage.kind }
  /// The plural resource name used in paths (`pods`).
  public var plural: String { storage.plural }
  public var singular: String { storage.singular }
  public var shortNames: [String] { storage.shortNames }
  public var namespaced: Bool { storage.namespaced }
  public var categories: [String] { storage.categories }

  public init(
    group: String, version: String, kind: String, plural: String, shortNames: [String] = [],
    namespaced: Bool = true, categories: [String] = []
  ) {
    storage = Storage(
      group: group, version: version, kind: kind, plural: plural, shortNames: shortNames, namespaced: namespaced,
      categories: categories)
  }

  public static func == (lhs: ResourceType, rhs: ResourceType) -> Bool {
    if lhs.storage === rhs.storage { return true }
    let (a, b) = (lhs.storage, rhs.storage)
    return a.plural == b.plural && a.group == b.group && a.version == b.version && a.kind == b.kind
      && a.singular == b.singular && a.namespaced == b.namespaced && a.shortNames == b.shortNames
      && a.categories == b.categories
  }

  public func hash(into hasher: inout Hasher) {
    let storage = self.storage
    hasher.combine(storage.group)
    hasher.combine(storage.version)
    hasher.combine(storage.kind)
    hasher.combine(storage.plural)
    hasher.combine(storage.singular)
    hasher.combine(storage.shortNames)
    hasher.combine(storage.namespaced)
    hasher.combine(storage.categories)
  }

  /// `v1` for the core group, else `group/version`.
  public var apiVersion: String { storage.apiVersion }

  /// `pods`, or `deployments.apps` outside the core group, as error messages name resources.
  public var groupResource: String { storage.groupResource }

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
  public static let endpointslices = ResourceType(
    group: "discovery.k8s.io", version: "v1", kind: "EndpointSlice", plural: "endpointslices")
  public static let configmaps = ResourceType(
    group: "", version: "v1", kind: "ConfigMap", plural: "configmaps", shortNames: ["cm"])
  public static let secrets = ResourceType(group: "", version: "v1", kind: "Secret", plural: "secrets")
  public static let serviceaccounts = ResourceType(
    group: "", version: "v1", kind: "ServiceAccount", plural: "serviceaccounts", shortNames: ["sa"])
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
  /// Autoscalers in their older version (`kubectl autoscale` writes them so); stored and
  /// served as `horizontalpodautoscalers` (v2), converted at the API's edge.
  public static let horizontalpodautoscalersV1 = ResourceType(
    group: "autoscaling", version: "v1", kind: "HorizontalPodAutoscaler", plural: "horizontalpodautoscalers",
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
  public static let priorityclasses = ResourceType(
    group: "scheduling.k8s.io", version: "v1", kind: "PriorityClass", plural: "priorityclasses", shortNames: ["pc"],
    namespaced: false)
  public static let nodemetrics = ResourceType(
    group: "metrics.k8s.io", version: "v1beta1", kind: "NodeMetrics", plural: "nodes", namespaced: false)
  public static let podmetrics = ResourceType(
    group: "metrics.k8s.io", version: "v1beta1", kind: "PodMetrics", plural: "pods")

  /// The resources users create and list, in discovery order (subresource-only and metrics
  /// kinds are left out): as kube-apiserver lists its groups (apps, then autoscaling, then
  /// batch) and each group's resources (by name), so `kubectl get all` prints them in its order.
  public static let served: [ResourceType] = [
    .namespaces, .nodes, .pods, .services, .endpoints, .configmaps, .secrets, .serviceaccounts, .events,
    .persistentvolumes, .persistentvolumeclaims, .daemonsets, .deployments, .replicasets, .statefulsets,
    .horizontalpodautoscalers, .cronjobs, .jobs, .poddisruptionbudgets, .leases, .storageclasses,
    .priorityclasses, .endpointslices,
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
