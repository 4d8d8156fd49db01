import ClusterEngine
import KubeModel
import Testing

@testable import KubeAPI

/// `/healthz`, `/livez` and `/readyz`, as `kubectl get --raw` reads them.
struct HealthCheckTests {
  func get(_ uri: String) async throws -> (Int, String) {
    let cluster = try KubectlSmokeTests.smallCluster()
    let handler = APIHandler(client: cluster, clock: { [cluster] in cluster.withCluster { $0.clock.now } })
    let response = await handler.handle(HTTPRequest(method: "GET", uri: uri, headers: [], body: []))
    guard case .full(let status, _, let body) = response else { return (0, "") }
    return (status, String(decoding: body, as: UTF8.self))
  }

  @Test func healthyEndpointsSayOkOrListTheirChecks() async throws {
    #expect(try await get("/readyz") == (200, "ok"))
    let (status, body) = try await get("/readyz?verbose")
    let lines = body.split(separator: "\n").map(String.init)
    #expect(status == 200)
    #expect(lines.first == "[+]ping ok" && lines.contains("[+]etcd ok") && lines.contains("[+]shutdown ok"))
    #expect(lines.last == "readyz check passed")
    let live = try await get("/livez?verbose").1.split(separator: "\n").map(String.init)
    #expect(live.last == "livez check passed" && !live.contains("[+]shutdown ok"))
  }

  @Test func etcdWithoutQuorumFailsTheChecks() {
    let response = HealthCheck.response(.readyz, verbose: false, etcdHealthy: false)
    guard case .full(let status, _, let body) = response else {
      Issue.record("no body")
      return
    }
    let lines = String(decoding: body, as: UTF8.self).split(separator: "\n").map(String.init)
    #expect(status == 500)
    #expect(lines.contains("[-]etcd failed: reason withheld") && lines.contains("[+]ping ok"))
    #expect(lines.last == "readyz check failed")
  }
}
