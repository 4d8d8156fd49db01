import KubeModel
import TerminalUI

/// The rows of one kind: scoped, filtered and sorted from the cache, rebuilt only when the
/// cache or the options change; only the visible rows are ever rendered.
public final class ResourceList<R: ResourceRenderer>: Browser {
  public var resource: ResourceType { R.resource }
  public var namespace: String? { didSet { dirty = true } }
  public var filter: ViewFilter = .none {
    didSet {
      dirty = true
      textVerdicts = []
      selectsFirstRow = true
    }
  }
  /// A new filter puts the cursor on the first row that passes, as k9s does (the row
  /// selected before may be any of the matches, and the next key may delete it).
  private var selectsFirstRow = false
  public let scopeTitle: String?
  public var isWide = false { didSet { table.isWide = isWide } }
  public var labelColumns: [String] = [] { didSet { dirty = true } }
  public var showsLabels = false { didSet { dirty = true } }
  /// Keeps only the objects of a drill-down.
  private let scope: ((R.Object) -> Bool)?
  private var table: Table
  /// The shown rows: ids into `order.pool`, in display order.
  private var rows: [Int32] = []
  private var builtGeneration = -1
  private var dirty = true
  private var sortTitle: String?
  private var sortAscending = true
  private var order = RowOrder<R>()
  /// Whether each row passes the text filter (its name, or its `filterCells`), by store
  /// slot, with the cache tick at which its object last changed: a refresh while the filter
  /// stays reads again only the rows of objects that changed (cells that change with time
  /// alone, as AGE, are read when the object did). The app moves the tick on after each
  /// batch of changes, before it draws, so a tick names one version of an object.
  private var textVerdicts: [(tick: Int, passes: Bool)] = []
  /// Whether each store slot's object is among `rows` (empty when every row is shown): a
  /// refresh after objects changed in place keeps `rows` when none of them came or went.
  private var shownSlots: [Bool] = []

  /// Creates a list, optionally scoped (node → pods, deployment → pods).
  public init(namespace: String? = nil, scopeTitle: String? = nil, scope: ((R.Object) -> Bool)? = nil) {
    self.namespace = namespace
    self.scopeTitle = scopeTitle
    self.scope = scope
    table = Table(columns: R.columns.map(\.table))
  }

  public var count: Int { rows.count }
  public var columnTitles: [String] { R.columns.map(\.title) }

  /// The rows' objects in display order (for tests and actions on the selection).
  public var objects: [R.Object] { rows.map { order.pool[Int($0)].object } }

  public var selectedKey: String? {
    selectedEntry?.key
  }

  public var selectedObject: (any KubeObject)? { selected }

  /// The selected object, typed.
  public var selected: R.Object? {
    selectedEntry?.object
  }

  public func refresh(context: RenderContext) {
    let store = R.store(in: context.cache)
    guard dirty || store.generation != builtGeneration else { return }
    let keep = selectedKey.flatMap { store.objects[$0]?.slot }
    // Sorting is the expensive part: `order` redoes it only when the objects or the order
    // changed; a new filter or scope is a pass over integer row ids.
    let change = order.update(store: store, order: .init(title: sortTitle, ascending: sortAscending), context: context)
    // Objects changed in place, in the same order, under the same options: the rows stand
    // unless one of those objects now passes or fails where it did not (a filter over
    // 150,000 pods reads the changed rows, not all of them).
    let rowsStand = !dirty && change.patchedSlots.map { keepsRows(afterChangesIn: $0, context: context) } == true
    if !rowsStand { rows = filteredRows(context: context) }
    builtGeneration = store.generation
    dirty = false
    updateColumns()
    if selectsFirstRow {
      selectsFirstRow = false
      table.select(0, rowCount: rows.count)
    } else if let keep, let index = index(ofSlot: keep) {
      table.select(index, rowCount: rows.count)
    }
  }

  /// Whether the shown rows are still those that pass after the objects in `slots` changed
  /// in place (each of them passes exactly when it is shown).
  private func keepsRows(afterChangesIn slots: [Int], context: RenderContext) -> Bool {
    guard showsSubset else { return true }
    for slot in slots {
      guard let entry = order.entry(atSlot: slot) else { return false }
      let shown = slot < shownSlots.count && shownSlots[slot]
      if passes(entry, context: context) != shown { return false }
    }
    return true
  }

  /// Whether the namespace, the scope or the filter can leave rows out.
  private var showsSubset: Bool {
    (R.resource.namespaced && namespace != nil) || scope != nil || filter.isActive
  }

  /// Whether a row passes the namespace, the scope and the filter.
  private func passes(_ entry: CachedObject<R.Object>, context: RenderContext) -> Bool {
    if R.resource.namespaced, let namespace, entry.namespace != namespace { return false }
    if let scope, !scope(entry.object) { return false }
    guard case .text = filter.criterion else {
      return filter.matches(namespace: entry.namespace, name: entry.name, labels: entry.labels)
    }
    let slot = entry.slot
    if slot < textVerdicts.count, textVerdicts[slot].tick == entry.changedTick { return textVerdicts[slot].passes }
    let passes = filter.matches(namespace: entry.namespace, name: entry.name, labels: entry.labels) { needle in
      ViewFilter.cells(R.filterCells(entry.object, context: context), contain: needle)
    }
    if slot >= textVerdicts.count { textVerdicts.append(contentsOf: repeatElement((tick: -1, passes: false), count: slot + 1 - textVerdicts.count)) }
    textVerdicts[slot] = (entry.changedTick, passes)
    return passes
  }

  /// The sorted rows that pass the namespace, the scope and the filter. An equality label
  /// filter starts from the cache's label index instead of scanning every row.
  private func filteredRows(context: RenderContext) -> [Int32] {
    let pool = order.pool
    let sorted = order.sorted
    guard showsSubset else {
      shownSlots = []
      return sorted
    }
    func keeps(_ row: Int32) -> Bool { passes(pool[Int(row)], context: context) }
    let kept: [Int32]
    if let candidates = indexedCandidates(context: context) {
      let positionOfSlot = order.positionOfSlot
      let positions = candidates.compactMap { slot in
        slot < positionOfSlot.count && positionOfSlot[slot] >= 0 ? positionOfSlot[slot] : nil
      }.sorted()
      kept = positions.map { sorted[Int($0)] }.filter(keeps)
    } else {
      kept = sorted.filter(keeps)
    }
    shownSlots = [Bool](repeating: false, count: order.positionOfSlot.count)
    for row in kept where pool[Int(row)].slot < shownSlots.count { shownSlots[pool[Int(row)].slot] = true }
    return kept
  }

  /// The shown index of the object in a store slot, if shown.
  private func index(ofSlot slot: Int) -> Int? {
    let pool = order.pool
    if rows.count == order.sorted.count, slot < order.positionOfSlot.count {
      let position = Int(order.positionOfSlot[slot])
      return position >= 0 ? position : nil
    }
    return rows.firstIndex { pool[Int($0)].slot == slot }
  }

  private var selectedEntry: CachedObject<R.Object>? {
    rows.indices.contains(table.selectedIndex) ? order.pool[Int(rows[table.selectedIndex])] : nil
  }

  /// The slots an equality label filter can match, from the label index; nil when the filter
  /// is not such a selector or the kind is not indexed by label.
  private func indexedCandidates(context: RenderContext) -> Set<Int>? {
    guard case .labels(let selector) = filter.criterion, !filter.isInverted else { return nil }
    var result: Set<Int>?
    for (key, value) in selector.equalityPairs {
      guard let slots = R.slots(withLabel: key, value: value, in: context.cache) else { return nil }
      result = result.map { $0.intersection(slots) } ?? slots
    }
    return result
  }

  private func updateColumns() {
    var columns = R.columns.map(\.table)
    for key in labelColumns { columns.append(TableColumn(key.uppercased(), priority: 8)) }
    if showsLabels { columns.append(TableColumn("LABELS", priority: 1)) }
    table.columns = columns
    table.sortColumn = sortTitle.flatMap { title in R.columns.firstIndex { $0.title == title } }
    table.sortAscending = sortAscending
  }

  public func sort(by title: String, descendingFirst: Bool) {
    if sortTitle == title {
      sortAscending.toggle()
    } else {
      sortTitle = title
      sortAscending = !descendingFirst
    }
    dirty = true
  }

  public func select(key: String) {
    let pool = order.pool
    if let index = rows.firstIndex(where: { pool[Int($0)].key == key }) { table.select(index, rowCount: rows.count) }
  }

  public func handleNavigation(_ key: Key) -> EventResult {
    table.handle(key, rowCount: rows.count)
  }

  public func draw(into grid: inout CellGrid, in rect: Rect, context: RenderContext) {
    table.glyphs = context.unicode ? .unicode : .ascii
    let source = Rows(pool: order.pool, rows: rows, context: context, labelColumns: labelColumns, showsLabels: showsLabels)
    table.draw(into: &grid, in: rect, rows: source)
  }

  /// Renders rows on demand for the table.
  private struct Rows: TableDataSource {
    let pool: [CachedObject<R.Object>]
    let rows: [Int32]
    let context: RenderContext
    let labelColumns: [String]
    let showsLabels: Bool
    var count: Int { rows.count }

    func row(at index: Int) -> TableRow {
      let object = pool[Int(rows[index])].object
      var cells = R.cells(object, context: context)
      let labels = object.labels
      for key in labelColumns { cells.append(labels[key] ?? "") }
      if showsLabels { cells.append(Format.labels(labels)) }
      return TableRow(cells, role: R.role(object, context: context))
    }
  }
}
