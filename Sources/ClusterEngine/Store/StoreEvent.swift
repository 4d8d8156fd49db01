import KubeModel

/// One committed change: what the store's watch delivers.
public struct StoreEvent: Sendable {
  public var revision: Int64
  public var type: WatchEventType
  public var resource: ResourceType
  /// The object after the change (for DELETED, its last state).
  public var object: any KubeObject

  /// The object as `T`, when it is one.
  public func object<T: KubeObject>(as type: T.Type) -> T? { object as? T }
}
