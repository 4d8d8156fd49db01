/// The simulated traffic on one service as the service view shows it: the offered rate,
/// the endpoints it is spread over, and which pods answered the most recent requests.
public struct ServiceLoadStatus: Hashable, Sendable {
  /// One endpoint of the service and the share of the traffic it serves.
  public struct Endpoint: Hashable, Sendable {
    public var pod: String
    public var ip: String
    public var node: String?
    /// Requests per second this endpoint answers.
    public var requestsPerSecond: Double

    public init(pod: String, ip: String, node: String?, requestsPerSecond: Double) {
      self.pod = pod
      self.ip = ip
      self.node = node
      self.requestsPerSecond = requestsPerSecond
    }
  }

  /// One answered request, newest last.
  public struct Answer: Hashable, Sendable {
    public var pod: String
    public var ip: String
    /// When, in virtual time.
    public var time: MicroTime

    public init(pod: String, ip: String, time: MicroTime) {
      self.pod = pod
      self.ip = ip
      self.time = time
    }
  }

  public var namespace: String
  public var service: String
  /// Requests per second offered to the service (0: no synthetic load).
  public var requestsPerSecond: Double
  /// The ready endpoints, by pod name.
  public var endpoints: [Endpoint]
  /// The last requests and the pods that answered them, round-robin, oldest first.
  public var recentAnswers: [Answer]

  public init(
    namespace: String, service: String, requestsPerSecond: Double, endpoints: [Endpoint], recentAnswers: [Answer]
  ) {
    self.namespace = namespace
    self.service = service
    self.requestsPerSecond = requestsPerSecond
    self.endpoints = endpoints
    self.recentAnswers = recentAnswers
  }
}

/// The control plane's etcd members as the dashboard shows them.
public struct ControlPlaneStatus: Hashable, Sendable {
  /// One etcd member, on its control-plane node.
  public struct Member: Hashable, Sendable {
    public var node: String
    public var healthy: Bool
    public var leader: Bool

    public init(node: String, healthy: Bool, leader: Bool) {
      self.node = node
      self.healthy = healthy
      self.leader = leader
    }
  }

  public var members: [Member]
  /// A majority of members is up: writes are accepted and the controllers run.
  public var hasQuorum: Bool

  public init(members: [Member], hasQuorum: Bool) {
    self.members = members
    self.hasQuorum = hasQuorum
  }

  /// `etcd 2/3 leader control-plane2` or `etcd 1/3 NO QUORUM`.
  public var summary: String {
    let healthy = members.filter(\.healthy).count
    let leader = members.first(where: \.leader)?.node
    return "etcd \(healthy)/\(members.count) " + (hasQuorum ? "leader \(leader ?? "electing")" : "NO QUORUM")
  }
}
