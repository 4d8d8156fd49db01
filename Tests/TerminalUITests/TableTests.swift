import Testing

@testable import TerminalUI

/// Counts which rows the table asks for.
final class CountingSource: TableDataSource {
  let count: Int
  private(set) var requested: Set<Int> = []
  init(count: Int) { self.count = count }
  func row(at index: Int) -> TableRow {
    requested.insert(index)
    return TableRow(["pod-\(index)", index % 7 == 0 ? "Failed" : "Running", "\(index)s"], role: index % 7 == 0 ? .statusError : .rowNormal)
  }
}

@Suite struct TableTests {
  static let columns = [
    TableColumn("NAMESPACE", priority: 5),
    TableColumn("NAME", priority: 10),
    TableColumn("STATUS", priority: 9),
    TableColumn("IP", priority: 1, wideOnly: true),
    TableColumn("NODE", priority: 2),
    TableColumn("AGE", alignment: .right, priority: 8),
  ]
  static let rows = StaticTableDataSource([
    TableRow(["default", "nginx-7c5ddbd", "Running", "10.0.0.4", "node-1", "5m"]),
    TableRow(["kube-系统", "coredns-5d78c", "CrashLoopBackOff", "10.0.0.9", "node-2", "12d"], role: .statusError),
    TableRow(["한글", "앱-서버", "Pending", "", "node-3", "3s"], role: .statusPending),
  ])

  @Test func wideSnapshotAlignsHangulByColumns() {
    var table = Table(columns: Self.columns)
    table.isWide = true
    var grid = CellGrid(rows: 5, columns: 70)
    table.draw(into: &grid, in: grid.bounds, rows: Self.rows)
    #expect(grid.trimmedLines == [
      "NAMESPACE NAME          STATUS           IP       NODE   AGE",
      "default   nginx-7c5ddbd Running          10.0.0.4 node-1  5m",
      "kube-系统 coredns-5d78c CrashLoopBackOff 10.0.0.9 node-2 12d",
      "한글      앱-서버       Pending                   node-3  3s",
      "",
    ])
    #expect(grid.isConsistent)
    #expect(grid.role(atRow: 0, column: 0) == .tableHeader)
    #expect(grid.role(atRow: 1, column: 0) == .selection)
    #expect(grid.role(atRow: 2, column: 0) == .statusError)
    #expect(grid.role(atRow: 3, column: 0) == .statusPending)
  }

  @Test func narrowTerminalDropsLowPriorityColumnsFirst() {
    var table = Table(columns: Self.columns)
    table.isWide = true
    var grid = CellGrid(rows: 4, columns: 42)
    table.draw(into: &grid, in: grid.bounds, rows: Self.rows)
    // IP (priority 1) and NODE (2) go first; STATUS is cut rather than dropped.
    #expect(grid.trimmedLines[0] == "NAMESPACE NAME          STATUS         AGE")
    #expect(grid.trimmedLines[2] == "kube-系统 coredns-5d78c CrashLoopBack… 12d")

    var narrow = CellGrid(rows: 4, columns: 26)
    table.draw(into: &narrow, in: narrow.bounds, rows: Self.rows)
    #expect(narrow.trimmedLines == [
      "NAME          STATUS",
      "nginx-7c5ddbd Running",
      "coredns-5d78c CrashLoopBa…",
      "앱-서버       Pending",
    ])
    #expect(narrow.isConsistent)
  }

  @Test func wideOnlyColumnsHiddenByDefault() {
    let table = Table(columns: Self.columns)
    #expect(!table.isWide)
    var copy = table
    var grid = CellGrid(rows: 2, columns: 80)
    copy.draw(into: &grid, in: grid.bounds, rows: Self.rows)
    #expect(!grid.text(row: 0).contains("IP"))
  }

  @Test func sortIndicatorOnHeader() {
    var table = Table(columns: Self.columns)
    table.sortColumn = 5
    table.sortAscending = false
    var grid = CellGrid(rows: 2, columns: 70)
    table.draw(into: &grid, in: grid.bounds, rows: Self.rows)
    #expect(grid.trimmedLines[0].hasSuffix("AGE↓"))
    let ageColumn = grid.trimmedLines[0].displayWidth - 1
    #expect(grid.role(atRow: 0, column: ageColumn) == .tableHeaderSorted)
    #expect(grid.role(atRow: 0, column: 0) == .tableHeader)
  }

  @Test func onlyVisibleRowsAreMaterialisedWith150kRows() {
    let source = CountingSource(count: 150_000)
    var table = Table(columns: [TableColumn("NAME"), TableColumn("STATUS"), TableColumn("AGE", alignment: .right)])
    var grid = CellGrid(rows: 21, columns: 60)
    table.draw(into: &grid, in: grid.bounds, rows: source)
    #expect(source.requested == Set(0..<20))
    #expect(table.pageSize == 20)

    #expect(table.handle(.end, rowCount: source.count).contains(.redraw))
    grid = CellGrid(rows: 21, columns: 60)
    table.draw(into: &grid, in: grid.bounds, rows: source)
    #expect(table.selectedIndex == 149_999)
    #expect(table.scrollOffset == 149_980)
    #expect(grid.trimmedLines.last?.hasPrefix("pod-149999") == true)
    #expect(grid.role(atRow: 20, column: 0) == .selection)
    #expect(source.requested.count == 40)

    _ = table.handle(.pageUp, rowCount: source.count)
    #expect(table.selectedIndex == 149_979)
    #expect(table.scrollOffset == 149_979)
    _ = table.handle(.character("g"), rowCount: source.count)
    #expect(table.selectedIndex == 0 && table.scrollOffset == 0)
    _ = table.handle(.pageDown, rowCount: source.count)
    #expect(table.selectedIndex == 20)
    #expect(table.scrollOffset == 1)
    _ = table.handle(.up, rowCount: source.count)
    _ = table.handle(.up, rowCount: source.count)
    #expect(table.selectedIndex == 18 && table.scrollOffset == 1)
    table.draw(into: &grid, in: grid.bounds, rows: source)
    #expect(source.requested.count == 41)
  }

  @Test func mouseSelectsAndScrolls() {
    var table = Table(columns: Self.columns)
    var grid = CellGrid(rows: 6, columns: 60)
    table.draw(into: &grid, in: Rect(row: 1, column: 0, height: 5, width: 60), rows: Self.rows)
    let clicked = table.handle(.mouse(MouseEvent(row: 4, column: 3, action: .click)), rowCount: 3)
    #expect(clicked.contains(.redraw))
    #expect(table.selectedIndex == 2)
    #expect(table.handle(.mouse(MouseEvent(row: 1, column: 3, action: .click)), rowCount: 3) == .ignored)
    _ = table.handle(.mouse(MouseEvent(row: 0, column: 0, action: .scrollUp)), rowCount: 3)
    #expect(table.selectedIndex == 0)
  }

  @Test func selectionClampsWhenRowsShrink() {
    var table = Table(columns: [TableColumn("NAME")])
    table.select(50, rowCount: 100)
    var grid = CellGrid(rows: 5, columns: 10)
    table.draw(into: &grid, in: grid.bounds, rows: StaticTableDataSource([TableRow(["a"]), TableRow(["b"])]))
    #expect(table.selectedIndex == 1)
    #expect(grid.trimmedLines == ["NAME", "a", "b", "", ""])
    var empty = CellGrid(rows: 3, columns: 10)
    table.draw(into: &empty, in: empty.bounds, rows: StaticTableDataSource([]))
    #expect(table.selectedIndex == 0)
  }

  @Test func aLongColumnLeavesItsNeighboursTheirShareFirst() {
    // An event's message (long, grows first) beside the object it is about.
    let columns = [TableColumn("OBJECT", priority: 7), TableColumn("MESSAGE", minWidth: 20, priority: 10)]
    let widths = TableLayout.widths(for: columns, natural: [22, 90], available: 80)
    #expect(widths == [22, 57])
    // With room for both, both are whole.
    #expect(TableLayout.widths(for: columns, natural: [22, 40], available: 80) == [22, 40])
  }

  @Test func layoutRespectsBoundsAndTinyWidths() {
    let columns = [TableColumn("A", minWidth: 3, maxWidth: 5, priority: 1), TableColumn("B", minWidth: 4, priority: 2)]
    #expect(TableLayout.widths(for: columns, natural: [20, 20], available: 30) == [5, 20])
    #expect(TableLayout.widths(for: columns, natural: [20, 20], available: 8) == [3, 4])
    #expect(TableLayout.widths(for: columns, natural: [20, 20], available: 6) == [nil, 6])
    #expect(TableLayout.widths(for: columns, natural: [20, 20], available: 2) == [nil, 2])
    var table = Table(columns: Self.columns)
    var tiny = CellGrid(rows: 1, columns: 1)
    table.draw(into: &tiny, in: tiny.bounds, rows: Self.rows)
    #expect(tiny.isConsistent)
  }
}
