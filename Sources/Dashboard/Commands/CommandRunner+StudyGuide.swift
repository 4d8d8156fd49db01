import KubeModel

/// `set image`, `rollout history|pause|resume|status`, `autoscale`, and the simulated
/// cluster's `load` and `etcd`, with kubectl's output.
extension CommandRunner {
  static let revisionAnnotation = "deployment.kubernetes.io/revision"
  static let changeCauseAnnotation = "kubernetes.io/change-cause"

  static func runStudyGuide(_ command: Command, client: any ClusterClient, defaultNamespace: String) async throws -> [String] {
    switch command {
    case .setImage(let name, let namespace, let images):
      return try await setImage(name: name, namespace: namespace ?? defaultNamespace, images: images, client: client)
    case .rollout(let verb, let name, let namespace):
      let namespace = namespace ?? defaultNamespace
      switch verb {
      case .history: return try await history(name: name, namespace: namespace, client: client)
      case .status: return [try await rolloutStatus(name: name, namespace: namespace, client: client)]
      case .pause, .resume: return [try await setPaused(verb == .pause, name: name, namespace: namespace, client: client)]
      }
    case .autoscale(let name, let namespace, let min, let max, let cpuPercent):
      _ = try await client.get(Deployment.self, namespace: namespace ?? defaultNamespace, name: name)
      let hpa = ObjectBuilder.autoscaler(
        name: name, namespace: namespace ?? defaultNamespace, min: min, max: max, cpuPercent: cpuPercent)
      _ = try await client.create(hpa, dryRun: false)
      return ["horizontalpodautoscaler.autoscaling/\(name) autoscaled"]
    case .load(let service, let namespace, let rate):
      guard let simulation = client as? any SimulationControl else {
        throw CommandError("error: only the embedded cluster can simulate load")
      }
      try await simulation.setServiceLoad(namespace: namespace ?? defaultNamespace, service: service, requestsPerSecond: rate)
      return [rate > 0 ? "service/\(service) load \(Format.rate(rate)) (simulated)" : "service/\(service) load stopped"]
    case .etcd:
      guard let simulation = client as? any SimulationControl else {
        throw CommandError("error: only the embedded cluster shows its etcd members")
      }
      return EtcdText.lines(await simulation.controlPlaneStatus())
    case .createJobFromCronJob(let name, let namespace, let cronJobName):
      let cronJob = try await client.get(CronJob.self, namespace: namespace ?? defaultNamespace, name: cronJobName)
      let job = ObjectBuilder.job(name: name, from: cronJob)
      _ = try await client.create(job, dryRun: true)
      _ = try await client.create(job, dryRun: false)
      return ["job.batch/\(name) created"]
    default:
      return []
    }
  }

  private static func setImage(name: String, namespace: String, images: [String: String], client: any ClusterClient) async throws -> [String] {
    var deployment = try await client.get(Deployment.self, namespace: namespace, name: name)
    var containers = deployment.spec?.template?.spec?.containers ?? []
    for container in images.keys.sorted() where !containers.contains(where: { $0.name == container }) {
      throw CommandError("error: unable to find container named \"\(container)\"")
    }
    for index in containers.indices {
      if let image = images[containers[index].name ?? ""] { containers[index].image = image }
    }
    deployment.spec?.template?.spec?.containers = containers
    _ = try await client.update(deployment)
    return ["deployment.apps/\(name) image updated"]
  }

  /// `kubectl rollout history`: the Deployment's revisions and change causes.
  static func history(name: String, namespace: String, client: any ClusterClient) async throws -> [String] {
    let deployment = try await client.get(Deployment.self, namespace: namespace, name: name)
    let sets = try await client.list(ReplicaSet.self, namespace: namespace, options: ListOptions()).items
      .filter { $0.metadata.controllerRef?.uid == deployment.metadata.uid }
    let rows = sets.compactMap { set -> (Int, String)? in
      guard let revision = set.metadata.annotations?[revisionAnnotation].flatMap(Int.init) else { return nil }
      return (revision, set.metadata.annotations?[changeCauseAnnotation] ?? "<none>")
    }.sorted { $0.0 < $1.0 }
    guard !rows.isEmpty else { return ["No rollout history found."] }
    return ["deployment.apps/\(name) ", "REVISION  CHANGE-CAUSE"] + rows.map { String($0.0).padding(to: 10) + $0.1 }
  }

  /// `kubectl rollout status` once, without waiting: kubectl's progress line, or its error
  /// when the progress deadline has passed.
  static func rolloutStatus(name: String, namespace: String, client: any ClusterClient) async throws -> String {
    let deployment = try await client.get(Deployment.self, namespace: namespace, name: name)
    let status = deployment.status
    guard (deployment.metadata.generation ?? 0) <= (status?.observedGeneration ?? 0) else {
      return "Waiting for deployment spec update to be observed..."
    }
    let progressing = status?.conditions?.first { $0.type == "Progressing" }
    if progressing?.reason == "ProgressDeadlineExceeded" {
      throw CommandError("error: deployment \"\(name)\" exceeded its progress deadline")
    }
    let wanted = deployment.spec?.replicas ?? 1
    let updated = status?.updatedReplicas ?? 0
    let total = status?.replicas ?? 0
    let available = status?.availableReplicas ?? 0
    let prefix = "Waiting for deployment \"\(name)\" rollout to finish: "
    if updated < wanted { return prefix + "\(updated) out of \(wanted) new replicas have been updated..." }
    if total > updated { return prefix + "\(total - updated) old replicas are pending termination..." }
    if available < updated { return prefix + "\(available) of \(updated) updated replicas are available..." }
    return "deployment \"\(name)\" successfully rolled out"
  }

  private static func setPaused(_ paused: Bool, name: String, namespace: String, client: any ClusterClient) async throws -> String {
    var deployment = try await client.get(Deployment.self, namespace: namespace, name: name)
    if (deployment.spec?.paused ?? false) == paused {
      throw CommandError("error: deployments.apps \"\(name)\" \(paused ? "is already paused" : "is not paused")")
    }
    deployment.spec?.paused = paused ? true : nil
    _ = try await client.update(deployment)
    return "deployment.apps/\(name) \(paused ? "paused" : "resumed")"
  }
}

/// The etcd members as lines: a table of NAME, STATUS and LEADER, then the quorum.
public enum EtcdText {
  /// The lines of the `:etcd` pane.
  public static func lines(_ status: ControlPlaneStatus) -> [String] {
    guard !status.members.isEmpty else { return ["No etcd members are modelled in this cluster."] }
    var lines = ["MEMBER".padding(to: 24) + "STATUS".padding(to: 10) + "LEADER"]
    for member in status.members {
      lines.append(member.node.padding(to: 24) + (member.healthy ? "healthy" : "down").padding(to: 10) + (member.leader ? "*" : ""))
    }
    let healthy = status.members.filter(\.healthy).count
    lines.append("")
    if status.hasQuorum {
      lines.append("quorum: \(healthy)/\(status.members.count) members up (a majority is \(status.members.count / 2 + 1))")
    } else {
      lines.append("NO QUORUM: \(healthy)/\(status.members.count) members up; writes fail with \"etcdserver: request timed out\"")
      lines.append("controllers and the scheduler are stopped; pods already running on workers keep running")
    }
    return lines
  }
}
