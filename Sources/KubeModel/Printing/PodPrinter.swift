/// Pods as `kubectl get pods` prints them: NAME READY STATUS RESTARTS AGE, and with `-o wide`
/// IP NODE NOMINATED NODE READINESS GATES.
public enum PodPrinter: TablePrinter {
  public static let columns: [ResourceTable.ColumnDefinition] = [
    nameColumn,
    .init("Ready", description: "The aggregate readiness state of this pod for accepting traffic."),
    .init("Status", description: "The aggregate status of the containers in this pod."),
    .init("Restarts", description: "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted."),
    ageColumn,
    .init("IP", description: "IP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.", priority: 1),
    .init("Node", description: "NodeName is a request to schedule this pod onto a specific node. If it is non-empty, the scheduler simply schedules this pod onto that node, assuming that it fits resource requirements.", priority: 1),
    .init("Nominated Node", description: "nominatedNodeName is set only when this pod preempts other pods on the node, but it cannot be scheduled right away as preemption victims receive their graceful termination periods. This field does not guarantee that the pod will be scheduled on this node. Scheduler may decide to place the pod elsewhere if other nodes become available sooner. Scheduler may also decide to give the resources on this node to a higher priority pod that is created after preemption. As a result, this field may be different than PodSpec.nodeName when the pod is scheduled.", priority: 1),
    .init("Readiness Gates", description: "If specified, all readiness gates will be evaluated for pod readiness. A pod is ready when all its containers are ready AND all conditions specified in the readiness gates have status equal to \"True\" More info: https://git.k8s.io/enhancements/keps/sig-network/580-pod-readiness-gates", priority: 1),
  ]

  public static func cells(_ pod: Pod, now: Time) -> [JSONValue] {
    let summary = PodSummary(pod)
    var restarts = String(summary.restarts)
    if summary.restarts != 0, let last = summary.lastRestart {
      restarts = "\(summary.restarts) (\(HumanDuration.since(last, now: now)) ago)"
    }
    let readinessGates: String
    if let gates = pod.spec?.readinessGates, !gates.isEmpty {
      let types = gates.compactMap { $0["conditionType"]?.stringValue }
      let met = types.filter { type in pod.status?.conditions?.contains { $0.type == type && $0.status == "True" } ?? false }
      readinessGates = "\(met.count)/\(types.count)"
    } else {
      readinessGates = "<none>"
    }
    return [
      .string(pod.name), .string("\(summary.readyContainers)/\(summary.totalContainers)"), .string(summary.status),
      .string(restarts), .string(HumanDuration.since(pod.metadata.creationTimestamp, now: now)),
      .string(orNone(pod.status?.podIPs?.first?.ip ?? pod.status?.podIP)), .string(orNone(pod.spec?.nodeName)),
      .string(orNone(pod.status?.nominatedNodeName)), .string(readinessGates),
    ]
  }
}

/// The READY, STATUS and RESTARTS of a pod, computed as kubectl's printer does.
public struct PodSummary: Hashable, Sendable {
  public var readyContainers: Int
  public var totalContainers: Int
  /// The STATUS text: `Running`, `ContainerCreating`, `CrashLoopBackOff`, `Init:0/1`,
  /// `Terminating`, `Completed`, `ErrImagePull`, `OOMKilled`, …
  public var status: String
  public var restarts: Int
  public var lastRestart: Time?

  public init(_ pod: Pod) {
    let spec = pod.spec ?? PodSpec()
    let status = pod.status ?? PodStatus()
    var total = spec.containers?.count ?? 0
    var ready = 0
    var restarts = 0
    var restartableRestarts = 0
    var lastRestart: Time?
    var lastRestartableRestart: Time?
    let phase = status.phase ?? ""
    var reason = (status.reason ?? "").isEmpty ? phase : (status.reason ?? "")
    if status.conditions?.contains(where: { $0.type == "PodScheduled" && $0.reason == "SchedulingGated" }) == true {
      reason = "SchedulingGated"
    }
    let initContainers = spec.initContainers ?? []
    let restartable = Set(initContainers.filter { $0.restartPolicy == "Always" }.compactMap(\.name))
    total += restartable.count
    var initializing = false
    for (index, container) in (status.initContainerStatuses ?? []).enumerated() {
      restarts += Int(container.restartCount ?? 0)
      if let finished = container.lastState?.terminated?.finishedAt, lastRestart.map({ $0 < finished }) ?? true {
        lastRestart = finished
      }
      if restartable.contains(container.name ?? "") {
        restartableRestarts += Int(container.restartCount ?? 0)
        if let finished = container.lastState?.terminated?.finishedAt,
          lastRestartableRestart.map({ $0 < finished }) ?? true
        {
          lastRestartableRestart = finished
        }
        if container.started == true, container.ready == true { ready += 1 }
        continue
      }
      if let terminated = container.state?.terminated, terminated.exitCode == 0 { continue }
      if let terminated = container.state?.terminated {
        if let why = terminated.reason, !why.isEmpty {
          reason = "Init:" + why
        } else if let signal = terminated.signal, signal != 0 {
          reason = "Init:Signal:\(signal)"
        } else {
          reason = "Init:ExitCode:\(terminated.exitCode ?? 0)"
        }
      } else if let why = container.state?.waiting?.reason, !why.isEmpty, why != "PodInitializing" {
        reason = "Init:" + why
      } else {
        reason = "Init:\(index)/\(initContainers.count)"
      }
      initializing = true
      break
    }
    let initialized = status.conditions?.contains { $0.type == "Initialized" && $0.status == "True" } ?? false
    if !initializing || initialized {
      restarts = restartableRestarts
      lastRestart = lastRestartableRestart
      var hasRunning = false
      for container in (status.containerStatuses ?? []).reversed() {
        restarts += Int(container.restartCount ?? 0)
        if let finished = container.lastState?.terminated?.finishedAt, lastRestart.map({ $0 < finished }) ?? true {
          lastRestart = finished
        }
        if let why = container.state?.waiting?.reason, !why.isEmpty {
          reason = why
        } else if let terminated = container.state?.terminated, let why = terminated.reason, !why.isEmpty {
          reason = why
        } else if let terminated = container.state?.terminated {
          if let signal = terminated.signal, signal != 0 {
            reason = "Signal:\(signal)"
          } else {
            reason = "ExitCode:\(terminated.exitCode ?? 0)"
          }
        } else if container.ready == true, container.state?.running != nil {
          hasRunning = true
          ready += 1
        }
      }
      if reason == "Completed" && hasRunning {
        let podReady = status.conditions?.contains { $0.type == "Ready" && $0.status == "True" } ?? false
        reason = podReady ? "Running" : "NotReady"
      }
    }
    if pod.metadata.deletionTimestamp != nil && status.reason == "NodeLost" {
      reason = "Unknown"
    } else if pod.metadata.deletionTimestamp != nil && phase != "Succeeded" && phase != "Failed" {
      reason = "Terminating"
    }
    self.readyContainers = ready
    self.totalContainers = total
    self.status = reason
    self.restarts = restarts
    self.lastRestart = lastRestart
  }
}
