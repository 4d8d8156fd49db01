import KubeModel

/// One object in the informer cache, boxed so that lists of 150,000 pods are arrays of
/// references rather than copies of large structs.
///
/// Objects that arrived in a list stay in that list's array, shared by every entry of the
/// list, so filling the cache copies no object; objects from watch events are held alone.
public final class CachedObject<Object: KubeObject>: Sendable {
  /// The object as last seen. Read in place (a borrow), so `entry.object.spec` over
  /// 150,000 entries copies no object.
  public var object: Object {
    _read {
      switch storage {
      case .alone(let object): yield object
      case .listed(let list, let index): yield list.items[index]
      }
    }
  }
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
  private let storage: Storage

  /// Where the object lives: its own box, or an element of a shared list. Only the first
  /// case is boxed, so an entry made from a list costs no allocation beside its own.
  private enum Storage: Sendable {
    indirect case alone(Object)
    case listed(ListedObjects<Object>, Int)
  }

  /// Boxes an object.
  public init(_ object: Object, key: String? = nil, addedTick: Int, changedTick: Int, slot: Int = 0) {
    self.storage = .alone(object)
    self.key = key ?? object.qualifiedName
    self.name = object.name
    self.namespace = object.namespace
    self.labels = object.labels
    self.addedTick = addedTick
    self.changedTick = changedTick
    self.slot = slot
  }

  /// Refers to element `index` of a listed array without copying it; `object` is that
  /// element, borrowed, to read the name, namespace and labels from.
  init(
    listed list: ListedObjects<Object>, index: Int, object: borrowing Object, key: String, addedTick: Int,
    changedTick: Int, slot: Int
  ) {
    self.storage = .listed(list, index)
    self.key = key
    self.name = object.metadata.name ?? ""
    self.namespace = object.metadata.namespace ?? ""
    self.labels = object.metadata.labels ?? [:]
    self.addedTick = addedTick
    self.changedTick = changedTick
    self.slot = slot
  }
}

/// The array of one list response, shared by the cache entries made from it.
final class ListedObjects<Object: KubeObject>: Sendable {
  let items: [Object]

  init(_ items: [Object]) { self.items = items }
}
