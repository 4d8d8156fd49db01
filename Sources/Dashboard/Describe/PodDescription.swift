import KubeModel

/// The pod-specific part of `kubectl describe pod`.
enum PodDescription {
  static func lines(_ pod: Pod, now: Time) -> [String] {
    let summary = PodSummary(pod)
    var lines = [
      Describer.field("Node", pod.spec?.nodeName.map { "\($0)/\(pod.status?.hostIP ?? "")" } ?? Format.none),
      Describer.field("Status", summary.status),
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
      lines.append(Describer.field("State", state(status?.state), indent: 4))
      if let reason = status?.state?.waiting?.reason ?? status?.state?.terminated?.reason {
        lines.append(Describer.field("Reason", reason, indent: 6))
      }
      if let last = status?.lastState, last.terminated != nil {
        lines.append(Describer.field("Last State", state(last), indent: 4))
        lines.append(Describer.field("Reason", last.terminated?.reason ?? "", indent: 6))
        lines.append(Describer.field("Exit Code", "\(last.terminated?.exitCode ?? 0)", indent: 6))
      }
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
      lines.append("  Type              Status")
      for condition in conditions { lines.append("  " + (condition.type ?? "").padding(to: 18) + (condition.status ?? "")) }
    }
    let tolerations = pod.spec?.tolerations ?? []
    lines.append(Describer.field("Node-Selectors", Format.labels(pod.spec?.nodeSelector ?? [:])))
    lines.append(Describer.field("Tolerations", tolerations.isEmpty ? Format.none : tolerationText(tolerations[0])))
    lines += tolerations.dropFirst().map { String(repeating: " ", count: 20) + tolerationText($0) }
    return lines
  }

  static func state(_ state: ContainerState?) -> String {
    if let running = state?.running { return "Running" + (running.startedAt.map { " (started \($0))" } ?? "") }
    if state?.waiting != nil { return "Waiting" }
    if state?.terminated != nil { return "Terminated" }
    return "Waiting"
  }

  private static func tolerationText(_ toleration: Toleration) -> String {
    var text = toleration.key ?? ""
    if toleration.operator == "Exists" { text += text.isEmpty ? "op=Exists" : " op=Exists" } else if let value = toleration.value { text += "=\(value)" }
    if let effect = toleration.effect { text += ":\(effect)" }
    if let seconds = toleration.tolerationSeconds { text += " for \(seconds)s" }
    return text
  }
}
