import KubeModel

/// The objects of the demo cluster: the control plane's static pods, kube-proxy and
/// CoreDNS, and the seed's workloads (the `webserver` Deployment, the multi-container
/// `multiple-pod` with its misspelt `ningx:1.14` image, labelled pods).
extension DemoCluster {
  /// kubeadm's static pods for a control-plane node (the kubelet names them `<name>-<node>`).
  static func staticPods(version: String, address: String = "172.18.0.2") -> [Pod] {
    let components: [(name: String, image: String, cpu: Int64, memoryMi: Int64?, command: [String])] = [
      ("etcd", "registry.k8s.io/etcd:3.5.16-0", 100, 100, ["etcd", "--advertise-client-urls=https://\(address):2379", "--data-dir=/var/lib/etcd"]),
      ("kube-apiserver", "registry.k8s.io/kube-apiserver:\(version)", 250, nil, ["kube-apiserver", "--advertise-address=\(address)", "--secure-port=6443"]),
      ("kube-controller-manager", "registry.k8s.io/kube-controller-manager:\(version)", 200, nil, ["kube-controller-manager", "--cluster-cidr=10.244.0.0/16"]),
      ("kube-scheduler", "registry.k8s.io/kube-scheduler:\(version)", 100, nil, ["kube-scheduler", "--leader-elect=true"]),
    ]
    return components.map { component in
      var container = Container(name: component.name, image: component.image)
      container.command = component.command
      var requests = ["cpu": Quantity.milli(component.cpu)]
      if let memory = component.memoryMi { requests["memory"] = Quantity(memory << 20, format: .binarySI) }
      container.resources = ResourceRequirements(requests: requests)
      var spec = PodSpec(containers: [container])
      spec.hostNetwork = true
      spec.tolerations = [Toleration(operator: "Exists", effect: "NoExecute")]
      spec.priorityClassName = "system-node-critical"
      spec.priority = 2_000_001_000
      return Pod(
        metadata: ObjectMeta(name: component.name, namespace: "kube-system", labels: ["component": component.name, "tier": "control-plane"]),
        spec: spec)
    }
  }

  /// kube-proxy (DaemonSet), CoreDNS (Deployment, 2 replicas), their service accounts and
  /// the kube-dns Service.
  static func systemWorkloads(version: String) -> [any KubeObject] {
    var proxy = DaemonSet()
    proxy.metadata = ObjectMeta(name: "kube-proxy", namespace: "kube-system", labels: ["k8s-app": "kube-proxy"])
    var proxyContainer = Container(name: "kube-proxy", image: "registry.k8s.io/kube-proxy:\(version)")
    proxyContainer.command = ["/usr/local/bin/kube-proxy", "--config=/var/lib/kube-proxy/config.conf", "--hostname-override=$(NODE_NAME)"]
    var proxyPod = PodSpec(containers: [proxyContainer])
    proxyPod.hostNetwork = true
    proxyPod.priorityClassName = "system-node-critical"
    proxyPod.serviceAccountName = "kube-proxy"
    proxyPod.tolerations = [Toleration(operator: "Exists")]
    var proxySpec = DaemonSetSpec()
    proxySpec.selector = LabelSelector(matchLabels: ["k8s-app": "kube-proxy"])
    proxySpec.template = PodTemplateSpec(metadata: ObjectMeta(labels: ["k8s-app": "kube-proxy"]), spec: proxyPod)
    proxy.spec = proxySpec

    var dns = Container(name: "coredns", image: "registry.k8s.io/coredns/coredns:v1.11.3")
    dns.args = ["-conf", "/etc/coredns/Corefile"]
    dns.ports = [
      ContainerPort(containerPort: 53, name: "dns", protocol: "UDP"), ContainerPort(containerPort: 53, name: "dns-tcp"),
      ContainerPort(containerPort: 9153, name: "metrics"),
    ]
    dns.resources = ResourceRequirements(
      requests: ["cpu": .milli(100), "memory": Quantity(70 << 20, format: .binarySI)],
      limits: ["memory": Quantity(170 << 20, format: .binarySI)])
    // As kubeadm's CoreDNS manifest has them (the readiness probe's other fields defaulted).
    dns.livenessProbe = httpProbe(path: "/health", port: 8080, initialDelay: 60, timeout: 5, failures: 5)
    dns.readinessProbe = httpProbe(path: "/ready", port: 8181)
    var dnsPod = PodSpec(containers: [dns])
    dnsPod.dnsPolicy = "Default"
    dnsPod.priorityClassName = "system-cluster-critical"
    dnsPod.serviceAccountName = "coredns"
    dnsPod.nodeSelector = ["kubernetes.io/os": "linux"]
    dnsPod.tolerations = [
      Toleration(key: "CriticalAddonsOnly", operator: "Exists"),
      Toleration(key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule"),
    ]
    let coredns = deployment("coredns", namespace: "kube-system", labels: ["k8s-app": "kube-dns"], replicas: 2, pod: dnsPod)

    let kubeDNS = ServiceAllocator.kubeDNSService()
    // The service accounts the two run as, as kubeadm creates them.
    let accounts = ["kube-proxy", "coredns"].map { name in
      var account = ServiceAccount()
      account.metadata = ObjectMeta(name: name, namespace: "kube-system")
      return account
    }
    return accounts + [proxy, coredns, kubeDNS]
  }

  /// The study guide's workloads.
  static func seedWorkloads() -> [any KubeObject] {
    var nginx = Container(name: "nginx", image: "nginx:1.14", ports: [ContainerPort(containerPort: 80)])
    nginx.resources = ResourceRequirements(requests: ["cpu": .milli(100), "memory": Quantity(64 << 20, format: .binarySI)])
    let webserver = deployment("webserver", namespace: "default", labels: ["app": "webserver"], replicas: 2, pod: PodSpec(containers: [nginx]))

    var typo = Container(name: "nginx-container", image: "ningx:1.14", ports: [ContainerPort(containerPort: 80)])
    typo.imagePullPolicy = nil
    var centos = Container(name: "centos-container", image: "centos:7")
    centos.command = ["sleep", "10000"]
    let multiple = Pod(metadata: ObjectMeta(name: "multiple-pod", namespace: "default"), spec: PodSpec(containers: [typo, centos]))

    func labelled(_ name: String, image: String, labels: [String: String]) -> Pod {
      Pod(metadata: ObjectMeta(name: name, namespace: "default", labels: labels), spec: PodSpec(containers: [Container(name: name, image: image)]))
    }
    return [
      webserver, multiple,
      labelled("frontend-prod", image: "nginx:1.14", labels: ["app": "frontend", "env": "prod", "tier": "frontend"]),
      labelled("frontend-dev", image: "nginx:1.14", labels: ["app": "frontend", "env": "dev", "tier": "frontend"]),
      labelled("cache", image: "redis:7.2", labels: ["app": "cache", "env": "prod", "tier": "backend"]),
    ]
  }

  private static func deployment(_ name: String, namespace: String, labels: [String: String], replicas: Int32, pod: PodSpec) -> Deployment {
    var deployment = Deployment()
    deployment.metadata = ObjectMeta(name: name, namespace: namespace, labels: labels)
    var spec = DeploymentSpec()
    spec.replicas = replicas
    spec.selector = LabelSelector(matchLabels: labels)
    spec.template = PodTemplateSpec(metadata: ObjectMeta(labels: labels), spec: pod)
    deployment.spec = spec
    return deployment
  }

  private static func httpProbe(path: String, port: Int, initialDelay: Int32? = nil, timeout: Int32? = nil, failures: Int32? = nil) -> Probe {
    var probe = Probe()
    var action = HTTPGetAction()
    action.path = path
    action.port = .int(port)
    action.scheme = "HTTP"
    probe.httpGet = action
    probe.initialDelaySeconds = initialDelay
    probe.timeoutSeconds = timeout
    probe.successThreshold = timeout.map { _ in 1 }
    probe.failureThreshold = failures
    return probe
  }
}
