import KubeModel
import Testing

@testable import Dashboard

/// The PodDisruptionBudgets view (`:pdb`): the counts an operator reads before a drain, and
/// Enter on a budget listing the pods it guards; the PriorityClasses view (`:pc`).
@MainActor
@Suite struct PolicyViewTests {
  /// Types `:command`, waits until `synced`, and returns the screen.
  private func open(_ command: String, in harness: Harness, until synced: () -> Bool) async -> [String] {
    harness.type(":" + command)
    harness.press(.enter)
    await harness.waitFor(synced)
    return harness.screen(rows: 30, columns: 140)
  }

  /// The words of the first row of `screen` that mentions `name` (borders dropped).
  private func cells(_ name: String, in screen: [String]) -> [String] {
    (screen.first { $0.contains(name) } ?? "").split { $0 == " " || $0 == "│" }.map(String.init)
  }

  @Test func budgetsShowTheirCountsAndOpenOnTheirPods() async throws {
    let cluster = FakeCluster()
    var budget = PodDisruptionBudget(name: "web-budget", minAvailable: .int(2), matchLabels: ["app": "web"])
    var status = PodDisruptionBudgetStatus()
    status.disruptionsAllowed = 0
    status.currentHealthy = 2
    status.desiredHealthy = 2
    status.expectedPods = 2
    budget.status = status
    _ = try await cluster.create(budget, dryRun: false)
    let harness = await Harness(cluster: cluster)
    defer { harness.stop() }
    let screen = await open("pdb", in: harness) { harness.app.cache.budgets.isSynced }
    let header = try #require(screen.first { $0.contains("ALLOWED DISRUPTIONS") })
    #expect(header.contains("MIN AVAILABLE") && header.contains("MAX UNAVAILABLE") && header.contains("EXPECTED"))
    let row = cells("web-budget", in: screen)
    // NAMESPACE NAME MIN MAX ALLOWED CURRENT DESIRED EXPECTED AGE
    #expect(Array(row.prefix(8)) == ["default", "web-budget", "2", "N/A", "0", "2", "2", "2"], "\(row)")

    // Enter: the pods its selector picks, as a drill-down on a service shows them.
    harness.press(.enter)
    await harness.waitFor { harness.screen().joined(separator: "\n").contains("pdb/web-budget") }
    let pods = harness.screen(rows: 30, columns: 140).joined(separator: "\n")
    #expect(pods.contains("web-1") && pods.contains("web-2"))
    #expect(!pods.contains("crash"))
  }

  @Test func priorityClassesShowTheirValueAndPolicy() async throws {
    let cluster = FakeCluster()
    _ = try await cluster.create(PriorityClass(name: "high", value: 1000, preemptionPolicy: "PreemptLowerPriority"), dryRun: false)
    _ = try await cluster.create(PriorityClass(name: "polite", value: 500, preemptionPolicy: "Never"), dryRun: false)
    let harness = await Harness(cluster: cluster)
    defer { harness.stop() }
    let screen = await open("pc", in: harness) { harness.app.cache.priorityClasses.isSynced }
    let header = try #require(screen.first { $0.contains("GLOBAL-DEFAULT") })
    #expect(header.contains("VALUE") && header.contains("PREEMPTIONPOLICY"))
    let high = cells("high", in: screen)
    let polite = cells("polite", in: screen)
    #expect(high.first == "high" && high.dropFirst().prefix(2) == ["1000", "false"])
    #expect(high.last == "PreemptLowerPriority")
    #expect(polite.dropFirst().prefix(2) == ["500", "false"] && polite.last == "Never")
  }
}
