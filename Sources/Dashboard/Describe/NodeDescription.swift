import KubeModel

/// `kubectl describe node`, line for line. The `Lease:` section needs the node's lease,
/// which the describe pane reads when it opens: the cache does not watch leases, which
/// change every ten seconds per node.
enum NodeDescription {
  static func write(_ node: Node, cache: InformerCache, lease: Lease?, into text: inout TabbedText, now: Time) {
    let status = node.status
    text.identity(node)
    let roles = NodeRenderer.roles(node)
    text.write(0, "Roles:\t\(roles)\n")
    text.labels("Labels", node.metadata.labels)
    text.annotations("Annotations", node.metadata.annotations)
    text.write(0, "CreationTimestamp:\t\(node.metadata.creationTimestamp?.describeText ?? "")\n")
    text.taints("Taints", node.spec?.taints)
    text.write(0, "Unschedulable:\t\(node.spec?.unschedulable == true)\n")
    if let lease {
      text.write(0, "Lease:\n")
      text.write(1, "HolderIdentity:\t\(lease.spec?.holderIdentity ?? "<unset>")\n")
      text.write(1, "AcquireTime:\t\(lease.spec?.acquireTime?.time.describeText ?? "<unset>")\n")
      text.write(1, "RenewTime:\t\(lease.spec?.renewTime?.time.describeText ?? "<unset>")\n")
    }
    if let conditions = status?.conditions, !conditions.isEmpty {
      text.write(0, "Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n")
      text.write(1, "----\t------\t-----------------\t------------------\t------\t-------\n")
      for condition in conditions {
        text.write(
          1,
          "\(condition.type ?? "") \t\(condition.status ?? "") \t\(condition.lastHeartbeatTime?.describeText ?? "") \t"
            + "\(condition.lastTransitionTime?.describeText ?? "") \t\(condition.reason ?? "") \t\(condition.message ?? "")\n")
      }
    }
    text.write(0, "Addresses:\n")
    for address in status?.addresses ?? [] { text.write(1, "\(address.type ?? ""):\t\(address.address ?? "")\n") }
    for (title, list) in [("Capacity", status?.capacity), ("Allocatable", status?.allocatable)] {
      guard let list, !list.isEmpty else { continue }
      text.write(0, "\(title):\n")
      for name in list.keys.sorted() { text.write(0, "  \(name):\t\(list[name]?.description ?? "")\n") }
    }
    let info = status?.nodeInfo
    text.write(0, "System Info:\n")
    for (title, value) in [
      ("Machine ID", info?.machineID), ("System UUID", info?.systemUUID), ("Boot ID", info?.bootID),
      ("Kernel Version", info?.kernelVersion), ("OS Image", info?.osImage), ("Operating System", info?.operatingSystem),
      ("Architecture", info?.architecture), ("Container Runtime Version", info?.containerRuntimeVersion),
      ("Kubelet Version", info?.kubeletVersion), ("Kube-Proxy Version", info?.kubeProxyVersion),
    ] {
      text.write(0, "  \(title):\t\(value ?? "")\n")
    }
    if let cidr = node.spec?.podCIDR, !cidr.isEmpty { text.write(0, "PodCIDR:\t\(cidr)\n") }
    if let cidrs = node.spec?.podCIDRs, !cidrs.isEmpty { text.write(0, "PodCIDRs:\t\(cidrs.joined(separator: ","))\n") }
    if let provider = node.spec?.providerID, !provider.isEmpty { text.write(0, "ProviderID:\t\(provider)\n") }
    resources(node, cache: cache, into: &text, now: now)
  }

  /// The pods holding the node's resources, each with its share, then the totals.
  private static func resources(_ node: Node, cache: InformerCache, into text: inout TabbedText, now: Time) {
    let pods = cache.pods(onNode: node.name).filter(\.holdsResources).sorted { ($0.namespace, $0.name) < ($1.namespace, $1.name) }
    let allocatable = (node.status?.allocatable?.isEmpty ?? true) ? node.status?.capacity ?? [:] : node.status?.allocatable ?? [:]
    func share(_ quantity: Quantity?, of name: String) -> String {
      let amount = quantity ?? .zero
      let whole = allocatable[name] ?? .zero
      let fraction: Double
      if name == "cpu" {
        fraction = whole.milliValue == 0 ? 0 : Double(amount.milliValue) / Double(whole.milliValue)
      } else {
        fraction = whole.value == 0 ? 0 : Double(amount.value) / Double(whole.value)
      }
      return "\(amount.description) (\(Format.wholePercent(fraction))%)"
    }
    text.write(0, "Non-terminated Pods:\t(\(pods.count) in total)\n")
    text.write(1, "Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n")
    text.write(1, "---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n")
    var requested: [String: Quantity] = [:]
    var limited: [String: Quantity] = [:]
    for pod in pods {
      let (requests, limits) = PodResources.requestsAndLimits(of: pod)
      text.write(
        1,
        "\(pod.namespace)\t\(pod.name)\t\t\(share(requests["cpu"], of: "cpu"))\t\(share(limits["cpu"], of: "cpu"))\t"
          + "\(share(requests["memory"], of: "memory"))\t\(share(limits["memory"], of: "memory"))\t"
          + "\(Format.age(since: pod.metadata.creationTimestamp, now: now))\n")
      PodResources.add(requests, to: &requested)
      PodResources.add(limits, to: &limited)
    }
    text.write(0, "Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n")
    text.write(1, "Resource\tRequests\tLimits\n")
    text.write(1, "--------\t--------\t------\n")
    for name in ["cpu", "memory", "ephemeral-storage"] + allocatable.keys.filter({ $0.hasPrefix("hugepages-") }).sorted() {
      text.write(1, "\(name)\t\(share(requested[name], of: name))\t\(share(limited[name], of: name))\n")
    }
    let standard: Set<String> = ["cpu", "memory", "ephemeral-storage", "pods"]
    for name in allocatable.keys.filter({ !standard.contains($0) && !$0.hasPrefix("hugepages-") && !$0.hasPrefix("requests.") }).sorted() {
      text.write(1, "\(name)\t\((requested[name] ?? .zero).description)\t\((limited[name] ?? .zero).description)\n")
    }
  }
}

/// A pod's requests and limits as kubectl adds them up: its containers summed, each init
/// container taken when it asks for more (a sidecar, restarting always, adds to the sum),
/// and the pod's overhead on top.
enum PodResources {
  static func requestsAndLimits(of pod: Pod) -> (requests: [String: Quantity], limits: [String: Quantity]) {
    (total(pod, \.requests), total(pod, \.limits))
  }

  static func add(_ list: [String: Quantity], to sum: inout [String: Quantity]) {
    for (name, quantity) in list { sum[name] = sum[name].map { $0 + quantity } ?? quantity }
  }

  private static func total(_ pod: Pod, _ part: KeyPath<ResourceRequirements, [String: Quantity]?>) -> [String: Quantity] {
    var sum: [String: Quantity] = [:]
    for container in pod.spec?.containers ?? [] { add(container.resources?[keyPath: part] ?? [:], to: &sum) }
    var sidecars: [String: Quantity] = [:]
    for container in pod.spec?.initContainers ?? [] {
      let list = container.resources?[keyPath: part] ?? [:]
      if container.restartPolicy == "Always" {
        add(list, to: &sum)
        add(list, to: &sidecars)
        continue
      }
      // A one-off init container runs beside the sidecars started before it.
      var needed = list
      add(sidecars, to: &needed)
      for (name, quantity) in needed where sum[name].map({ quantity > $0 }) ?? true { sum[name] = quantity }
    }
    if let overhead = pod.spec?.overhead { add(overhead, to: &sum) }
    return sum
  }
}
