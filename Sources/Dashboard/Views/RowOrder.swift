/// A view's rows as integer ids: the store's entries captured once per store generation,
/// their order by key, and the order for a sort column, all as index arrays, so that
/// sorting and filtering 150,000 rows moves integers rather than objects or strings.
struct RowOrder<R: ResourceRenderer> {
  /// The store's entries when last captured; row ids index this array.
  private(set) var pool: [CachedObject<R.Object>] = []
  /// Row ids in display order.
  private(set) var sorted: [Int32] = []
  /// The display position of each store slot (-1 for a free slot).
  private(set) var positionOfSlot: [Int32] = []
  private var keyOrder: [Int32] = []
  /// Each row id's position in key order: the tie-break of every other order.
  private var keyRank: [Int32] = []
  private var poolGeneration = -1
  private var sortedGeneration = -1
  private var sortedBy = SortOrder(title: nil, ascending: true)

  /// A sort column and direction.
  struct SortOrder: Equatable {
    var title: String?
    var ascending: Bool
  }

  /// Brings the order up to date with the store and the sort; returns whether it changed.
  @discardableResult
  mutating func update(store: ObjectStore<R.Object>, order: SortOrder, context: RenderContext) -> Bool {
    if store.generation != poolGeneration { capture(store) }
    guard store.generation != sortedGeneration || order != sortedBy else { return false }
    sorted = sortedRows(order, context: context)
    positionOfSlot = [Int32](repeating: -1, count: store.bySlot.count)
    for (position, row) in sorted.enumerated() { positionOfSlot[pool[Int(row)].slot] = Int32(position) }
    sortedGeneration = store.generation
    sortedBy = order
    return true
  }

  private mutating func capture(_ store: ObjectStore<R.Object>) {
    pool = store.entries
    poolGeneration = store.generation
    let rows = Array(0..<Int32(pool.count))
    let keys = TextSortKeys(count: pool.count) { pool[$0].key }
    if keys.isASCII {
      keyOrder = keys.sorted(rows, tie: rows, ascending: true)
    } else {
      keyOrder = rows.sorted { pool[Int($0)].key < pool[Int($1)].key }
    }
    keyRank = [Int32](repeating: 0, count: pool.count)
    for (rank, row) in keyOrder.enumerated() { keyRank[Int(row)] = Int32(rank) }
  }

  private func sortedRows(_ order: SortOrder, context: RenderContext) -> [Int32] {
    guard let title = order.title, let column = R.columns.firstIndex(where: { $0.title == title }) else {
      return keyOrder
    }
    let ascending = order.ascending
    let rows = Array(0..<Int32(pool.count))
    let keyRank = self.keyRank
    switch R.columns[column].sort {
    case .number:
      let values = pool.map { R.sortNumber($0.object, column: column, context: context) }
      return rows.sorted { a, b in
        let (x, y) = (values[Int(a)], values[Int(b)])
        return x != y ? (x < y) == ascending : keyRank[Int(a)] < keyRank[Int(b)]
      }
    case .text:
      // Keys are unique, so a NAMESPACE order is the key order or its reverse.
      if title == "NAMESPACE" { return ascending ? keyOrder : keyOrder.reversed() }
      let texts: (Int) -> String
      if title == "NAME" {
        texts = { pool[$0].name }
      } else {
        let cells = pool.map { R.cells($0.object, context: context)[column] }
        texts = { cells[$0] }
      }
      let keys = TextSortKeys(count: pool.count, text: texts)
      if keys.isASCII { return keys.sorted(rows, tie: keyRank, ascending: ascending) }
      let strings = (0..<pool.count).map(texts)
      return rows.sorted { a, b in
        let (x, y) = (strings[Int(a)], strings[Int(b)])
        return x != y ? (x < y) == ascending : keyRank[Int(a)] < keyRank[Int(b)]
      }
    }
  }
}
