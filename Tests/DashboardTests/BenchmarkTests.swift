import Dashboard
import KubeModel
import Testing

@Suite struct BenchmarkTests {
  @Test(arguments: [500]) func benchmarkRunsHeadless(podCount: Int) async throws {
    let pods = (0..<podCount).map { index in
      Fixtures.pod("p-\(index)", node: "worker-\(index % 2 + 1)", labels: ["app": index % 10 == 0 ? "web" : "api"])
    }
    let cluster = FakeCluster(pods: pods)
    let result = try await DashboardBenchmark.run(client: cluster, keyPresses: 50)
    #expect(result.pods == podCount)
    #expect(result.nodes == 3)
    #expect(result.json.keys.sorted() == [
      "change_frame_ms", "first_frame_ms", "key_frame_p99_ms", "label_filter_ms", "sort_ms", "text_filter_ms",
    ])
    #expect(result.changeFrameMs > 0)
    #expect(result.textFilterMs > 0)
    #expect(result.firstFrameMs > 0)
  }

  @Test func benchmarkRunsOverTheSyntheticCluster() async throws {
    let cluster = SyntheticCluster(nodes: 3, pods: 250, replicasPerDeployment: 100)
    #expect(cluster.pods.map(\.name) == cluster.pods.map(\.name).sorted())
    #expect(Set(cluster.pods.compactMap { $0.labels["app"] }) == ["bench-0", "bench-1", "bench-2"])
    let result = try await DashboardBenchmark.run(client: cluster, keyPresses: 20, selector: "app=bench-1")
    #expect(result.pods == 250)
    #expect(result.nodes == 3)
    let listed = try await cluster.list(Pod.self, namespace: "elsewhere", options: ListOptions())
    #expect(listed.items.isEmpty)
  }
}
