import ClusterEngine
import KubeAPI
import KubeModel
import Testing

/// How the handler words bodies it cannot decode, as the API server does.
struct APIHandlerDecodeErrorTests {
  func post(_ json: String, query: String = "") async throws -> (Int, String) {
    let cluster = try KubectlSmokeTests.smallCluster()
    let handler = APIHandler(client: cluster, clock: { [cluster] in cluster.withCluster { $0.clock.now } })
    let response = await handler.handle(
      HTTPRequest(
        method: "POST", uri: "/api/v1/namespaces/default/pods\(query)",
        headers: [(name: "Content-Type", value: "application/json")], body: Array(json.utf8)))
    guard case .full(let status, _, let body) = response else { return (0, "") }
    return (status, String(decoding: body, as: UTF8.self))
  }

  @Test func aMapWhereAListBelongsNamesTheFieldWithoutALineNumber() async throws {
    let (status, body) = try await post(
      #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":{"name":"c","image":"nginx"}}}"#,
      query: "?fieldValidation=Strict")
    #expect(status == 400)
    #expect(body.contains(#""message":"Pod in version \"v1\" cannot be handled as a Pod: spec.containers: expected a list, got a map""#), "\(body)")
    #expect(body.contains(#""reason":"BadRequest""#))
  }

  @Test func unknownFieldsUnderStrictValidation() async throws {
    let (status, body) = try await post(
      #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"nginx"}],"nodeSlector":{}}}"#,
      query: "?fieldValidation=Strict")
    #expect(status == 400)
    #expect(body.contains(#"cannot be handled as a Pod: strict decoding error: unknown field \"spec.nodeSlector\""#), "\(body)")
  }
}
