import ClusterEngine
import KubeModel
import Testing

@testable import KubeAPI

/// Lists are encoded straight from the typed objects and streamed when large; the text
/// must be the document the `JSONValue` tree gives.
struct ListEncodingTests {
  /// The list document as it was written before: one tree, written at once.
  func viaTree(kind: String, apiVersion: String, items: [Pod], metadata: ListMeta) throws -> String {
    let document: JSONValue = [
      "kind": .string(kind), "apiVersion": .string(apiVersion), "metadata": try ValueEncoder.encode(metadata),
      "items": .array(try items.map { try ValueEncoder.encode($0) }),
    ]
    return JSONWriter.write(document)
  }

  func pod(_ index: Int) -> Pod {
    var pod = Pod()
    pod.stampTypeMeta()
    pod.metadata.name = "web-\(index)"
    pod.metadata.namespace = "default"
    pod.metadata.labels = ["app": "web", "index": String(index)]
    pod.spec = PodSpec()
    pod.spec?.containers = [Container(name: "app", image: "nginx:1.27 <latest>")]
    return pod
  }

  @Test func aSmallListIsOneBodyWithTheTreesText() throws {
    let items = (0..<3).map(pod)
    let metadata = ListMeta(resourceVersion: "42")
    let response = ListEncoding(kind: "PodList", apiVersion: "v1", items: items, metadata: metadata).response()
    guard case .full(let status, _, let body) = response else {
      Issue.record("expected a whole body")
      return
    }
    #expect(status == 200)
    #expect(String(decoding: body, as: UTF8.self) == (try viaTree(kind: "PodList", apiVersion: "v1", items: items, metadata: metadata)))
  }

  @Test func anEmptyListHasEmptyItems() throws {
    let response = ListEncoding<Pod>(kind: "PodList", apiVersion: "v1", items: [], metadata: ListMeta()).response()
    guard case .full(_, _, let body) = response else {
      Issue.record("expected a whole body")
      return
    }
    #expect(String(decoding: body, as: UTF8.self) == #"{"kind":"PodList","apiVersion":"v1","metadata":{},"items":[]}"#)
  }

  @Test func aLargeListIsStreamedInPiecesThatJoinToTheTreesText() throws {
    let items = (0..<4_000).map(pod)
    let metadata = ListMeta(resourceVersion: "7", continue: "token", remainingItemCount: 3)
    let response = ListEncoding(kind: "PodList", apiVersion: "v1", items: items, metadata: metadata).response()
    guard case .chunked(let status, _, let body) = response else {
      Issue.record("expected a chunked body")
      return
    }
    #expect(status == 200)
    var joined: [UInt8] = []
    var pieces = 0
    while let piece = body.next() {
      joined += piece
      pieces += 1
    }
    #expect(pieces > 1)
    #expect(body.next() == nil)
    #expect(String(decoding: joined, as: UTF8.self) == (try viaTree(kind: "PodList", apiVersion: "v1", items: items, metadata: metadata)))
  }

  @Test func listingThroughTheHandlerGivesTheTreesText() async throws {
    let cluster = try KubectlSmokeTests.smallCluster()
    let handler = APIHandler(client: cluster, clock: { [cluster] in cluster.withCluster { $0.clock.now } })
    let response = await handler.handle(HTTPRequest(method: "GET", uri: "/api/v1/nodes", headers: [], body: []))
    guard case .full(200, _, let body) = response else {
      Issue.record("expected a whole body")
      return
    }
    let list = try await cluster.list(Node.self, namespace: nil, options: ListOptions())
    let document: JSONValue = [
      "kind": "NodeList", "apiVersion": "v1", "metadata": try ValueEncoder.encode(list.metadata),
      "items": .array(try list.items.map { try ValueEncoder.encode($0) }),
    ]
    #expect(String(decoding: body, as: UTF8.self) == JSONWriter.write(document))
  }
}
