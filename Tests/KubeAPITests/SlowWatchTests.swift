import ClusterEngine
import KubeModel
import Testing

@testable import KubeAPI

/// A watch whose client stops reading is closed with a 410 ERROR event once it falls
/// `watchSendLimit` events behind, instead of holding events for it without bound.
struct SlowWatchTests {
  /// What reading a watch stream to its end saw.
  struct Reading: Sendable {
    var lines = 0
    var last = ""
  }

  /// Reads `chunks` to the end, or gives up after `seconds` (nil then): the test must fail,
  /// never hang, if the stream is not closed.
  static func readToEnd(_ chunks: AsyncStream<[UInt8]>, within seconds: Double) async -> Reading? {
    await withTaskGroup(of: Reading?.self) { group in
      group.addTask {
        var reading = Reading()
        for await chunk in chunks {
          for line in String(decoding: chunk, as: UTF8.self).split(separator: "\n") {
            reading.lines += 1
            reading.last = String(line)
          }
        }
        return Task.isCancelled ? nil : reading
      }
      group.addTask {
        try? await Task.sleep(for: .seconds(seconds))
        return nil
      }
      let first = await group.next() ?? nil
      group.cancelAll()
      return first
    }
  }

  /// How many events the cluster's watch buffer holds for a subscriber.
  static let hubCapacity = 100

  /// A cluster with a `default` namespace and a small watch buffer.
  static func cluster() throws -> EmbeddedCluster {
    let cluster = Cluster()
    var namespace = Namespace()
    namespace.metadata.name = "default"
    try cluster.api.create(namespace)
    return EmbeddedCluster(cluster, watchBufferCapacity: hubCapacity)
  }

  @Test func aClientThatStopsReadingIsDroppedWithGone() async throws {
    let cluster = try Self.cluster()
    let handler = APIHandler(client: cluster, clock: { [cluster] in cluster.withCluster { $0.clock.now } })
    let response = await handler.handle(
      HTTPRequest(method: "GET", uri: "/api/v1/namespaces/default/configmaps?watch=true", headers: [], body: []))
    guard case .stream(200, _, let chunks) = response else {
      Issue.record("expected a watch stream")
      return
    }
    // Nobody reads the stream while more changes are committed than the cluster's buffer
    // and the encoded lines can hold together: however the encoder was scheduled meanwhile,
    // one of the two overflowed, so the watch is closed before anyone reads.
    let changes = APIHandler.watchSendLimit + Self.hubCapacity + 50
    for index in 0..<changes {
      var map = ConfigMap()
      map.metadata = ObjectMeta(name: "cm-\(index)", namespace: "default")
      map.data = ["index": String(index)]
      _ = try await cluster.create(map, dryRun: false)
    }
    guard let reading = await Self.readToEnd(chunks, within: 60) else {
      Issue.record("the watch of a client that stopped reading was not closed")
      return
    }
    // The stream ended by itself: at most the limit of events, then the ERROR that closed it.
    #expect(reading.lines <= APIHandler.watchSendLimit + 1)
    #expect(reading.lines < changes)
    #expect(reading.last.hasPrefix("{\"type\":\"ERROR\""))
    #expect(reading.last.contains("\"code\":410"))
    #expect(reading.last.contains("\"reason\":\"Gone\""))
  }
}
