import ClusterEngine
import Foundation
import KubeAPI
import KubeModel
import Testing

/// The benchmark's HTTP client: a streamed read hands over the same bytes as a whole read,
/// piece by piece, so timing a huge list does not hold the body in memory.
struct LoopbackClientTests {
  @Test func aStreamedListIsTheWholeBodyInPieces() async throws {
    let cluster = EmbeddedCluster(try ClusterFactory.make())
    let handler = APIHandler(client: cluster, clock: { [cluster] in cluster.withCluster { $0.clock.now } })
    let server = HTTPServer(handler: handler)
    let port = try await server.start(host: "127.0.0.1", port: 0)
    let client = try LoopbackHTTPClient(port: port)
    let (status, whole) = try client.get("/api/v1/pods")
    var pieces = 0
    var streamed: [UInt8] = []
    let streamedStatus = try client.get("/api/v1/pods") { piece in
      pieces += 1
      streamed += piece
    }
    await server.shutdown()
    #expect(status == 200 && streamedStatus == 200)
    #expect(pieces >= 1)
    #expect(streamed == whole)
    let list = try JSONSerialization.jsonObject(with: Data(streamed)) as? [String: Any]
    #expect(list?["kind"] as? String == "PodList")
    let items = list?["items"] as? [Any] ?? []
    #expect(items.count == cluster.withCluster { $0.store.list(Pod.self).count })
  }
}
