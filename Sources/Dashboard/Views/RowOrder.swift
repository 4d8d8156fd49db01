import KubeModel

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
  /// The row id of each store slot (-1 for a free slot).
  private var rowOfSlot: [Int32] = []
  private var keyOrder: [Int32] = []
  /// Each row id's position in key order: the tie-break of every other order.
  private var keyRank: [Int32] = []
  /// Whether the key order is byte order (every key ASCII).
  private var keysAreASCII = true
  private var poolGeneration = -1
  /// The store's `membership` when the key order was built.
  private var poolMembership = -1
  private var sortedGeneration = -1
  /// The `poolMembership` the display order was built for.
  private var sortedMembership = -1
  private var sortedBy = SortOrder(title: nil, ascending: true)
  /// Each row's value in the sort column, when the order reads the objects: numbers for a
  /// numeric column, cells for a text one (empty otherwise). A change in place moves only
  /// the changed rows.
  private var numberValues: [Double] = []
  private var textValues: [String] = []

  /// A sort column and direction.
  struct SortOrder: Equatable {
    var title: String?
    var ascending: Bool
  }

  /// What an update did to the rows.
  enum Change: Equatable {
    /// Nothing changed.
    case none
    /// The objects in these slots were read again; every row kept its place.
    case patched(slots: [Int])
    /// The rows or their order were built again.
    case rebuilt

    /// The slots read again, when every row kept its place.
    var patchedSlots: [Int]? {
      if case .patched(let slots) = self { return slots }
      return nil
    }
  }

  /// The entry held in a store slot, if any.
  func entry(atSlot slot: Int) -> CachedObject<R.Object>? {
    guard slot < rowOfSlot.count, rowOfSlot[slot] >= 0 else { return nil }
    return pool[Int(rowOfSlot[slot])]
  }

  /// Brings the order up to date with the store and the sort, and says what changed.
  @discardableResult
  mutating func update(store: ObjectStore<R.Object>, order: SortOrder, context: RenderContext) -> Change {
    var patched: [Int]?
    if store.generation != poolGeneration { patched = capture(store) }
    guard store.generation != sortedGeneration || order != sortedBy else { return .none }
    // Objects changed in their slots only, and the order reads nothing but keys: it stands,
    // and so do the positions.
    if order == sortedBy, sortedMembership == poolMembership, followsKeys(order) {
      sortedGeneration = store.generation
      return patched.map { .patched(slots: $0) } ?? .rebuilt
    }
    // A few objects changed in place under an order that reads them: each moves to its new
    // place (binary search) instead of every row being sorted again.
    if order == sortedBy, sortedMembership == poolMembership, let patched, patched.count <= 64,
      reposition(patched, order, context: context)
    {
      sortedGeneration = store.generation
      return .rebuilt
    }
    sorted = sortedRows(order, context: context)
    positionOfSlot = [Int32](repeating: -1, count: store.bySlot.count)
    for (position, row) in sorted.enumerated() { positionOfSlot[pool[Int(row)].slot] = Int32(position) }
    sortedGeneration = store.generation
    sortedMembership = poolMembership
    sortedBy = order
    return .rebuilt
  }

  /// Whether `order` is read from the keys alone (namespace and name), which a change of an
  /// object in its slot keeps.
  private func followsKeys(_ order: SortOrder) -> Bool {
    guard let title = order.title, R.columns.contains(where: { $0.title == title }) else { return true }
    return title == "NAMESPACE" || title == "NAME"
  }

  /// Reads the store's entries again; returns the slots read when only those were (nil
  /// when every entry was).
  private mutating func capture(_ store: ObjectStore<R.Object>) -> [Int]? {
    // Only objects modified in their slots since the last capture, and the store still
    // knows which: those rows are read again, in place (a status write to one of 150,000
    // pods reads one entry, not all of them).
    if store.membership == poolMembership, keyRank.count == pool.count,
      let modified = store.modifiedEntries(after: poolGeneration)
    {
      for entry in modified { pool[Int(rowOfSlot[entry.slot])] = entry }
      poolGeneration = store.generation
      return modified.map(\.slot)
    }
    pool = store.entries
    poolGeneration = store.generation
    rowOfSlot = [Int32](repeating: -1, count: store.bySlot.count)
    for row in pool.indices { rowOfSlot[pool[row].slot] = Int32(row) }
    // Only objects modified in their slots: the rows are the same slots in the same places,
    // so the key order and ranks stand (a status write to one of 150,000 pods re-sorts nothing).
    if store.membership == poolMembership, keyRank.count == pool.count { return nil }
    poolMembership = store.membership
    let rows = Array(0..<Int32(pool.count))
    let keys = TextSortKeys(count: pool.count) { pool[$0].key }
    keysAreASCII = keys.isASCII
    if keys.isASCII {
      keyOrder = keys.isAscending() ? rows : keys.sorted(rows, tie: rows, ascending: true)
    } else {
      keyOrder = rows.sorted { pool[Int($0)].key < pool[Int($1)].key }
    }
    keyRank = [Int32](repeating: 0, count: pool.count)
    for (rank, row) in keyOrder.enumerated() { keyRank[Int(row)] = Int32(rank) }
    return nil
  }

  /// Moves the rows of `slots` to their places in `order` after their objects changed;
  /// false when it can not (the order reads no values or reads them beside the objects, or
  /// a slot holds no row).
  private mutating func reposition(_ slots: [Int], _ order: SortOrder, context: RenderContext) -> Bool {
    guard let title = order.title, let column = R.columns.firstIndex(where: { $0.title == title }),
      R.columns[column].sortsByObject
    else { return false }
    let number = R.columns[column].sort == .number
    guard number ? numberValues.count == pool.count : textValues.count == pool.count else { return false }
    guard slots.allSatisfy({ $0 < rowOfSlot.count && rowOfSlot[$0] >= 0 && $0 < positionOfSlot.count }) else { return false }
    for slot in slots {
      let row = rowOfSlot[slot]
      let object = pool[Int(row)].object
      if number {
        numberValues[Int(row)] = R.sortNumber(object, column: column, context: context)
      } else {
        textValues[Int(row)] = R.cells(object, context: context)[column]
      }
      let old = Int(positionOfSlot[slot])
      sorted.remove(at: old)
      var low = 0
      var high = sorted.count
      while low < high {
        let middle = (low + high) / 2
        let before = number
          ? Self.precedes(sorted[middle], row, by: numberValues, keyRank, ascending: order.ascending)
          : Self.precedes(sorted[middle], row, by: textValues, keyRank, ascending: order.ascending)
        if before { low = middle + 1 } else { high = middle }
      }
      sorted.insert(row, at: low)
      for position in min(old, low)...max(old, low) { positionOfSlot[pool[Int(sorted[position])].slot] = Int32(position) }
    }
    return true
  }

  /// Whether row `a` comes before row `b` by their `values` in the direction asked, ties
  /// going by key (ascending whatever the direction).
  private static func precedes<Value: Comparable>(
    _ a: Int32, _ b: Int32, by values: [Value], _ keyRank: [Int32], ascending: Bool
  ) -> Bool {
    let (x, y) = (values[Int(a)], values[Int(b)])
    return x != y ? (x < y) == ascending : keyRank[Int(a)] < keyRank[Int(b)]
  }

  private mutating func sortedRows(_ order: SortOrder, context: RenderContext) -> [Int32] {
    numberValues = []
    textValues = []
    guard let title = order.title, let column = R.columns.firstIndex(where: { $0.title == title }) else {
      return keyOrder
    }
    let ascending = order.ascending
    let rows = Array(0..<Int32(pool.count))
    let keyRank = self.keyRank
    switch R.columns[column].sort {
    case .number:
      let values = pool.map { R.sortNumber($0.object, column: column, context: context) }
      numberValues = values
      return rows.sorted { Self.precedes($0, $1, by: values, keyRank, ascending: ascending) }
    case .text:
      // Keys are unique, so a NAMESPACE order is the key order or its reverse.
      if title == "NAMESPACE" { return ascending ? keyOrder : keyOrder.reversed() }
      if title == "NAME" && keysAreASCII { return nameOrder(ascending: ascending) }
      let texts: (Int) -> String
      let pool = self.pool
      if title == "NAME" {
        texts = { pool[$0].name }
      } else {
        let cells = pool.map { R.cells($0.object, context: context)[column] }
        textValues = cells
        texts = { cells[$0] }
      }
      let keys = TextSortKeys(count: pool.count, text: texts)
      if keys.isASCII { return keys.sorted(rows, tie: keyRank, ascending: ascending) }
      let strings = (0..<pool.count).map(texts)
      return rows.sorted { Self.precedes($0, $1, by: strings, keyRank, ascending: ascending) }
    }
  }

  /// Rows by name, ties by key. Within one namespace the key order is already the name
  /// order (every key there shares the `namespace/` prefix), so the namespaces' runs of the
  /// key order are merged pairwise by name instead of sorting every row again.
  private func nameOrder(ascending: Bool) -> [Int32] {
    guard !keyOrder.isEmpty else { return [] }
    var runs: [[Int32]] = []
    var start = 0
    for index in 1...keyOrder.count where index == keyOrder.count
      || pool[Int(keyOrder[index])].namespace != pool[Int(keyOrder[index - 1])].namespace
    {
      let run = Array(keyOrder[start..<index])
      runs.append(ascending ? run : run.reversed())
      start = index
    }
    let (pool, keyRank) = (self.pool, self.keyRank)
    func precedes(_ a: Int32, _ b: Int32) -> Bool {
      let (x, y) = (pool[Int(a)].name, pool[Int(b)].name)
      return x != y ? (x < y) == ascending : keyRank[Int(a)] < keyRank[Int(b)]
    }
    while runs.count > 1 {
      var merged: [[Int32]] = []
      for pair in stride(from: 0, to: runs.count, by: 2) {
        merged.append(pair + 1 < runs.count ? merge(runs[pair], runs[pair + 1], by: precedes) : runs[pair])
      }
      runs = merged
    }
    return runs.first ?? []
  }

  /// Merges two ordered runs. Each row of the shorter run finds its place in the longer by
  /// exponential, then binary search, so a short run (a namespace of a few pods beside one
  /// of 150,000) costs a few comparisons per row rather than one per row of the long run.
  private func merge(_ left: [Int32], _ right: [Int32], by precedes: (Int32, Int32) -> Bool) -> [Int32] {
    let (short, long) = left.count <= right.count ? (left, right) : (right, left)
    var result: [Int32] = []
    result.reserveCapacity(left.count + right.count)
    var from = 0
    for row in short {
      // Gallop: long[from + 1 - 1], long[from + 3 - 1], … until one does not precede `row`.
      var low = from
      var high = from
      var bound = 1
      while high < long.count && precedes(long[high], row) {
        low = high + 1
        bound *= 2
        high = from + bound - 1
      }
      high = min(high, long.count)
      // The first of long[low..<high] that does not precede `row` (or `high`).
      while low < high {
        let middle = (low + high) / 2
        if precedes(long[middle], row) { low = middle + 1 } else { high = middle }
      }
      result.append(contentsOf: long[from..<low])
      result.append(row)
      from = low
    }
    result.append(contentsOf: long[from...])
    return result
  }
}
