import KubeModel

/// `kubectl describe deployment`, line for line.
enum DeploymentDescription {
  static func write(_ deployment: Deployment, cache: InformerCache, into text: inout TabbedText) {
    let spec = deployment.spec
    let status = deployment.status
    text.identity(deployment)
    text.write(0, "CreationTimestamp:\t\(deployment.metadata.creationTimestamp?.describeText ?? "")\n")
    text.labels("Labels", deployment.metadata.labels)
    text.annotations("Annotations", deployment.metadata.annotations)
    let selector = TabbedText.selector(spec?.selector)
    text.write(0, "Selector:\t\(selector)\n")
    text.write(
      0,
      "Replicas:\t\(spec?.replicas ?? 1) desired | \(status?.updatedReplicas ?? 0) updated | \(status?.replicas ?? 0) total | "
        + "\(status?.availableReplicas ?? 0) available | \(status?.unavailableReplicas ?? 0) unavailable\n")
    text.write(0, "StrategyType:\t\(spec?.strategy?.type ?? "")\n")
    text.write(0, "MinReadySeconds:\t\(spec?.minReadySeconds ?? 0)\n")
    if let rolling = spec?.strategy?.rollingUpdate {
      text.write(
        0,
        "RollingUpdateStrategy:\t\(rolling.maxUnavailable?.description ?? "0") max unavailable, \(rolling.maxSurge?.description ?? "0") max surge\n"
      )
    }
    template(spec?.template, into: &text)
    if let conditions = status?.conditions, !conditions.isEmpty {
      text.write(0, "Conditions:\n  Type\tStatus\tReason\n")
      text.write(1, "----\t------\t------\n")
      for condition in conditions { text.write(1, "\(condition.type ?? "") \t\(condition.status ?? "")\t\(condition.reason ?? "")\n") }
    }
    let (old, new) = replicaSets(of: deployment, cache: cache)
    text.write(0, "OldReplicaSets:\t\(summary(old))\n")
    text.write(0, "NewReplicaSet:\t\(summary(new.map { [$0] } ?? []))\n")
  }

  /// `Pod Template:` and the template's labels, containers, volumes and placement.
  static func template(_ template: PodTemplateSpec?, into text: inout TabbedText) {
    text.write(0, "Pod Template:\n")
    guard let template else { return text.write(1, "<unset>") }
    text.labels("  Labels", template.metadata?.labels)
    if let annotations = template.metadata?.annotations, !annotations.isEmpty { text.annotations("  Annotations", annotations) }
    let spec = template.spec
    if let account = spec?.serviceAccountName, !account.isEmpty { text.write(1, "Service Account:\t\(account)\n") }
    if let initContainers = spec?.initContainers, !initContainers.isEmpty {
      ContainerDescription.write("Init Containers", initContainers, statuses: nil, resolve: .template, space: "  ", into: &text)
    }
    ContainerDescription.write("Containers", spec?.containers ?? [], statuses: nil, resolve: .template, space: "  ", into: &text)
    ContainerDescription.volumes(spec?.volumes, space: "  ", into: &text)
    ContainerDescription.topologySpread(spec?.topologySpreadConstraints, space: "  ", into: &text)
    if let name = spec?.priorityClassName, !name.isEmpty { text.write(1, "Priority Class Name:\t\(name)\n") }
    text.labels("Node-Selectors", spec?.nodeSelector, indent: "  ")
    text.tolerations("Tolerations", spec?.tolerations, indent: "  ")
  }

  /// The Deployment's ReplicaSets: the old ones (in name order, scaled to zero or not),
  /// and the new one, whose template is the Deployment's (the oldest such).
  static func replicaSets(of deployment: Deployment, cache: InformerCache) -> (old: [ReplicaSet], new: ReplicaSet?) {
    let uid = deployment.metadata.uid
    let owned = cache.replicaSets.all.filter { set in
      set.namespace == deployment.namespace && set.metadata.controllerRef.map { $0.uid == uid && $0.kind == "Deployment" } == true
    }.sorted { $0.name < $1.name }
    let wanted = withoutHash(deployment.spec?.template)
    let new = owned.filter { withoutHash($0.spec?.template) == wanted }
      .min { ($0.metadata.creationTimestamp?.seconds ?? 0, $0.name) < ($1.metadata.creationTimestamp?.seconds ?? 0, $1.name) }
    let old = owned.filter { $0.metadata.uid != new?.metadata.uid }
    return (old, new)
  }

  private static func withoutHash(_ template: PodTemplateSpec?) -> PodTemplateSpec? {
    guard var template else { return nil }
    var metadata = template.metadata ?? ObjectMeta()
    metadata.labels?["pod-template-hash"] = nil
    if metadata.labels?.isEmpty == true { metadata.labels = nil }
    template.metadata = metadata
    return template
  }

  /// `web-7d4b9 (3/3 replicas created), …` or `<none>`.
  private static func summary(_ sets: [ReplicaSet]) -> String {
    let text = sets.map { "\($0.name) (\($0.status?.replicas ?? 0)/\($0.spec?.replicas ?? 1) replicas created)" }.joined(separator: ", ")
    return text.isEmpty ? Format.none : text
  }
}

/// `kubectl describe service`, line for line.
enum ServiceDescription {
  static func write(_ service: Service, cache: InformerCache, into text: inout TabbedText) {
    let spec = service.spec
    text.header(service)
    text.write(0, "Selector:\t\(Format.labels(spec?.selector ?? [:]))\n")
    text.write(0, "Type:\t\(spec?.type ?? "")\n")
    if let policy = spec?.ipFamilyPolicy { text.write(0, "IP Family Policy:\t\(policy)\n") }
    let families = spec?.ipFamilies ?? []
    text.write(0, "IP Families:\t\(families.isEmpty ? Format.none : families.joined(separator: ","))\n")
    text.write(0, "IP:\t\(spec?.clusterIP ?? "")\n")
    let addresses = spec?.clusterIPs ?? []
    text.write(0, "IPs:\t\(addresses.isEmpty ? Format.none : addresses.joined(separator: ","))\n")
    if let external = spec?.externalIPs, !external.isEmpty { text.write(0, "External IPs:\t\(external.joined(separator: ","))\n") }
    if let address = spec?.loadBalancerIP, !address.isEmpty { text.write(0, "IP:\t\(address)\n") }
    if spec?.type == "ExternalName" { text.write(0, "External Name:\t\(spec?.externalName ?? "")\n") }
    let ingress = (service.status?.loadBalancer?.ingress ?? []).compactMap { $0["ip"]?.stringValue ?? $0["hostname"]?.stringValue }
    if !ingress.isEmpty { text.write(0, "LoadBalancer Ingress:\t\(ingress.joined(separator: ", "))\n") }
    let endpoints = cache.endpoints.all.first { $0.namespace == service.namespace && $0.name == service.name }
    for port in spec?.ports ?? [] {
      let name = port.name.flatMap { $0.isEmpty ? nil : $0 } ?? "<unset>"
      let proto = port.protocol ?? ""
      text.write(0, "Port:\t\(name)\t\(port.port ?? 0)/\(proto)\n")
      text.write(0, "TargetPort:\t\(port.targetPort?.description ?? "0")/\(proto)\n")
      if let nodePort = port.nodePort, nodePort != 0 { text.write(0, "NodePort:\t\(name)\t\(nodePort)/\(proto)\n") }
      text.write(0, "Endpoints:\t\(endpointsText(endpoints, port: port.name ?? ""))\n")
    }
    text.write(0, "Session Affinity:\t\(spec?.sessionAffinity ?? "")\n")
    if let policy = spec?.externalTrafficPolicy, !policy.isEmpty { text.write(0, "External Traffic Policy:\t\(policy)\n") }
    if let port = spec?.healthCheckNodePort, port != 0 { text.write(0, "HealthCheck NodePort:\t\(port)\n") }
    if let ranges = spec?.loadBalancerSourceRanges, !ranges.isEmpty {
      text.write(0, "LoadBalancer Source Ranges:\t\(ranges.joined(separator: ","))\n")
    }
    if let policy = spec?.internalTrafficPolicy { text.write(0, "Internal Traffic Policy:\t\(policy)\n") }
  }

  /// The ready addresses serving a port, `ip:port` joined by commas, three at most and
  /// then `+ N more...`; `<none>` when there are none.
  static func endpointsText(_ endpoints: Endpoints?, port name: String) -> String {
    guard let subsets = endpoints?.subsets, !subsets.isEmpty else { return Format.none }
    var shown: [String] = []
    var count = 0
    for subset in subsets {
      let addresses = (subset.addresses ?? []).map { $0.ip ?? "" }
      guard let ports = subset.ports, !ports.isEmpty else {
        for address in addresses {
          if shown.count < 3 { shown.append(address) }
          count += 1
        }
        continue
      }
      for port in ports where (port.name ?? "") == name {
        for address in addresses {
          if shown.count < 3 { shown.append(address.contains(":") ? "[\(address)]:\(port.port ?? 0)" : "\(address):\(port.port ?? 0)") }
          count += 1
        }
      }
    }
    let text = shown.joined(separator: ",")
    return count > 3 ? "\(text) + \(count - 3) more..." : text
  }
}

/// `kubectl describe replicaset` and `kubectl describe daemonset`, line for line.
enum ControllerDescription {
  static func write(_ set: ReplicaSet, cache: InformerCache, into text: inout TabbedText) {
    text.identity(set)
    text.write(0, "Selector:\t\(set.spec?.selector.map(Format.selector) ?? Format.none)\n")
    text.labels("Labels", set.metadata.labels)
    text.annotations("Annotations", set.metadata.annotations)
    text.controller(of: set)
    text.write(0, "Replicas:\t\(set.status?.replicas ?? 0) current / \(set.spec?.replicas ?? 1) desired\n")
    text.write(0, "Pods Status:\t\(podsStatus(of: set, cache: cache))\n")
    DeploymentDescription.template(set.spec?.template, into: &text)
    if let conditions = set.status?.conditions, !conditions.isEmpty {
      text.write(0, "Conditions:\n  Type\tStatus\tReason\n")
      text.write(1, "----\t------\t------\n")
      for condition in conditions { text.write(1, "\(condition.type ?? "") \t\(condition.status ?? "")\t\(condition.reason ?? "")\n") }
    }
  }

  static func write(_ set: DaemonSet, cache: InformerCache, into text: inout TabbedText) {
    let status = set.status
    // No namespace line: kubectl's daemon set describe has none.
    text.write(0, "Name:\t\(set.name)\n")
    text.write(0, "Selector:\t\(TabbedText.selector(set.spec?.selector))\n")
    text.write(0, "Node-Selector:\t\(Format.labels(set.spec?.template?.spec?.nodeSelector ?? [:]))\n")
    text.labels("Labels", set.metadata.labels)
    text.annotations("Annotations", set.metadata.annotations)
    text.write(0, "Desired Number of Nodes Scheduled: \(status?.desiredNumberScheduled ?? 0)\n")
    text.write(0, "Current Number of Nodes Scheduled: \(status?.currentNumberScheduled ?? 0)\n")
    text.write(0, "Number of Nodes Scheduled with Up-to-date Pods: \(status?.updatedNumberScheduled ?? 0)\n")
    text.write(0, "Number of Nodes Scheduled with Available Pods: \(status?.numberAvailable ?? 0)\n")
    text.write(0, "Number of Nodes Misscheduled: \(status?.numberMisscheduled ?? 0)\n")
    text.write(0, "Pods Status:\t\(podsStatus(of: set, cache: cache))\n")
    DeploymentDescription.template(set.spec?.template, into: &text)
  }

  /// `2 Running / 0 Waiting / 0 Succeeded / 0 Failed` over the pods the object controls.
  static func podsStatus(of owner: some KubeObject, cache: InformerCache) -> String {
    var counts: [String: Int] = [:]
    let uid = owner.metadata.uid
    for pod in cache.pods.all where pod.namespace == owner.namespace && pod.metadata.controllerRef?.uid == uid {
      counts[pod.status?.phase ?? "", default: 0] += 1
    }
    return "\(counts["Running"] ?? 0) Running / \(counts["Pending"] ?? 0) Waiting / \(counts["Succeeded"] ?? 0) Succeeded / "
      + "\(counts["Failed"] ?? 0) Failed"
  }
}
