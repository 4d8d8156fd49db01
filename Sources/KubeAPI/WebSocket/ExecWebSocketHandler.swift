import KubeModel
import NIOCore
import NIOWebSocket

/// Drives an `ExecSession` over WebSocket frames.
final class ExecWebSocketHandler: ChannelInboundHandler {
  typealias InboundIn = WebSocketFrame
  typealias OutboundOut = WebSocketFrame

  let handler: APIHandler
  let session: ExecSession?
  private var closing = false
  /// An attach following the container's log (cancelled when the client leaves).
  private var following: Task<Void, Never>?
  /// Lines waiting to run, so commands run one at a time in order.
  private var pending: [String] = []
  private var running = false
  /// Whether a terminal session's greeting and first prompt have been sent.
  private var greeted = false
  /// Whether the client signals the end of its input (`v5.channel.k8s.io` does).
  let signalsEndOfInput: Bool
  /// Standard input of a command that reads it, gathered until the client ends it; nil
  /// when the command is not waiting for its input.
  private var input: [UInt8]?
  /// Frames that came while an attach was still finding out whether it joins a shell.
  private var early: [[UInt8]]?
  /// How long a terminal session waits for the client's first frame before greeting anyway.
  static let greetingFallback = TimeAmount.seconds(1)
  /// The least time between the upgrade and a command's first output, as a process takes
  /// to start: kubectl registers its streams just after the upgrade and drops what comes
  /// sooner, which a loaded machine made happen now and then.
  static let startLatency = TimeAmount.milliseconds(100)
  /// How long a command's messages are out before the rest of its output when it reports
  /// as it works (see `finish`).
  static let messagesAhead = TimeAmount.milliseconds(20)
  /// When the connection was upgraded.
  private let upgradedAt = NIODeadline.now()

  init(handler: APIHandler, uri: String, signalsEndOfInput: Bool = true) {
    self.handler = handler
    self.session = ExecSession(uri: uri)
    self.signalsEndOfInput = signalsEndOfInput
  }

  func handlerAdded(context: ChannelHandlerContext) {
    guard let session else {
      send(context, channel: 3, Array(#"{"metadata":{},"status":"Failure","message":"bad exec request","reason":"BadRequest","code":400}"#.utf8))
      close(context)
      return
    }
    if session.interactive {
      // Like a real shell, only a terminal gets a greeting and prompts; `exec -i` without
      // `-t` reads commands from stdin and prints only their output. kubectl registers its
      // streams only after the upgrade and drops output that comes sooner ("Unknown stream
      // id 1, discarding message"), so the greeting waits for the client's first frame (its
      // terminal size, sent once the streams exist) or, failing that, a second.
      if session.tty {
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        context.eventLoop.scheduleTask(in: Self.greetingFallback) {
          let (handler, context) = bound.value
          handler.greet(context)
        }
      }
    } else if session.attaches, session.stdin {
      joinShell(context)
    } else if session.attaches {
      attach(context)
    } else if session.stdin, signalsEndOfInput, handler.client.execReadsInput(session.command) {
      // `kubectl exec -i pod -- cat`: the command reads its input to the end first.
      input = []
    } else {
      run(context, command: session.command, thenClose: true)
    }
  }

  /// Joins the container's process: what it printed so far (its log), then each line it
  /// prints (a load generator's answers) until it exits or the client leaves (Ctrl-C). A
  /// container that printed nothing gets the simulated shell's banner instead.
  private func attach(_ context: ChannelHandlerContext) {
    guard let session else { return }
    let client = handler.client
    let (namespace, pod, container, command) = (session.namespace, session.pod, session.container, session.command)
    let loop = context.eventLoop
    let bound = NIOLoopBound((self, context), eventLoop: loop)
    Task {
      let printed = !((try? await client.logs(namespace: namespace, pod: pod, options: LogOptions(container: container))) ?? []).isEmpty
      loop.execute {
        let (handler, context) = bound.value
        handler.attached(context, printed: printed)
      }
    }
  }

  /// Follows the log of a container that printed something; runs the command's shell
  /// answer (its banner) for one that did not.
  private func attached(_ context: ChannelHandlerContext, printed: Bool) {
    guard let session else { return }
    guard printed else {
      let client = handler.client
      let (namespace, pod, container, command) = (session.namespace, session.pod, session.container, session.command)
      answer(context, thenClose: true) {
        try await client.exec(namespace: namespace, pod: pod, container: container, command: command)
      }
      return
    }
    // No sooner than a process would start (see `startLatency`).
    let wait = max(upgradedAt + Self.startLatency - NIODeadline.now(), .zero)
    let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
    context.eventLoop.scheduleTask(in: wait) {
      let (handler, context) = bound.value
      handler.follow(context)
    }
  }

  /// Streams the container's log to the client until the container exits.
  private func follow(_ context: ChannelHandlerContext) {
    guard let session, !closing else { return }
    let stream = handler.client.followLogs(namespace: session.namespace, pod: session.pod, options: LogOptions(container: session.container))
    let loop = context.eventLoop
    let bound = NIOLoopBound((self, context), eventLoop: loop)
    following = Task {
      do {
        for try await line in stream {
          loop.execute {
            let (handler, context) = bound.value
            guard let session = handler.session else { return }
            handler.send(context, channel: 1, session.terminalText(line + "\n"))
          }
        }
      } catch {}
      guard !Task.isCancelled else { return }
      loop.execute {
        let (handler, context) = bound.value
        handler.finish(context, result: ExecResult(stdout: ""), thenClose: true)
      }
    }
  }

  /// An attach with stdin: when the container's program is a shell reading its input, the
  /// session is interactive (its lines answered by the container, `exit` ending the
  /// shell and with it the container); otherwise it shows what the container printed.
  private func joinShell(_ context: ChannelHandlerContext) {
    guard let session else { return }
    early = []
    let client = handler.client
    let (namespace, pod, container) = (session.namespace, session.pod, session.container)
    let loop = context.eventLoop
    let bound = NIOLoopBound((self, context), eventLoop: loop)
    Task {
      let shell = (try? await client.attachesToShell(namespace: namespace, pod: pod, container: container)) ?? false
      loop.execute {
        let (handler, context) = bound.value
        if shell {
          handler.beginShell(context)
        } else {
          handler.early = nil
          handler.attach(context)
        }
      }
    }
  }

  /// Turns the attach into a line-by-line shell session (greeted as an exec's terminal is).
  private func beginShell(_ context: ChannelHandlerContext) {
    guard let session else { return }
    session.interactive = true
    let waiting = early ?? []
    early = nil
    if session.tty {
      let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
      context.eventLoop.scheduleTask(in: Self.greetingFallback) {
        let (handler, context) = bound.value
        handler.greet(context)
      }
    }
    for bytes in waiting { read(bytes, context) }
    drain(context)
  }

  func handlerRemoved(context: ChannelHandlerContext) {
    // The connection is gone: nothing more is sent (a pending greeting included), and a
    // followed log stops.
    closing = true
    following?.cancel()
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    let frame = unwrapInboundIn(data)
    switch frame.opcode {
    case .connectionClose:
      close(context)
    case .ping:
      context.answerPing(frame)
    case .binary, .text:
      var data = frame.unmaskedData
      guard let bytes = data.readBytes(length: data.readableBytes) else { return }
      if early != nil {
        early?.append(bytes)
        return
      }
      read(bytes, context)
    default:
      break
    }
  }

  /// One frame of the client's streams (the first byte names the channel).
  private func read(_ bytes: [UInt8], _ context: ChannelHandlerContext) {
    guard let channel = bytes.first, let session else { return }
    if input != nil {
      gather(context, channel: channel, bytes.dropFirst())
      return
    }
    guard session.interactive else { return }
    greet(context)
    // v5 close signal for stdin (channel 255, then 0): end of input ends the shell.
    if channel == 255, bytes.dropFirst().first == 0 {
      if let partial = session.takePartialLine() { pending.append(partial) }
      pending.append("exit")
      drain(context)
      return
    }
    guard channel == 0 else { return }
    let (echo, lines, end) = session.feed(Array(bytes.dropFirst()))
    if !echo.isEmpty { send(context, channel: 1, echo) }
    pending += lines
    if end {
      pending.append("exit")
    }
    drain(context)
  }

  /// Gathers standard input for a command that reads it; at the end of the input (the v5
  /// close signal for stdin: channel 255, then 0) the command runs with all of it.
  private func gather(_ context: ChannelHandlerContext, channel: UInt8, _ bytes: ArraySlice<UInt8>) {
    guard let session, var gathered = input else { return }
    if channel == 0 {
      gathered += bytes
      input = gathered
      return
    }
    guard channel == 255, bytes.first == 0 else { return }
    input = nil
    let client = handler.client
    let (namespace, pod, container, command) = (session.namespace, session.pod, session.container, session.command)
    let text = String(decoding: gathered, as: UTF8.self)
    answer(context, thenClose: true) {
      try await client.exec(namespace: namespace, pod: pod, container: container, command: command, stdin: text)
    }
  }

  /// Sends a terminal session's greeting and first prompt, once.
  private func greet(_ context: ChannelHandlerContext) {
    guard !greeted, let session, session.tty else { return }
    greeted = true
    send(context, channel: 1, Array("(simulated shell — kubedeck)\r\n".utf8) + Array(session.prompt.utf8))
  }

  private func drain(_ context: ChannelHandlerContext) {
    guard !running, !pending.isEmpty, let session else { return }
    let line = pending.removeFirst()
    let trimmed = line.trimmingCharacters(in: " ")
    if trimmed == "exit" || trimmed.hasPrefix("exit ") {
      let code = Int32(trimmed.split(separator: " ").dropFirst().first ?? "0") ?? 0
      guard session.attaches else {
        send(context, channel: 3, ExecSession.status(exitCode: code, command: session.command))
        close(context)
        return
      }
      // The attached shell is the container's program: its exit ends the container.
      running = true
      let client = handler.client
      let (namespace, pod, container) = (session.namespace, session.pod, session.container)
      let loop = context.eventLoop
      let bound = NIOLoopBound((self, context), eventLoop: loop)
      Task {
        try? await client.endShell(namespace: namespace, pod: pod, container: container, exitCode: code)
        loop.execute {
          let (handler, context) = bound.value
          // An attach reports no exit code of its own: kubectl reads how the container ended
          // from the pod.
          handler.send(context, channel: 3, ExecSession.status(exitCode: 0, command: []))
          handler.close(context)
        }
      }
      return
    }
    if trimmed.isEmpty {
      if session.tty { send(context, channel: 1, Array(session.prompt.utf8)) }
      drain(context)
      return
    }
    running = true
    run(context, command: ["/bin/sh", "-c", line], thenClose: false)
  }

  private func run(_ context: ChannelHandlerContext, command: [String], thenClose: Bool) {
    guard let session else { return }
    let client = handler.client
    let (namespace, pod, container, directory) = (session.namespace, session.pod, session.container, session.workingDirectory)
    answer(context, thenClose: thenClose) {
      try await client.exec(
        namespace: namespace, pod: pod, container: container, command: command, stdin: "", workingDirectory: directory)
    }
  }

  /// Runs `work` off the event loop and sends its result (a refusal as stderr and exit 1).
  private func answer(
    _ context: ChannelHandlerContext, thenClose: Bool, _ work: @escaping @Sendable () async throws -> ExecResult
  ) {
    let loop = context.eventLoop
    let bound = NIOLoopBound((self, context), eventLoop: loop)
    Task {
      let result: ExecResult
      do {
        result = try await work()
      } catch let status as Status {
        result = ExecResult(stdout: "", stderr: (status.message ?? "error") + "\n", exitCode: 1)
      } catch {
        result = ExecResult(stdout: "", stderr: "\(error)\n", exitCode: 1)
      }
      loop.execute {
        let (handler, context) = bound.value
        handler.deliver(context, result: result, thenClose: thenClose)
      }
    }
  }

  /// Sends a result, no sooner than `startLatency` after the upgrade.
  private func deliver(_ context: ChannelHandlerContext, result: ExecResult, thenClose: Bool) {
    let wait = upgradedAt + Self.startLatency - NIODeadline.now()
    guard wait > .zero else {
      finish(context, result: result, thenClose: thenClose)
      return
    }
    let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
    context.eventLoop.scheduleTask(in: wait) {
      let (handler, context) = bound.value
      handler.finish(context, result: result, thenClose: thenClose)
    }
  }

  private func finish(_ context: ChannelHandlerContext, result: ExecResult, thenClose: Bool) {
    guard let session else { return }
    if let directory = result.workingDirectory { session.workingDirectory = directory }
    let errorChannel: UInt8 = session.tty ? 1 : 2
    if result.errorsFirst, !result.stderr.isEmpty, !result.stdout.isEmpty {
      // A program that reports as it works (tar while archiving) has its messages out well
      // before its output ends, as a container's would: a client may stop reading once the
      // output is complete (kubectl cp at the archive's end), so the messages go first and
      // the rest a moment later, not in the same packet.
      send(context, channel: errorChannel, session.terminalText(result.stderr))
      var rest = result
      rest.stderr = ""
      let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
      context.eventLoop.scheduleTask(in: Self.messagesAhead) {
        let (handler, context) = bound.value
        handler.finish(context, result: rest, thenClose: thenClose)
      }
      return
    }
    // The output, then the messages (a command that reports as it works has at most one of
    // the two left here: with both, its messages went ahead above).
    if !result.stdout.isEmpty { send(context, channel: 1, session.terminalText(result.stdout)) }
    if !result.stderr.isEmpty { send(context, channel: errorChannel, session.terminalText(result.stderr)) }
    if thenClose {
      send(
        context, channel: 3,
        result.failure.map(ExecSession.internalError) ?? ExecSession.status(exitCode: result.exitCode, command: session.command))
      close(context)
      return
    }
    if session.tty { send(context, channel: 1, Array(session.prompt.utf8)) }
    running = false
    drain(context)
  }

  private func send(_ context: ChannelHandlerContext, channel: UInt8, _ bytes: [UInt8]) {
    guard !closing else { return }
    var buffer = context.channel.allocator.buffer(capacity: bytes.count + 1)
    buffer.writeInteger(channel)
    buffer.writeBytes(bytes)
    context.writeAndFlush(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .binary, data: buffer)), promise: nil)
  }

  private func close(_ context: ChannelHandlerContext) {
    guard !closing else { return }
    closing = true
    context.closeWebSocket()
  }
}
