import ClusterEngine
import KubeModel
import Testing

@testable import KubeAPI

/// A watch whose client stops reading is closed with a 410 ERROR event once it falls
/// `watchSendLimit` events behind, instead of holding events for it without bound.
struct SlowWatchTests {
  @Test func aClientThatStopsReadingIsDroppedWithGone() async throws {
    let cluster = try KubectlSmokeTests.smallCluster()
    let handler = APIHandler(client: cluster, clock: { [cluster] in cluster.withCluster { $0.clock.now } })
    let response = await handler.handle(
      HTTPRequest(method: "GET", uri: "/api/v1/namespaces/default/configmaps?watch=true", headers: [], body: []))
    guard case .stream(200, _, let chunks) = response else {
      Issue.record("expected a watch stream")
      return
    }
    // Nobody reads the stream while more changes than the limit are committed.
    let changes = APIHandler.watchSendLimit + 50
    for index in 0..<changes {
      var map = ConfigMap()
      map.metadata = ObjectMeta(name: "cm-\(index)", namespace: "default")
      map.data = ["index": String(index)]
      _ = try await cluster.create(map, dryRun: false)
    }
    var lines = 0
    var last = ""
    for await chunk in chunks {
      for line in String(decoding: chunk, as: UTF8.self).split(separator: "\n") {
        lines += 1
        last = String(line)
      }
    }
    // The stream ended by itself: at most the limit of events, then the ERROR that closed it.
    #expect(lines <= APIHandler.watchSendLimit + 1)
    #expect(lines < changes)
    #expect(last.hasPrefix("{\"type\":\"ERROR\""))
    #expect(last.contains("\"code\":410"))
    #expect(last.contains("\"reason\":\"Gone\""))
  }
}
