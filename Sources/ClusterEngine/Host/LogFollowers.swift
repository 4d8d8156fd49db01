import KubeModel

/// The `kubectl logs -f` streams of an `EmbeddedCluster`: each starts with the container's
/// current lines, then gets the lines written since, every time virtual time advances.
///
/// Lines are simulated and computed when read (the workload model stores none), so a
/// follower re-reads the recent lines with timestamps and sends those after the last one
/// it sent. Buffers are bounded as watches' are.
final class LogFollowers {
  private var followers: [Follower] = []
  private var nextID = 0
  let cancellations = WatchCancellations()
  let bufferCapacity: Int

  init(bufferCapacity: Int) {
    self.bufferCapacity = max(bufferCapacity, 1)
  }

  private final class Follower {
    let id: Int
    let namespace: String
    let pod: String
    let options: LogOptions
    let continuation: AsyncThrowingStream<String, any Error>.Continuation
    /// The last line sent, with its timestamp.
    var last: String?
    /// The ID of the container instance streamed: the one that ran when the follow began.
    var instance = ""

    init(id: Int, namespace: String, pod: String, options: LogOptions, continuation: AsyncThrowingStream<String, any Error>.Continuation) {
      self.id = id
      self.namespace = namespace
      self.pod = pod
      self.options = options
      self.continuation = continuation
    }
  }

  /// Opens a stream: the lines `options` select now, then new ones. Errors of the first
  /// read (no such pod, container waiting) end the stream at once.
  func follow(namespace: String, pod: String, options: LogOptions, cluster: Cluster) -> AsyncThrowingStream<String, any Error> {
    let (stream, continuation) = AsyncThrowingStream<String, any Error>.makeStream(
      bufferingPolicy: .bufferingOldest(bufferCapacity + LogModel.maxLines))
    let follower = Follower(id: nextID, namespace: namespace, pod: pod, options: options, continuation: continuation)
    nextID += 1
    do {
      let kubelet = try EmbeddedCluster.kubelet(of: cluster)
      let lines = try read(follower, kubelet, sinceSeconds: options.sinceSeconds, tailLines: options.tailLines)
      send(lines, to: follower)
      let running = options.previous ? nil : kubelet.runningInstance(namespace: namespace, pod: pod, container: options.container)
      guard let running else {
        // Nothing runs (an exited or crash-looping container, or `--previous`): the lines
        // read are all there is.
        continuation.finish()
        return stream
      }
      follower.instance = running
    } catch {
      continuation.finish(throwing: error)
      return stream
    }
    let cancellations = self.cancellations
    let id = follower.id
    continuation.onTermination = { _ in cancellations.cancel(id) }
    followers.append(follower)
    return stream
  }

  /// Sends every follower the lines written since its last one.
  func poll(_ cluster: Cluster) {
    let cancelled = cancellations.take()
    if !cancelled.isEmpty { followers.removeAll { cancelled.contains($0.id) } }
    guard !followers.isEmpty, let kubelet = cluster.component(Kubelet.self) else { return }
    var ended: Set<Int> = []
    for follower in followers {
      guard
        let (lines, running) = kubelet.lines(
          namespace: follower.namespace, pod: follower.pod, container: follower.options.container, instance: follower.instance)
      else {
        // The pod or its container went away: the stream ends, as `kubectl logs -f` does.
        follower.continuation.finish()
        ended.insert(follower.id)
        continue
      }
      var fresh = lines[...]
      if let last = follower.last, let index = lines.lastIndex(of: last) { fresh = lines[(index + 1)...] }
      if !send(Array(fresh), to: follower) {
        ended.insert(follower.id)
      } else if !running {
        // The instance streamed has stopped, its last lines sent: `kubectl logs -f` returns,
        // even when the container starts again (a restart is a new log).
        follower.continuation.finish()
        ended.insert(follower.id)
      }
    }
    if !ended.isEmpty { followers.removeAll { ended.contains($0.id) } }
  }

  /// Ends every stream.
  func finishAll() {
    for follower in followers { follower.continuation.finish() }
    followers.removeAll()
  }

  private func read(_ follower: Follower, _ kubelet: Kubelet, sinceSeconds: Int?, tailLines: Int?) throws(Status) -> [String] {
    try kubelet.logs(
      namespace: follower.namespace, pod: follower.pod, container: follower.options.container,
      previous: follower.options.previous, tailLines: tailLines, sinceSeconds: sinceSeconds, timestamps: true)
  }

  /// Sends lines (stamped ones, with the stamp dropped unless asked for); false when the
  /// stream is gone or was dropped for falling behind.
  @discardableResult
  private func send(_ lines: [String], to follower: Follower) -> Bool {
    for line in lines {
      follower.last = line
      let text = follower.options.timestamps ? line : String(line.drop { $0 != " " }.dropFirst())
      switch follower.continuation.yield(text) {
      case .enqueued: continue
      case .dropped:
        follower.continuation.finish(
          throwing: Status(
            message: "log stream of pod \(follower.pod) closed: the client fell \(bufferCapacity) lines behind",
            reason: .gone, code: 410))
        return false
      default:
        return false
      }
    }
    return true
  }
}
