import KubeModel
import TerminalUI

/// What the screen needs from the current resource view, whatever its kind.
public protocol Browser: AnyObject {
  /// The resource listed.
  var resource: ResourceType { get }
  /// The namespace shown, nil for all.
  var namespace: String? { get set }
  /// The `/` filter.
  var filter: ViewFilter { get set }
  /// A fixed scope from a drill-down (`node/worker-1`), shown in the title.
  var scopeTitle: String? { get }
  /// Wide columns.
  var isWide: Bool { get set }
  /// `-L key` columns.
  var labelColumns: [String] { get set }
  /// A LABELS column.
  var showsLabels: Bool { get set }
  /// Rows after scope and filter.
  var count: Int { get }
  /// The declared column titles (for sorting keys and help).
  var columnTitles: [String] { get }
  /// Rebuilds the rows if the cache or the options changed.
  func refresh(context: RenderContext)
  /// Draws the header and visible rows.
  func draw(into grid: inout CellGrid, in rect: Rect, context: RenderContext)
  /// Cursor movement.
  func handleNavigation(_ key: Key) -> EventResult
  /// The selected object's `namespace/name`.
  var selectedKey: String? { get }
  /// The selected object.
  var selectedObject: (any KubeObject)? { get }
  /// Sorts by a column title, ascending first, or descending first when
  /// `descendingFirst` (the largest counts and usage on top); again: reverses.
  func sort(by title: String, descendingFirst: Bool)
  /// Moves the cursor to a key if present.
  func select(key: String)
}

extension Browser {
  /// Sorts by a column title, ascending first (again: reverses).
  public func sort(by title: String) { sort(by: title, descendingFirst: false) }
}

/// The table title: `pods(default)[1,234]` plus the filter.
public func browserTitle(_ browser: any Browser) -> [Span] {
  var spans = [Span(browser.resource.plural, role: .title)]
  let scope = browser.scopeTitle ?? (browser.resource.namespaced ? (browser.namespace ?? "all") : nil)
  if let scope { spans.append(Span("(\(scope))", role: .title)) }
  spans.append(Span("[\(Format.count(browser.count))]", role: .titleCounter))
  if browser.filter.isActive { spans.append(Span(" </\(browser.filter.source)>", role: .titleFilter)) }
  return spans
}
