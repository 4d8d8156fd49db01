import Testing

@testable import TerminalUI

@Suite struct LayoutWidgetTests {
  @Test func rectSplits() {
    let rect = Rect(row: 1, column: 2, height: 10, width: 20)
    let (left, right) = rect.splitLeft(5)
    #expect(left == Rect(row: 1, column: 2, height: 10, width: 5))
    #expect(right == Rect(row: 1, column: 7, height: 10, width: 15))
    let (top, bottom) = rect.splitBottom(3)
    #expect(top.height == 7 && bottom.row == 8)
    #expect(rect.splitRight(50).1 == rect)
    #expect(rect.inset(by: 20).isEmpty)
    #expect(rect.centered(height: 4, width: 6) == Rect(row: 4, column: 9, height: 4, width: 6))
  }

  @Test func breadcrumbsKeepTheNewest() {
    var grid = CellGrid(rows: 1, columns: 30)
    Breadcrumbs(["pods", "nginx-7c5d", "logs"]).draw(into: &grid, in: grid.bounds)
    #expect(grid.text(row: 0) == " pods   nginx-7c5d   logs     ")
    #expect(grid.role(atRow: 0, column: 1) == .crumb)
    #expect(grid.role(atRow: 0, column: 21) == .crumbActive)
    var narrow = CellGrid(rows: 1, columns: 12)
    Breadcrumbs(["pods", "nginx-7c5d", "logs"]).draw(into: &narrow, in: narrow.bounds)
    #expect(narrow.text(row: 0) == " logs       ")
  }

  @Test func infoPanelAlignsValues() {
    var grid = CellGrid(rows: 2, columns: 60)
    InfoPanel([.init("Context", "kind-데모"), .init("K8s Rev", "v1.31"), .init("CPU", "12%", role: .statusOK)], valueWidth: 10)
      .draw(into: &grid, in: grid.bounds)
    #expect(grid.trimmedLines == ["Context: kind-데모  CPU:     12%", "K8s Rev: v1.31"])
    #expect(grid.role(atRow: 0, column: 0) == .infoLabel)
    #expect(grid.role(atRow: 0, column: 9) == .header)
    #expect(grid.role(atRow: 0, column: 29) == .statusOK)
  }

  @Test func yamlLinesAreStyled() {
    let spans = YAMLHighlighter.spans(for: "  - name: nginx:1.27")
    #expect(spans.map(\.text) == ["  ", "- ", "name", ":", " nginx:1.27"])
    #expect(spans.map(\.role) == [.yamlPunctuation, .yamlPunctuation, .yamlKey, .yamlPunctuation, .yamlValue])
    #expect(YAMLHighlighter.spans(for: "metadata:").map(\.role) == [.yamlKey, .yamlPunctuation])
    #expect(YAMLHighlighter.spans(for: "# comment").map(\.text) == ["# comment"])
    #expect(YAMLHighlighter.spans(for: "\"a: b\"").map(\.role) == [.yamlValue])
    #expect(YAMLHighlighter.spans(for: "").isEmpty)
  }
}
