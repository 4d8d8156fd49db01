import Testing

@testable import TerminalUI

@Suite struct MeterAndSparklineTests {
  @Test func meterReadsLikeHtop() {
    var grid = CellGrid(rows: 1, columns: 20)
    MeterBar(label: "CPU", fraction: 0.45).draw(into: &grid, in: grid.bounds)
    // 15 cells inside the brackets; 45% of 15 rounds to 7.
    #expect(grid.text(row: 0) == "CPU[|||||||     45%]")
    #expect(grid.role(atRow: 0, column: 4) == .meterLow)
    #expect(grid.role(atRow: 0, column: 12) == .meterEmpty)
    #expect(grid.role(atRow: 0, column: 0) == .meterLabel)
  }

  @Test func meterThresholdsChooseRoles() {
    #expect(MeterBar(label: "", fraction: 0.5).levelRole == .meterLow)
    #expect(MeterBar(label: "", fraction: 0.75).levelRole == .meterMid)
    #expect(MeterBar(label: "", fraction: 0.95).levelRole == .meterHigh)
    var grid = CellGrid(rows: 1, columns: 12)
    MeterBar(label: "MEM", fraction: 1.2, valueText: "9Gi").draw(into: &grid, in: grid.bounds)
    #expect(grid.text(row: 0) == "MEM[||||9Gi]")
    #expect(grid.role(atRow: 0, column: 9) == .meterHigh)
  }

  @Test func meterSurvivesTinyWidths() {
    for width in 0...6 {
      var grid = CellGrid(rows: 1, columns: width)
      MeterBar(label: "CPU", fraction: 0.5).draw(into: &grid, in: grid.bounds)
      #expect(grid.isConsistent)
    }
    var grid = CellGrid(rows: 1, columns: 7)
    MeterBar(label: "CPU", fraction: 0.5).draw(into: &grid, in: grid.bounds)
    #expect(grid.text(row: 0) == "CPU[| ]")
  }

  @Test func sparklineScalesToMaximum() {
    let line = Sparkline(values: [0, 1, 2, 3, 4, 5, 6, 7], maximum: 7)
    #expect(line.text(width: 8) == "▁▂▃▄▅▆▇█")
    #expect(line.text(width: 4) == "▅▆▇█")
    #expect(Sparkline(values: [1, 2], maximum: 2).text(width: 5) == "   ▅█")
    #expect(Sparkline(values: [0, 0]).text(width: 2) == "▁▁")
  }

  @Test func sparklineHasAsciiFallback() {
    let line = Sparkline(values: [0, 7, 3.5], maximum: 7, glyphs: .ascii)
    #expect(line.text(width: 3) == "_#=")
    var grid = CellGrid(rows: 1, columns: 6)
    line.draw(into: &grid, in: grid.bounds)
    #expect(grid.text(row: 0) == "   _#=")
    #expect(grid.role(atRow: 0, column: 5) == .sparkline)
  }
}
