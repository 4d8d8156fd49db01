import KubeModel

/// The pod-specific part of `kubectl describe pod`.
enum PodDescription {
  static func lines(_ pod: Pod, now: Time) -> [String] {
    var lines = [
      Describer.field("Node", pod.spec?.nodeName.map { "\($0)/\(pod.status?.hostIP ?? "")" } ?? Format.none)
    ]
    if let start = pod.status?.startTime { lines.append(Describer.field("Start Time", Describer.timestamp(start))) }
    lines += statusLines(pod, now: now)
    lines += [
      Describer.field("IP", pod.status?.podIP ?? ""),
      Describer.field("QoS Class", pod.status?.qosClass ?? ""),
      "Containers:",
    ]
    let statuses = pod.status?.containerStatuses ?? []
    for container in pod.spec?.containers ?? [] {
      let status = statuses.first { $0.name == container.name }
      lines.append("  \(container.name ?? ""):")
      lines.append(Describer.field("Image", container.image ?? "", indent: 4))
      if let ports = container.ports, !ports.isEmpty {
        lines.append(Describer.field("Port", ports.map { "\($0.containerPort ?? 0)/\($0.protocol ?? "TCP")" }.joined(separator: ", "), indent: 4))
      }
      lines += stateLines("State", status?.state)
      if let last = status?.lastState, last.terminated != nil { lines += stateLines("Last State", last) }
      lines.append(Describer.field("Ready", status?.ready == true ? "True" : "False", indent: 4))
      lines.append(Describer.field("Restart Count", "\(status?.restartCount ?? 0)", indent: 4))
      if let requests = container.resources?.requests, !requests.isEmpty {
        lines.append("    Requests:")
        for (key, value) in requests.sorted(by: { $0.key < $1.key }) { lines.append("      \(key):".padding(to: 20) + value.description) }
      }
      if let limits = container.resources?.limits, !limits.isEmpty {
        lines.append("    Limits:")
        for (key, value) in limits.sorted(by: { $0.key < $1.key }) { lines.append("      \(key):".padding(to: 20) + value.description) }
      }
      if let env = container.env, !env.isEmpty {
        lines.append("    Environment:")
        for variable in env { lines.append("      \(variable.name ?? ""):  \(variable.value ?? "(from source)")") }
      }
    }
    if let conditions = pod.status?.conditions, !conditions.isEmpty {
      lines.append("Conditions:")
      // As wide as the longest type plus three, as kubectl's tab writer sets it.
      let width = max(4, conditions.map { ($0.type ?? "").count }.max() ?? 0) + 3
      lines.append("  " + "Type".padding(to: width) + "Status")
      for condition in conditions { lines.append("  " + (condition.type ?? "").padding(to: width) + (condition.status ?? "")) }
    }
    let tolerations = pod.spec?.tolerations ?? []
    lines.append(Describer.field("Node-Selectors", Format.labels(pod.spec?.nodeSelector ?? [:])))
    lines.append(Describer.field("Tolerations", tolerations.isEmpty ? Format.none : tolerationText(tolerations[0])))
    lines += tolerations.dropFirst().map { String(repeating: " ", count: 20) + tolerationText($0) }
    return lines
  }

  /// kubectl's pod status lines: the phase (or how long a deletion has been under way),
  /// then the pod's reason and message when it has them (an evicted pod: `Failed`, `Evicted`).
  static func statusLines(_ pod: Pod, now: Time) -> [String] {
    var lines: [String] = []
    let phase = pod.status?.phase ?? "Pending"
    if let deletion = pod.metadata.deletionTimestamp, phase != "Failed", phase != "Succeeded" {
      lines.append(Describer.field("Status", "Terminating (lasts \(Format.age(seconds: now.seconds - deletion.seconds)))"))
      lines.append(Describer.field("Termination Grace Period", "\(pod.metadata.deletionGracePeriodSeconds ?? 30)s"))
    } else {
      lines.append(Describer.field("Status", phase))
    }
    if let reason = pod.status?.reason, !reason.isEmpty { lines.append(Describer.field("Reason", reason)) }
    if let message = pod.status?.message, !message.isEmpty { lines.append(Describer.field("Message", message)) }
    return lines
  }

  /// A container state as kubectl describes it: the state, then its reason, exit code and
  /// times on the lines below.
  static func stateLines(_ title: String, _ state: ContainerState?) -> [String] {
    if let running = state?.running {
      var lines = [Describer.field(title, "Running", indent: 4)]
      if let started = running.startedAt { lines.append(Describer.field("Started", Describer.timestamp(started), indent: 6)) }
      return lines
    }
    if let terminated = state?.terminated {
      var lines = [Describer.field(title, "Terminated", indent: 4)]
      if let reason = terminated.reason { lines.append(Describer.field("Reason", reason, indent: 6)) }
      if let message = terminated.message, !message.isEmpty { lines.append(Describer.field("Message", message, indent: 6)) }
      lines.append(Describer.field("Exit Code", "\(terminated.exitCode ?? 0)", indent: 6))
      if let started = terminated.startedAt { lines.append(Describer.field("Started", Describer.timestamp(started), indent: 6)) }
      if let finished = terminated.finishedAt { lines.append(Describer.field("Finished", Describer.timestamp(finished), indent: 6)) }
      return lines
    }
    var lines = [Describer.field(title, "Waiting", indent: 4)]
    if let reason = state?.waiting?.reason { lines.append(Describer.field("Reason", reason, indent: 6)) }
    return lines
  }

  private static func tolerationText(_ toleration: Toleration) -> String {
    var text = toleration.key ?? ""
    if toleration.operator == "Exists" { text += text.isEmpty ? "op=Exists" : " op=Exists" } else if let value = toleration.value { text += "=\(value)" }
    if let effect = toleration.effect { text += ":\(effect)" }
    if let seconds = toleration.tolerationSeconds { text += " for \(seconds)s" }
    return text
  }
}
