import KubeModel
import Testing

@testable import Dashboard

@Suite struct ExplanationTextTests {
  @Test func longVerdictsEndWithAnEllipsisAndAreGivenWhole() {
    let long = "node(s) didn't match pod anti-affinity rules, node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }"
    let explanation = SchedulingExplanation(
      namespace: "default", pod: "web-1", numAllNodes: 2, message: "0/2 nodes are available",
      nodes: [
        .init(name: "worker-1", filter: .rejected(plugin: "InterPodAffinity", reasons: [long])),
        .init(name: "worker-2", filter: .rejected(plugin: "NodeResourcesFit", reasons: ["Insufficient cpu"])),
      ])
    let lines = ExplanationText.lines(explanation)
    let row = lines.first { $0.hasPrefix("  worker-1") } ?? ""
    #expect(row.contains("node(s) didn't match pod anti-affinity rules") && row.contains("…"))
    #expect(!row.contains("control-plane"))
    // A verdict that fits is not repeated.
    #expect(lines.suffix(2) == ["Filter verdicts in full:", "  worker-1: \(long)"])
  }
}
