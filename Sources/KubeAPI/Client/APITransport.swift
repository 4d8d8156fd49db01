import Foundation
import KubeModel
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix

/// HTTP/1.1 to one API server over plain TCP: a request with its whole answer, or a
/// streamed answer (a watch, followed logs) handed on line by line.
///
/// Each request has its own connection. A connection that cannot be made fails as kubectl
/// reports it (`Unable to connect to the server: dial tcp …: connect: connection refused`).
public struct APITransport: Sendable {
  public var host: String
  public var port: Int
  /// The `Authorization` header (`Bearer …` or `Basic …`), if any.
  public var authorization: String?

  public init(host: String, port: Int, authorization: String? = nil) {
    self.host = host
    self.port = port
    self.authorization = authorization
  }

  /// One answer: its status code, content type and body.
  public struct Response: Sendable {
    public var status: Int
    public var contentType: String
    public var body: [UInt8]
  }

  /// Sends a request and waits for the whole answer.
  public func send(_ method: HTTPMethod, _ target: String, contentType: String? = nil, body: [UInt8]? = nil) async throws -> Response {
    let promise = MultiThreadedEventLoopGroup.singleton.any().makePromise(of: Response.self)
    let collector = ResponseCollector(mode: .whole(promise))
    let channel: any Channel
    do {
      channel = try await connect(collector)
    } catch {
      promise.fail(error)
      throw error
    }
    defer { channel.close(promise: nil) }
    // A failed write closes the connection, and the collector then answers the promise.
    do {
      try await write(channel, method, target, contentType: contentType, body: body)
    } catch {
      channel.close(promise: nil)
    }
    return try await promise.futureResult.get()
  }

  /// Sends a GET whose answer streams: its lines, as they arrive, until the server ends the
  /// answer or the stream's consumer stops listening. A status other than 2xx ends the
  /// stream with the `Status` the server answered.
  public func lines(_ target: String) -> AsyncThrowingStream<[UInt8], any Error> {
    AsyncThrowingStream { continuation in
      let collector = ResponseCollector(mode: .lines(continuation))
      // The connection, once made; a consumer that stops listening closes it (or, when it
      // stops before the connection is made, the connection is closed as soon as it is).
      let state = NIOLockedValueBox<(channel: (any Channel)?, ended: Bool)>((nil, false))
      continuation.onTermination = { _ in
        let channel = state.withLockedValue { value -> (any Channel)? in
          value.ended = true
          return value.channel
        }
        channel?.close(promise: nil)
      }
      Task {
        do {
          let channel = try await connect(collector)
          let ended = state.withLockedValue { value -> Bool in
            value.channel = channel
            return value.ended
          }
          if ended {
            channel.close(promise: nil)
            return
          }
          try await write(channel, .GET, target, contentType: nil, body: nil)
        } catch {
          continuation.finish(throwing: error)
        }
      }
    }
  }

  private func connect(_ collector: ResponseCollector) async throws -> any Channel {
    let bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
      .connectTimeout(.seconds(10))
      .channelInitializer { channel in
        channel.eventLoop.makeCompletedFuture {
          try channel.pipeline.syncOperations.addHTTPClientHandlers()
          try channel.pipeline.syncOperations.addHandler(collector)
        }
      }
    do {
      return try await bootstrap.connect(host: host, port: port).get()
    } catch {
      throw APIErrors.unreachable(host: host, port: port)
    }
  }

  private func write(_ channel: any Channel, _ method: HTTPMethod, _ target: String, contentType: String?, body: [UInt8]?) async throws {
    var headers = HTTPHeaders()
    headers.add(name: "Host", value: "\(host):\(port)")
    headers.add(name: "Accept", value: "application/json")
    headers.add(name: "User-Agent", value: "kubedeck")
    if let authorization { headers.add(name: "Authorization", value: authorization) }
    if let contentType { headers.add(name: "Content-Type", value: contentType) }
    headers.add(name: "Content-Length", value: String(body?.count ?? 0))
    let head = HTTPRequestHead(version: .http1_1, method: method, uri: target, headers: headers)
    channel.write(HTTPClientRequestPart.head(head), promise: nil)
    if let body, !body.isEmpty {
      channel.write(HTTPClientRequestPart.body(.byteBuffer(channel.allocator.buffer(bytes: body))), promise: nil)
    }
    try await channel.writeAndFlush(HTTPClientRequestPart.end(nil)).get()
  }
}

/// Gathers one HTTP answer: whole, or line by line into a stream.
private final class ResponseCollector: ChannelInboundHandler, @unchecked Sendable {
  typealias InboundIn = HTTPClientResponsePart

  enum Mode {
    /// The whole answer, when it ends.
    case whole(EventLoopPromise<APITransport.Response>)
    /// The answer's lines as they arrive.
    case lines(AsyncThrowingStream<[UInt8], any Error>.Continuation)
  }

  let mode: Mode
  private var status = 0
  private var contentType = ""
  private var body: [UInt8] = []
  private var finished = false

  init(mode: Mode) { self.mode = mode }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    switch unwrapInboundIn(data) {
    case .head(let head):
      status = Int(head.status.code)
      contentType = head.headers.first(name: "Content-Type") ?? ""
    case .body(var buffer):
      let bytes = buffer.readBytes(length: buffer.readableBytes) ?? []
      body += bytes
      if case .lines(let continuation) = mode, (200..<300).contains(status) { emitLines(continuation, final: false) }
    case .end:
      complete(error: nil)
      context.close(promise: nil)
    }
  }

  func channelInactive(context: ChannelHandlerContext) {
    complete(error: Status(message: "the server closed the connection before answering", reason: .serviceUnavailable, code: 503))
  }

  func errorCaught(context: ChannelHandlerContext, error: any Error) {
    complete(error: Status(message: "the connection to the server failed: \(error)", reason: .serviceUnavailable, code: 503))
    context.close(promise: nil)
  }

  private func complete(error: (any Error)?) {
    guard !finished else { return }
    finished = true
    switch mode {
    case .whole(let promise):
      if status == 0, let error {
        promise.fail(error)
      } else {
        promise.succeed(APITransport.Response(status: status, contentType: contentType, body: body))
      }
    case .lines(let continuation):
      if !(200..<300).contains(status) {
        continuation.finish(throwing: status == 0 ? (error ?? Status.unavailable("no answer")) : APIErrors.status(status: status, body: body))
        return
      }
      emitLines(continuation, final: true)
      continuation.finish()
    }
  }

  private func emitLines(_ continuation: AsyncThrowingStream<[UInt8], any Error>.Continuation, final: Bool) {
    var start = 0
    for index in body.indices where body[index] == 10 {
      continuation.yield(Array(body[start..<index]))
      start = index + 1
    }
    body.removeFirst(start)
    if final, !body.isEmpty {
      continuation.yield(body)
      body = []
    }
  }
}

/// The `Status` of a failed answer: the one the server sent, or one made from the code.
enum APIErrors {
  static func status(status: Int, body: [UInt8]) -> Status {
    if var answer = decodeStatus(body), answer.kind == "Status" {
      if answer.code == nil { answer.code = status }
      return answer
    }
    let text = String(decoding: body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    let message = text.isEmpty ? "the server answered \(status)" : text
    return Status(message: message, reason: reason(for: status), code: status)
  }

  /// A `Status` in JSON (the body of a failed answer, an exec's status channel), or nil.
  static func decodeStatus(_ bytes: [UInt8]) -> Status? {
    guard let node = try? JSONParser.parse(bytes: bytes) else { return nil }
    return try? StrictDecoder(rejectsUnknownFields: false).decode(Status.self, from: node)
  }

  /// A server nothing answers at, as kubectl reports it.
  static func unreachable(host: String, port: Int) -> Status {
    Status(
      message: "Unable to connect to the server: dial tcp \(host):\(port): connect: connection refused",
      reason: .serviceUnavailable, code: 503)
  }

  static func reason(for status: Int) -> StatusReason {
    switch status {
    case 400: .badRequest
    case 401: .unauthorized
    case 403: .forbidden
    case 404: .notFound
    case 405: .methodNotAllowed
    case 409: .conflict
    case 422: .invalid
    case 429: .tooManyRequests
    case 503: .serviceUnavailable
    default: .internalError
    }
  }
}
