/// Nodes as `kubectl get nodes` prints them.
public enum NodePrinter: TablePrinter {
  public static let columns: [ResourceTable.ColumnDefinition] = [
    nameColumn,
    .init("Status", description: "The status of the node"),
    .init("Roles", description: "The roles of the node"),
    ageColumn,
    .init("Version", description: "Kubelet Version reported by the node."),
    .init("Internal-IP", description: "List of addresses reachable to the node. Queried from cloud provider, if available. More info: https://kubernetes.io/docs/reference/node/node-status/#addresses Note: This field is declared as mergeable, but the merge key is not sufficiently unique, which can cause data corruption when it is merged. Callers should instead use a full-replacement patch. See https://pr.k8s.io/79391 for an example. Consumers should assume that addresses can change during the lifetime of a Node. However, there are some exceptions where this may not be possible, such as Pods that inherit a Node's address in its own status or consumers of the downward API (status.hostIP).", priority: 1),
    .init("External-IP", description: "List of addresses reachable to the node. Queried from cloud provider, if available. More info: https://kubernetes.io/docs/reference/node/node-status/#addresses Note: This field is declared as mergeable, but the merge key is not sufficiently unique, which can cause data corruption when it is merged. Callers should instead use a full-replacement patch. See https://pr.k8s.io/79391 for an example. Consumers should assume that addresses can change during the lifetime of a Node. However, there are some exceptions where this may not be possible, such as Pods that inherit a Node's address in its own status or consumers of the downward API (status.hostIP).", priority: 1),
    .init("OS-Image", description: "OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).", priority: 1),
    .init("Kernel-Version", description: "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).", priority: 1),
    .init("Container-Runtime", description: "ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).", priority: 1),
  ]

  public static func cells(_ node: Node, now: Time) -> [JSONValue] {
    let info = node.status?.nodeInfo
    let addresses = node.status?.addresses ?? []
    return [
      .string(node.name), .string(statusText(node)), .string(rolesText(node)),
      .string(HumanDuration.since(node.metadata.creationTimestamp, now: now)), .string(info?.kubeletVersion ?? ""),
      .string(orNone(addresses.first { $0.type == "InternalIP" }?.address)),
      .string(orNone(addresses.first { $0.type == "ExternalIP" }?.address)),
      .string(orNone(info?.osImage)), .string(orNone(info?.kernelVersion)),
      .string(orNone(info?.containerRuntimeVersion)),
    ]
  }

  /// `Ready`, `NotReady` or `Unknown`, with `,SchedulingDisabled` when cordoned.
  public static func statusText(_ node: Node) -> String {
    var parts: [String] = []
    if let ready = node.status?.condition("Ready") {
      parts.append(ready.status == "True" ? "Ready" : "NotReady")
    }
    if parts.isEmpty { parts.append("Unknown") }
    if node.spec?.unschedulable == true { parts.append("SchedulingDisabled") }
    return parts.joined(separator: ",")
  }

  /// The roles from `node-role.kubernetes.io/<role>` and `kubernetes.io/role` labels, or `<none>`.
  public static func rolesText(_ node: Node) -> String {
    var roles = Set<String>()
    for (key, value) in node.metadata.labels ?? [:] {
      if key.hasPrefix("node-role.kubernetes.io/") {
        let role = String(key.dropFirst("node-role.kubernetes.io/".count))
        if !role.isEmpty { roles.insert(role) }
      } else if key == "kubernetes.io/role", !value.isEmpty {
        roles.insert(value)
      }
    }
    return roles.isEmpty ? "<none>" : roles.sorted().joined(separator: ",")
  }
}
