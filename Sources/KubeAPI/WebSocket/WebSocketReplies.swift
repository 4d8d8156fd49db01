import NIOCore
import NIOWebSocket

/// What every WebSocket session of the API server answers the same way.
extension ChannelHandlerContext {
  /// Answers a ping with its pong.
  func answerPing(_ frame: WebSocketFrame) {
    writeAndFlush(NIOAny(WebSocketFrame(fin: true, opcode: .pong, data: frame.data)), promise: nil)
  }

  /// Sends a normal close, then closes the connection once it is written.
  func closeWebSocket() {
    let channel = self.channel
    var buffer = channel.allocator.buffer(capacity: 2)
    buffer.write(webSocketErrorCode: .normalClosure)
    writeAndFlush(NIOAny(WebSocketFrame(fin: true, opcode: .connectionClose, data: buffer))).whenComplete { _ in
      channel.close(promise: nil)
    }
  }
}
