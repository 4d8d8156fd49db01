import KubeModel

/// Cluster DNS as CoreDNS's `kubernetes` plugin answers it, computed from the store:
/// `SERVICE.NAMESPACE.svc.cluster.local` is the ClusterIP, a headless service's name is
/// its ready endpoints' IPs, `HOST.SERVICE.NAMESPACE.svc.cluster.local` a named endpoint
/// (a StatefulSet pod), an ExternalName service a CNAME, and `A-B-C-D.NAMESPACE.pod.cluster.local`
/// the pod IP. A pure resolver: it holds nothing and can be built whenever a query comes.
public struct ClusterDNS {
  /// The cluster domain.
  public static let domain = "cluster.local"
  /// The cluster DNS service's address, the `nameserver` of every pod's resolv.conf.
  public static let serverIP = ServiceAllocator.dnsIP
  /// kubelet's resolv.conf `options ndots:5`.
  public static let ndots = 5

  /// What a name resolved to.
  public struct Answer: Hashable, Sendable {
    /// The fully qualified name that answered (`web.default.svc.cluster.local`).
    public var name: String
    /// A records: the ClusterIP, or a headless service's ready endpoint IPs.
    public var addresses: [String]
    /// The CNAME of an ExternalName service.
    public var canonicalName: String?
    /// The service the name belongs to, if any.
    public var service: ObjectKey?
  }

  public let store: ObjectStore

  public init(store: ObjectStore) {
    self.store = store
  }

  /// The search domains of a pod in `namespace` (`<ns>.svc.cluster.local svc.cluster.local cluster.local`).
  public static func searchPath(for namespace: String) -> [String] {
    ["\(namespace).svc.\(domain)", "svc.\(domain)", domain]
  }

  /// Resolves `name` as a pod in `namespace` would: a name ending in a dot, or with at
  /// least `ndots` dots, is tried as is first; otherwise each search domain is tried in
  /// turn, then the name as is. Nil is NXDOMAIN.
  public func lookup(_ name: String, from namespace: String) -> Answer? {
    var host = name.lowercased()
    if host.hasSuffix(".") {
      host.removeLast()
      return resolve(fullyQualified: host)
    }
    let dots = host.reduce(0) { $0 + ($1 == "." ? 1 : 0) }
    if dots >= Self.ndots, let answer = resolve(fullyQualified: host) { return answer }
    for domain in Self.searchPath(for: namespace) {
      if let answer = resolve(fullyQualified: "\(host).\(domain)") { return answer }
    }
    return dots >= Self.ndots ? nil : resolve(fullyQualified: host)
  }

  /// Resolves a fully qualified name (without the trailing dot).
  public func resolve(fullyQualified name: String) -> Answer? {
    let suffix = "." + Self.domain
    guard name.hasSuffix(suffix) else { return nil }
    let labels = name.dropLast(suffix.count).split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    if labels.count == 3, labels[2] == "pod" {
      let ip = labels[0].replacingOccurrences(of: "-", with: ".")
      return ServiceAllocator.parse(ip) == nil ? nil : Answer(name: name, addresses: [ip])
    }
    guard labels.count == 3 || labels.count == 4, labels.last == "svc" else { return nil }
    let serviceName = labels[labels.count - 3]
    let namespace = labels[labels.count - 2]
    guard let service = store.get(Service.self, namespace: namespace, name: serviceName) else { return nil }
    let key = ObjectKey(of: service)
    if labels.count == 4 {
      // A named endpoint of a headless service.
      guard service.spec?.clusterIP == "None" else { return nil }
      let ips = endpoints(of: key).filter { $0.hostname == labels[0] }.compactMap(\.ip)
      return ips.isEmpty ? nil : Answer(name: name, addresses: ips, service: key)
    }
    if service.spec?.type == "ExternalName" {
      guard let target = service.spec?.externalName, !target.isEmpty else { return nil }
      return Answer(name: name, addresses: [], canonicalName: target, service: key)
    }
    if let ip = service.spec?.clusterIP, !ip.isEmpty, ip != "None" {
      return Answer(name: name, addresses: [ip], service: key)
    }
    let ips = endpoints(of: key).compactMap(\.ip)
    return ips.isEmpty ? nil : Answer(name: name, addresses: ips, service: key)
  }

  /// The ready addresses of a service's Endpoints.
  func endpoints(of key: ObjectKey) -> [EndpointAddress] {
    guard let endpoints = store.get(Endpoints.self, key) else { return [] }
    return (endpoints.subsets ?? []).flatMap { $0.addresses ?? [] }
  }
}
