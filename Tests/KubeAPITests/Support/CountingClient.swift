import Foundation
import KubeModel

/// A `ClusterClient` that hands every call to `base` and counts them: the harness starts
/// stepping virtual time for a waiting command (`rollout status`, `drain`) only once kubectl
/// has reached the server, so a slow start of kubectl on a loaded machine cannot let the
/// cluster finish before kubectl first looks.
final class CountingClient<Base: ClusterClient & ImmediateReads>: ClusterClient, ImmediateReads, @unchecked Sendable {
  let base: Base
  private let lock = NSLock()
  private var count = 0

  init(_ base: Base) {
    self.base = base
  }

  /// Calls made so far.
  var calls: Int { lock.withLock { count } }

  private func note() { lock.withLock { count += 1 } }

  func info() async throws -> ClusterInfo {
    note()
    return try await base.info()
  }

  func list<T: KubeObject>(_ type: T.Type, namespace: String?, options: ListOptions) async throws -> ObjectList<T> {
    note()
    return try await base.list(type, namespace: namespace, options: options)
  }

  func get<T: KubeObject>(_ type: T.Type, namespace: String?, name: String) async throws -> T {
    note()
    return try await base.get(type, namespace: namespace, name: name)
  }

  func readIfAvailable<T: KubeObject>(_ type: T.Type, namespace: String?, name: String) throws(Status) -> (
    object: T, now: Time
  )? {
    note()
    return try base.readIfAvailable(type, namespace: namespace, name: name)
  }

  func watch<T: KubeObject>(_ type: T.Type, namespace: String?, options: ListOptions) -> AsyncThrowingStream<
    WatchEvent<T>, any Error
  > {
    note()
    return base.watch(type, namespace: namespace, options: options)
  }

  func create<T: KubeObject>(_ object: T, dryRun: Bool) async throws -> T {
    note()
    return try await base.create(object, dryRun: dryRun)
  }

  func update<T: KubeObject>(_ object: T, dryRun: Bool) async throws -> T {
    note()
    return try await base.update(object, dryRun: dryRun)
  }

  func patch<T: KubeObject>(_ type: T.Type, namespace: String?, name: String, patch: Patch, dryRun: Bool) async throws -> T {
    note()
    return try await base.patch(type, namespace: namespace, name: name, patch: patch, dryRun: dryRun)
  }

  func delete<T: KubeObject>(_ type: T.Type, namespace: String?, name: String, options: DeleteOptions) async throws {
    note()
    try await base.delete(type, namespace: namespace, name: name, options: options)
  }

  func evict(namespace: String, pod: String) async throws {
    note()
    try await base.evict(namespace: namespace, pod: pod)
  }

  func scale(_ resource: ResourceType, namespace: String, name: String, replicas: Int32, dryRun: Bool) async throws -> Scale {
    note()
    return try await base.scale(resource, namespace: namespace, name: name, replicas: replicas, dryRun: dryRun)
  }

  func logs(namespace: String, pod: String, options: LogOptions) async throws -> [String] {
    note()
    return try await base.logs(namespace: namespace, pod: pod, options: options)
  }

  func followLogs(namespace: String, pod: String, options: LogOptions) -> AsyncThrowingStream<String, any Error> {
    note()
    return base.followLogs(namespace: namespace, pod: pod, options: options)
  }

  func forward(namespace: String, pod: String, port: Int32, received: [UInt8]) async throws -> ForwardReply {
    note()
    return try await base.forward(namespace: namespace, pod: pod, port: port, received: received)
  }

  func execReadsInput(_ command: [String]) -> Bool { base.execReadsInput(command) }

  func attachesToShell(namespace: String, pod: String, container: String?) async throws -> Bool {
    note()
    return try await base.attachesToShell(namespace: namespace, pod: pod, container: container)
  }

  func endShell(namespace: String, pod: String, container: String?, exitCode: Int32) async throws {
    note()
    try await base.endShell(namespace: namespace, pod: pod, container: container, exitCode: exitCode)
  }

  func checkExec(namespace: String, pod: String, container: String?) async throws {
    note()
    try await base.checkExec(namespace: namespace, pod: pod, container: container)
  }

  func exec(namespace: String, pod: String, container: String?, command: [String], stdin: String, workingDirectory: String?) async throws -> ExecResult {
    note()
    return try await base.exec(namespace: namespace, pod: pod, container: container, command: command, stdin: stdin, workingDirectory: workingDirectory)
  }

  func nodeMetrics() async throws -> [NodeMetrics] {
    note()
    return try await base.nodeMetrics()
  }

  func podMetrics(namespace: String?) async throws -> [PodMetrics] {
    note()
    return try await base.podMetrics(namespace: namespace)
  }

  func setUnschedulable(node: String, _ unschedulable: Bool) async throws -> Node {
    note()
    return try await base.setUnschedulable(node: node, unschedulable)
  }

  func drain(node: String, options: DrainOptions) async throws -> DrainReport {
    note()
    return try await base.drain(node: node, options: options)
  }
}
