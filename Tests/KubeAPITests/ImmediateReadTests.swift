import ClusterEngine
import Foundation
import KubeAPI
import KubeModel
import Testing

/// Single-object reads of the embedded cluster are answered on the connection's thread:
/// the answer must be exactly what the general path gives, the reads that must wait (lists,
/// watches, logs, writes) must be left to it, and a connection's answers must keep the
/// order of its requests.
struct ImmediateReadTests {
  static let tableAccept =
    "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json"

  static func handler(token: String? = nil) throws -> (EmbeddedCluster, APIHandler) {
    let cluster = EmbeddedCluster(try ClusterFactory.make())
    let handler = APIHandler(
      client: cluster, bearerToken: token, clock: { [cluster] in cluster.withCluster { $0.clock.now } })
    return (cluster, handler)
  }

  @Test func anImmediateAnswerIsTheAnswerTheHandlerGives() async throws {
    let (cluster, handler) = try Self.handler()
    let pod = try #require(cluster.withCluster { $0.store.list(Pod.self, namespace: "default").first?.name })
    let node = try #require(cluster.withCluster { $0.store.list(Node.self).first?.name })
    let requests = [
      HTTPRequest(method: "GET", uri: "/api/v1/namespaces/default/pods/\(pod)"),
      HTTPRequest(method: "GET", uri: "/api/v1/namespaces/default/pods/\(pod)/status"),
      HTTPRequest(method: "GET", uri: "/api/v1/namespaces/default/pods/\(pod)", headers: [("Accept", Self.tableAccept)]),
      HTTPRequest(method: "GET", uri: "/api/v1/nodes/\(node)"),
      HTTPRequest(method: "GET", uri: "/apis/apps/v1/namespaces/default/deployments/webserver"),
      HTTPRequest(method: "GET", uri: "/api/v1/namespaces/default/pods/no-such-pod"),
      HTTPRequest(method: "GET", uri: "/api/v1/namespaces/default/widgets/x"),
      HTTPRequest(method: "GET", uri: "/version"),
      HTTPRequest(method: "GET", uri: "/apis"),
    ]
    for request in requests {
      let immediate = try #require(handler.respondImmediately(to: request), "\(request.path)")
      let general = await handler.handle(request)
      guard case .full(let status, let headers, let body) = immediate, case .full(let expectedStatus, let expectedHeaders, let expectedBody) = general
      else {
        Issue.record("\(request.path): not a whole-body answer")
        continue
      }
      #expect(status == expectedStatus, "\(request.path)")
      #expect(headers.map { "\($0.0): \($0.1)" } == expectedHeaders.map { "\($0.0): \($0.1)" }, "\(request.path)")
      #expect(body == expectedBody, "\(request.path)")
    }
    // The missing pod is the API server's NotFound, not an empty answer.
    if case .full(let status, _, let body) = handler.respondImmediately(to: requests[5]) {
      #expect(status == 404)
      #expect(String(decoding: body, as: UTF8.self).contains(#"pods \"no-such-pod\" not found"#))
    }
  }

  @Test func readsThatMustWaitAreLeftToTheHandler() throws {
    let (cluster, handler) = try Self.handler()
    let pod = try #require(cluster.withCluster { $0.store.list(Pod.self, namespace: "default").first?.name })
    let waiting = [
      HTTPRequest(method: "GET", uri: "/api/v1/pods"),
      HTTPRequest(method: "GET", uri: "/api/v1/namespaces/default/pods?watch=true"),
      HTTPRequest(method: "GET", uri: "/api/v1/namespaces/default/pods/\(pod)/log"),
      HTTPRequest(method: "GET", uri: "/apis/apps/v1/namespaces/default/deployments/webserver/scale"),
      HTTPRequest(method: "GET", uri: "/apis/metrics.k8s.io/v1beta1/nodes"),
      HTTPRequest(method: "DELETE", uri: "/api/v1/namespaces/default/pods/\(pod)"),
      HTTPRequest(method: "POST", uri: "/api/v1/namespaces/default/pods", body: Array("{}".utf8)),
    ]
    for request in waiting {
      #expect(handler.respondImmediately(to: request) == nil, "\(request.method) \(request.path)")
    }
    // Nothing was changed by asking.
    #expect(cluster.withCluster { $0.store.get(Pod.self, namespace: "default", name: pod) } != nil)
  }

  /// While the cluster is busy (a step of time holds it), a read is not made to wait on the
  /// connection's thread: it goes to a task. Answers that need no cluster still come at once.
  @Test func aBusyClusterLeavesTheReadToTheHandler() async throws {
    let (cluster, handler) = try Self.handler()
    let pod = try #require(cluster.withCluster { $0.store.list(Pod.self, namespace: "default").first?.name })
    let read = HTTPRequest(method: "GET", uri: "/api/v1/namespaces/default/pods/\(pod)")
    let (whileBusy, versionWhileBusy) = cluster.withCluster { _ in
      (handler.respondImmediately(to: read) == nil, handler.respondImmediately(to: HTTPRequest(method: "GET", uri: "/version")) != nil)
    }
    #expect(whileBusy)
    #expect(versionWhileBusy)
    #expect(handler.respondImmediately(to: read)?.whole?.status == 200)
    #expect(await handler.handle(read).whole?.status == 200)
  }

  @Test func aRequestWithoutTheTokenIsLeftToTheHandlerToRefuse() async throws {
    let (_, handler) = try Self.handler(token: "secret")
    let request = HTTPRequest(method: "GET", uri: "/version")
    #expect(handler.respondImmediately(to: request) == nil)
    #expect(await handler.handle(request).whole?.status == 401)
    let signed = HTTPRequest(method: "GET", uri: "/version", headers: [("Authorization", "Bearer secret")])
    #expect(handler.respondImmediately(to: signed)?.whole?.status == 200)
  }

  /// Three requests sent at once on one connection: a pod and a node (answered at once)
  /// around a list (made on a task). The answers come back in the order asked.
  @Test func pipelinedRequestsAreAnsweredInOrder() async throws {
    let (cluster, handler) = try Self.handler()
    let pod = try #require(cluster.withCluster { $0.store.list(Pod.self, namespace: "default").first?.name })
    let node = try #require(cluster.withCluster { $0.store.list(Node.self).first?.name })
    let server = HTTPServer(handler: handler)
    let port = try await server.start(host: "127.0.0.1", port: 0)
    let requests =
      "GET /api/v1/namespaces/default/pods/\(pod) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
      + "GET /api/v1/pods HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
      + "GET /api/v1/nodes/\(node) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    // The socket blocks: wait for it on a thread of its own, not on one the server's tasks need.
    let reply = await withCheckedContinuation { continuation in
      Thread.detachNewThread {
        continuation.resume(returning: Result { try RawConnection.exchange(port: port, sending: Array(requests.utf8)) })
      }
    }
    await server.shutdown()
    let answers = Array(String(decoding: try reply.get(), as: UTF8.self).components(separatedBy: "HTTP/1.1 200 OK").dropFirst())
    try #require(answers.count == 3)
    #expect(answers[0].contains(#""kind":"Pod""#) && answers[0].contains(#""name":"\#(pod)""#))
    #expect(answers[1].contains(#"{"kind":"PodList""#))
    #expect(answers[2].contains(#""kind":"Node""#) && answers[2].contains(#""name":"\#(node)""#))
  }
}

/// A plain socket: sends bytes as they are and reads until the server closes.
enum RawConnection {
  struct Failure: Error {}

  static func exchange(port: Int, sending bytes: [UInt8]) throws -> [UInt8] {
    let socket = try LoopbackHTTPClient.connectedSocket(port: port)
    defer { close(socket) }
    var timeout = timeval(tv_sec: 20, tv_usec: 0)
    setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    guard bytes.withUnsafeBufferPointer({ send(socket, $0.baseAddress, $0.count, 0) }) == bytes.count else { throw Failure() }
    var received: [UInt8] = []
    var scratch = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let count = scratch.withUnsafeMutableBufferPointer { recv(socket, $0.baseAddress, $0.count, 0) }
      if count <= 0 { break }
      received += scratch[0..<count]
    }
    return received
  }
}
