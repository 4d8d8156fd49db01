import KubeModel

/// What the dashboard reads about simulated traffic and the etcd members.
extension EmbeddedCluster {
  /// The synthetic load on a service, its ready endpoints with their shares, and the pods
  /// that answered the last requests (synthetic ones and those sent from pod shells).
  public func serviceLoad(namespace: String, service: String) async throws -> ServiceLoadStatus {
    try withCluster { (cluster: Cluster) throws(Status) -> ServiceLoadStatus in
      try cluster.serviceLoadStatus(namespace: namespace, service: service)
    }
  }

  /// The etcd members: healthy or down, and the leader.
  public func controlPlaneStatus() async -> ControlPlaneStatus {
    withCluster { cluster in cluster.controlPlaneStatus }
  }
}

extension Cluster {
  /// How many answered requests the service view lists.
  static let recentAnswerLimit = 10

  /// Sends `requestsPerSecond` to a service from now on; 0 stops the load.
  ///
  /// - Throws: `services "NAME" not found`, or a bad request for a negative or non-finite rate.
  public func setServiceLoad(namespace: String, service: String, requestsPerSecond: Double) throws(Status) {
    guard requestsPerSecond.isFinite, requestsPerSecond >= 0 else {
      throw Status.badRequest("invalid request rate \(requestsPerSecond): it must be 0 or more requests per second")
    }
    guard store.get(Service.self, namespace: namespace, name: service) != nil else {
      throw Status.notFound(.services, name: service)
    }
    guard let traffic = component(ServiceTraffic.self) else {
      throw Status.unavailable("no simulated traffic is running")
    }
    traffic.setLoad(namespace: namespace, service: service, requestsPerSecond: requestsPerSecond)
  }

  /// The load, endpoints and recent answers of a service.
  public func serviceLoadStatus(namespace: String, service name: String) throws(Status) -> ServiceLoadStatus {
    guard let service = store.get(Service.self, namespace: namespace, name: name) else {
      throw Status.notFound(.services, name: name)
    }
    let traffic = component(ServiceTraffic.self)
    let proxy = component(KubeProxy.self)
    let shares = traffic?.shares(namespace: namespace, service: name) ?? [:]
    var endpoints: [ServiceLoadStatus.Endpoint] = []
    var ips: [ObjectKey: String] = [:]
    if let ready = try? proxy?.endpoints(of: service, port: nil) {
      for endpoint in ready {
        ips[endpoint.pod] = endpoint.ip
        endpoints.append(
          .init(pod: endpoint.pod.name, ip: endpoint.ip, node: endpoint.node, requestsPerSecond: shares[endpoint.pod] ?? 0))
      }
    }
    endpoints.sort { $0.pod < $1.pod }
    let epoch = clock.epochSeconds * 1_000_000
    var answers: [ServiceLoadStatus.Answer] = (traffic?.recentRequests(namespace: namespace, service: name, limit: Self.recentAnswerLimit) ?? [])
      .map { .init(pod: $0.pod.name, ip: ips[$0.pod] ?? "", time: MicroTime(micros: epoch + $0.micros)) }
    answers += (proxy?.recentAnswers(namespace: namespace, service: name) ?? [])
      .map { .init(pod: $0.pod.name, ip: $0.ip, time: MicroTime(micros: epoch + $0.micros)) }
    answers.sort { $0.time < $1.time }
    return ServiceLoadStatus(
      namespace: namespace, service: name,
      requestsPerSecond: traffic?.requestsPerSecond(namespace: namespace, service: name) ?? 0,
      endpoints: endpoints, recentAnswers: Array(answers.suffix(Self.recentAnswerLimit)))
  }

  /// The etcd members as the dashboard shows them.
  public var controlPlaneStatus: ControlPlaneStatus {
    guard let controlPlane = component(ControlPlane.self) else { return ControlPlaneStatus(members: [], hasQuorum: true) }
    return ControlPlaneStatus(
      members: controlPlane.members().map { .init(node: $0.node, healthy: $0.healthy, leader: $0.leader) },
      hasQuorum: controlPlane.hasQuorum)
  }
}
