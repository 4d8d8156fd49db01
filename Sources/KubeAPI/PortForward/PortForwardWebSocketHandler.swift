import KubeModel
import NIOCore
import NIOWebSocket

/// `kubectl port-forward`: SPDY/3.1 tunnelled through a WebSocket
/// (`SPDY/3.1+portforward.k8s.io`). For each local connection kubectl opens two streams of
/// one request ID, `error` then `data`, naming the pod's port. What arrives on the data
/// stream is handed to the cluster (`ClusterClient.forward`) and its answer sent back; a
/// refusal is written on the error stream, as the kubelet writes it. When kubectl ends its
/// side of the data stream (its local connection closed), both streams are ended.
final class PortForwardWebSocketHandler: ChannelInboundHandler {
  typealias InboundIn = WebSocketFrame
  typealias OutboundOut = WebSocketFrame

  static let subprotocol = "SPDY/3.1+portforward.k8s.io"

  /// One forwarded connection: its two streams and what arrived unanswered.
  private struct Connection {
    var port: Int32 = 0
    var errorStream: UInt32?
    var dataStream: UInt32?
    var received: [UInt8] = []
    /// An answer is being worked out.
    var busy = false
    /// kubectl ended its side.
    var clientDone = false
    var finished = false
  }

  private let client: any ClusterClient
  private let namespace: String
  private let pod: String
  private let framer = SPDYFramer()
  private var connections: [String: Connection] = [:]
  private var requestOfStream: [UInt32: String] = [:]
  private var closing = false

  init?(client: any ClusterClient, uri: String) {
    let request = HTTPRequest(method: "GET", uri: uri)
    guard let address = ResourcePath(path: request.path), address.resource == "pods", let pod = address.name else { return nil }
    self.client = client
    self.namespace = address.namespace ?? "default"
    self.pod = pod
  }

  func handlerRemoved(context: ChannelHandlerContext) {
    closing = true
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    let frame = unwrapInboundIn(data)
    switch frame.opcode {
    case .connectionClose:
      close(context)
    case .ping:
      context.answerPing(frame)
    case .binary, .continuation, .text:
      var data = frame.unmaskedData
      guard let bytes = data.readBytes(length: data.readableBytes) else { return }
      framer.append(bytes)
      do {
        while let next = try framer.next() { handle(next, context) }
      } catch {
        send(.goAway(lastStream: 0, status: 1), context)
        close(context)
      }
    default:
      break
    }
  }

  private func handle(_ frame: SPDY.Frame, _ context: ChannelHandlerContext) {
    switch frame {
    case .synStream(let stream, _, let headers):
      let id = headers["requestid"] ?? ""
      guard let port = headers["port"].flatMap({ Int32($0) }), port > 0, port < 65536 else {
        send(.rstStream(stream: stream, status: 1), context)
        return
      }
      send(.synReply(stream: stream, fin: false, headers: [:]), context)
      requestOfStream[stream] = id
      var connection = connections[id] ?? Connection()
      connection.port = port
      if headers["streamtype"] == "error" { connection.errorStream = stream } else { connection.dataStream = stream }
      connections[id] = connection
    case .data(let stream, let fin, let payload):
      guard let id = requestOfStream[stream], var connection = connections[id], connection.dataStream == stream else { return }
      connection.received += payload
      if fin { connection.clientDone = true }
      connections[id] = connection
      pump(id, context)
    case .rstStream(let stream, _):
      if let id = requestOfStream.removeValue(forKey: stream) { connections[id]?.finished = true }
    case .ping(let id):
      send(.ping(id: id), context)
    case .goAway:
      close(context)
    case .synReply, .other:
      break
    }
  }

  /// Answers what a connection has received, one request at a time.
  private func pump(_ id: String, _ context: ChannelHandlerContext) {
    guard var connection = connections[id], !connection.busy, !connection.finished else { return }
    guard !connection.received.isEmpty else {
      if connection.clientDone { finish(id, context) }
      return
    }
    connection.busy = true
    connections[id] = connection
    let (client, namespace, pod, port, received) = (client, namespace, pod, connection.port, connection.received)
    let loop = context.eventLoop
    let bound = NIOLoopBound((self, context), eventLoop: loop)
    Task {
      let reply: ForwardReply
      do {
        reply = try await client.forward(namespace: namespace, pod: pod, port: port, received: received)
      } catch let status as Status {
        reply = .refused(status.message ?? "error forwarding port \(port) to pod \(pod)")
      } catch {
        reply = .refused("\(error)")
      }
      loop.execute {
        let (handler, context) = bound.value
        handler.answered(id, reply, context)
      }
    }
  }

  private func answered(_ id: String, _ reply: ForwardReply, _ context: ChannelHandlerContext) {
    guard var connection = connections[id], !connection.finished else { return }
    connection.busy = false
    switch reply {
    case .refused(let message):
      connections[id] = connection
      if let stream = connection.errorStream { send(.data(stream: stream, fin: false, payload: Array(message.utf8)), context) }
      finish(id, context)
    case .incomplete:
      connections[id] = connection
      if connection.clientDone { finish(id, context) }
    case .answer(let bytes, let consumed, let closes):
      connection.received.removeFirst(max(0, min(consumed, connection.received.count)))
      connections[id] = connection
      if let stream = connection.dataStream, !bytes.isEmpty { send(.data(stream: stream, fin: false, payload: bytes), context) }
      if closes { finish(id, context) } else { pump(id, context) }
    }
  }

  /// Ends both streams of a connection.
  private func finish(_ id: String, _ context: ChannelHandlerContext) {
    guard var connection = connections[id], !connection.finished else { return }
    connection.finished = true
    connections[id] = connection
    for stream in [connection.dataStream, connection.errorStream].compactMap({ $0 }) {
      send(.data(stream: stream, fin: true, payload: []), context)
    }
  }

  private func send(_ frame: SPDY.Frame, _ context: ChannelHandlerContext) {
    guard !closing else { return }
    let bytes = framer.encode(frame)
    var buffer = context.channel.allocator.buffer(capacity: bytes.count)
    buffer.writeBytes(bytes)
    context.writeAndFlush(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .binary, data: buffer)), promise: nil)
  }

  private func close(_ context: ChannelHandlerContext) {
    guard !closing else { return }
    closing = true
    context.closeWebSocket()
  }
}
