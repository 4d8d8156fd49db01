/// An API object with metadata: what the store keeps and the API serves.
public protocol KubeObject: Codable, Hashable, Sendable {
  /// The resource this type is served as.
  static var resource: ResourceType { get }
  var apiVersion: String? { get set }
  var kind: String? { get set }
  var metadata: ObjectMeta { get set }
}

extension KubeObject {
  /// The object's name, or "" when unset.
  public var name: String { metadata.name ?? "" }

  /// The object's namespace, or "" when unset or cluster-scoped.
  public var namespace: String { metadata.namespace ?? "" }

  /// The object's labels, or an empty map.
  public var labels: [String: String] { metadata.labels ?? [:] }

  /// `namespace/name`, or `name` for cluster-scoped objects.
  public var qualifiedName: String {
    let namespace = self.namespace
    return namespace.isEmpty ? name : "\(namespace)/\(name)"
  }

  /// Sets `apiVersion` and `kind` from the type's resource.
  public mutating func stampTypeMeta() {
    apiVersion = Self.resource.apiVersion
    kind = Self.resource.kind
  }

  /// A reference to this object, as events and bindings use.
  public var objectReference: ObjectReference {
    ObjectReference(
      kind: Self.resource.kind, namespace: metadata.namespace, name: metadata.name, uid: metadata.uid,
      apiVersion: Self.resource.apiVersion, resourceVersion: metadata.resourceVersion)
  }
}

/// A list of objects of one type, as the API returns from a list call (`PodList`, …).
public struct ObjectList<Item: KubeObject>: Codable, Hashable, Sendable {
  public var apiVersion: String?
  public var kind: String?
  public var metadata: ListMeta
  public var items: [Item]

  public init(items: [Item], metadata: ListMeta = ListMeta()) {
    self.apiVersion = Item.resource.apiVersion
    self.kind = Item.resource.kind + "List"
    self.metadata = metadata
    self.items = items
  }
}
