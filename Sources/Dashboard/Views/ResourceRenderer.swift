import KubeModel
import TerminalUI

/// Turns one object of a kind into one table row: the declared header, the cells, the
/// row's colour role, and sort values. Pure, so it is golden-tested with fixtures.
public protocol ResourceRenderer {
  /// The kind rendered.
  associatedtype Object: KubeObject
  /// The resource, for titles and commands.
  static var resource: ResourceType { get }
  /// The columns, in order.
  static var columns: [ViewColumn] { get }
  /// The cells, one per column.
  static func cells(_ object: Object, context: RenderContext) -> [String]
  /// The cells a text filter reads besides the name: by default every cell; a kind whose
  /// rows carry usage figures and ages (which move with time, not with the object, and cost
  /// most to render) gives only the others.
  static func filterCells(_ object: Object, context: RenderContext) -> [String]
  /// The colour role of the row (health).
  static func role(_ object: Object, context: RenderContext) -> ColorRole
  /// The number a `.number` column sorts by.
  static func sortNumber(_ object: Object, column: Int, context: RenderContext) -> Double
  /// The store that holds this kind.
  static func store(in cache: InformerCache) -> ObjectStore<Object>
  /// The store slots of the objects labelled `key=value`, when the cache indexes this kind
  /// by label; nil when it does not (views then test every row).
  static func slots(withLabel key: String, value: String, in cache: InformerCache) -> Set<Int>?
}

extension ResourceRenderer {
  public static func role(_ object: Object, context: RenderContext) -> ColorRole { .rowNormal }

  public static func filterCells(_ object: Object, context: RenderContext) -> [String] { cells(object, context: context) }

  public static func slots(withLabel key: String, value: String, in cache: InformerCache) -> Set<Int>? { nil }

  public static func sortNumber(_ object: Object, column: Int, context: RenderContext) -> Double {
    ageSortValue(object)
  }

  /// Sort value for AGE columns: newer objects sort first, as kubectl's age ordering.
  public static func ageSortValue(_ object: Object) -> Double {
    -Double(object.metadata.creationTimestamp?.seconds ?? 0)
  }

  /// The AGE cell.
  public static func age(_ object: Object, _ context: RenderContext) -> String {
    Format.age(since: object.metadata.creationTimestamp, now: context.now)
  }

  /// The standard columns for namespace and name.
  static var namespaceColumn: ViewColumn { ViewColumn("NAMESPACE", priority: 6, maxWidth: 24) }
  static var nameColumn: ViewColumn { ViewColumn("NAME", priority: 10, minWidth: 12) }
  static var ageColumn: ViewColumn { ViewColumn("AGE", alignment: .right, priority: 7, sort: .number) }
}
