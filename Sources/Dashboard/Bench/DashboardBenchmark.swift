import KubeModel
import TerminalUI

/// Headless measurements of the dashboard over any cluster: the real views rendered into
/// the in-memory cell grid, timed with `ContinuousClock`. `kubedeck bench` calls `run`.
public enum DashboardBenchmark {
  /// What was measured, in milliseconds.
  public struct Result: Sendable, Hashable {
    /// List nodes and pods from the client, fill the cache, draw the pods view.
    public var firstFrameMs: Double
    /// 99th percentile of handling a key (movement, paging, sorting toggles) and drawing.
    public var keyFramePercentile99Ms: Double
    /// Applying a `-l` label filter to the pods view and drawing.
    public var labelFilterMs: Double
    /// Applying a text filter that only the rows' NODE cells hold (every row's filter cells
    /// read once) and drawing.
    public var textFilterMs: Double
    /// Sorting the pods view by name and drawing.
    public var sortMs: Double
    /// The median of applying one pod's status change to the cache (a watch event) and
    /// drawing the pods view, sorted by key as it opens.
    public var changeFrameMs: Double
    /// Pods and nodes in the cache.
    public var pods: Int
    public var nodes: Int

    /// The figures under the `--json` keys of `kubedeck bench`.
    public var json: [String: Double] {
      [
        "first_frame_ms": firstFrameMs, "key_frame_p99_ms": keyFramePercentile99Ms, "label_filter_ms": labelFilterMs,
        "text_filter_ms": textFilterMs, "sort_ms": sortMs,
        "change_frame_ms": changeFrameMs,
      ]
    }
  }

  /// Measures the dashboard over `client`.
  ///
  /// - Parameters:
  ///   - rows, columns: the headless screen size.
  ///   - keyPresses: how many keys to time for the percentile.
  ///   - selector: the label filter to time (`app=web`).
  public static func run(
    client: any ClusterClient, rows: Int = 50, columns: Int = 200, keyPresses: Int = 300, selector: String = "app=web"
  ) async throws -> Result {
    let clock = ContinuousClock()
    let start = clock.now
    async let nodeList = client.list(Node.self, namespace: nil, options: ListOptions())
    async let podList = client.list(Pod.self, namespace: nil, options: ListOptions())
    let (nodes, pods) = try await (nodeList.items, podList.items)
    let app = DashboardApp(client: client)
    app.cache.load(nodes: nodes, pods: pods)
    var grid = CellGrid(rows: rows, columns: columns)
    app.draw(into: &grid)
    let firstFrame = milliseconds(clock.now - start)

    let keys: [Key] = [.down, .down, .pageDown, .up, .end, .home, .pageDown, .character("w"), .pageUp, .character("w")]
    var samples: [Double] = []
    samples.reserveCapacity(keyPresses)
    for index in 0..<keyPresses {
      let began = clock.now
      _ = app.handle(keys[index % keys.count])
      app.draw(into: &grid)
      samples.append(milliseconds(clock.now - began))
    }
    samples.sort()
    let p99 = samples.isEmpty ? 0 : samples[min(samples.count - 1, Int((Double(samples.count) * 0.99).rounded(.up)) - 1)]

    var began = clock.now
    app.applyFilter("-l " + selector)
    app.draw(into: &grid)
    let filter = milliseconds(clock.now - began)
    app.applyFilter("")

    // A node's name is in no pod's name: every row's cells are read.
    began = clock.now
    app.applyFilter(nodes.last?.name ?? "worker")
    app.draw(into: &grid)
    let textFilter = milliseconds(clock.now - began)
    app.applyFilter("")

    // One pod's status changes, as a kubelet's write arrives by watch, then the view draws.
    var changes: [Double] = []
    let changed = min(pods.count, 21)
    for index in 0..<changed {
      var pod = pods[index * (pods.count / changed)]
      var status = pod.status ?? PodStatus()
      status.message = "changed \(index)"
      pod.status = status
      began = clock.now
      app.cache.applyPod(.modified, pod)
      app.cache.advanceTick()
      app.draw(into: &grid)
      changes.append(milliseconds(clock.now - began))
    }
    changes.sort()
    let change = changes.isEmpty ? 0 : changes[changes.count / 2]

    app.draw(into: &grid)
    began = clock.now
    app.current?.sort(by: "NAME")
    app.draw(into: &grid)
    let sort = milliseconds(clock.now - began)
    return Result(
      firstFrameMs: firstFrame, keyFramePercentile99Ms: p99, labelFilterMs: filter, textFilterMs: textFilter, sortMs: sort,
      changeFrameMs: change,
      pods: pods.count,
      nodes: nodes.count)
  }

  private static func milliseconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
  }
}
