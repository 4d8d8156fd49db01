import KubeModel
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import NIOWebSocket

/// An HTTP/1.1 server for the API: keep-alive, chunked streams for watches and followed
/// logs, and WebSocket upgrades (`v5.channel.k8s.io`) for `pods/exec`.
public final class HTTPServer: Sendable {
  let handler: APIHandler
  let group: MultiThreadedEventLoopGroup
  let channel = NIOLockedValueBox<(any Channel)?>(nil)

  public init(handler: APIHandler, threads: Int = 2) {
    self.handler = handler
    self.group = MultiThreadedEventLoopGroup(numberOfThreads: threads)
  }

  /// Binds `host:port` (port 0 picks a free one) and returns the bound port. With `tls`,
  /// every connection speaks TLS first (`https://`).
  public func start(host: String, port: Int, tls: NIOSSLContext? = nil) async throws -> Int {
    let handler = self.handler
    let bootstrap = ServerBootstrap(group: group)
      .serverChannelOption(ChannelOptions.backlog, value: 256)
      .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
      .childChannelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
      .childChannelInitializer { channel in
        let requestHandler = HTTPRequestHandler(handler: handler)
        let upgrader = NIOWebSocketServerUpgrader(
          maxFrameSize: 1 << 20,
          shouldUpgrade: { channel, head in
            let path = head.uri.split(separator: "?").first ?? ""
            let wantsExec = path.hasSuffix("/exec") || path.hasSuffix("/attach")
            let protocols = Self.offeredProtocols(head)
            if path.hasSuffix("/portforward"), protocols.contains(PortForwardWebSocketHandler.subprotocol) {
              return channel.eventLoop.makeSucceededFuture(
                HTTPHeaders([("Sec-WebSocket-Protocol", PortForwardWebSocketHandler.subprotocol)]))
            }
            guard wantsExec, let chosen = ExecSession.supportedProtocols.first(where: protocols.contains) else {
              return channel.eventLoop.makeSucceededFuture(nil)
            }
            let accepted = HTTPHeaders([("Sec-WebSocket-Protocol", chosen)])
            guard let session = ExecSession(uri: head.uri), !session.attaches else {
              return channel.eventLoop.makeSucceededFuture(accepted)
            }
            // An exec the cluster refuses is not upgraded: the request goes on to the API
            // handler, which answers with the refusal.
            let client = handler.client
            let (namespace, pod, container) = (session.namespace, session.pod, session.container)
            return channel.eventLoop.makeFutureWithTask {
              do {
                try await client.checkExec(namespace: namespace, pod: pod, container: container)
                return accepted
              } catch {
                return nil
              }
            }
          },
          upgradePipelineHandler: { channel, head in
            channel.eventLoop.makeCompletedFuture {
              if head.uri.split(separator: "?").first?.hasSuffix("/portforward") == true {
                guard let forwarder = PortForwardWebSocketHandler(client: handler.client, uri: head.uri) else {
                  throw ChannelError.inappropriateOperationForState
                }
                try channel.pipeline.syncOperations.addHandler(forwarder)
                return
              }
              // The chosen protocol (the first supported one offered) is v5 when offered: the
              // one that signals the end of standard input.
              let endsInput = Self.offeredProtocols(head).contains("v5.channel.k8s.io")
              try channel.pipeline.syncOperations.addHandler(
                ExecWebSocketHandler(handler: handler, uri: head.uri, signalsEndOfInput: endsInput))
            }
          })
        return channel.eventLoop.makeCompletedFuture {
          if let tls { try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls)) }
          try channel.pipeline.syncOperations.configureHTTPServerPipeline(
            withServerUpgrade: (upgraders: [upgrader], completionHandler: { context in
              context.pipeline.syncOperations.removeHandler(requestHandler, promise: nil)
            }))
          try channel.pipeline.syncOperations.addHandler(requestHandler)
        }
      }
    let bound = try await bootstrap.bind(host: host, port: port).get()
    channel.withLockedValue { $0 = bound }
    return bound.localAddress?.port ?? port
  }

  /// The WebSocket subprotocols a request offers, in its order.
  static func offeredProtocols(_ head: HTTPRequestHead) -> [String] {
    head.headers["Sec-WebSocket-Protocol"].flatMap { $0.split(separator: ",") }.map { String($0).trimmingCharacters(in: " ") }
  }

  /// Closes the listening socket and stops the threads.
  public func shutdown() async {
    let bound = channel.withLockedValue { value -> (any Channel)? in
      defer { value = nil }
      return value
    }
    try? await bound?.close()
    try? await group.shutdownGracefully()
  }
}

/// Collects one request, hands it to the `APIHandler` on a task, and writes the answer.
final class HTTPRequestHandler: ChannelInboundHandler, RemovableChannelHandler {
  typealias InboundIn = HTTPServerRequestPart
  typealias OutboundOut = HTTPServerResponsePart

  static let maxBody = 16 << 20

  let handler: APIHandler
  private var head: HTTPRequestHead?
  private var body: [UInt8] = []
  private var tooLarge = false
  private var inFlight: Task<Void, Never>?

  init(handler: APIHandler) {
    self.handler = handler
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    switch unwrapInboundIn(data) {
    case .head(let head):
      self.head = head
      body.removeAll(keepingCapacity: true)
      tooLarge = false
    case .body(var buffer):
      if body.count + buffer.readableBytes > Self.maxBody {
        tooLarge = true
      } else if let bytes = buffer.readBytes(length: buffer.readableBytes) {
        body += bytes
      }
    case .end:
      guard let head else { return }
      self.head = nil
      let request = HTTPRequest(
        method: head.method.rawValue, uri: head.uri, headers: head.headers.map { ($0.name, $0.value) }, body: body)
      let keepAlive = head.isKeepAlive
      // A read the handler can answer at once is answered and written from here: no task,
      // no hop to another thread and back. It cannot overtake an answer still being made
      // on a task: the pipeline's HTTP server handler delivers a connection's next request
      // only once the previous response has ended.
      if !tooLarge, let immediate = handler.respondImmediately(to: request)?.whole {
        Self.writeFull(status: immediate.status, headers: immediate.headers, body: immediate.body, keepAlive: keepAlive, to: context)
        return
      }
      let loop = context.eventLoop
      let bound = NIOLoopBound(context, eventLoop: loop)
      let handler = self.handler
      let tooLarge = self.tooLarge
      inFlight = Self.respond(
        handler: handler, request: request, tooLarge: tooLarge, keepAlive: keepAlive, bound: bound, loop: loop)
    }
  }

  /// Makes and writes one response on a task.
  private static func respond(
    handler: APIHandler, request: HTTPRequest, tooLarge: Bool, keepAlive: Bool,
    bound: NIOLoopBound<ChannelHandlerContext>, loop: any EventLoop
  ) -> Task<Void, Never> {
    Task {
      var response = HTTPResponse.status(
        Status(message: "the request body is too large", reason: "RequestEntityTooLarge", code: 413))
      if !tooLarge { response = await handler.handle(request) }
      await Self.write(response, keepAlive: keepAlive, to: bound, loop: loop)
    }
  }

  func channelInactive(context: ChannelHandlerContext) {
    inFlight?.cancel()
    context.fireChannelInactive()
  }

  func errorCaught(context: ChannelHandlerContext, error: any Error) {
    // A declined WebSocket upgrade (a refused exec) is reported down the pipeline before
    // the request itself comes through, to be answered as a plain request.
    if error is NIOWebSocketUpgradeError { return }
    context.close(promise: nil)
  }

  private static func write(
    _ response: HTTPResponse, keepAlive: Bool, to bound: NIOLoopBound<ChannelHandlerContext>, loop: any EventLoop
  ) async {
    switch response {
    case .full(let status, let headers, let body):
      let done = loop.submit {
        writeFull(status: status, headers: headers, body: body, keepAlive: keepAlive, to: bound.value)
      }
      try? await done.get()
    case .chunked(let status, let headers, let body):
      await writeChunked(status: status, headers: headers, body: body, keepAlive: keepAlive, to: bound, loop: loop)
    case .stream(let status, let headers, let chunks):
      var fields = HTTPHeaders(headers)
      fields.replaceOrAdd(name: "Transfer-Encoding", value: "chunked")
      let head = HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: status), headers: fields)
      let started = loop.submit {
        bound.value.writeAndFlush(NIOAny(HTTPServerResponsePart.head(head)), promise: nil)
      }
      try? await started.get()
      for await chunk in chunks {
        if Task.isCancelled { break }
        do { try await send(chunk, to: bound, loop: loop).get() } catch { break }
      }
      let finished = loop.submit {
        let context = bound.value
        guard context.channel.isActive else { return }
        let promise = loop.makePromise(of: Void.self)
        context.writeAndFlush(NIOAny(HTTPServerResponsePart.end(nil)), promise: promise)
        if !keepAlive { promise.futureResult.whenComplete { _ in context.close(promise: nil) } }
      }
      try? await finished.get()
    }
  }

  /// Writes a whole response with its length; on the connection's event loop.
  private static func writeFull(
    status: Int, headers: [(String, String)], body: [UInt8], keepAlive: Bool, to context: ChannelHandlerContext
  ) {
    var fields = HTTPHeaders(headers)
    fields.replaceOrAdd(name: "Content-Length", value: String(body.count))
    if !keepAlive { fields.replaceOrAdd(name: "Connection", value: "close") }
    let head = HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: status), headers: fields)
    context.write(NIOAny(HTTPServerResponsePart.head(head)), promise: nil)
    var buffer = context.channel.allocator.buffer(capacity: body.count)
    buffer.writeBytes(body)
    context.write(NIOAny(HTTPServerResponsePart.body(.byteBuffer(buffer))), promise: nil)
    let promise = context.eventLoop.makePromise(of: Void.self)
    context.writeAndFlush(NIOAny(HTTPServerResponsePart.end(nil)), promise: promise)
    if !keepAlive { promise.futureResult.whenComplete { _ in context.close(promise: nil) } }
  }

  /// Writes one piece of a chunked body and flushes it; fails once the connection is gone.
  private static func send(
    _ bytes: [UInt8], to bound: NIOLoopBound<ChannelHandlerContext>, loop: any EventLoop
  ) -> EventLoopFuture<Void> {
    loop.flatSubmit { () -> EventLoopFuture<Void> in
      let context = bound.value
      guard context.channel.isActive else { return loop.makeFailedFuture(ChannelError.ioOnClosedChannel) }
      var buffer = context.channel.allocator.buffer(capacity: bytes.count)
      buffer.writeBytes(bytes)
      let promise = loop.makePromise(of: Void.self)
      context.writeAndFlush(NIOAny(HTTPServerResponsePart.body(.byteBuffer(buffer))), promise: promise)
      return promise.futureResult
    }
  }

  /// Writes a body piece by piece: the next piece is made while the previous one is being
  /// sent, and no further piece is made until it was. A connection that goes away ends it;
  /// one broken mid-body is closed, as its response cannot be completed.
  private static func writeChunked(
    status: Int, headers: [(String, String)], body: ChunkedBody, keepAlive: Bool,
    to bound: NIOLoopBound<ChannelHandlerContext>, loop: any EventLoop
  ) async {
    var fields = HTTPHeaders(headers)
    fields.replaceOrAdd(name: "Transfer-Encoding", value: "chunked")
    let head = HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: status), headers: fields)
    var inFlight: EventLoopFuture<Void> = loop.submit {
      bound.value.write(NIOAny(HTTPServerResponsePart.head(head)), promise: nil)
    }
    var complete = false
    while !Task.isCancelled {
      guard let piece = body.next() else {
        complete = true
        break
      }
      do { try await inFlight.get() } catch { break }
      inFlight = send(piece, to: bound, loop: loop)
    }
    let sent = (try? await inFlight.get()) != nil
    let whole = complete && sent
    let finished = loop.submit {
      let context = bound.value
      guard context.channel.isActive else { return }
      guard whole else {
        context.close(promise: nil)
        return
      }
      let promise = loop.makePromise(of: Void.self)
      context.writeAndFlush(NIOAny(HTTPServerResponsePart.end(nil)), promise: promise)
      if !keepAlive { promise.futureResult.whenComplete { _ in context.close(promise: nil) } }
    }
    try? await finished.get()
  }
}
