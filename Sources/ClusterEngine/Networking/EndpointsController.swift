import KubeModel

/// kube-controller-manager's Endpoints controller: for every Service with a selector, an
/// Endpoints object of the same name listing the matching pods — ready ones under
/// `addresses`, the others under `notReadyAddresses` — with their node, a reference to the
/// pod and the service's ports resolved by number or by container port name.
///
/// Indexed: pods are found through a (namespace, label) index and each pod remembers the
/// services it was counted in, so a pod change touches only the services it belongs to.
/// Services without a selector (and ExternalName services) are left alone, as upstream.
public final class EndpointsController: ClusterComponent {
  private unowned var cluster: Cluster?
  private var queue = OwnerSyncQueue()
  private var selectors: [ObjectKey: [String: String]] = [:]
  /// Services by the index value of the smallest pair of their selector.
  private var servicesByPair: [String: Set<ObjectKey>] = [:]
  /// The services each pod was last counted in.
  private var podServices: [ObjectKey: Set<ObjectKey>] = [:]
  /// How many tracked services each namespace has and how many of its pods are counted in
  /// one (no entry when both are zero): a pod of a namespace without an entry has nothing
  /// to look up, not even its key (most pods, in a namespace without a selecting service).
  private var namespaceCounts = DigestKeyed<(services: Int, countedPods: Int)>()

  public init() {}

  public func attach(to cluster: Cluster) {
    self.cluster = cluster
    PodLabelIndex.install(on: cluster.store)
    EndpointSliceWriter.installIndex(on: cluster.store)
    for service in cluster.store.all(Service.self) { track(service) }
    for pod in cluster.store.all(Pod.self) { withUnsafePointer(to: pod) { notePod($0, deleted: false) } }
  }

  public var hasPendingWork: Bool { !queue.isEmpty }

  public var observedKinds: [any KubeObject.Type]? { [Pod.self, Service.self, Endpoints.self, EndpointSlice.self] }

  /// The value of the slices' managed-by label.
  static let sliceManager = "endpointslice-controller.k8s.io"

  public func observe(_ event: StoreEvent) {
    // The pod read in place (see `StoreEvent.readingPod`).
    if event.readingPod({ notePod($0, deleted: event.type == .deleted) }) {
      return
    } else if let service = event.object(as: Service.self) {
      if event.type == .deleted { untrack(ObjectKey(of: service)) } else { track(service) }
      queue.insert(ObjectKey(of: service))
    } else if event.type == .deleted, let endpoints = event.object(as: Endpoints.self) {
      let key = ObjectKey(of: endpoints)
      if selectors[key] != nil { queue.insert(key) }
    } else if event.type == .deleted, let slice = event.object(as: EndpointSlice.self),
      let service = slice.metadata.labels?[EndpointSlice.serviceNameLabel]
    {
      // A slice deleted by hand comes back, as upstream's controller recreates it.
      let key = ObjectKey(namespace: slice.namespace, name: service)
      if selectors[key] != nil { queue.insert(key) }
    }
  }

  public func reconcile() {
    for key in queue.drain() { sync(key) }
  }

  // MARK: Tracking

  private static func pairValue(_ namespace: String, _ selector: [String: String]) -> String? {
    guard let key = selector.keys.min(), let value = selector[key] else { return nil }
    return PodLabelIndex.value(namespace, key, value)
  }

  private func track(_ service: Service) {
    let key = ObjectKey(of: service)
    untrack(key)
    guard service.spec?.type != "ExternalName", let selector = service.spec?.selector, !selector.isEmpty,
      let pair = Self.pairValue(key.namespace, selector)
    else { return }
    selectors[key] = selector
    servicesByPair[pair, default: []].insert(key)
    count(in: key.namespace, services: 1)
  }

  private func untrack(_ key: ObjectKey) {
    guard let selector = selectors.removeValue(forKey: key) else { return }
    count(in: key.namespace, services: -1)
    guard let pair = Self.pairValue(key.namespace, selector) else { return }
    servicesByPair[pair]?.remove(key)
    if servicesByPair[pair]?.isEmpty == true { servicesByPair[pair] = nil }
  }

  /// Reads the pod where the caller holds it: a `Pod` parameter would be a copy.
  private func notePod(_ pod: UnsafePointer<Pod>, deleted: Bool) {
    guard let counts = namespaceCounts[pod.pointee.namespace] else { return }
    let key = ObjectKey(of: pod.pointee)
    if counts.services == 0, podServices[key] == nil { return }
    var matching = Set<ObjectKey>()
    if !deleted {
      let labels = pod.pointee.metadata.labels ?? [:]
      for (label, value) in labels {
        for service in servicesByPair[PodLabelIndex.value(key.namespace, label, value)] ?? []
        where selectors[service].map({ Self.matches($0, labels) }) ?? false {
          matching.insert(service)
        }
      }
    }
    let previous = podServices[key] ?? []
    for service in previous.union(matching) { queue.insert(service) }
    podServices[key] = matching.isEmpty ? nil : matching
    if previous.isEmpty != matching.isEmpty { count(in: key.namespace, countedPods: matching.isEmpty ? -1 : 1) }
  }

  private func count(in namespace: String, services: Int = 0, countedPods: Int = 0) {
    var counts = namespaceCounts[namespace] ?? (0, 0)
    counts.services += services
    counts.countedPods += countedPods
    namespaceCounts[namespace] = counts.services > 0 || counts.countedPods > 0 ? counts : nil
  }

  private static func matches(_ selector: [String: String], _ labels: [String: String]) -> Bool {
    selector.allSatisfy { labels[$0.key] == $0.value }
  }

  // MARK: Sync

  private func sync(_ key: ObjectKey) {
    guard let cluster else { return }
    let store = cluster.store
    guard let service = store.get(Service.self, key) else {
      if store.get(Endpoints.self, key) != nil {
        _ = try? cluster.api.delete(Endpoints.self, namespace: key.namespace, name: key.name)
      }
      EndpointSliceWriter.reconcile(key, service: nil, subsets: nil, managedBy: Self.sliceManager, in: cluster)
      return
    }
    guard let selector = selectors[key], let pair = Self.pairValue(key.namespace, selector) else { return }
    let pods = store.unorderedObjects(Pod.self, index: PodLabelIndex.name, value: pair)
      .filter { Self.matches(selector, $0.metadata.labels ?? [:]) }
    let subsets = Self.subsets(for: service, pods: pods)
    EndpointSliceWriter.reconcile(key, service: service, subsets: subsets, managedBy: Self.sliceManager, in: cluster)
    var labels = service.metadata.labels ?? [:]
    if service.spec?.clusterIP == "None" { labels["service.kubernetes.io/headless"] = "" }
    if var existing = store.get(Endpoints.self, key) {
      guard existing.subsets ?? [] != subsets || (existing.metadata.labels ?? [:]) != labels else { return }
      existing.subsets = subsets.isEmpty ? nil : subsets
      existing.metadata.labels = labels.isEmpty ? nil : labels
      existing.metadata.resourceVersion = nil
      _ = try? cluster.api.update(existing)
    } else {
      var endpoints = Endpoints()
      endpoints.metadata = ObjectMeta(name: key.name, namespace: key.namespace, labels: labels.isEmpty ? nil : labels)
      endpoints.subsets = subsets.isEmpty ? nil : subsets
      _ = try? cluster.api.create(endpoints)
    }
  }

  /// The subsets of a service's Endpoints, as upstream builds and repacks them: addresses
  /// that serve the same ports share a subset; addresses sorted by IP.
  static func subsets(for service: Service, pods: [Pod]) -> [EndpointSubset] {
    let publishNotReady = service.spec?.publishNotReadyAddresses ?? false
    let servicePorts = service.spec?.ports ?? []
    var groups: [[EndpointPort]: (ready: [EndpointAddress], notReady: [EndpointAddress])] = [:]
    var order: [[EndpointPort]] = []
    for pod in pods {
      guard !PodChecks.isTerminal(pod), let ip = pod.status?.podIP, !ip.isEmpty else { continue }
      if pod.metadata.deletionTimestamp != nil && !publishNotReady { continue }
      var address = EndpointAddress()
      address.ip = ip
      address.nodeName = pod.spec?.nodeName
      if let hostname = pod.spec?.hostname, !hostname.isEmpty, pod.spec?.subdomain == service.name {
        address.hostname = hostname
      }
      var reference = ObjectReference()
      reference.kind = "Pod"
      reference.namespace = pod.metadata.namespace
      reference.name = pod.metadata.name
      reference.uid = pod.metadata.uid
      address.targetRef = reference
      var ports: [EndpointPort] = []
      for servicePort in servicePorts {
        guard let number = Self.targetPort(servicePort, in: pod) else { continue }
        var port = EndpointPort()
        port.name = servicePort.name
        port.port = number
        port.protocol = servicePort.protocol ?? "TCP"
        port.appProtocol = servicePort.appProtocol
        ports.append(port)
      }
      if !servicePorts.isEmpty && ports.isEmpty { continue }
      if groups[ports] == nil { order.append(ports) }
      if publishNotReady || PodChecks.isReady(pod) {
        groups[ports, default: ([], [])].ready.append(address)
      } else {
        groups[ports, default: ([], [])].notReady.append(address)
      }
    }
    func byIP(_ a: EndpointAddress, _ b: EndpointAddress) -> Bool {
      (a.ip ?? "", a.targetRef?.uid ?? "") < (b.ip ?? "", b.targetRef?.uid ?? "")
    }
    let subsets = order.compactMap { ports -> EndpointSubset? in
      guard let group = groups[ports] else { return nil }
      var subset = EndpointSubset()
      subset.addresses = group.ready.isEmpty ? nil : group.ready.sorted(by: byIP)
      subset.notReadyAddresses = group.notReady.isEmpty ? nil : group.notReady.sorted(by: byIP)
      subset.ports = ports.isEmpty ? nil : ports
      return subset
    }
    return subsets.sorted {
      ($0.addresses?.first ?? $0.notReadyAddresses?.first)?.ip ?? ""
        < ($1.addresses?.first ?? $1.notReadyAddresses?.first)?.ip ?? ""
    }
  }

  /// The pod's port a service port forwards to (`podutil.FindPort`): a number as is, a
  /// name looked up among the containers' ports of the same protocol.
  static func targetPort(_ servicePort: ServicePort, in pod: Pod) -> Int32? {
    switch servicePort.targetPort {
    case .int(let number)?: return Int32(number)
    case .string(let name)?:
      if let number = Int32(name) { return number }
      let proto = servicePort.protocol ?? "TCP"
      for container in pod.spec?.containers ?? [] {
        for port in container.ports ?? [] where port.name == name && (port.protocol ?? "TCP") == proto {
          return port.containerPort
        }
      }
      return nil
    case nil: return servicePort.port
    }
  }
}
