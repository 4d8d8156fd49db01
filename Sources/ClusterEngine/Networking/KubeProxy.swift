import KubeModel

/// The service proxy every node runs (kube-proxy), as one model: a connection to a
/// service's ClusterIP, its DNS name or a node port is answered by one of the service's
/// ready endpoints, round-robin, and the last answers are remembered for the service view.
///
/// It reads the Endpoints objects the `EndpointsController` keeps, so it follows readiness
/// exactly as kube-proxy does, and it keeps working when the control plane is down.
public final class KubeProxy: ClusterComponent, NodeLocalComponent {
  /// How many answers per service are remembered.
  public static let recentLimit = 20
  static let clusterIPIndex = "kube-proxy.cluster-ip"
  static let nodePortIndex = "kube-proxy.node-port"

  /// One request and the endpoint that answered it.
  public struct Answer: Hashable, Sendable {
    public var service: ObjectKey
    /// The pod that answered.
    public var pod: ObjectKey
    public var ip: String
    public var port: Int32
    public var node: String?
    /// When, in virtual microseconds since the cluster started.
    public var micros: Int64
  }

  /// Why a request found no endpoint.
  public enum RouteError: Error, Hashable, Sendable, CustomStringConvertible {
    /// No service by that name, address or node port.
    case noService(String)
    /// The service has no such port.
    case noPort(service: ObjectKey, port: Int32)
    /// No ready endpoint (kube-proxy rejects the connection).
    case noEndpoints(ObjectKey)

    public var description: String {
      switch self {
      case .noService(let name): return "services \"\(name)\" not found"
      case .noPort(let service, let port): return "service \"\(service.name)\" has no port \(port)"
      case .noEndpoints(let service): return "no endpoints available for service \"\(service.name)\""
      }
    }
  }

  private unowned var cluster: Cluster?
  private var next: [String: Int] = [:]
  private var recent: [ObjectKey: [Answer]] = [:]

  public init() {}

  public func attach(to cluster: Cluster) {
    self.cluster = cluster
    cluster.store.addIndex(Service.self, Self.clusterIPIndex) { service in
      guard let ip = service.spec?.clusterIP, !ip.isEmpty, ip != "None" else { return [] }
      return [ip]
    }
    cluster.store.addIndex(Service.self, Self.nodePortIndex) { service in
      (service.spec?.ports ?? []).compactMap { $0.nodePort.map(String.init) }
    }
  }

  public var observedKinds: [any KubeObject.Type]? { [Service.self] }

  public func observe(_ event: StoreEvent) {
    guard event.type == .deleted, let service = event.object(as: Service.self) else { return }
    recent[ObjectKey(of: service)] = nil
  }

  public var hasPendingWork: Bool { false }
  public func reconcile() {}

  /// Sends one request to `service` in `namespace` on `port` (its first port when nil).
  @discardableResult
  public func route(namespace: String, service name: String, port: Int32? = nil) throws(RouteError) -> Answer {
    guard let service = cluster?.store.get(Service.self, namespace: namespace, name: name) else {
      throw .noService(name)
    }
    return try route(service, port: port)
  }

  /// Sends one request to a ClusterIP and port.
  @discardableResult
  public func route(clusterIP ip: String, port: Int32) throws(RouteError) -> Answer {
    guard let store = cluster?.store,
      let service = store.objects(Service.self, index: Self.clusterIPIndex, value: ip).first
    else { throw .noService(ip) }
    return try route(service, port: port)
  }

  /// Sends one request to a node port (on any node, as kube-proxy listens on all of them).
  @discardableResult
  public func route(nodePort: Int32) throws(RouteError) -> Answer {
    guard let store = cluster?.store,
      let service = store.objects(Service.self, index: Self.nodePortIndex, value: String(nodePort)).first
    else { throw .noService(String(nodePort)) }
    let servicePort = service.spec?.ports?.first { $0.nodePort == nodePort }
    return try route(service, port: servicePort?.port)
  }

  /// The last answers of a service, oldest first.
  public func recentAnswers(namespace: String, service: String) -> [Answer] {
    recent[ObjectKey(namespace: namespace, name: service)] ?? []
  }

  /// The ready endpoints a request to `service` on `port` can reach: pod, IP and target port.
  public func endpoints(of service: Service, port: Int32?) throws(RouteError) -> [(pod: ObjectKey, ip: String, port: Int32, node: String?)] {
    let key = ObjectKey(of: service)
    let ports = service.spec?.ports ?? []
    guard let servicePort = port.map({ number in ports.first { $0.port == number } }) ?? ports.first else {
      throw .noPort(service: key, port: port ?? 0)
    }
    guard let endpoints = cluster?.store.get(Endpoints.self, key) else { return [] }
    var result: [(pod: ObjectKey, ip: String, port: Int32, node: String?)] = []
    for subset in endpoints.subsets ?? [] {
      guard let target = (subset.ports ?? []).first(where: { $0.name == servicePort.name }) ?? subset.ports?.first,
        let number = target.port
      else { continue }
      for address in subset.addresses ?? [] {
        guard let ip = address.ip else { continue }
        let pod = ObjectKey(namespace: address.targetRef?.namespace ?? key.namespace, name: address.targetRef?.name ?? ip)
        result.append((pod, ip, number, address.nodeName))
      }
    }
    return result
  }

  private func route(_ service: Service, port: Int32?) throws(RouteError) -> Answer {
    let key = ObjectKey(of: service)
    let candidates = try endpoints(of: service, port: port)
    guard !candidates.isEmpty else { throw .noEndpoints(key) }
    let rotation = "\(key)\u{0}\(port ?? 0)"
    let index = (next[rotation] ?? 0) % candidates.count
    next[rotation] = index + 1
    let chosen = candidates[index]
    let answer = Answer(
      service: key, pod: chosen.pod, ip: chosen.ip, port: chosen.port, node: chosen.node,
      micros: cluster?.clock.micros ?? 0)
    var answers = recent[key] ?? []
    answers.append(answer)
    if answers.count > Self.recentLimit { answers.removeFirst(answers.count - Self.recentLimit) }
    recent[key] = answers
    return answer
  }
}
