import Testing

@testable import TerminalUI

@Suite struct CellGridTests {
  @Test func wideCharactersTakeLeadAndContinuation() {
    var grid = CellGrid(rows: 1, columns: 6)
    let end = grid.write("A한B", row: 0, column: 0, role: .body)
    #expect(end == 4)
    #expect(grid[0, 1].width == 2)
    #expect(grid[0, 2].isContinuation)
    #expect(grid[0, 3].character == "B")
    #expect(grid.text(row: 0) == "A한B  ")
    #expect(grid.isConsistent)
  }

  @Test func wideCharacterAtLastColumnBecomesBlank() {
    var grid = CellGrid(rows: 1, columns: 3)
    let end = grid.write("ab한", row: 0, column: 0, role: .body)
    #expect(end == 3)
    #expect(grid.text(row: 0) == "ab ")
    #expect(grid.isConsistent)
  }

  @Test func overwritingLeadHalfBlanksContinuation() {
    var grid = CellGrid(rows: 1, columns: 4)
    grid.write("한글", row: 0, column: 0, role: .body)
    grid.put("x", row: 0, column: 0, role: .statusError)
    #expect(grid.text(row: 0) == "x 글")
    #expect(grid.isConsistent)
  }

  @Test func overwritingContinuationBlanksLead() {
    var grid = CellGrid(rows: 1, columns: 4)
    grid.write("한글", row: 0, column: 0, role: .body)
    grid.put("x", row: 0, column: 1, role: .body)
    #expect(grid.text(row: 0) == " x글")
    #expect(grid.isConsistent)
  }

  @Test func wideOverStaggeredWideKeepsConsistency() {
    var grid = CellGrid(rows: 1, columns: 6)
    grid.write("한글", row: 0, column: 0, role: .body)  // 0-1, 2-3
    grid.write("字", row: 0, column: 1, role: .body)  // over 한's continuation and 글's lead
    #expect(grid.text(row: 0) == " 字   ")
    #expect(grid.isConsistent)
  }

  @Test func writeIsClippedAtLimitAndNegativeStart() {
    var grid = CellGrid(rows: 1, columns: 8)
    grid.write("abcdef", row: 0, column: 2, role: .body, limit: 5)
    #expect(grid.text(row: 0) == "  abc   ")
    grid.write("12345", row: 0, column: -3, role: .body)
    #expect(grid.text(row: 0) == "45abc   ")
    grid.write("한글", row: 0, column: 5, role: .body, limit: 8)
    #expect(grid.text(row: 0) == "45abc한 ")
    #expect(grid.isConsistent)
  }

  @Test func rolesAreRecordedPerCell() {
    var grid = CellGrid(rows: 2, columns: 4)
    grid.write("ok", row: 1, column: 1, role: .statusOK)
    #expect(grid.role(atRow: 1, column: 1) == .statusOK)
    #expect(grid.role(atRow: 1, column: 0) == .body)
    #expect(grid.lines == ["    ", " ok "])
  }

  @Test func resizeKeepsContentAndRepairsCutWideCharacters() {
    var grid = CellGrid(rows: 1, columns: 4)
    grid.write("ab한", row: 0, column: 0, role: .body)
    grid.resize(rows: 2, columns: 3)
    #expect(grid.lines == ["ab ", "   "])
    #expect(grid.isConsistent)
  }

  @Test func anySizeIncludingEmptyIsSafe() {
    var empty = CellGrid(rows: 0, columns: 0)
    empty.write("x", row: 0, column: 0, role: .body)
    empty.fill(Rect(row: 0, column: 0, height: 5, width: 5), role: .body)
    #expect(empty.lines.isEmpty)
    var one = CellGrid(rows: 1, columns: 1)
    one.write("한", row: 0, column: 0, role: .body)
    #expect(one.lines == [" "])
    #expect(one.isConsistent)
  }
}
