import KubeModel

/// The node-specific part of `kubectl describe node`.
enum NodeDescription {
  static func lines(_ node: Node, cache: InformerCache, now: Time) -> [String] {
    var lines: [String] = []
    lines.append(Describer.field("Roles", NodeRenderer.roles(node)))
    let taints = node.spec?.taints ?? []
    lines.append(Describer.field("Taints", taints.first?.summary ?? Format.none))
    lines += taints.dropFirst().map { String(repeating: " ", count: 20) + $0.summary }
    lines.append(Describer.field("Unschedulable", node.spec?.unschedulable == true ? "true" : "false"))
    lines.append("Conditions:")
    lines.append("  Type             Status  Reason                       Message")
    for condition in node.status?.conditions ?? [] {
      lines.append(
        "  " + (condition.type ?? "").padding(to: 17) + (condition.status ?? "").padding(to: 8)
          + (condition.reason ?? "").padding(to: 29) + (condition.message ?? ""))
    }
    lines.append("Addresses:")
    for address in node.status?.addresses ?? [] { lines.append("  \(address.type ?? ""):  \(address.address ?? "")") }
    for (title, values) in [("Capacity", node.status?.capacity), ("Allocatable", node.status?.allocatable)] {
      lines.append("\(title):")
      for (key, value) in (values ?? [:]).sorted(by: { $0.key < $1.key }) { lines.append("  \(key):".padding(to: 20) + value.description) }
    }
    if let info = node.status?.nodeInfo {
      lines.append("System Info:")
      lines.append(Describer.field("Kernel Version", info.kernelVersion ?? "", indent: 2))
      lines.append(Describer.field("OS Image", info.osImage ?? "", indent: 2))
      lines.append(Describer.field("Container Runtime", info.containerRuntimeVersion ?? "", indent: 2))
      lines.append(Describer.field("Kubelet Version", info.kubeletVersion ?? "", indent: 2))
    }
    let pods = cache.pods(onNode: node.name).filter(\.holdsResources).sorted { $0.qualifiedName < $1.qualifiedName }
    let allocatable = ResourceTotals.allocatable(of: node)
    lines.append("Non-terminated Pods:          (\(pods.count) in total)")
    lines.append("  Namespace                   Name                                CPU Requests  Memory Requests  Age")
    for pod in pods {
      let requests = ResourceTotals.requests(of: pod)
      lines.append(
        "  " + pod.namespace.padding(to: 28) + pod.name.padding(to: 36)
          + "\(Format.cpu(milli: requests.cpuMilli)) (\(Format.percent(requests.cpuMilli, of: allocatable.cpuMilli)))".padding(to: 14)
          + "\(Format.memory(bytes: requests.memoryBytes)) (\(Format.percent(requests.memoryBytes, of: allocatable.memoryBytes)))".padding(to: 17)
          + Format.age(since: pod.metadata.creationTimestamp, now: now))
    }
    let requested = cache.podIndex.requestedByNode[node.name] ?? ResourceTotals()
    lines.append("Allocated resources:")
    lines.append("  Resource           Requests")
    lines.append("  cpu                \(Format.cpu(milli: requested.cpuMilli)) (\(Format.percent(requested.cpuMilli, of: allocatable.cpuMilli)))")
    lines.append("  memory             \(Format.memory(bytes: requested.memoryBytes)) (\(Format.percent(requested.memoryBytes, of: allocatable.memoryBytes)))")
    return lines
  }
}
