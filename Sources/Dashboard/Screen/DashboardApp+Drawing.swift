import KubeModel
import TerminalUI

extension DashboardApp {
  /// The smallest screen the dashboard draws on; below it a notice is shown.
  public static let minimumSize = (rows: 10, columns: 40)

  /// Draws a whole frame into `grid`.
  public func draw(into grid: inout CellGrid) {
    grid.fill(grid.bounds, role: .body)
    let notice = TooSmallNotice(minimumRows: DashboardApp.minimumSize.rows, minimumColumns: DashboardApp.minimumSize.columns)
    if notice.applies(rows: grid.rows, columns: grid.columns) {
      notice.draw(into: &grid)
      return
    }
    let context = renderContext()
    let glyphs: Glyphs = unicode ? .unicode : .ascii
    var area = grid.bounds
    let headerHeight = grid.rows >= 24 ? 4 : 1
    let (header, belowHeader) = area.splitTop(headerHeight)
    drawHeader(into: &grid, in: header, context: context, compact: headerHeight == 1)
    area = belowHeader
    let (middle, footer) = area.splitBottom(2)
    area = middle
    switch overlay {
    case .command(let prompt), .filter(let prompt):
      let (line, rest) = area.splitTop(1)
      prompt.draw(into: &grid, in: line)
      area = rest
    default: break
    }
    if let pane {
      let inner = Box(title: pane.title, isFocused: true, glyphs: glyphs).draw(into: &grid, in: area, fill: .logs)
      pane.draw(into: &grid, in: inner, context: context)
    } else if let view = current {
      view.refresh(context: context)
      let inner = Box(title: browserTitle(view), isFocused: true, glyphs: glyphs).draw(into: &grid, in: area)
      view.draw(into: &grid, in: inner, context: context)
    }
    switch overlay {
    case .help(let help): help.draw(into: &grid, in: area)
    case .confirm(var dialog, _):
      dialog.glyphs = glyphs
      dialog.draw(into: &grid, in: area)
    case .form(var form, _):
      form.glyphs = glyphs
      form.draw(into: &grid, in: area)
    case .pick(var picker, _):
      picker.glyphs = glyphs
      picker.draw(into: &grid, in: area)
    default: break
    }
    let (hintRow, flashRow) = footer.splitTop(1)
    let hints = pane?.hints ?? current.map { keymap.hints(for: $0.resource, simulated: simulation != nil) } ?? []
    KeyHintBar(hints: hints).draw(into: &grid, in: hintRow)
    flash.draw(into: &grid, in: flashRow, at: now())
  }

  private func drawHeader(into grid: inout CellGrid, in rect: Rect, context: RenderContext, compact: Bool) {
    guard rect.height > 0 else { return }
    headerStats.update(from: cache)
    let stats = headerStats
    let line = HeaderLine(
      name: info?.name ?? "connecting…", source: info.map { " (\($0.source))" } ?? "",
      nodes: ("\(stats.nodesReady)/\(stats.nodesTotal)", stats.nodesReady == stats.nodesTotal ? .header : .statusWarning),
      pods: "\(Format.count(stats.podsRunning))/\(Format.count(stats.podsTotal))", etcd: etcdSpans())
    let x = grid.write(line.fitting(width: rect.width), row: rect.row, column: rect.column, limit: rect.right)
    let clock = clockText(context)
    let clockX = rect.right - clock.displayWidth
    if clockX > x + 1 {
      grid.write(clock, row: rect.row, column: clockX, role: simulationStatus?.isPaused == true ? .statusWarning : .header, limit: rect.right)
    }
    guard !compact, rect.height >= 4 else { return }
    let totals = cache.clusterTotals()
    let half = rect.width / 2
    let sparkWidth = min(30, max(0, half / 3))
    func meters(row: Int, label: String, requested: Int64, used: Int64, allocatable: Int64, history: [Double], text: (Int64) -> String) {
      let requestedFraction = allocatable > 0 ? Double(requested) / Double(allocatable) : 0
      let usedFraction = allocatable > 0 ? Double(used) / Double(allocatable) : 0
      MeterBar(label: "\(label) req ", fraction: requestedFraction, valueText: "\(text(requested))/\(text(allocatable)) \(Format.wholePercent(requestedFraction))%")
        .draw(into: &grid, in: Rect(row: row, column: rect.column, height: 1, width: half - 1))
      let usedRect = Rect(row: row, column: rect.column + half, height: 1, width: rect.width - half - sparkWidth - 1)
      MeterBar(label: "\(label) use ", fraction: usedFraction, valueText: "\(text(used)) \(Format.wholePercent(usedFraction))%")
        .draw(into: &grid, in: usedRect)
      Sparkline(values: history, maximum: 1, glyphs: unicode ? .unicode : .ascii)
        .draw(into: &grid, in: Rect(row: row, column: rect.right - sparkWidth, height: 1, width: sparkWidth))
    }
    meters(row: rect.row + 1, label: "CPU", requested: totals.requested.cpuMilli, used: totals.used.cpuMilli,
      allocatable: totals.allocatable.cpuMilli, history: cpuHistory) { Format.cpu(milli: $0) }
    meters(row: rect.row + 2, label: "MEM", requested: totals.requested.memoryBytes, used: totals.used.memoryBytes,
      allocatable: totals.allocatable.memoryBytes, history: memoryHistory) { Format.memory(bytes: $0) }
    var y = grid.write("Theme ", row: rect.row + 3, column: rect.column, role: .infoLabel, limit: rect.right)
    y = grid.write(themeName, row: rect.row + 3, column: y, role: .header, limit: rect.right)
    if let version = info?.serverVersion {
      y = grid.write("  K8s ", row: rect.row + 3, column: y, role: .infoLabel, limit: rect.right)
      y = grid.write(version, row: rect.row + 3, column: y, role: .header, limit: rect.right)
    }
    if info?.isSimulated == true {
      grid.write("  simulated: logs, usage and shells are synthetic", row: rect.row + 3, column: y, role: .infoLabel, limit: rect.right)
    }
  }

  /// `2026-01-01 10:00:05 UTC  1×` or `… PAUSED`; wall time for a real cluster.
  func clockText(_ context: RenderContext) -> String {
    let stamp = context.now.description.replacingOccurrences(of: "T", with: " ").replacingOccurrences(of: "Z", with: " UTC")
    guard let status = simulationStatus else { return stamp }
    return stamp + (status.isPaused ? "  PAUSED" : "  " + DashboardApp.speedText(status.speed))
  }
}

/// The header's first line: the product, the cluster, its node and pod counts (and etcd's
/// members when there are several). When the terminal is too narrow for all of it, parts
/// go in order of least use (the source, the word `running`, the cluster's name, then the
/// product) so the counts stay whole; only then is the line cut, with an ellipsis.
struct HeaderLine {
  var name: String
  var source: String
  var nodes: (text: String, role: ColorRole)
  var pods: String
  var etcd: [Span]

  func spans(source showsSource: Bool, longPods: Bool, name showsName: Bool, product: Bool) -> [Span] {
    var spans: [Span] = []
    if product { spans.append(Span("KubeDeck", role: .logo)) }
    if showsName { spans.append(Span((product ? " " : "") + name + (showsSource ? source : ""), role: .header)) }
    spans.append(Span(spans.isEmpty ? "Nodes " : "  Nodes ", role: .infoLabel))
    spans.append(Span(nodes.text, role: nodes.role))
    spans.append(Span(longPods ? "  Pods running " : "  Pods ", role: .infoLabel))
    spans.append(Span(pods, role: .header))
    return spans + etcd
  }

  /// The fullest form that fits `width` columns, cut with an ellipsis when none does.
  func fitting(width: Int) -> [Span] {
    let forms = [
      spans(source: true, longPods: true, name: true, product: true),
      spans(source: false, longPods: true, name: true, product: true),
      spans(source: false, longPods: false, name: true, product: true),
      spans(source: false, longPods: true, name: false, product: true),
      spans(source: false, longPods: false, name: false, product: true),
      spans(source: false, longPods: false, name: false, product: false),
    ]
    func widthOf(_ spans: [Span]) -> Int { spans.reduce(0) { $0 + $1.text.displayWidth } }
    if let form = forms.first(where: { widthOf($0) <= width }) { return form }
    // Even the shortest form is too wide: it is cut where the width ends, with an ellipsis
    // in the last column (on the span before, when the cut falls between two).
    var remaining = width
    var cut: [Span] = []
    for var span in forms[forms.count - 1] {
      let spanWidth = span.text.displayWidth
      if spanWidth <= remaining {
        cut.append(span)
        remaining -= spanWidth
        continue
      }
      if remaining > 0 {
        span.text = span.text.truncated(to: remaining)
        cut.append(span)
      } else if var last = cut.popLast() {
        last.text = last.text.truncated(to: last.text.displayWidth - 1)
        cut.append(last)
      }
      break
    }
    return cut
  }
}
