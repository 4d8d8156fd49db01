import KubeModel

/// The containers of a pod as a small table (the pod drill-down).
enum ContainerList {
  static func lines(_ pod: Pod) -> [String] {
    var lines = ["NAME".padding(to: 20) + "IMAGE".padding(to: 32) + "READY  STATE       RESTARTS  PORTS"]
    let statuses = (pod.status?.initContainerStatuses ?? []) + (pod.status?.containerStatuses ?? [])
    let containers = (pod.spec?.initContainers ?? []).map { ($0, true) } + (pod.spec?.containers ?? []).map { ($0, false) }
    for (container, isInit) in containers {
      let status = statuses.first { $0.name == container.name }
      let state = status?.state?.waiting?.reason ?? status?.state?.terminated?.reason
        ?? (status?.state?.running != nil ? "Running" : "Waiting")
      let ports = (container.ports ?? []).map { "\($0.containerPort ?? 0)/\($0.protocol ?? "TCP")" }.joined(separator: ",")
      lines.append(
        ((isInit ? "init:" : "") + (container.name ?? "")).padding(to: 20) + (container.image ?? "").padding(to: 32)
          + (status?.ready == true ? "true" : "false").padding(to: 7) + state.padding(to: 12)
          + "\(status?.restartCount ?? 0)".padding(to: 10) + ports)
    }
    return lines
  }
}
