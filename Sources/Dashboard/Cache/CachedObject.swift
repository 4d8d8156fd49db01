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
  /// A small integer naming this object in its store while it stays there (reused after it
  /// leaves), so that indexes and views hold integer row ids instead of string keys.
  public let slot: Int

  /// Boxes an object.
  public init(_ object: Object, key: String? = nil, addedTick: Int, changedTick: Int, slot: Int = 0) {
    self.object = object
    self.key = key ?? object.qualifiedName
    self.name = object.name
    self.namespace = object.namespace
    self.labels = object.labels
    self.addedTick = addedTick
    self.changedTick = changedTick
    self.slot = slot
  }
}
