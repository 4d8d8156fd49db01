import Foundation
import KubeModel

/// An in-memory cluster for tests: a store with watches, cordon, a simple drain that deletes
/// evicted pods, scale that adds or removes pods, logs and exec. Not a simulation.
final class FakeCluster: ClusterClient, SimulationControl, @unchecked Sendable {
  private let lock = NSLock()
  private var objects: [String: [String: any KubeObject]] = [:]
  private var watchers: [String: [UUID: (WatchEventType, any KubeObject) -> Void]] = [:]
  private var revision = 100
  private var speed = 1.0
  private var paused = false
  private var poweredOff: Set<String> = []
  var execLog: [[String]] = []
  /// Every patch received, in order.
  var patches: [Patch] = []
  let start = Time(seconds: 1_780_000_000)

  init(nodes: [Node] = Fixtures.nodes, pods: [Pod] = Fixtures.pods, deployments: [Deployment] = [Fixtures.web]) {
    for node in nodes { put(node, event: nil) }
    for pod in pods { put(pod, event: nil) }
    for deployment in deployments { put(deployment, event: nil) }
  }

  private func key(_ object: some KubeObject) -> String { object.qualifiedName }

  @discardableResult
  private func put<T: KubeObject>(_ object: T, event: WatchEventType?) -> T {
    lock.lock()
    var stored = object
    revision += 1
    stored.metadata.resourceVersion = "\(revision)"
    if stored.metadata.uid == nil { stored.metadata.uid = "uid-\(T.resource.plural)-\(stored.name)" }
    if stored.metadata.creationTimestamp == nil { stored.metadata.creationTimestamp = Time(seconds: start.seconds - 3600) }
    objects[T.resource.plural, default: [:]][key(stored)] = stored
    let callbacks = Array((watchers[T.resource.plural] ?? [:]).values)
    lock.unlock()
    if let event { callbacks.forEach { $0(event, stored) } }
    return stored
  }

  private func removeObject<T: KubeObject>(_ type: T.Type, key: String) -> T? {
    lock.lock()
    let old = objects[T.resource.plural]?[key] as? T
    objects[T.resource.plural]?[key] = nil
    let callbacks = Array((watchers[T.resource.plural] ?? [:]).values)
    lock.unlock()
    if let old { callbacks.forEach { $0(.deleted, old) } }
    return old
  }

  func all<T: KubeObject>(_ type: T.Type) -> [T] {
    lock.lock()
    defer { lock.unlock() }
    return (objects[T.resource.plural] ?? [:]).values.compactMap { $0 as? T }.sorted { $0.qualifiedName < $1.qualifiedName }
  }

  func info() async throws -> ClusterInfo {
    ClusterInfo(name: "fake", source: "test", serverVersion: "v1.31.0", isSimulated: true)
  }

  func list<T: KubeObject>(_ type: T.Type, namespace: String?, options: ListOptions) async throws -> ObjectList<T> {
    let items = all(type).filter { namespace == nil || $0.namespace == namespace }
    return ObjectList(items: items, metadata: ListMeta(resourceVersion: "\(revision)"))
  }

  func get<T: KubeObject>(_ type: T.Type, namespace: String?, name: String) async throws -> T {
    let key = T.resource.namespaced ? "\(namespace ?? "")/\(name)" : name
    let found = lock.withLock { objects[T.resource.plural]?[key] as? T }
    guard let found else { throw Status.notFound(T.resource, name: name) }
    return found
  }

  func watch<T: KubeObject>(_ type: T.Type, namespace: String?, options: ListOptions) -> AsyncThrowingStream<WatchEvent<T>, any Error> {
    AsyncThrowingStream { continuation in
      let id = UUID()
      lock.lock()
      watchers[T.resource.plural, default: [:]][id] = { kind, object in
        if let typed = object as? T { continuation.yield(WatchEvent(type: kind, object: typed)) }
      }
      lock.unlock()
      continuation.onTermination = { [weak self] _ in
        guard let self else { return }
        self.lock.lock()
        self.watchers[T.resource.plural]?[id] = nil
        self.lock.unlock()
      }
    }
  }

  func create<T: KubeObject>(_ object: T, dryRun: Bool) async throws -> T {
    if (try? await get(T.self, namespace: object.metadata.namespace, name: object.name)) != nil {
      throw Status.alreadyExists(T.resource, name: object.name)
    }
    if dryRun { return object }
    return put(object, event: .added)
  }

  func update<T: KubeObject>(_ object: T, dryRun: Bool) async throws -> T {
    _ = try await get(T.self, namespace: object.metadata.namespace, name: object.name)
    if dryRun { return object }
    return put(object, event: .modified)
  }

  func patch<T: KubeObject>(_ type: T.Type, namespace: String?, name: String, patch: Patch, dryRun: Bool) async throws -> T {
    var object = try await get(type, namespace: namespace, name: name)
    lock.withLock { patches.append(patch) }
    if case .object(let labels)? = patch.body["metadata"]?["labels"] {
      var current = object.metadata.labels ?? [:]
      for (key, value) in labels {
        if let text = value.stringValue { current[key] = text } else { current[key] = nil }
      }
      object.metadata.labels = current
      // Refused as the API server would: 422 Invalid, one cause per bad key or value (of
      // the labels set here: some fixtures carry labels a real cluster would refuse).
      let set = Dictionary(labels.compactMap { key, value in value.stringValue.map { (key, $0) } }) { $1 }
      let errors = validateLabels(set, path: FieldPath("metadata", "labels"))
      if !errors.isEmpty { throw invalidStatus(kind: T.resource, name: name, errors: errors) }
    }
    if dryRun { return object }
    return put(object, event: .modified)
  }

  func delete<T: KubeObject>(_ type: T.Type, namespace: String?, name: String, options: DeleteOptions) async throws {
    let key = T.resource.namespaced ? "\(namespace ?? "")/\(name)" : name
    guard removeObject(type, key: key) != nil else { throw Status.notFound(T.resource, name: name) }
  }

  func evict(namespace: String, pod: String) async throws {
    try await delete(Pod.self, namespace: namespace, name: pod, options: DeleteOptions())
  }

  func scale(_ resource: ResourceType, namespace: String, name: String, replicas: Int32, dryRun: Bool) async throws -> Scale {
    try checkQuorum()
    var deployment = try await get(Deployment.self, namespace: namespace, name: name)
    deployment.spec?.replicas = replicas
    put(deployment, event: .modified)
    let existing = all(Pod.self).filter { $0.labels["app"] == name && $0.namespace == namespace }
    if existing.count < replicas {
      for index in existing.count..<Int(replicas) {
        put(Fixtures.pod("\(name)-new-\(index)", node: "worker-2", labels: ["app": name]), event: .added)
      }
    }
    return Scale()
  }

  func logs(namespace: String, pod: String, options: LogOptions) async throws -> [String] {
    (1...3).map { options.previous ? "previous line \($0)" : "line \($0) from \(pod)" }
  }

  func followLogs(namespace: String, pod: String, options: LogOptions) -> AsyncThrowingStream<String, any Error> {
    AsyncThrowingStream { continuation in
      for index in 1...3 { continuation.yield("\(options.timestamps ? "2026-06-01T00:00:0\(index)Z " : "")line \(index) from \(pod)") }
    }
  }

  func checkExec(namespace: String, pod: String, container: String?) async throws {}

  func execReadsInput(_ command: [String]) -> Bool { false }

  func attachesToShell(namespace: String, pod: String, container: String?) async throws -> Bool { false }

  func endShell(namespace: String, pod: String, container: String?, exitCode: Int32) async throws {}

  /// Port 80 answers each whole request with `hello from POD`; other ports refuse.
  func forward(namespace: String, pod: String, port: Int32, received: [UInt8]) async throws -> ForwardReply {
    guard port == 80 else { return .refused("nothing listens on \(port) in \(pod)") }
    let text = String(decoding: received, as: UTF8.self)
    guard let end = text.range(of: "\r\n\r\n") else { return .incomplete }
    let body = "hello from \(pod)"
    return .answer(
      Array("HTTP/1.1 200 OK\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)".utf8),
      consumed: text[..<end.upperBound].utf8.count, close: false)
  }

  func exec(namespace: String, pod: String, container: String?, command: [String], stdin: String, workingDirectory: String?) async throws -> ExecResult {
    lock.withLock { execLog.append(command) }
    // Lines come as `sh -c LINE`, as the shell pane sends them.
    let line = command.count == 3 && command[0] == "sh" && command[1] == "-c" ? command[2] : command.joined(separator: " ")
    let words = line.split(separator: " ").map(String.init)
    let program = words.first ?? ""
    // `cd DIR` and `pwd` show that the pane carries its working directory.
    switch program {
    case "hostname": return ExecResult(stdout: "\(pod)\n", workingDirectory: workingDirectory)
    case "cd": return ExecResult(stdout: "", workingDirectory: words.count > 1 ? words[1] : "/root")
    case "pwd": return ExecResult(stdout: "\((workingDirectory ?? "/"))\n", workingDirectory: workingDirectory)
    default: return ExecResult(stdout: "", stderr: "sh: \(program): not found\n", exitCode: 127)
    }
  }

  /// Usage of the three nodes: worker-1 busiest, then worker-2, then cp-1.
  func nodeMetrics() async throws -> [NodeMetrics] {
    [("worker-1", "1500m"), ("worker-2", "500m"), ("cp-1", "200m")].map { name, cpu in
      var metrics = NodeMetrics()
      metrics.metadata = ObjectMeta(name: name)
      metrics.usage = ["cpu": try! Quantity(parsing: cpu), "memory": try! Quantity(parsing: "1Gi")]
      return metrics
    }
  }
  func podMetrics(namespace: String?) async throws -> [PodMetrics] { [] }

  func setUnschedulable(node: String, _ unschedulable: Bool) async throws -> Node {
    var object = try await get(Node.self, namespace: nil, name: node)
    if object.spec == nil { object.spec = NodeSpec() }
    object.spec?.unschedulable = unschedulable
    return put(object, event: .modified)
  }

  func drain(node: String, options: DrainOptions) async throws -> DrainReport {
    _ = try await setUnschedulable(node: node, true)
    let pods = all(Pod.self).filter { $0.spec?.nodeName == node }
    let plan = DrainFilter.plan(pods: pods, options: options) { _, _ in true }
    guard plan.errors.isEmpty else { throw DrainError(node: node, problems: plan.errors) }
    var report = DrainReport(node: node, warnings: plan.warnings)
    for pod in plan.toEvict {
      try await evict(namespace: pod.namespace, pod: pod.name)
      var moved = pod
      moved.metadata.name = pod.name + "-moved"
      moved.spec?.nodeName = "worker-2"
      put(moved, event: .added)
      report.entries.append(.init(namespace: pod.namespace, name: pod.name, outcome: .evicted))
    }
    return report
  }

  func simulationStatus() async -> SimulationStatus {
    SimulationStatus(time: MicroTime(micros: start.seconds * 1_000_000), speed: speed, isPaused: paused)
  }
  func setSimulationSpeed(_ speed: Double) async { self.speed = speed }
  func setSimulationPaused(_ paused: Bool) async { self.paused = paused }
  func setNodePower(node: String, on: Bool) async throws {
    if on { poweredOff.remove(node) } else { poweredOff.insert(node) }
  }
  func isNodePoweredOn(node: String) async -> Bool { !poweredOff.contains(node) }
  func joinNode() async throws -> String {
    put(Fixtures.node("worker-9"), event: .added)
    return "worker-9"
  }
  func explainScheduling(namespace: String, pod: String) async throws -> SchedulingExplanation {
    SchedulingExplanation(
      namespace: namespace, pod: pod, time: start, numAllNodes: 2, selectedNode: nil,
      message: "0/2 nodes are available: 1 Insufficient cpu, 1 node(s) were unschedulable.",
      scorePlugins: [.init(plugin: "NodeResourcesFit", weight: 1)],
      nodes: [
        .init(name: "worker-1", filter: .rejected(plugin: "NodeResourcesFit", reasons: ["Insufficient cpu"])),
        .init(name: "worker-2", filter: .rejected(plugin: "NodeUnschedulable", reasons: ["node(s) were unschedulable"])),
      ])
  }
  /// Synthetic load by `namespace/service`.
  private(set) var loads: [String: Double] = [:]
  /// The nodes with an etcd member (none: no control plane modelled).
  var etcdMembers: [String] = []

  func setServiceLoad(namespace: String, service: String, requestsPerSecond: Double) async throws {
    _ = try await get(Service.self, namespace: namespace, name: service)
    lock.withLock { loads["\(namespace)/\(service)"] = requestsPerSecond }
  }

  func serviceLoad(namespace: String, service: String) async throws -> ServiceLoadStatus {
    _ = try await get(Service.self, namespace: namespace, name: service)
    let rate = lock.withLock { loads["\(namespace)/\(service)"] ?? 0 }
    let pods = ["web-1", "web-2"]
    return ServiceLoadStatus(
      namespace: namespace, service: service, requestsPerSecond: rate,
      endpoints: pods.enumerated().map { .init(pod: $1, ip: "10.244.1.\($0 + 2)", node: "worker-1", requestsPerSecond: rate / 2) },
      recentAnswers: rate > 0
        ? (0..<4).map { .init(pod: pods[$0 % 2], ip: "10.244.1.\($0 % 2 + 2)", time: MicroTime(micros: start.seconds * 1_000_000 + Int64($0) * 3_333)) }
        : [])
  }

  /// Writes fail as the API server fails them without etcd quorum.
  func checkQuorum() throws {
    let (members, off) = lock.withLock { (etcdMembers, poweredOff) }
    if !members.isEmpty, members.filter({ !off.contains($0) }).count * 2 <= members.count {
      throw Status.unavailable("etcdserver: request timed out")
    }
  }

  func controlPlaneStatus() async -> ControlPlaneStatus {
    let (members, off) = lock.withLock { (etcdMembers, poweredOff) }
    let healthy = members.filter { !off.contains($0) }
    let quorum = members.isEmpty || healthy.count * 2 > members.count
    return ControlPlaneStatus(
      members: members.map { .init(node: $0, healthy: !off.contains($0), leader: quorum && $0 == healthy.first) },
      hasQuorum: quorum)
  }
}
