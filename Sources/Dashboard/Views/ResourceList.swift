import KubeModel
import TerminalUI

/// The rows of one kind: scoped, filtered and sorted from the cache, rebuilt only when the
/// cache or the options change; only the visible rows are ever rendered.
public final class ResourceList<R: ResourceRenderer>: Browser {
  public var resource: ResourceType { R.resource }
  public var namespace: String? { didSet { dirty = true } }
  public var filter: ViewFilter = .none { didSet { dirty = true } }
  public let scopeTitle: String?
  public var isWide = false { didSet { table.isWide = isWide } }
  public var labelColumns: [String] = [] { didSet { dirty = true } }
  public var showsLabels = false { didSet { dirty = true } }
  /// Keeps only the objects of a drill-down.
  private let scope: ((R.Object) -> Bool)?
  private var table: Table
  private var entries: [CachedObject<R.Object>] = []
  private var builtGeneration = -1
  private var dirty = true
  private var sortTitle: String?
  private var sortAscending = true
  private var sortedAll: [CachedObject<R.Object>] = []
  private var sortedGeneration = -1
  private var sortedOrder = SortOrder(title: nil, ascending: true)

  /// Creates a list, optionally scoped (node → pods, deployment → pods).
  public init(namespace: String? = nil, scopeTitle: String? = nil, scope: ((R.Object) -> Bool)? = nil) {
    self.namespace = namespace
    self.scopeTitle = scopeTitle
    self.scope = scope
    table = Table(columns: R.columns.map(\.table))
  }

  public var count: Int { entries.count }
  public var columnTitles: [String] { R.columns.map(\.title) }

  /// The rows' objects in display order (for tests and actions on the selection).
  public var objects: [R.Object] { entries.map(\.object) }

  public var selectedKey: String? {
    entries.indices.contains(table.selectedIndex) ? entries[table.selectedIndex].key : nil
  }

  public var selectedObject: (any KubeObject)? { selected }

  /// The selected object, typed.
  public var selected: R.Object? {
    entries.indices.contains(table.selectedIndex) ? entries[table.selectedIndex].object : nil
  }

  public func refresh(context: RenderContext) {
    let store = R.store(in: context.cache)
    guard dirty || store.generation != builtGeneration else { return }
    let keep = selectedKey
    // Sorting is the expensive part: redo it only when the objects or the order changed;
    // a new filter or scope is a linear pass over the sorted list.
    let order = SortOrder(title: sortTitle, ascending: sortAscending)
    if store.generation != sortedGeneration || order != sortedOrder {
      sortedAll = sorted(Array(store.objects.values), context: context)
      sortedGeneration = store.generation
      sortedOrder = order
    }
    var rows: [CachedObject<R.Object>] = []
    rows.reserveCapacity(filter.isActive || scope != nil || namespace != nil ? 1024 : sortedAll.count)
    for entry in sortedAll {
      if let namespace, R.resource.namespaced, entry.namespace != namespace { continue }
      if let scope, !scope(entry.object) { continue }
      if !filter.matches(namespace: entry.namespace, name: entry.name, labels: entry.labels) { continue }
      rows.append(entry)
    }
    entries = rows
    builtGeneration = store.generation
    dirty = false
    updateColumns()
    if let keep { select(key: keep) }
  }

  /// The order rows were last sorted in.
  private struct SortOrder: Equatable {
    var title: String?
    var ascending: Bool
  }

  private func sorted(_ rows: [CachedObject<R.Object>], context: RenderContext) -> [CachedObject<R.Object>] {
    guard let title = sortTitle, let index = R.columns.firstIndex(where: { $0.title == title }) else {
      return rows.sorted { $0.key < $1.key }
    }
    let ascending = sortAscending
    switch R.columns[index].sort {
    case .number:
      let keyed = rows.map { (R.sortNumber($0.object, column: index, context: context), $0) }
      return keyed.sorted { lhs, rhs in
        lhs.0 != rhs.0 ? (lhs.0 < rhs.0) == ascending : lhs.1.key < rhs.1.key
      }.map(\.1)
    case .text:
      let keyed: [(String, CachedObject<R.Object>)]
      switch title {
      case "NAME": keyed = rows.map { ($0.name, $0) }
      case "NAMESPACE": keyed = rows.map { ($0.key, $0) }
      default: keyed = rows.map { (R.cells($0.object, context: context)[index], $0) }
      }
      return keyed.sorted { lhs, rhs in
        lhs.0 != rhs.0 ? (lhs.0 < rhs.0) == ascending : lhs.1.key < rhs.1.key
      }.map(\.1)
    }
  }

  private func updateColumns() {
    var columns = R.columns.map(\.table)
    for key in labelColumns { columns.append(TableColumn(key.uppercased(), priority: 8)) }
    if showsLabels { columns.append(TableColumn("LABELS", priority: 1)) }
    table.columns = columns
    table.sortColumn = sortTitle.flatMap { title in R.columns.firstIndex { $0.title == title } }
    table.sortAscending = sortAscending
  }

  public func sort(by title: String) {
    if sortTitle == title {
      sortAscending.toggle()
    } else {
      sortTitle = title
      sortAscending = true
    }
    dirty = true
  }

  public func select(key: String) {
    if let index = entries.firstIndex(where: { $0.key == key }) { table.select(index, rowCount: entries.count) }
  }

  public func handleNavigation(_ key: Key) -> EventResult {
    table.handle(key, rowCount: entries.count)
  }

  public func draw(into grid: inout CellGrid, in rect: Rect, context: RenderContext) {
    table.glyphs = context.unicode ? .unicode : .ascii
    let source = Rows(entries: entries, context: context, labelColumns: labelColumns, showsLabels: showsLabels)
    table.draw(into: &grid, in: rect, rows: source)
  }

  /// Renders rows on demand for the table.
  private struct Rows: TableDataSource {
    let entries: [CachedObject<R.Object>]
    let context: RenderContext
    let labelColumns: [String]
    let showsLabels: Bool
    var count: Int { entries.count }

    func row(at index: Int) -> TableRow {
      let object = entries[index].object
      var cells = R.cells(object, context: context)
      let labels = object.labels
      for key in labelColumns { cells.append(labels[key] ?? "") }
      if showsLabels { cells.append(Format.labels(labels)) }
      return TableRow(cells, role: R.role(object, context: context))
    }
  }
}
