import KubeModel

/// Node registration objects and heartbeats: the Node's status and its Lease.
extension Kubelet {
  /// The most images a node lists in its status (`nodeStatusMaxImages`).
  static let maxStatusImages = 50

  func makeNode(_ agent: NodeAgent) -> Node {
    let config = agent.configuration
    var labels: [String: String] = [
      "kubernetes.io/hostname": config.name, "kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64",
      "beta.kubernetes.io/os": "linux", "beta.kubernetes.io/arch": "amd64",
    ]
    for (key, value) in config.labels { labels[key] = value }
    var node = Node(metadata: ObjectMeta(name: config.name, labels: labels))
    node.metadata.annotations = [
      "node.alpha.kubernetes.io/ttl": "0",
      "volumes.kubernetes.io/controller-managed-attach-detach": "true",
      "kubeadm.alpha.kubernetes.io/cri-socket": "unix:///run/containerd/containerd.sock",
    ]
    var spec = NodeSpec()
    spec.podCIDR = agent.podCIDR
    spec.podCIDRs = [agent.podCIDR]
    spec.providerID = "kind://docker/kubedeck/\(config.name)"
    spec.taints = config.taints.isEmpty ? nil : config.taints
    spec.unschedulable = config.unschedulable ? true : nil
    node.spec = spec
    node.status = nodeStatus(agent, previous: nil)
    return node
  }

  /// The kubelet's endpoint as the status gives it, made once.
  static let daemonEndpoints = JSONValue.object(["kubeletEndpoint": .object(["Port": .int(10250)])])

  /// The status the kubelet posts: capacity, conditions (healthy), addresses, nodeInfo, images.
  func nodeStatus(_ agent: NodeAgent, previous: NodeStatus?) -> NodeStatus {
    let config = agent.configuration
    let now = cluster.clock.now
    var status = previous ?? NodeStatus()
    status.capacity = agent.capacity
    status.allocatable = agent.allocatable
    let healthy: [(String, String, String, String)] = [
      ("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
      ("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
      ("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
      ("Ready", "True", "KubeletReady", "kubelet is posting ready status"),
    ]
    status.conditions = healthy.map { type, value, reason, message in
      let old = previous?.condition(type)
      let transition = old?.status == value ? (old?.lastTransitionTime ?? now) : now
      return NodeCondition(
        type: type, status: value, reason: reason, message: message, lastHeartbeatTime: now, lastTransitionTime: transition)
    }
    status.addresses = [NodeAddress(type: "InternalIP", address: agent.internalIP), NodeAddress(type: "Hostname", address: config.name)]
    status.daemonEndpoints = Self.daemonEndpoints
    var info = NodeSystemInfo()
    info.machineID = agent.machineID
    info.systemUUID = agent.systemUUID
    info.bootID = agent.bootID
    info.kernelVersion = configuration.kernelVersion
    info.osImage = configuration.osImage
    info.containerRuntimeVersion = configuration.containerRuntimeVersion
    info.kubeletVersion = cluster.configuration.kubernetesVersion
    info.kubeProxyVersion = cluster.configuration.kubernetesVersion
    info.operatingSystem = "linux"
    info.architecture = "amd64"
    status.nodeInfo = info
    let images = agent.images.map { (key: $0.key.value, value: $0.value) }
      .sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(Self.maxStatusImages)
    status.images = images.isEmpty ? nil : images.map { ContainerImage(names: [$0.key], sizeBytes: $0.value) }
    return status
  }

  func makeLease(_ agent: NodeAgent) -> Lease {
    var lease = Lease()
    lease.metadata.name = agent.name
    lease.metadata.namespace = "kube-node-lease"
    lease.metadata.ownerReferences = [OwnerReference(apiVersion: "v1", kind: "Node", name: agent.name, uid: agent.uid)]
    var spec = LeaseSpec()
    spec.holderIdentity = agent.name
    spec.leaseDurationSeconds = configuration.leaseDurationSeconds
    spec.renewTime = cluster.clock.nowMicro
    lease.spec = spec
    return lease
  }

  func recordNodeStartup(_ node: Node) {
    guard configuration.recordEvents else { return }
    let name = node.name
    var reference = node.objectReference
    reference.uid = name
    reference.namespace = nil
    let api = cluster.api
    api.recordEvent(involving: reference, reason: "Starting", message: "Starting kubelet.", component: "kubelet", host: name)
    for condition in ["NodeHasSufficientMemory", "NodeHasNoDiskPressure", "NodeHasSufficientPID"] {
      api.recordEvent(
        involving: reference, reason: condition, message: "Node \(name) status is now: \(condition)", component: "kubelet", host: name)
    }
    api.recordEvent(
      involving: reference, reason: "NodeAllocatableEnforced", message: "Updated Node Allocatable limit across pods",
      component: "kubelet", host: name)
  }

  // MARK: Heartbeats

  /// Starts the once-a-second heartbeat timer (each node beats in one slot of ten).
  func startHeartbeats() {
    guard !heartbeatStartedFlag else { return }
    heartbeatStartedFlag = true
    let next = (now / 1_000_000 + 1) * 1_000_000
    cluster.schedule(atMicros: next) { [unowned self] _ in self.heartbeat() }
  }

  private func heartbeat() {
    let second = Int(now / 1_000_000)
    let interval = max(configuration.leaseRenewIntervalSeconds, 1)
    let slot = second % interval
    var index = slot
    while index < nodeOrder.count {
      beat(nodeOrder[index])
      index += interval
    }
    cluster.schedule(atMicros: Int64(second + 1) * 1_000_000) { [unowned self] _ in self.heartbeat() }
  }

  /// Renews a node's Lease and writes its status when it changed or is due.
  func beat(_ name: String) {
    guard let agent = nodes[name], agent.powered, !agent.partitioned else { return }
    renewLease(name)
    if agent.statusDirty || Double(now - agent.lastStatusWrite) / 1_000_000 >= configuration.nodeStatusReportSeconds {
      writeNodeStatus(name)
    }
  }

  func renewLease(_ name: String) {
    let renew = cluster.clock.nowMicro
    do {
      try cluster.api.modify(Lease.self, namespace: "kube-node-lease", name: name) { lease in
        lease.spec?.renewTime = renew
      }
    } catch {
      guard let agent = nodes[name] else { return }
      _ = try? cluster.api.create(makeLease(agent))
    }
  }

  /// Posts the node's status (all conditions healthy, a fresh heartbeat).
  func writeNodeStatus(_ name: String) {
    guard let agent = nodes[name] else { return }
    let wasReady = cluster.store.get(Node.self, name: name)?.status?.condition("Ready")?.status
    do {
      try cluster.api.modify(Node.self, name: name, status: true) { node in
        node.status = nodeStatus(agent, previous: node.status)
      }
    } catch {
      // A Node deleted under a running kubelet stays deleted (its status writes fail with
      // "not found"); a restarted kubelet registers it again.
      guard error.code == 404, agent.registersOnStart, let created = try? cluster.api.create(makeNode(agent)) else { return }
      nodes[name]?.uid = created.metadata.uid ?? ""
    }
    agent.registersOnStart = false
    nodes[name]?.statusDirty = false
    nodes[name]?.lastStatusWrite = now
    if let wasReady, wasReady != "True", configuration.recordEvents {
      var reference = ObjectReference(kind: "Node", name: name, uid: name, apiVersion: "v1")
      reference.namespace = nil
      cluster.api.recordEvent(
        involving: reference, reason: "NodeReady", message: "Node \(name) status is now: NodeReady", component: "kubelet", host: name)
    }
  }
}
