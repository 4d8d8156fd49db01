import KubeModel

/// The rest of `ClusterClient`: subresources, node maintenance, and what the simulated
/// workloads produce (logs, metrics, a shell).
extension EmbeddedCluster {
  public func patch<T: KubeObject>(_ type: T.Type, namespace: String?, name: String, patch: Patch, dryRun: Bool) async throws -> T {
    try mutate { cluster throws(Status) in
      try cluster.api.asClient { () throws(Status) in
        try cluster.api.patch(T.self, namespace: Self.namespace(T.self, namespace), name: name, patch: patch, dryRun: dryRun)
      }
    }
  }

  public func evict(namespace: String, pod: String) async throws {
    try mutate { cluster throws(Status) in
      _ = try cluster.api.evict(namespace: namespace, pod: pod)
    }
  }

  public func scale(_ resource: ResourceType, namespace: String, name: String, replicas: Int32, dryRun: Bool) async throws -> Scale {
    try mutate { cluster throws(Status) in
      try cluster.api.setScale(resource, namespace: namespace, name: name, replicas: replicas, dryRun: dryRun)
    }
  }

  public func logs(namespace: String, pod: String, options: LogOptions) async throws -> [String] {
    try mutate { cluster throws(Status) in
      try Self.kubelet(of: cluster).logs(
        namespace: namespace, pod: pod, container: options.container, previous: options.previous,
        tailLines: options.tailLines, sinceSeconds: options.sinceSeconds, timestamps: options.timestamps)
    }
  }

  public func followLogs(namespace: String, pod: String, options: LogOptions) -> AsyncThrowingStream<String, any Error> {
    guarded.withLock { guarded in
      guarded.logs.follow(namespace: namespace, pod: pod, options: options, cluster: guarded.cluster)
    }
  }

  public func exec(
    namespace: String, pod: String, container: String?, command: [String], stdin: String, workingDirectory: String?
  ) async throws -> ExecResult {
    try mutate { cluster throws(Status) in
      var shell = try SimulatedShell(cluster: cluster, namespace: namespace, pod: pod, container: container)
      if let workingDirectory { shell.enter(workingDirectory) }
      var result = shell.run(command, input: stdin)
      result.workingDirectory = shell.workingDirectory
      return result
    }
  }

  public func attachesToShell(namespace: String, pod: String, container: String?) async throws -> Bool {
    try mutate { cluster throws(Status) in
      let shell = try SimulatedShell(cluster: cluster, namespace: namespace, pod: pod, container: container)
      let spec = cluster.store.get(Pod.self, namespace: namespace, name: pod)?.spec?.containers?.first { $0.name == shell.containerName }
      return spec.map(ContainerProfile.readsTerminal) ?? false
    }
  }

  public func endShell(namespace: String, pod: String, container: String?, exitCode: Int32) async throws {
    try mutate { cluster throws(Status) in
      let shell = try SimulatedShell(cluster: cluster, namespace: namespace, pod: pod, container: container)
      do {
        try Self.kubelet(of: cluster).endShell(namespace: namespace, pod: pod, container: shell.containerName, exitCode: exitCode)
      } catch {
        throw Status.badRequest("\(error)")
      }
      cluster.settle()
    }
  }

  public func execReadsInput(_ command: [String]) -> Bool { SimulatedShell.readsInput(command) }

  public func checkExec(namespace: String, pod: String, container: String?) async throws {
    try mutate { cluster throws(Status) in
      _ = try SimulatedShell(cluster: cluster, namespace: namespace, pod: pod, container: container)
    }
  }

  public func nodeMetrics() async throws -> [NodeMetrics] {
    try mutate { cluster throws(Status) in try Self.kubelet(of: cluster).nodeMetrics() }
  }

  public func podMetrics(namespace: String?) async throws -> [PodMetrics] {
    try mutate { cluster throws(Status) in try Self.kubelet(of: cluster).podMetrics(namespace: namespace) }
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

  /// The simulated kubelets, which produce logs and metrics; a cluster without them has
  /// neither (503, as when metrics-server is missing).
  static func kubelet(of cluster: Cluster) throws(Status) -> Kubelet {
    guard let kubelet = cluster.component(Kubelet.self) else {
      throw Status.unavailable("the server is currently unable to handle the request (no simulated kubelet is running)")
    }
    return kubelet
  }
}
