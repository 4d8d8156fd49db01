import KubeModel

/// Receives the extra CPU that traffic puts on a pod. The workload model conforms (its
/// `setLoad(namespace:pod:millicores:now:)` has this shape), so traffic shows in the
/// pods' metrics, their meters and what the autoscaler reads.
public protocol PodLoadSink: AnyObject {
  /// Puts `millicores` of extra CPU demand on a pod; 0 removes it.
  func setLoad(namespace: String, pod: String, millicores: Double, now micros: Int64)
}

/// Simulated traffic: requests per second sent to a service, spread evenly over its ready
/// endpoints, each request costing its pod a seeded, plausible amount of CPU (about 1
/// millicore per request per second for nginx). The spread follows the Endpoints objects,
/// so new replicas take their share as soon as they are ready, as behind kube-proxy.
/// Simulated: nothing is really served.
public final class ServiceTraffic: ClusterComponent, NodeLocalComponent {
  /// Receives every change of a pod's traffic load.
  public var loadSink: (any PodLoadSink)?

  private unowned var cluster: Cluster?
  private var rates: [ObjectKey: Double] = [:]
  /// When each service's current rate was set, in virtual microseconds.
  private var ratesSetAt: [ObjectKey: Int64] = [:]
  /// The rate and load (millicores) each service puts on each of its pods.
  private var shares: [ObjectKey: [ObjectKey: (rate: Double, load: Double)]] = [:]
  private var servicesOfPod: [ObjectKey: Set<ObjectKey>] = [:]
  private var podLoads: [ObjectKey: Double] = [:]
  private var podRates: [ObjectKey: Double] = [:]
  private var dirty: Set<ObjectKey> = []
  /// The requests per second pods' own loops send to each service (a load generator's
  /// `while sleep 0.01; do wget -q -O- http://php-apache; done`), by pod.
  private var generated: [ObjectKey: [ObjectKey: Double]] = [:]

  public init() {}

  public func attach(to cluster: Cluster) {
    self.cluster = cluster
  }

  public var observedKinds: [any KubeObject.Type]? { [Endpoints.self, Pod.self] }

  public func observe(_ event: StoreEvent) {
    if event.readingPod({ notePod($0, deleted: event.type == .deleted) }) { return }
    guard let endpoints = event.object(as: Endpoints.self) else { return }
    let key = ObjectKey(of: endpoints)
    if totalRate(key) > 0 { dirty.insert(key) }
  }

  /// Follows the requests a pod's running containers send to services in a loop.
  private func notePod(_ changed: UnsafePointer<Pod>, deleted: Bool) {
    // A pod's commands never change: one that cannot request a service never could (read
    // in place: nearly every pod is passed over here, on every change).
    guard Self.mayRequest(changed) else { return }
    let pod = changed.pointee
    let key = pod.key
    let now = deleted || pod.metadata.deletionTimestamp != nil ? [:] : requestRates(of: pod)
    let before = generated[key] ?? [:]
    guard now != before else { return }
    generated[key] = now.isEmpty ? nil : now
    dirty.formUnion(before.keys)
    dirty.formUnion(now.keys)
  }

  /// Whether a container of `pod` runs a command that could request a service (cheap:
  /// most pods run their image's own program).
  private static func mayRequest(_ pod: UnsafePointer<Pod>) -> Bool {
    guard let containers = pod.pointee.specContainers else { return false }
    for index in containers.indices {
      if containers[index].command?.contains(where: namesHTTPClient) == true { return true }
      if containers[index].args?.contains(where: namesHTTPClient) == true { return true }
    }
    return false
  }

  /// The commands that send HTTP requests, as bytes.
  private static let httpClients = ScriptPlan.httpClients.map { Array($0.utf8) }

  /// Whether `text` has `wget` or `curl` as a word (letters between non-letters), read
  /// from its UTF-8 bytes in place: Foundation's substring search cost thousands of
  /// instructions a call, and so did gathering each word into an array.
  private static func namesHTTPClient(_ text: String) -> Bool {
    var text = text
    return text.withUTF8 { bytes in
      var start = 0
      for end in 0...bytes.count {
        // ASCII letters are the bytes that fold into a…z with the case bit set.
        if end < bytes.count, case 97...122 = bytes[end] | 0x20 { continue }
        if end > start {
          let word = UnsafeBufferPointer(rebasing: bytes[start..<end])
          if httpClients.contains(where: { $0.elementsEqual(word) }) { return true }
        }
        start = end + 1
      }
      return false
    }
  }

  /// The requests per second each running container of `pod` sends to services, summed.
  private func requestRates(of pod: Pod) -> [ObjectKey: Double] {
    guard let cluster else { return [:] }
    var rates: [ObjectKey: Double] = [:]
    for container in pod.spec?.containers ?? [] {
      let running = pod.status?.containerStatuses?.first { $0.name == container.name }?.state?.running != nil
      guard running, let plan = ScriptPlan.parse((container.command ?? []) + (container.args ?? [])) else { continue }
      for (host, rate) in plan.requestRates {
        guard let service = Self.service(named: host, from: pod.namespace, in: cluster.store) else { continue }
        rates[service, default: 0] += rate
      }
    }
    return rates
  }

  /// The service a host name or address names, as a pod in `namespace` reaches it (its
  /// cluster IP, or a name cluster DNS resolves).
  static func service(named host: String, from namespace: String, in store: ObjectStore) -> ObjectKey? {
    let directory = ServiceDirectory(store: store)
    let service =
      host.first?.isNumber == true ? directory.service(withClusterIP: host) : directory.resolve(host, from: namespace)?.service
    return service.map { ObjectKey(of: $0) }
  }

  /// The requests per second a service receives: the synthetic load and its pods' loops.
  private func totalRate(_ key: ObjectKey) -> Double {
    var total = rates[key] ?? 0
    for (_, targets) in generated.sorted(by: { $0.key < $1.key }) { total += targets[key] ?? 0 }
    return total
  }

  public var hasPendingWork: Bool { !dirty.isEmpty }

  public func reconcile() {
    let keys = dirty.sorted()
    dirty.removeAll()
    for key in keys { spread(key) }
  }

  /// Sends `requestsPerSecond` to a service from now on (0 stops the traffic).
  public func setLoad(namespace: String, service: String, requestsPerSecond: Double) {
    let key = ObjectKey(namespace: namespace, name: service)
    rates[key] = requestsPerSecond > 0 ? requestsPerSecond : nil
    ratesSetAt[key] = requestsPerSecond > 0 ? cluster?.clock.micros : nil
    spread(key)
  }

  /// The requests per second sent to a service.
  public func requestsPerSecond(namespace: String, service: String) -> Double {
    totalRate(ObjectKey(namespace: namespace, name: service))
  }

  /// The requests per second a pod serves, over all services.
  public func requestsPerSecond(namespace: String, pod: String) -> Double {
    podRates[ObjectKey(namespace: namespace, name: pod)] ?? 0
  }

  /// The CPU millicores traffic costs a pod now.
  public func load(namespace: String, pod: String) -> Double {
    podLoads[ObjectKey(namespace: namespace, name: pod)] ?? 0
  }

  /// The requests per second each pod answers for a service, by pod.
  public func shares(namespace: String, service: String) -> [ObjectKey: Double] {
    (shares[ObjectKey(namespace: namespace, name: service)] ?? [:]).mapValues(\.rate)
  }

  /// The last `limit` synthetic requests to a service, oldest first: request `n` since the
  /// rate was set went to the `n`-th pod of the endpoints in name order, round-robin as
  /// kube-proxy spreads them, at even intervals of `1 / rate`.
  public func recentRequests(namespace: String, service: String, limit: Int) -> [(pod: ObjectKey, micros: Int64)] {
    let key = ObjectKey(namespace: namespace, name: service)
    guard let rate = rates[key], let setAt = ratesSetAt[key], let cluster, limit > 0 else { return [] }
    let pods = (shares[key] ?? [:]).keys.sorted()
    guard !pods.isEmpty else { return [] }
    let interval = max(Int64((1_000_000 / rate).rounded()), 1)
    let sent = (cluster.clock.micros - setAt) / interval
    guard sent > 0 else { return [] }
    return (max(sent - Int64(limit), 0)..<sent).map { index in
      (pods[Int(index % Int64(pods.count))], setAt + (index + 1) * interval)
    }
  }

  /// Services with traffic, and their rates.
  public var loadedServices: [(service: ObjectKey, requestsPerSecond: Double)] {
    Set(rates.keys).union(generated.values.flatMap(\.keys)).sorted().map { ($0, totalRate($0)) }
  }

  /// CPU millicores one request per second costs a container of `image`: about 1 for a
  /// web server, less for a cache, more for anything else; seeded ±15 % per image.
  public static func millicoresPerRequest(image: String, seed: UInt64) -> Double {
    let repository = image.split(separator: "@").first.map { $0.split(separator: ":").first ?? $0 } ?? ""
    let name = repository.split(separator: "/").last.map(String.init) ?? ""
    let base: Double
    switch name {
    case "nginx", "httpd", "caddy", "traefik", "haproxy", "echoserver", "agnhost": base = 1.0
    case "redis", "memcached", "valkey": base = 0.3
    // The autoscaling walkthrough's PHP page computes square roots for every request.
    case "hpa-example": base = 10
    default: base = 2.0
    }
    let jitter = SeededRandom.unit(hashing: seed, SeededRandom.stableHash(String(repository)))
    return base * (0.85 + 0.3 * jitter)
  }

  /// Re-spreads a service's rate over its ready endpoints and tells the sink about every
  /// pod whose load changed.
  private func spread(_ key: ObjectKey) {
    guard let cluster else { return }
    var perPod: [ObjectKey: (rate: Double, load: Double)] = [:]
    let rate = totalRate(key)
    if rate > 0, let endpoints = cluster.store.get(Endpoints.self, key) {
      let pods = Set(
        (endpoints.subsets ?? []).flatMap { $0.addresses ?? [] }.compactMap { address in
          address.targetRef?.name.map { ObjectKey(namespace: address.targetRef?.namespace ?? key.namespace, name: $0) }
        })
      for pod in pods {
        let image = cluster.store.get(Pod.self, pod)?.spec?.containers?.first?.image ?? ""
        let share = rate / Double(pods.count)
        perPod[pod] = (share, share * Self.millicoresPerRequest(image: image, seed: cluster.configuration.seed))
      }
    }
    let touched = Set(shares[key]?.keys ?? [:].keys).union(perPod.keys)
    shares[key] = perPod.isEmpty ? nil : perPod
    for pod in touched.sorted() {
      var services = servicesOfPod[pod] ?? []
      if perPod[pod] == nil { services.remove(key) } else { services.insert(key) }
      servicesOfPod[pod] = services.isEmpty ? nil : services
      let before = podLoads[pod] ?? 0
      let sorted = services.sorted()
      let load = sorted.reduce(0) { $0 + (shares[$1]?[pod]?.load ?? 0) }
      let rate = sorted.reduce(0) { $0 + (shares[$1]?[pod]?.rate ?? 0) }
      podLoads[pod] = load > 0 ? load : nil
      podRates[pod] = rate > 0 ? rate : nil
      if load != before {
        loadSink?.setLoad(namespace: pod.namespace, pod: pod.name, millicores: load, now: cluster.clock.micros)
      }
    }
  }
}
