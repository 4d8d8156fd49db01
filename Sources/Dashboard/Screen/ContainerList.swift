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

/// The containers a logs or shell key can open, and which one kubectl would default to.
enum ContainerChoice {
  /// The annotation naming a pod's default container (kubectl's `default-container`).
  static let defaultContainerAnnotation = "kubectl.kubernetes.io/default-container"

  /// The names (init containers first when included), their labels in a list (`init:`
  /// before an init container's name, the image after), and the index of the default: the
  /// annotated container when it is one of them, else the first app container.
  static func choices(of pod: Pod, includingInit: Bool) -> (names: [String], labels: [String], defaultIndex: Int) {
    let initContainers = includingInit ? (pod.spec?.initContainers ?? []) : []
    let containers = pod.spec?.containers ?? []
    let all = initContainers.map { ($0, true) } + containers.map { ($0, false) }
    let names = all.map { $0.0.name ?? "" }
    let labels = all.map { container, isInit in
      (isInit ? "init:" : "") + (container.name ?? "") + "  (" + (container.image ?? "") + ")"
    }
    let wanted = pod.metadata.annotations?[defaultContainerAnnotation]
    let defaultIndex = wanted.flatMap { name in containers.contains { $0.name == name } ? names.lastIndex(of: name) : nil }
      ?? initContainers.count
    return (names, labels, min(defaultIndex, max(0, names.count - 1)))
  }
}
