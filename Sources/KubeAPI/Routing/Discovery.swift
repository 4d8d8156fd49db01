import KubeModel
import OrderedCollections

/// The discovery documents kubectl reads before most commands: `/api`, `/apis`, the
/// per-group-version resource lists, and the aggregated (v2) form of both.
public enum Discovery {
  /// A group-version the server serves, with its resources.
  struct GroupVersion {
    var group: String
    var version: String
    var resources: [ResourceType]
    var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }
  }

  static let groupVersions: [GroupVersion] = {
    var byGroupVersion: [String: GroupVersion] = [:]
    var order: [String] = []
    // Older versions after the served ones: a group's first version is its preferred one.
    for resource in ResourceType.served + AutoscalingV1.otherVersions + [.nodemetrics, .podmetrics] {
      let key = resource.apiVersion
      if byGroupVersion[key] == nil {
        byGroupVersion[key] = GroupVersion(group: resource.group, version: resource.version, resources: [])
        order.append(key)
      }
      byGroupVersion[key]?.resources.append(resource)
    }
    return order.compactMap { byGroupVersion[$0] }
  }()

  static let readOnly: Set<String> = ["metrics.k8s.io"]
  static let allVerbs = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]

  /// The subresources of a resource: (name, group, version, kind, verbs).
  static func subresources(of resource: ResourceType) -> [(String, String, String, String, [String])] {
    switch resource {
    case .pods:
      return [
        ("binding", "", "v1", "Binding", ["create"]), ("eviction", "policy", "v1", "Eviction", ["create"]),
        ("exec", "", "v1", "PodExecOptions", ["create", "get"]), ("log", "", "v1", "Pod", ["get"]),
        ("portforward", "", "v1", "PodPortForwardOptions", ["create", "get"]),
        ("status", "", "v1", "Pod", ["get", "patch", "update"]),
      ]
    case .serviceaccounts:
      return [("token", "authentication.k8s.io", "v1", "TokenRequest", ["create"])]
    case .deployments, .replicasets, .statefulsets:
      return [
        ("scale", "autoscaling", "v1", "Scale", ["get", "patch", "update"]),
        ("status", resource.group, resource.version, resource.kind, ["get", "patch", "update"]),
      ]
    case .nodes, .namespaces, .services, .daemonsets, .jobs, .cronjobs, .horizontalpodautoscalers, .horizontalpodautoscalersV1,
      .poddisruptionbudgets, .persistentvolumes, .persistentvolumeclaims:
      return [("status", resource.group, resource.version, resource.kind, ["get", "patch", "update"])]
    default:
      return []
    }
  }

  static func verbs(of resource: ResourceType) -> [String] {
    readOnly.contains(resource.group) ? ["get", "list"] : allVerbs
  }

  /// `GET /version`.
  public static func version(gitVersion: String) -> JSONValue {
    let parts = gitVersion.dropFirst().split(separator: ".")
    return .object([
      "major": .string(parts.first.map(String.init) ?? "1"), "minor": .string(parts.count > 1 ? String(parts[1]) : "32"),
      "gitVersion": .string(gitVersion), "gitCommit": .string("0000000000000000000000000000000000000000"),
      "gitTreeState": .string("clean"), "buildDate": .string("2026-01-01T00:00:00Z"), "goVersion": .string("go1.23.8"),
      "compiler": .string("gc"), "platform": .string("linux/amd64"),
    ])
  }

  /// `GET /api` (legacy form).
  static var coreVersions: JSONValue {
    .object([
      "kind": "APIVersions", "versions": .array(["v1"]),
      "serverAddressByClientCIDRs": .array([.object(["clientCIDR": "0.0.0.0/0", "serverAddress": "127.0.0.1"])]),
    ])
  }

  /// `GET /apis` (legacy form).
  static var groupList: JSONValue {
    var groups: [JSONValue] = []
    var seen = Set<String>()
    for groupVersion in groupVersions where !groupVersion.group.isEmpty && seen.insert(groupVersion.group).inserted {
      groups.append(group(groupVersion.group))
    }
    return .object(["kind": "APIGroupList", "apiVersion": "v1", "groups": .array(groups)])
  }

  /// `GET /apis/<group>`.
  static func group(_ name: String) -> JSONValue {
    let versions = groupVersions.filter { $0.group == name }.map {
      JSONValue.object(["groupVersion": .string($0.apiVersion), "version": .string($0.version)])
    }
    return .object([
      "kind": "APIGroup", "apiVersion": "v1", "name": .string(name), "versions": .array(versions),
      "preferredVersion": versions.first ?? .null,
    ])
  }

  /// `GET /api/v1` or `GET /apis/<group>/<version>`: the APIResourceList, or nil.
  static func resourceList(group: String, version: String) -> JSONValue? {
    guard let groupVersion = groupVersions.first(where: { $0.group == group && $0.version == version }) else { return nil }
    var resources: [JSONValue] = []
    for resource in groupVersion.resources {
      var entry: [String: JSONValue] = [
        "name": .string(resource.plural), "singularName": .string(resource.singular),
        "namespaced": .bool(resource.namespaced), "kind": .string(resource.kind),
        "verbs": .array(verbs(of: resource).map(JSONValue.string)),
      ]
      if !resource.shortNames.isEmpty { entry["shortNames"] = .array(resource.shortNames.map(JSONValue.string)) }
      if !resource.categories.isEmpty { entry["categories"] = .array(resource.categories.map(JSONValue.string)) }
      resources.append(.object(.init(uniqueKeysWithValues: entry.sorted { $0.key < $1.key })))
      for (name, subGroup, subVersion, kind, subVerbs) in subresources(of: resource) {
        var sub: [(String, JSONValue)] = [
          ("name", .string("\(resource.plural)/\(name)")), ("singularName", ""), ("namespaced", .bool(resource.namespaced)),
          ("kind", .string(kind)), ("verbs", .array(subVerbs.map(JSONValue.string))),
        ]
        if subGroup != group || subVersion != version {
          sub += [("group", .string(subGroup)), ("version", .string(subVersion))]
        }
        resources.append(.object(.init(uniqueKeysWithValues: sub)))
      }
    }
    return .object([
      "kind": "APIResourceList", "apiVersion": "v1", "groupVersion": .string(groupVersion.apiVersion),
      "resources": .array(resources),
    ])
  }

  /// The aggregated discovery document (`apidiscovery.k8s.io/v2`) for the core group
  /// (`core: true`, `GET /api`) or every named group (`GET /apis`).
  static func aggregated(core: Bool) -> JSONValue {
    var items: [JSONValue] = []
    var groups: [String] = []
    for groupVersion in groupVersions where (groupVersion.group.isEmpty == core) && !groups.contains(groupVersion.group) {
      groups.append(groupVersion.group)
    }
    for group in groups {
      let versions = groupVersions.filter { $0.group == group }.map { groupVersion -> JSONValue in
        let resources = groupVersion.resources.map { resource -> JSONValue in
          var entry: [(String, JSONValue)] = [
            ("resource", .string(resource.plural)),
            ("responseKind", .object(["group": .string(resource.group), "version": .string(resource.version), "kind": .string(resource.kind)])),
            ("scope", .string(resource.namespaced ? "Namespaced" : "Cluster")),
            ("singularResource", .string(resource.singular)), ("verbs", .array(verbs(of: resource).map(JSONValue.string))),
          ]
          if !resource.shortNames.isEmpty { entry.append(("shortNames", .array(resource.shortNames.map(JSONValue.string)))) }
          if !resource.categories.isEmpty { entry.append(("categories", .array(resource.categories.map(JSONValue.string)))) }
          let subs = subresources(of: resource).map { name, subGroup, subVersion, kind, subVerbs in
            JSONValue.object([
              "subresource": .string(name),
              "responseKind": .object(["group": .string(subGroup), "version": .string(subVersion), "kind": .string(kind)]),
              "verbs": .array(subVerbs.map(JSONValue.string)),
            ])
          }
          if !subs.isEmpty { entry.append(("subresources", .array(subs))) }
          return .object(.init(uniqueKeysWithValues: entry))
        }
        return .object(["version": .string(groupVersion.version), "resources": .array(resources), "freshness": "Current"])
      }
      items.append(.object(["metadata": .object(["name": .string(group), "creationTimestamp": .null]), "versions": .array(versions)]))
    }
    return .object(["kind": "APIGroupDiscoveryList", "apiVersion": "apidiscovery.k8s.io/v2", "metadata": .emptyObject, "items": .array(items)])
  }

  /// The content type of aggregated discovery replies.
  static let aggregatedContentType = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList"

  /// `GET /openapi/v3`: the index kubectl's validator reads; the per-group documents carry
  /// only what client-side apply needs (the `fieldValidation` parameter and the
  /// group-version-kind of each path), so kubectl leaves validation to the server.
  static var openAPIIndex: JSONValue {
    var paths = OrderedDictionaryBuilder()
    for groupVersion in groupVersions {
      let key = groupVersion.group.isEmpty ? "api/\(groupVersion.version)" : "apis/\(groupVersion.apiVersion)"
      paths[key] = .object(["serverRelativeURL": .string("/openapi/v3/\(key)?hash=\(groupVersion.apiVersion.count)")])
    }
    return .object(["paths": .object(paths.members)])
  }

  /// `GET /openapi/v3/<api/v1 | apis/group/version>`.
  static func openAPIDocument(path: String) -> JSONValue? {
    guard let groupVersion = groupVersions.first(where: {
      ($0.group.isEmpty ? "api/\($0.version)" : "apis/\($0.apiVersion)") == path
    }) else { return nil }
    var paths = OrderedDictionaryBuilder()
    for resource in groupVersion.resources {
      let prefix = groupVersion.group.isEmpty ? "/api/\(groupVersion.version)" : "/apis/\(groupVersion.apiVersion)"
      let route = resource.namespaced
        ? "\(prefix)/namespaces/{namespace}/\(resource.plural)/{name}" : "\(prefix)/\(resource.plural)/{name}"
      let gvk: JSONValue = .object([
        "group": .string(resource.group), "version": .string(resource.version), "kind": .string(resource.kind),
      ])
      let operation: JSONValue = .object([
        "x-kubernetes-group-version-kind": gvk,
        "parameters": .array([.object(["name": "fieldValidation", "in": "query", "schema": .object(["type": "string"])])]),
        "responses": .emptyObject,
      ])
      paths[route] = .object(["get": operation, "put": operation, "patch": operation, "delete": operation])
    }
    return .object([
      "openapi": "3.0.0", "info": .object(["title": "Kubernetes", "version": "v1.32.4"]), "paths": .object(paths.members),
      "components": .object(["schemas": .emptyObject]),
    ])
  }
}

/// Builds an ordered JSON object by assignment.
struct OrderedDictionaryBuilder {
  var members: OrderedDictionary<String, JSONValue> = [:]
  subscript(key: String) -> JSONValue? {
    get { members[key] }
    set { members[key] = newValue }
  }
}
