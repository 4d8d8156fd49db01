/// The path to a field inside an object, rendered as upstream `field.Path`: `spec.containers[0].name`.
public struct FieldPath: Hashable, Sendable, CustomStringConvertible {
  /// One step of a path.
  public enum Element: Hashable, Sendable {
    /// A field name, written `.name` after the first element.
    case name(String)
    /// A list position, written `[0]`.
    case index(Int)
    /// A map key, written `[key]`.
    case key(String)
  }

  /// The steps from the root.
  public private(set) var elements: [Element]

  /// A path of field names: `FieldPath("metadata", "labels")`.
  public init(_ name: String, _ more: String...) {
    elements = [.name(name)] + more.map(Element.name)
  }

  /// A path from its steps.
  public init(elements: [Element]) {
    self.elements = elements
  }

  /// This path followed by one or more field names.
  public func child(_ name: String, _ more: String...) -> FieldPath {
    FieldPath(elements: elements + [.name(name)] + more.map(Element.name))
  }

  /// This path followed by a list position.
  public func index(_ index: Int) -> FieldPath {
    FieldPath(elements: elements + [.index(index)])
  }

  /// This path followed by a map key.
  public func key(_ key: String) -> FieldPath {
    FieldPath(elements: elements + [.key(key)])
  }

  /// The path one step shorter, or nil at the root.
  public var parent: FieldPath? {
    elements.count > 1 ? FieldPath(elements: Array(elements.dropLast())) : nil
  }

  public var description: String {
    var text = ""
    for (offset, element) in elements.enumerated() {
      switch element {
      case .name(let name):
        if offset > 0, !name.isEmpty { text += "." }
        text += name
      case .index(let index):
        text += "[\(index)]"
      case .key(let key):
        text += "[\(key)]"
      }
    }
    return text
  }
}
