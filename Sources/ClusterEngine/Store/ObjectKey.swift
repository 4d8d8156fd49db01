/// Where an object lives: its namespace ("" for cluster-scoped objects) and name.
public struct ObjectKey: Hashable, Comparable, Sendable, CustomStringConvertible {
  public var namespace: String
  public var name: String

  public init(namespace: String = "", name: String) {
    self.namespace = namespace
    self.name = name
  }

  public static func < (lhs: ObjectKey, rhs: ObjectKey) -> Bool {
    (lhs.namespace, lhs.name) < (rhs.namespace, rhs.name)
  }

  public var description: String { namespace.isEmpty ? name : "\(namespace)/\(name)" }
}
