/// How a strategic merge patch treats each field of a kind, as the Go types' `patchStrategy`
/// and `patchMergeKey` struct tags declare it.
///
/// A schema describes one JSON object: for each field, how a list there merges and the schema
/// of what the field (or each list element) holds. Fields it does not describe are plain:
/// maps merge, lists are replaced.
public struct PatchSchema: Hashable, Sendable {
  /// How a list field merges.
  public enum ListStrategy: Hashable, Sendable {
    /// The patch's list replaces the stored one (no `patchStrategy` tag).
    case replace
    /// Elements are maps matched by the value of `key` (`patchStrategy:"merge"` with a
    /// `patchMergeKey`).
    case merge(key: String)
    /// Elements are primitives merged as a set (`patchStrategy:"merge"` on a list of strings).
    case mergeValues
  }

  /// How the list at this field merges, when the field is a list.
  public var list: ListStrategy
  /// Whether `$retainKeys` applies here (`patchStrategy:"retainKeys"`).
  public var retainKeys: Bool
  /// The schemas of this object's fields, or of each list element's fields.
  public var fields: [String: PatchSchema]

  /// A field schema.
  public init(list: ListStrategy = .replace, retainKeys: Bool = false, fields: [String: PatchSchema] = [:]) {
    self.list = list
    self.retainKeys = retainKeys
    self.fields = fields
  }

  /// Nothing known: maps merge, lists are replaced.
  public static let plain = PatchSchema()

  /// The schema of field `name`, or `plain`.
  public func field(_ name: String) -> PatchSchema {
    fields[name] ?? .plain
  }

  /// A list of maps merged by `key`, whose elements have `fields`.
  public static func merged(by key: String, retainKeys: Bool = false, _ fields: [String: PatchSchema] = [:]) -> PatchSchema {
    PatchSchema(list: .merge(key: key), retainKeys: retainKeys, fields: fields)
  }

  /// A list of strings merged as a set.
  public static let valueSet = PatchSchema(list: .mergeValues)

  /// An object with `fields`.
  public static func object(_ fields: [String: PatchSchema]) -> PatchSchema {
    PatchSchema(fields: fields)
  }
}

extension PatchSchema {
  /// The schema for objects of `resource`: the metadata of every kind, pods and pod templates
  /// (Deployment, ReplicaSet, DaemonSet, StatefulSet, Job, CronJob), nodes and services, and
  /// the `type`-keyed conditions of workload statuses.
  public static func `for`(_ resource: ResourceType) -> PatchSchema {
    var fields: [String: PatchSchema] = ["metadata": metadata]
    switch resource {
    case .pods:
      fields["spec"] = podSpec
      fields["status"] = .object([
        "conditions": conditions, "podIPs": .merged(by: "ip"), "hostIPs": .merged(by: "ip"),
      ])
    case .deployments:
      fields["spec"] = .object(["template": podTemplate, "strategy": PatchSchema(retainKeys: true)])
      fields["status"] = .object(["conditions": conditions])
    case .replicasets, .daemonsets, .statefulsets, .jobs:
      fields["spec"] = .object(["template": podTemplate])
      fields["status"] = .object(["conditions": conditions])
    case .cronjobs:
      fields["spec"] = .object(["jobTemplate": .object(["metadata": metadata, "spec": .object(["template": podTemplate])])])
    case .nodes:
      fields["spec"] = .object(["podCIDRs": .valueSet])
      fields["status"] = .object(["conditions": conditions, "addresses": .merged(by: "type")])
    case .services:
      fields["spec"] = .object(["ports": .merged(by: "port")])
      fields["status"] = .object(["conditions": conditions])
    case .namespaces:
      fields["status"] = .object(["conditions": conditions])
    case .persistentvolumeclaims:
      fields["status"] = .object(["conditions": conditions])
    case .poddisruptionbudgets, .horizontalpodautoscalers:
      fields["status"] = .object(["conditions": conditions])
    default:
      break
    }
    return .object(fields)
  }

  /// `ObjectMeta`: owner references by `uid`, finalizers as a set.
  public static let metadata = PatchSchema.object(["ownerReferences": .merged(by: "uid"), "finalizers": .valueSet])

  /// Conditions merged by `type`.
  static let conditions = PatchSchema.merged(by: "type")

  /// `Container`: ports by `containerPort`, env by `name`, mounts by `mountPath`, devices by
  /// `devicePath`.
  public static let container = PatchSchema.object([
    "ports": .merged(by: "containerPort"),
    "env": .merged(by: "name"),
    "volumeMounts": .merged(by: "mountPath"),
    "volumeDevices": .merged(by: "devicePath"),
  ])

  /// `PodSpec`: containers and volumes by `name` (volumes also retain keys), and the other
  /// keyed lists; tolerations, for instance, have no strategy and are replaced.
  public static let podSpec = PatchSchema.object([
    "containers": .merged(by: "name", container.fields),
    "initContainers": .merged(by: "name", container.fields),
    "ephemeralContainers": .merged(by: "name", container.fields),
    "volumes": .merged(by: "name", retainKeys: true),
    "imagePullSecrets": .merged(by: "name"),
    "hostAliases": .merged(by: "ip"),
    "topologySpreadConstraints": .merged(by: "topologyKey"),
    "schedulingGates": .merged(by: "name"),
    "resourceClaims": .merged(by: "name", retainKeys: true),
  ])

  /// `PodTemplateSpec`: metadata and a pod spec.
  public static let podTemplate = PatchSchema.object(["metadata": metadata, "spec": podSpec])
}

extension Patch {
  /// `document` (an object of `resource`, as JSON) with this patch applied in its format:
  /// a JSON patch's operations, a merge patch, or a strategic merge (also for apply) by the
  /// resource's list keys.
  public func applied(to document: JSONValue, resource: ResourceType) throws(PatchError) -> JSONValue {
    switch kind {
    case .json: return try JSONPatch.apply(body, to: document)
    case .merge: return JSONMergePatch.apply(body, to: document)
    case .strategicMerge, .apply: return try StrategicMergePatch.apply(body, to: document, schema: PatchSchema.for(resource))
    }
  }
}
