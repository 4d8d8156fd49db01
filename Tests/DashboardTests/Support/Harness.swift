@testable import Dashboard
import KubeModel
import TerminalUI

/// Drives a `DashboardApp` over a `FakeCluster` and renders it into an in-memory grid.
@MainActor
final class Harness {
  let cluster: FakeCluster
  let app: DashboardApp
  let instant = ContinuousClock.now

  init(cluster: FakeCluster = FakeCluster()) async {
    self.cluster = cluster
    app = DashboardApp(client: cluster, themes: ThemeLibrary(directory: nil))
    let fixed = instant
    app.now = { fixed }
    app.start()
    await waitFor { self.app.info != nil && self.app.simulationStatus != nil && self.app.cache.nodes.isSynced && self.app.cache.pods.isSynced && self.app.cache.deployments.isSynced }
  }

  func stop() { app.stop() }

  /// Presses keys given as text (each character a key) or named keys.
  func type(_ text: String) {
    for character in text { _ = app.handle(.character(character)) }
  }

  func press(_ keys: Key...) {
    for key in keys { _ = app.handle(key) }
  }

  /// Polls the app until `condition` holds (background work lands through the inbox).
  func waitFor(_ condition: () -> Bool, timeout: Duration = .seconds(3)) async {
    let deadline = ContinuousClock.now + timeout
    while !condition() && ContinuousClock.now < deadline {
      try? await Task.sleep(for: .milliseconds(10))
      app.tick()
    }
  }

  func screen(rows: Int = 30, columns: Int = 120) -> [String] {
    var grid = CellGrid(rows: rows, columns: columns)
    app.draw(into: &grid)
    return grid.trimmedLines
  }

  func grid(rows: Int = 30, columns: Int = 120) -> CellGrid {
    var grid = CellGrid(rows: rows, columns: columns)
    app.draw(into: &grid)
    return grid
  }
}
