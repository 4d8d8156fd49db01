import KubeModel

/// The rest of `ClusterClient`: subresources, node maintenance, and what the simulated
/// workloads produce (logs, metrics, a shell).
extension EmbeddedCluster {
  public func patch<T: KubeObject>(_ type: T.Type, namespace: String?, name: String, patch: Patch) async throws -> T {
    throw Status.methodNotAllowed("patch is not supported yet")
  }

  public func evict(namespace: String, pod: String) async throws {
    try mutate { cluster throws(Status) in
      try cluster.api.evictForDrain(namespace: namespace, name: pod, options: DeleteOptions())
    }
  }

  public func scale(_ resource: ResourceType, namespace: String, name: String, replicas: Int32) async throws -> Scale {
    throw Status.methodNotAllowed("scale is not supported yet")
  }

  public func logs(namespace: String, pod: String, options: LogOptions) async throws -> [String] {
    throw Status.methodNotAllowed("logs are not supported yet")
  }

  public func followLogs(namespace: String, pod: String, options: LogOptions) -> AsyncThrowingStream<String, any Error> {
    AsyncThrowingStream { $0.finish(throwing: Status.methodNotAllowed("logs are not supported yet")) }
  }

  public func exec(namespace: String, pod: String, container: String?, command: [String]) async throws -> ExecResult {
    try mutate { cluster throws(Status) in
      var shell = try SimulatedShell(cluster: cluster, namespace: namespace, pod: pod, container: container)
      return shell.run(command)
    }
  }

  public func nodeMetrics() async throws -> [NodeMetrics] {
    throw Status.methodNotAllowed("metrics are not supported yet")
  }

  public func podMetrics(namespace: String?) async throws -> [PodMetrics] {
    throw Status.methodNotAllowed("metrics are not supported yet")
  }

  public func setUnschedulable(node: String, _ unschedulable: Bool) async throws -> Node {
    try mutate { cluster throws(Status) in
      if unschedulable { try cluster.cordon(node: node) } else { try cluster.uncordon(node: node) }
      return try cluster.api.get(Node.self, name: node)
    }
  }

  public func drain(node: String, options: DrainOptions) async throws -> DrainReport {
    try guarded.withLock { (guarded: inout sending Guarded) throws(DrainError) -> DrainReport in
      defer { guarded.hub.publish(guarded.cluster) }
      return try guarded.cluster.drain(node: node, options: options)
    }
  }
}
