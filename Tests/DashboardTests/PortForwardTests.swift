import Foundation
import KubeAPI
import KubeModel
import Testing

@testable import Dashboard

#if canImport(Glibc)
  import Glibc
#endif

/// `F` on a pod forwards a local port to it, as `kubectl port-forward` does.
@MainActor
@Suite struct PortForwardTests {
  /// Connects to 127.0.0.1:`port`, sends `request`, and reads until `expected` bytes came
  /// (or the connection closed).
  nonisolated static func exchange(port: Int, _ request: String, expecting expected: Int) -> String {
    guard let descriptor = try? LoopbackHTTPClient.connectedSocket(port: port) else { return "" }
    defer { close(descriptor) }
    // Generous: on a loaded machine the answer waits for a thread of the concurrency pool.
    var timeout = timeval(tv_sec: 30, tv_usec: 0)
    setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    _ = Array(request.utf8).withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, 0) }
    var received: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    while received.count < expected {
      let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
      guard count > 0 else { break }
      received += buffer[..<count]
    }
    return String(decoding: received, as: UTF8.self)
  }

  /// Runs blocking socket work on a thread of its own, off the concurrency pool the
  /// forwarder's answers need.
  nonisolated static func onThread<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in Thread { continuation.resume(returning: body()) }.start() }
  }

  @Test func aForwardAnswersEachRequestOfAConnection() async throws {
    let forward = try PortForwarder(client: FakeCluster(), namespace: "default", pod: "web", port: 80, localPort: 0)
    defer { forward.stop() }
    #expect(forward.localPort > 0)
    let reply = "HTTP/1.1 200 OK\r\nContent-Length: 14\r\n\r\nhello from web"
    let port = forward.localPort
    // Two requests on one connection, the second sent with the first.
    let answered = await Self.onThread {
      Self.exchange(port: port, "GET / HTTP/1.1\r\n\r\nGET /again HTTP/1.1\r\n\r\n", expecting: 2 * reply.utf8.count)
    }
    #expect(answered == reply + reply)
    // Stopped, it no longer listens.
    forward.stop()
    #expect(!forward.isRunning)
    let refused = await Self.onThread { Self.exchange(port: port, "GET / HTTP/1.1\r\n\r\n", expecting: 1) }
    #expect(refused.isEmpty)
  }

  @Test func aTakenPortIsRefusedAsKubectlSaysIt() throws {
    let first = try PortForwarder(client: FakeCluster(), namespace: "default", pod: "web", port: 80, localPort: 0)
    defer { first.stop() }
    #expect(throws: PortForwarder.Failure.self) {
      try PortForwarder(client: FakeCluster(), namespace: "default", pod: "web", port: 80, localPort: first.localPort)
    }
    do {
      _ = try PortForwarder(client: FakeCluster(), namespace: "default", pod: "web", port: 80, localPort: first.localPort)
    } catch {
      #expect("\(error)" == "unable to listen on port \(first.localPort): listen tcp4 127.0.0.1:\(first.localPort): bind: address already in use")
    }
  }

  /// The key, the form, the flash; F again stops it.
  @Test func portForwardFromThePodsView() async throws {
    let harness = await Harness()
    defer { harness.stop() }
    harness.type("F")
    #expect(harness.screen().contains { $0.contains("Port-forward pod/") })
    // Local port 0: the system chooses one.
    harness.press(.down, .backspace, .backspace)
    harness.type("0")
    harness.press(.enter, .enter)
    let forward = try #require(harness.app.forwards.first)
    #expect(harness.app.flashText == "Forwarding from 127.0.0.1:\(forward.localPort) -> 80 (pod/\(forward.pod); F again stops it)")
    let port = forward.localPort
    let answer = await Self.onThread { Self.exchange(port: port, "GET / HTTP/1.1\r\n\r\n", expecting: 41) }
    #expect(answer.hasSuffix("hello from \(forward.pod)"))
    harness.type("F")
    #expect(harness.screen().contains { $0.contains("Stop forwarding 127.0.0.1:\(port) -> 80") })
    harness.press(.enter)
    #expect(!forward.isRunning)
    #expect(harness.app.forwards.isEmpty)
    // A port that is not one.
    harness.type("F")
    harness.press(.backspace, .backspace)
    harness.type("x")
    harness.press(.enter, .enter, .enter)
    #expect(harness.app.flashText == "error: Error parsing remote port 'x': invalid port")
  }
}
