import KubeModel

/// One object in the informer cache, boxed so that lists of 150,000 pods are arrays of
/// references rather than copies of large structs.
public final class CachedObject<Object: KubeObject>: Sendable {
  /// The object as last seen.
  public let object: Object
  /// `namespace/name` (or `name`).
  public let key: String
  /// The name, namespace and labels, stored apart so that filters and sorts over 150,000
  /// objects read them without copying each object.
  public let name: String
  public let namespace: String
  public let labels: [String: String]
  /// The cache tick at which the object was added.
  public let addedTick: Int
  /// The cache tick at which the object last changed.
  public let changedTick: Int

  /// Boxes an object.
  public init(_ object: Object, addedTick: Int, changedTick: Int) {
    self.object = object
    self.key = object.qualifiedName
    self.name = object.name
    self.namespace = object.namespace
    self.labels = object.labels
    self.addedTick = addedTick
    self.changedTick = changedTick
  }
}
