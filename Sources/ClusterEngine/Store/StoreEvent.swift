import KubeModel

/// One committed change: what the store's watch delivers.
///
/// Kept small (revision, type and the object): the watch log holds hundreds of thousands
/// of them and the undispatched buffer as many again after a burst, so the resource is
/// read from the object's type rather than stored beside it.
public struct StoreEvent: Sendable {
  public var revision: Int64
  public var type: WatchEventType
  /// The object after the change (for DELETED, its last state).
  public var object: any KubeObject

  /// A change of `object`.
  public init(revision: Int64, type: WatchEventType, object: any KubeObject) {
    self.revision = revision
    self.type = type
    self.object = object
  }

  /// The resource the object is served as.
  public var resource: ResourceType { Swift.type(of: object).resource }

  /// The object as `T`, when it is one.
  ///
  /// Every component sees every change and most are not of the kind it asks for: comparing
  /// the types settles those without `as?`, whose failed casts search the conformance
  /// tables, and the object of the kind asked for is opened, not cast.
  public func object<T: KubeObject>(as type: T.Type) -> T? {
    guard Swift.type(of: self.object) == T.self else { return nil }
    func open<U: KubeObject>(_ object: U) -> T? { exactly(object, as: T.self) }
    return _openExistential(self.object, do: open)
  }
}
