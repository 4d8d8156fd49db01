import Foundation
import KubeModel

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A port forward the dashboard runs, as `kubectl port-forward` does: it listens on
/// 127.0.0.1:`localPort` and hands what each connection sends to the pod's `port`
/// (`ClusterClient.forward`), writing back what the pod answers. Each connection has a
/// thread of its own; `stop()` (or release) closes the listener, and its connections end.
public final class PortForwarder: @unchecked Sendable {
  public let namespace: String
  public let pod: String
  public let port: Int32
  /// The local port (the one the system chose when asked for 0).
  public private(set) var localPort: Int
  private let client: any ClusterClient
  private let lock = NSLock()
  private var listener: Int32 = -1
  private var connections: Set<Int32> = []
  private var stopped = false
  /// Called (on a forwarding thread) with each refusal the pod gives, as kubectl prints it.
  private let onError: @Sendable (String) -> Void

  /// Why a forward could not start.
  public struct Failure: Error, CustomStringConvertible {
    public var description: String
  }

  /// Starts listening; throws when the local port cannot be had.
  public init(
    client: any ClusterClient, namespace: String, pod: String, port: Int32, localPort: Int,
    onError: @escaping @Sendable (String) -> Void = { _ in }
  ) throws {
    self.client = client
    self.namespace = namespace
    self.pod = pod
    self.port = port
    self.localPort = localPort
    self.onError = onError
    let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard socket >= 0 else { throw Failure(description: "unable to create a socket") }
    var reuse: Int32 = 1
    setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(localPort).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let bound = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard bound == 0, listen(socket, 16) == 0 else {
      let reason = String(cString: strerror(errno)).lowercased()
      close(socket)
      throw Failure(description: "unable to listen on port \(localPort): listen tcp4 127.0.0.1:\(localPort): bind: \(reason)")
    }
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) }
    }
    self.localPort = Int(UInt16(bigEndian: address.sin_port))
    listener = socket
    let thread = Thread { [self] in acceptLoop(socket) }
    thread.name = "port-forward \(self.localPort)"
    thread.start()
  }

  deinit { stop() }

  /// Whether it still listens.
  public var isRunning: Bool { lock.withLock { !stopped } }

  /// Stops listening and closes every connection.
  public func stop() {
    let sockets: [Int32] = lock.withLock {
      guard !stopped else { return [] }
      stopped = true
      return [listener] + Array(connections)
    }
    for socket in sockets {
      shutdown(socket, Int32(SHUT_RDWR))
      close(socket)
    }
  }

  private func acceptLoop(_ socket: Int32) {
    while true {
      let connection = accept(socket, nil, nil)
      guard connection >= 0 else { return }
      let accepted = lock.withLock { () -> Bool in
        guard !stopped else { return false }
        connections.insert(connection)
        return true
      }
      guard accepted else {
        close(connection)
        return
      }
      let thread = Thread { [self] in serve(connection) }
      thread.start()
    }
  }

  /// Reads what the local client sends, answering each whole request as the pod does.
  private func serve(_ connection: Int32) {
    defer {
      let owned = lock.withLock { connections.remove(connection) != nil }
      if owned { close(connection) }
    }
    var received: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 16_384)
    while true {
      let count = buffer.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
      guard count > 0 else { return }
      received += buffer[..<count]
      while !received.isEmpty {
        switch reply(to: received) {
        case .refused(let message):
          onError("an error occurred forwarding \(localPort) -> \(port): \(message)")
          return
        case .incomplete:
          break
        case .answer(let bytes, let consumed, let closes):
          received.removeFirst(max(0, min(consumed, received.count)))
          guard sendAll(connection, bytes), !closes else { return }
          continue
        }
        break
      }
    }
  }

  /// The cluster's answer, waited for on this thread.
  private func reply(to received: [UInt8]) -> ForwardReply {
    let box = ReplyBox()
    let done = DispatchSemaphore(value: 0)
    let (client, namespace, pod, port) = (client, namespace, pod, port)
    Task {
      do {
        box.reply = try await client.forward(namespace: namespace, pod: pod, port: port, received: received)
      } catch let status as Status {
        box.reply = .refused(status.message ?? "error forwarding port \(port) to pod \(pod)")
      } catch {
        box.reply = .refused("\(error)")
      }
      done.signal()
    }
    done.wait()
    return box.reply
  }

  private func sendAll(_ connection: Int32, _ bytes: [UInt8]) -> Bool {
    var sent = 0
    while sent < bytes.count {
      let count = bytes.withUnsafeBytes { send(connection, $0.baseAddress! + sent, bytes.count - sent, Int32(MSG_NOSIGNAL)) }
      guard count > 0 else { return false }
      sent += count
    }
    return true
  }
}

/// Carries a reply from the task that fetched it to the waiting thread.
private final class ReplyBox: @unchecked Sendable {
  var reply: ForwardReply = .incomplete
}
