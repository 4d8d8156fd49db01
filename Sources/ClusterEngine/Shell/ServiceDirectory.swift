import KubeModel

/// Cluster DNS and service addresses as a pod sees them: names under
/// `<namespace>.svc.cluster.local`, ClusterIPs, and the ready pods behind each service.
///
/// Works from Service objects and their selectors over ready pods directly, so it needs no
/// Endpoints objects. A service without `spec.clusterIP` gets a stable address derived
/// from its name in 10.96.0.0/16 (the range kubeadm's default service CIDR starts with).
struct ServiceDirectory {
  /// The cluster DNS service's address (kube-dns in kube-system).
  static let dnsServer = "10.96.0.10"
  /// The `kubernetes` service's address, the first of the service range.
  static let apiServerIP = "10.96.0.1"
  static let clusterDomain = "cluster.local"

  let store: ObjectStore

  /// What a DNS name resolved to.
  struct Resolution {
    /// The fully qualified name (`web.default.svc.cluster.local`).
    var name: String
    var service: Service
    /// The ClusterIP, or the ready pods' IPs for a headless service.
    var addresses: [String]
  }

  /// Resolves `name` as a pod in `namespace` would through the search path
  /// `<ns>.svc.cluster.local svc.cluster.local cluster.local`.
  func resolve(_ name: String, from namespace: String) -> Resolution? {
    var host = name.lowercased()
    if host.hasSuffix(".") { host.removeLast() }
    let suffix = ".svc.\(Self.clusterDomain)"
    if host.hasSuffix("." + Self.clusterDomain), !host.hasSuffix(suffix) { return nil }
    if host.hasSuffix(suffix) { host.removeLast(suffix.count) } else if host.hasSuffix(".svc") { host.removeLast(4) }
    let parts = host.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    let serviceName: String
    let serviceNamespace: String
    switch parts.count {
    case 1: (serviceName, serviceNamespace) = (parts[0], namespace)
    case 2: (serviceName, serviceNamespace) = (parts[0], parts[1])
    default: return nil
    }
    guard let service = service(namespace: serviceNamespace, name: serviceName) else { return nil }
    let fqdn = "\(serviceName).\(serviceNamespace)\(suffix)"
    if let ip = clusterIP(of: service) { return Resolution(name: fqdn, service: service, addresses: [ip]) }
    let ips = readyEndpoints(of: service).compactMap(\.status?.podIP)
    return ips.isEmpty ? nil : Resolution(name: fqdn, service: service, addresses: ips)
  }

  /// The service, including the `kubernetes` service of the default namespace even when
  /// no object for it exists.
  func service(namespace: String, name: String) -> Service? {
    if let service = store.get(Service.self, namespace: namespace, name: name) { return service }
    guard namespace == "default", name == "kubernetes" else { return nil }
    var service = Service()
    service.metadata = ObjectMeta(name: "kubernetes", namespace: "default")
    var spec = ServiceSpec()
    spec.clusterIP = Self.apiServerIP
    var port = ServicePort(port: 443, targetPort: .int(6443), name: "https")
    port.protocol = "TCP"
    spec.ports = [port]
    service.spec = spec
    return service
  }

  /// The services of `namespace` (with the default namespace's `kubernetes` service).
  func services(in namespace: String) -> [Service] {
    var services = store.list(Service.self, namespace: namespace)
    if namespace == "default", !services.contains(where: { $0.name == "kubernetes" }),
      let api = service(namespace: "default", name: "kubernetes")
    {
      services.insert(api, at: 0)
    }
    return services
  }

  /// The service's ClusterIP: `spec.clusterIP` when set, nil for a headless service
  /// (`None`) or an ExternalName one, else a stable derived address.
  func clusterIP(of service: Service) -> String? {
    if service.spec?.type == "ExternalName" { return nil }
    if let ip = service.spec?.clusterIP, !ip.isEmpty { return ip == "None" ? nil : ip }
    let hash = SeededRandom.stableHash("\(service.namespace)/\(service.name)")
    let third = Int(hash % 256)
    let fourth = Int((hash >> 8) % 254) + 1
    // Keep clear of the addresses of the API server and of cluster DNS.
    let avoided = third == 0 && (fourth == 1 || fourth == 10)
    return "10.96.\(avoided ? 1 : third).\(fourth)"
  }

  /// The service whose ClusterIP is `ip`, if any.
  func service(withClusterIP ip: String) -> Service? {
    if ip == Self.apiServerIP { return service(namespace: "default", name: "kubernetes") }
    return store.all(Service.self).first { clusterIP(of: $0) == ip }
  }

  /// The ready, running pods the service's selector matches, sorted by name: the
  /// addresses an Endpoints object would list as ready.
  func readyEndpoints(of service: Service) -> [Pod] {
    guard let selector = service.spec?.selector, !selector.isEmpty else { return [] }
    let matching = Selector(matchingLabels: selector)
    return store.list(Pod.self, namespace: service.namespace).filter { pod in
      matching.matches(pod.metadata.labels) && pod.metadata.deletionTimestamp == nil
        && (pod.status?.podIP ?? "").isEmpty == false
        && pod.status?.condition("Ready")?.status == "True"
    }
  }

  /// The pod with IP `ip`, if any.
  func pod(withIP ip: String) -> Pod? {
    store.all(Pod.self).first { $0.status?.podIP == ip && $0.metadata.deletionTimestamp == nil }
  }
}

/// Which endpoint answers a connection to a service: round-robin over its ready pods, as
/// kube-proxy's IPVS mode does. Holds only the rotation; it reconciles nothing.
public final class ServiceProxy: ClusterComponent {
  private var next: [ObjectKey: Int] = [:]

  public init() {}

  public func attach(to cluster: Cluster) {}
  public var observedKinds: [any KubeObject.Type]? { [] }

  public func observe(_ event: StoreEvent) {}
  public var hasPendingWork: Bool { false }
  public func reconcile() {}

  /// The index of the endpoint, among `count`, that takes the next connection to `service`.
  func pick(among count: Int, for service: ObjectKey) -> Int {
    guard count > 0 else { return 0 }
    let index = (next[service] ?? 0) % count
    next[service] = index + 1
    return index
  }
}
