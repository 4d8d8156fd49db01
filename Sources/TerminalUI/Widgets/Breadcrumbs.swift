/// The navigation path as tabs, k9s style: ` pods  nginx-7c5d  logs ` with the last one active.
public struct Breadcrumbs: Sendable, Hashable {
  /// The path, outermost first.
  public var items: [String]

  /// Creates breadcrumbs.
  public init(_ items: [String]) {
    self.items = items
  }

  /// Draws the crumbs on the first row of `rect`; when they do not fit, the oldest are left out.
  public func draw(into grid: inout CellGrid, in rect: Rect) {
    guard rect.height > 0, rect.width > 0 else { return }
    grid.fill(Rect(row: rect.row, column: rect.column, height: 1, width: rect.width), role: .body)
    let labels = items.map { " \($0) " }
    var first = 0
    while first < labels.count - 1 && labels[first...].reduce(0, { $0 + $1.displayWidth + 1 }) - 1 > rect.width {
      first += 1
    }
    var x = rect.column
    for index in first..<labels.count {
      let role: ColorRole = index == labels.count - 1 ? .crumbActive : .crumb
      x = grid.write(labels[index], row: rect.row, column: x, role: role, limit: rect.right) + 1
    }
  }
}
