import KubeModel

/// The API server's Service allocators: ClusterIPs from the service CIDR (10.96.0.0/12)
/// and node ports from 30000–32767, reserved when a Service is created or changed and
/// released when it goes, with upstream's refusals (`provided IP is already allocated`,
/// `provided port is already allocated`).
///
/// As upstream, dynamic allocations come from the upper part of each range (seeded
/// random), leaving the lower part (the first 256 addresses, the first 86 ports) to
/// fixed requests such as `10.96.0.1` (`kubernetes`) and `10.96.0.10` (`kube-dns`). When
/// installed it also creates those two services, as the API server and kubeadm do, if
/// they do not exist yet.
public final class ServiceAllocator: ClusterComponent, AdmissionPlugin {
  /// The service CIDR.
  public static let serviceCIDR = "10.96.0.0/12"
  static let base: UInt32 = 0x0A60_0000
  static let size: UInt32 = 1 << 20
  /// Addresses below this offset are only handed out on request (`ServiceIPStaticSubrange`).
  static let staticBand: UInt32 = 256
  /// The node port range.
  public static let nodePorts: ClosedRange<Int32> = 30000...32767
  static let staticPortBand: Int32 = 86
  /// `kubernetes` in default and `kube-dns` in kube-system.
  public static let apiServerIP = "10.96.0.1"
  public static let dnsIP = "10.96.0.10"

  private unowned var cluster: Cluster?
  private var ipOwner: [UInt32: ObjectKey] = [:]
  private var portOwner: [Int32: ObjectKey] = [:]
  private var ipsOf: [ObjectKey: Set<UInt32>] = [:]
  private var portsOf: [ObjectKey: Set<Int32>] = [:]
  private var defaultsPending = true

  public init() {}

  public func attach(to cluster: Cluster) {
    self.cluster = cluster
    cluster.api.admissionPlugins.append(self)
    for service in cluster.store.all(Service.self) { record(service) }
  }

  public var observedKinds: [any KubeObject.Type]? { [Namespace.self, Service.self] }

  public func observe(_ event: StoreEvent) {
    if event.type == .added, let namespace = event.object(as: Namespace.self),
      namespace.name == "default" || namespace.name == "kube-system"
    {
      defaultsPending = true
    }
    guard let service = event.object(as: Service.self) else { return }
    if event.type == .deleted { release(ObjectKey(of: service)) } else { record(service) }
    // The API server's bootstrap controller puts the `kubernetes` service back on its
    // next pass (every 10 s).
    if event.type == .deleted, service.namespace == "default", service.name == "kubernetes" {
      cluster?.schedule(after: Self.bootstrapIntervalSeconds) { [weak self] cluster in self?.ensureKubernetesService(cluster) }
    }
  }

  /// How often kube-apiserver's bootstrap controller checks the `kubernetes` service.
  static let bootstrapIntervalSeconds = 10.0

  public var hasPendingWork: Bool { defaultsPending }

  public func reconcile() {
    defaultsPending = false
    if let cluster { createDefaultServices(cluster) }
  }

  // MARK: Admission

  public func admit<T: KubeObject>(_ object: inout T, old: T?, dryRun: Bool) throws(Status) {
    guard var service = exactly(object, as: Service.self) else { return }
    try allocate(&service, old: old.flatMap { exactly($0, as: Service.self) }, dryRun: dryRun)
    if let typed = exactly(service, as: T.self) { object = typed }
  }

  private func allocate(_ service: inout Service, old: Service?, dryRun: Bool) throws(Status) {
    let key = ObjectKey(of: service)
    var spec = service.spec ?? ServiceSpec()
    let type = spec.type ?? "ClusterIP"
    var errors: [ValidationError] = []
    // An update that leaves the allocated values out keeps them (`patchAllocatedValues`).
    if let old = old?.spec, old.type != "ExternalName", type != "ExternalName" {
      if (spec.clusterIP ?? "").isEmpty { spec.clusterIP = old.clusterIP }
      if (spec.clusterIPs ?? []).isEmpty { spec.clusterIPs = old.clusterIPs }
    }
    var ip: UInt32?
    if type == "ExternalName" {
      spec.clusterIP = nil
      spec.clusterIPs = nil
    } else if spec.clusterIP == "None" {
      spec.clusterIPs = ["None"]
    } else if let requested = spec.clusterIP ?? spec.clusterIPs?.first, !requested.isEmpty {
      let field = FieldPath("spec", "clusterIPs")
      let bad = ValidationError.BadValue.json("[]string{\"\(requested)\"}")
      if let address = Self.parse(requested), address >= Self.base, address - Self.base > 0,
        address - Self.base < Self.size - 1
      {
        if let owner = ipOwner[address], owner != key {
          errors.append(.invalid(field, bad, "failed to allocate IP \(requested): provided IP is already allocated"))
        }
        ip = address
      } else {
        errors.append(
          .invalid(
            field, bad,
            "failed to allocate IP \(requested): the provided IP (\(requested)) is not in the valid range. The range of valid IPs is \(Self.serviceCIDR)"
          ))
      }
    } else if let address = freeAddress() {
      ip = address
    } else {
      errors.append(
        .invalid(FieldPath("spec", "clusterIPs"), .omitted, "failed to allocate a serviceIP: range is full"))
    }
    if let ip {
      spec.clusterIP = Self.format(ip)
      spec.clusterIPs = [Self.format(ip)]
    }
    var ports: [Int32] = []
    if type == "NodePort" || type == "LoadBalancer" {
      let oldPorts = old?.spec?.ports ?? []
      var taken = Set<Int32>()
      for index in (spec.ports ?? []).indices {
        var port = spec.ports?[index] ?? ServicePort()
        if port.nodePort == nil || port.nodePort == 0,
          let previous = oldPorts.first(where: { $0.port == port.port && $0.protocol == port.protocol })?.nodePort
        {
          port.nodePort = previous
        }
        let field = FieldPath("spec", "ports").index(index).child("nodePort")
        if let requested = port.nodePort, requested != 0 {
          if !Self.nodePorts.contains(requested) {
            errors.append(
              .invalid(
                field, .integer(Int64(requested)),
                "provided port is not in the valid range. The range of valid ports is \(Self.nodePorts.lowerBound)-\(Self.nodePorts.upperBound)"
              ))
          } else if (portOwner[requested].map { $0 != key } ?? false) || taken.contains(requested) {
            errors.append(.invalid(field, .integer(Int64(requested)), "provided port is already allocated"))
          }
        } else if let free = freePort(excluding: taken) {
          port.nodePort = free
        } else {
          errors.append(.invalid(field, .omitted, "failed to allocate a nodePort: range is full"))
        }
        if let nodePort = port.nodePort {
          taken.insert(nodePort)
          ports.append(nodePort)
        }
        spec.ports?[index] = port
      }
    } else {
      spec.ports = spec.ports?.map {
        var port = $0
        port.nodePort = nil
        return port
      }
      // What only an externally reachable service has goes with its node ports (the
      // registry's dropping of type-dependent fields).
      spec.externalTrafficPolicy = nil
      spec.healthCheckNodePort = nil
    }
    if spec.type != "LoadBalancer" { spec.allocateLoadBalancerNodePorts = nil }
    if !errors.isEmpty { throw Status.invalid(.services, name: service.name, errors: errors) }
    service.spec = spec
    guard !dryRun else { return }
    release(key)
    if let ip { claim(ip: ip, for: key) }
    for port in ports { claim(port: port, for: key) }
  }

  // MARK: Bookkeeping

  private func record(_ service: Service) {
    let key = ObjectKey(of: service)
    release(key)
    if let text = service.spec?.clusterIP, let ip = Self.parse(text) { claim(ip: ip, for: key) }
    for port in service.spec?.ports ?? [] {
      if let nodePort = port.nodePort, nodePort != 0 { claim(port: nodePort, for: key) }
    }
  }

  private func claim(ip: UInt32, for key: ObjectKey) {
    ipOwner[ip] = key
    ipsOf[key, default: []].insert(ip)
  }

  private func claim(port: Int32, for key: ObjectKey) {
    portOwner[port] = key
    portsOf[key, default: []].insert(port)
  }

  private func release(_ key: ObjectKey) {
    for ip in ipsOf.removeValue(forKey: key) ?? [] where ipOwner[ip] == key { ipOwner[ip] = nil }
    for port in portsOf.removeValue(forKey: key) ?? [] where portOwner[port] == key { portOwner[port] = nil }
  }

  /// A free address, seeded random in the dynamic band first, then in the static band.
  private func freeAddress() -> UInt32? {
    let dynamic = Self.size - 2 - Self.staticBand
    let start = UInt32((cluster?.random.next() ?? 0) % UInt64(dynamic))
    for step in 0..<dynamic {
      let offset = Self.staticBand + 1 + (start + step) % dynamic
      if ipOwner[Self.base + offset] == nil { return Self.base + offset }
    }
    return (1...Self.staticBand).lazy.map { Self.base + $0 }.first { self.ipOwner[$0] == nil }
  }

  private func freePort(excluding taken: Set<Int32>) -> Int32? {
    let low = Self.nodePorts.lowerBound
    let dynamic = Int32(Self.nodePorts.count) - Self.staticPortBand
    let start = Int32((cluster?.random.next() ?? 0) % UInt64(dynamic))
    let candidates = (0..<dynamic).lazy.map { low + Self.staticPortBand + (start + $0) % dynamic }
    let free = { (port: Int32) in self.portOwner[port] == nil && !taken.contains(port) }
    return candidates.first(where: free) ?? (low..<(low + Self.staticPortBand)).first(where: free)
  }

  /// The service whose ClusterIP is `ip`.
  public func service(withClusterIP ip: String) -> ObjectKey? {
    Self.parse(ip).flatMap { ipOwner[$0] }
  }

  /// The service owning node port `port`.
  public func service(withNodePort port: Int32) -> ObjectKey? { portOwner[port] }

  // MARK: Defaults

  /// Creates `default/kubernetes` when the namespace is there and the service is not.
  private func ensureKubernetesService(_ cluster: Cluster) {
    guard cluster.store.get(Namespace.self, name: "default") != nil,
      cluster.store.get(Service.self, namespace: "default", name: "kubernetes") == nil
    else { return }
    _ = try? cluster.api.create(Self.kubernetesService())
  }

  /// `default/kubernetes`, the API server's own service (the demo cluster creates it too).
  static func kubernetesService() -> Service {
    var service = Service()
    service.metadata = ObjectMeta(
      name: "kubernetes", namespace: "default", labels: ["component": "apiserver", "provider": "kubernetes"])
    var spec = ServiceSpec()
    spec.clusterIP = Self.apiServerIP
    spec.ports = [ServicePort(port: 443, targetPort: .int(6443), name: "https")]
    service.spec = spec
    return service
  }

  /// `kube-system/kube-dns` as kubeadm creates it: marked a cluster service (so
  /// `kubectl cluster-info` lists it), selecting CoreDNS's pods.
  static func kubeDNSService() -> Service {
    var service = Service()
    let labels = ["k8s-app": "kube-dns", "kubernetes.io/cluster-service": "true", "kubernetes.io/name": "CoreDNS"]
    service.metadata = ObjectMeta(
      name: "kube-dns", namespace: "kube-system", labels: labels,
      annotations: ["prometheus.io/port": "9153", "prometheus.io/scrape": "true"])
    var spec = ServiceSpec()
    spec.clusterIP = Self.dnsIP
    spec.selector = ["k8s-app": "kube-dns"]
    spec.ports = [
      ServicePort(port: 53, targetPort: .int(53), protocol: "UDP", name: "dns"),
      ServicePort(port: 53, targetPort: .int(53), protocol: "TCP", name: "dns-tcp"),
      ServicePort(port: 9153, targetPort: .int(9153), protocol: "TCP", name: "metrics"),
    ]
    service.spec = spec
    return service
  }

  private func createDefaultServices(_ cluster: Cluster) {
    ensureKubernetesService(cluster)
    if cluster.store.get(Namespace.self, name: "kube-system") != nil,
      cluster.store.get(Service.self, namespace: "kube-system", name: "kube-dns") == nil
    {
      _ = try? cluster.api.create(Self.kubeDNSService())
    }
  }

  // MARK: Addresses

  /// `a.b.c.d` as a number.
  static func parse(_ text: String) -> UInt32? {
    let parts = text.split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count == 4 else { return nil }
    var value: UInt32 = 0
    for part in parts {
      guard let byte = UInt8(part) else { return nil }
      value = value << 8 | UInt32(byte)
    }
    return value
  }

  /// A number as `a.b.c.d`.
  static func format(_ value: UInt32) -> String {
    "\(value >> 24).\(value >> 16 & 0xFF).\(value >> 8 & 0xFF).\(value & 0xFF)"
  }
}
