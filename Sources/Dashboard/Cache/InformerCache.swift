import Dispatch
import KubeModel
import Synchronization

/// The dashboard's view of the cluster: every watched kind listed once, then kept current
/// by watch events, with pod indexes and metrics. Lives on the UI thread only; background
/// informers reach it through an `Inbox`.
public final class InformerCache {
  public var nodes = ObjectStore<Node>() { didSet { nodesVersion += 1 } }
  public private(set) var pods = ObjectStore<Pod>()
  public var namespaces = ObjectStore<Namespace>()
  public var deployments = ObjectStore<Deployment>()
  public var replicaSets = ObjectStore<ReplicaSet>()
  public var daemonSets = ObjectStore<DaemonSet>()
  public var statefulSets = ObjectStore<StatefulSet>()
  public var services = ObjectStore<Service>()
  public var endpoints = ObjectStore<Endpoints>()
  public var events = ObjectStore<Event>()
  public var jobs = ObjectStore<Job>()
  public var cronJobs = ObjectStore<CronJob>()
  public var autoscalers = ObjectStore<HorizontalPodAutoscaler>()
  public var budgets = ObjectStore<PodDisruptionBudget>()
  public var priorityClasses = ObjectStore<PriorityClass>()
  public var configMaps = ObjectStore<ConfigMap>()
  public var secrets = ObjectStore<Secret>()
  public var claims = ObjectStore<PersistentVolumeClaim>()
  public var volumes = ObjectStore<PersistentVolume>()
  public var storageClasses = ObjectStore<StorageClass>()
  /// Pod indexes (by node, owner, label) and requested resources per node.
  public private(set) var podIndex = PodIndex()
  /// Latest node usage by node name.
  public var nodeUsage: [String: ResourceTotals] = [:] { didSet { nodeUsageVersion += 1 } }
  /// Latest pod usage by `namespace/name`.
  public var podUsage: [String: ResourceTotals] = [:]
  /// Counts updates; objects remember the tick at which they changed (for row colours).
  public private(set) var tick = 0
  private var nodeUsageVersion = 0
  private var nodesVersion = 0
  /// Bumped when what pods request of their nodes may have changed (a new list, a pod
  /// added or deleted, or one whose node, requests or phase's hold on them changed), not
  /// on every pod change: most are status writes that leave the cluster's totals alone.
  private var requestsVersion = 0
  private var totalsMemo: (stamp: TotalsStamp, totals: (allocatable: ResourceTotals, requested: ResourceTotals, used: ResourceTotals))?

  /// Creates an empty cache.
  public init() {}

  /// Advances the change clock (once per UI tick).
  public func advanceTick() { tick += 1 }

  /// Replaces the pods with a fresh list, rebuilding the indexes.
  ///
  /// A list of `concurrentFrom` pods or more is indexed on a second thread while the store
  /// fills (both only read `items`, and the cache itself is touched on this thread only),
  /// which halves the wait for the first frame of a large cluster.
  public func replacePods(_ items: [Pod], concurrentFrom threshold: Int = 20_000) {
    requestsVersion += 1
    var listed: PodIndex?
    if items.count >= threshold {
      let (current, tick) = (pods, self.tick)
      let results = Mutex<(store: ObjectStore<Pod>?, index: PodIndex?)>((nil, nil))
      DispatchQueue.concurrentPerform(iterations: 2) { part in
        if part == 0 {
          var store = current
          store.replace(with: items, tick: tick)
          results.withLock { $0.store = store }
        } else {
          let index = PodIndex(listing: items)
          results.withLock { $0.index = index }
        }
      }
      let (store, index) = results.withLock { ($0.store, $0.index) }
      if let store { pods = store }
      listed = index
    } else {
      pods.replace(with: items, tick: tick)
    }
    if pods.count == items.count {
      // No repeated keys: `items[i]` is in slot `i`, so the list is indexed in one pass.
      podIndex = listed ?? PodIndex(listing: items)
    } else {
      podIndex.reset()
      for case let entry? in pods.bySlot { podIndex.insert(entry.object, slot: entry.slot) }
    }
  }

  /// Applies one pod watch event, updating the indexes incrementally.
  public func applyPod(_ type: WatchEventType, _ pod: Pod) {
    let key = pod.qualifiedName
    let old = pods.objects[key]
    switch type {
    case .added, .modified: if old.map({ Self.requestsDiffer($0.object, pod) }) ?? true { requestsVersion += 1 }
    case .deleted: if old != nil { requestsVersion += 1 }
    case .bookmark, .error: break
    }
    pods.apply(type, pod, tick: tick)
    if let old, type != .bookmark && type != .error { podIndex.remove(old.object, slot: old.slot) }
    if type == .added || type == .modified, let entry = pods.objects[key] { podIndex.insert(pod, slot: entry.slot) }
  }

  /// Whether two versions of a pod ask different things of their nodes, as the totals count
  /// them (`PodIndex.requestedByNode`).
  static func requestsDiffer(_ old: Pod, _ new: Pod) -> Bool {
    let node = PodIndex.holdingNode(of: old)
    guard node == PodIndex.holdingNode(of: new) else { return true }
    guard node != nil, !old.sharesSpec(with: new) else { return false }
    return ResourceTotals.requests(of: old) != ResourceTotals.requests(of: new)
  }

  /// Loads pods for tests and benchmarks without watch plumbing.
  public func load(nodes: [Node] = [], pods: [Pod] = []) {
    self.nodes.replace(with: nodes, tick: tick)
    replacePods(pods)
  }

  /// The pods on a node.
  public func pods(onNode node: String) -> [Pod] {
    (podIndex.byNode[node] ?? []).compactMap { pods.bySlot[$0]?.object }
  }

  /// The events about an object (by uid, or kind and name), oldest first.
  public func events(about kind: String, namespace: String, name: String, uid: String?) -> [Event] {
    events.all.filter { event in
      let involved = event.involvedObject
      // A kubelet names its node by the node's name in the UID field as well (as
      // `kubectl describe node` knows, which asks for both).
      if kind == "Node", involved.kind == "Node", involved.uid == name, involved.name == name { return true }
      if let uid, let other = involved.uid, !uid.isEmpty { return other == uid }
      return involved.kind == kind && (involved.name ?? "") == name && (involved.namespace ?? "") == namespace
    }.sorted { first, second in
      let (one, two) = (eventTime(first), eventTime(second))
      if one != two { return one < two }
      // Within a second, in the order they were recorded: an Event's name ends in a hex
      // stamp of its time, so a shorter name of the same object is the older one.
      let (a, b) = (first.name.utf8.count, second.name.utf8.count)
      return a != b ? a < b : first.name < second.name
    }
  }

  /// The time an event last happened, in seconds.
  public func eventTime(_ event: Event) -> Int64 {
    event.lastTimestamp?.seconds ?? event.eventTime?.time.seconds ?? event.metadata.creationTimestamp?.seconds ?? 0
  }

  /// Cluster-wide totals: allocatable and requested over schedulable nodes, and usage.
  /// Recomputed only when nodes, pods' requests or node usage changed since the last call.
  public func clusterTotals() -> (allocatable: ResourceTotals, requested: ResourceTotals, used: ResourceTotals) {
    let stamp = TotalsStamp(nodes: nodesVersion, requests: requestsVersion, usage: nodeUsageVersion)
    if let memo = totalsMemo, memo.stamp == stamp { return memo.totals }
    var allocatable = ResourceTotals()
    var requested = ResourceTotals()
    var used = ResourceTotals()
    for entry in nodes.objects.values {
      allocatable.add(ResourceTotals.allocatable(of: entry.object))
      requested.add(podIndex.requestedByNode[entry.name] ?? ResourceTotals())
      used.add(nodeUsage[entry.name] ?? ResourceTotals())
    }
    totalsMemo = (stamp, (allocatable, requested, used))
    return (allocatable, requested, used)
  }

  /// What the cluster totals were computed from.
  private struct TotalsStamp: Equatable {
    var nodes: Int
    var requests: Int
    var usage: Int
  }
}
