import KubeModel
import Testing

@testable import ClusterEngine

@Suite struct ServiceAllocatorTests {
  func service(_ name: String, type: String = "ClusterIP", clusterIP: String? = nil, nodePort: Int32? = nil) -> Service {
    var service = Service()
    service.metadata = ObjectMeta(name: name, namespace: "default")
    var spec = ServiceSpec()
    spec.type = type
    spec.clusterIP = clusterIP
    spec.selector = ["app": name]
    var port = ServicePort(port: 80, targetPort: .int(80))
    port.nodePort = nodePort
    spec.ports = [port]
    service.spec = spec
    return service
  }

  @Test func defaultServicesAndDynamicClusterIPs() throws {
    let fixture = try StudyGuideFixture([ServiceAllocator()])
    let kubernetes = try fixture.api.get(Service.self, namespace: "default", name: "kubernetes")
    #expect(kubernetes.spec?.clusterIP == "10.96.0.1")
    #expect(kubernetes.spec?.ports?.first?.targetPort == .int(6443))
    let dns = try fixture.api.get(Service.self, namespace: "kube-system", name: "kube-dns")
    #expect(dns.spec?.clusterIP == "10.96.0.10")
    #expect(dns.spec?.clusterIPs == ["10.96.0.10"])
    let web = try fixture.api.create(service("web"))
    let ip = try #require(web.spec?.clusterIP.flatMap(ServiceAllocator.parse))
    // The dynamic band: above the first 256 addresses of 10.96.0.0/12.
    #expect(ip >= ServiceAllocator.parse("10.96.1.1") ?? 0 && ip <= ServiceAllocator.parse("10.111.255.254") ?? 0)
    #expect(web.spec?.clusterIPs == [web.spec?.clusterIP ?? ""])
    // An update without the address keeps it.
    var changed = web
    changed.spec?.clusterIP = nil
    changed.spec?.clusterIPs = nil
    changed.metadata.labels = ["tier": "front"]
    let updated = try fixture.api.update(changed)
    #expect(updated.spec?.clusterIP == web.spec?.clusterIP)
  }

  @Test func takenAndOutOfRangeClusterIPsAreRefused() throws {
    let fixture = try StudyGuideFixture([ServiceAllocator()])
    #expect(throws: Status.self) { try fixture.api.create(service("dns2", clusterIP: "10.96.0.10")) }
    do {
      try fixture.api.create(service("dns2", clusterIP: "10.96.0.10"))
    } catch {
      #expect(
        error.message
          == "Service \"dns2\" is invalid: spec.clusterIPs: Invalid value: []string{\"10.96.0.10\"}: failed to allocate IP 10.96.0.10: provided IP is already allocated"
      )
    }
    do {
      try fixture.api.create(service("far", clusterIP: "10.0.0.5"))
    } catch {
      #expect(
        error.message
          == "Service \"far\" is invalid: spec.clusterIPs: Invalid value: []string{\"10.0.0.5\"}: failed to allocate IP 10.0.0.5: the provided IP (10.0.0.5) is not in the valid range. The range of valid IPs is 10.96.0.0/12"
      )
    }
    // A deleted service's address is free again.
    let fixed = try fixture.api.create(service("fixed", clusterIP: "10.96.0.50"))
    #expect(fixed.spec?.clusterIP == "10.96.0.50")
    try fixture.api.delete(Service.self, namespace: "default", name: "fixed")
    fixture.cluster.settle()
    #expect(try fixture.api.create(service("again", clusterIP: "10.96.0.50")).spec?.clusterIP == "10.96.0.50")
  }

  @Test func nodePortsAreAllocatedOnceAndInRange() throws {
    let fixture = try StudyGuideFixture([ServiceAllocator()])
    let dynamic = try fixture.api.create(service("dyn", type: "NodePort"))
    let port = try #require(dynamic.spec?.ports?.first?.nodePort)
    #expect((30086...32767).contains(port))
    try fixture.api.create(service("a", type: "NodePort", nodePort: 30080))
    do {
      try fixture.api.create(service("b", type: "NodePort", nodePort: 30080))
      Issue.record("expected the port to be refused")
    } catch {
      #expect(
        error.message == "Service \"b\" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated")
      #expect(error.code == 422)
    }
    do {
      try fixture.api.create(service("c", type: "NodePort", nodePort: 80))
      Issue.record("expected the port to be refused")
    } catch {
      #expect(
        error.message
          == "Service \"c\" is invalid: spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767"
      )
    }
    try fixture.api.delete(Service.self, namespace: "default", name: "a")
    fixture.cluster.settle()
    #expect(try fixture.api.create(service("b", type: "NodePort", nodePort: 30080)).spec?.ports?.first?.nodePort == 30080)
  }

  @Test func externallyReachableServicesGetTheirTrafficDefaults() throws {
    let fixture = try StudyGuideFixture([ServiceAllocator()])
    var nodePort = try fixture.api.create(service("np", type: "NodePort"))
    #expect(nodePort.spec?.externalTrafficPolicy == "Cluster")
    #expect(nodePort.spec?.allocateLoadBalancerNodePorts == nil)
    let balancer = try fixture.api.create(service("lb", type: "LoadBalancer"))
    #expect(balancer.spec?.externalTrafficPolicy == "Cluster")
    #expect(balancer.spec?.allocateLoadBalancerNodePorts == true)
    let plain = try fixture.api.create(service("plain"))
    #expect(plain.spec?.externalTrafficPolicy == nil)
    var sticky = service("sticky")
    sticky.spec?.sessionAffinity = "ClientIP"
    let created = try fixture.api.create(sticky)
    #expect(created.spec?.sessionAffinityConfig?["clientIP"]?["timeoutSeconds"] == .int(10_800))
    // Back to ClusterIP, the service loses its node ports and the policy with them.
    nodePort.spec?.type = "ClusterIP"
    let updated = try fixture.api.update(nodePort)
    #expect(updated.spec?.ports?.first?.nodePort == nil)
    #expect(updated.spec?.externalTrafficPolicy == nil)
  }

  @Test func theKubernetesServiceComesBackAfterItIsDeleted() throws {
    let fixture = try StudyGuideFixture([ServiceAllocator()])
    fixture.cluster.settle()
    try fixture.api.delete(Service.self, namespace: "default", name: "kubernetes")
    fixture.cluster.advance(by: 9)
    #expect(fixture.cluster.store.get(Service.self, namespace: "default", name: "kubernetes") == nil)
    fixture.cluster.advance(by: 1)
    let service = try #require(fixture.cluster.store.get(Service.self, namespace: "default", name: "kubernetes"))
    #expect(service.spec?.clusterIP == "10.96.0.1")
    // Other services stay deleted.
    try fixture.api.delete(Service.self, namespace: "kube-system", name: "kube-dns")
    fixture.cluster.advance(by: 30)
    #expect(fixture.cluster.store.get(Service.self, namespace: "kube-system", name: "kube-dns") == nil)
  }

  @Test func headlessAndExternalNameServicesGetNoAddress() throws {
    let fixture = try StudyGuideFixture([ServiceAllocator()])
    let headless = try fixture.api.create(service("db", clusterIP: "None"))
    #expect(headless.spec?.clusterIP == "None")
    #expect(headless.spec?.clusterIPs == ["None"])
    var external = service("mail", type: "ExternalName")
    external.spec?.externalName = "mail.example.com"
    external.spec?.selector = nil
    #expect(try fixture.api.create(external).spec?.clusterIP == nil)
  }
}

@Suite struct EndpointsControllerTests {
  func webService(_ fixture: StudyGuideFixture, clusterIP: String? = nil) throws {
    var service = Service()
    service.metadata = ObjectMeta(name: "web", namespace: "default", labels: ["app": "web"])
    var spec = ServiceSpec()
    spec.selector = ["app": "web"]
    spec.clusterIP = clusterIP
    spec.ports = [ServicePort(port: 80, targetPort: .string("http"), name: "http")]
    service.spec = spec
    try fixture.api.create(service)
  }

  func endpoints(_ fixture: StudyGuideFixture) -> (ready: [String], notReady: [String]) {
    let subsets = fixture.cluster.store.get(Endpoints.self, namespace: "default", name: "web")?.subsets ?? []
    return (
      subsets.flatMap { $0.addresses ?? [] }.compactMap(\.targetRef?.name),
      subsets.flatMap { $0.notReadyAddresses ?? [] }.compactMap(\.targetRef?.name)
    )
  }

  @Test func endpointsFollowPodsAndReadiness() throws {
    let fixture = try StudyGuideFixture([ServiceAllocator(), EndpointsController()])
    try webService(fixture)
    fixture.cluster.settle()
    #expect(fixture.cluster.store.get(Endpoints.self, namespace: "default", name: "web")?.subsets == nil)
    for (index, name) in ["web-a", "web-b", "web-c"].enumerated() {
      try fixture.createPod(name, labels: ["app": "web"])
      try fixture.start(name, ip: "10.244.1.\(index + 10)", ready: name != "web-c")
    }
    try fixture.createPod("other", labels: ["app": "db"])
    try fixture.start("other", ip: "10.244.1.99")
    fixture.cluster.settle()
    #expect(endpoints(fixture).ready == ["web-a", "web-b"])
    #expect(endpoints(fixture).notReady == ["web-c"])
    let stored = try fixture.api.get(Endpoints.self, namespace: "default", name: "web")
    let subset = try #require(stored.subsets?.first)
    #expect(subset.ports?.first?.port == 80)
    #expect(subset.ports?.first?.name == "http")
    #expect(subset.addresses?.first?.ip == "10.244.1.10")
    #expect(subset.addresses?.first?.nodeName == "worker-1")
    #expect(subset.addresses?.first?.targetRef?.kind == "Pod")
    #expect(stored.metadata.labels == ["app": "web"])

    try fixture.setReady("web-c", true)
    try fixture.setReady("web-a", false)
    fixture.cluster.settle()
    #expect(endpoints(fixture).ready == ["web-b", "web-c"])
    #expect(endpoints(fixture).notReady == ["web-a"])

    try fixture.deletePod("web-b")
    try fixture.api.modify(Pod.self, namespace: "default", name: "web-c") { $0.metadata.labels = ["app": "old"] }
    fixture.cluster.settle()
    #expect(endpoints(fixture).ready == [])
    #expect(endpoints(fixture).notReady == ["web-a"])

    try fixture.api.delete(Service.self, namespace: "default", name: "web")
    fixture.cluster.settle()
    #expect(fixture.cluster.store.get(Endpoints.self, namespace: "default", name: "web") == nil)
  }

  /// The service's EndpointSlices, as `kubectl describe service` reads them: a placeholder
  /// with no endpoints and no ports first, then every matching pod with its readiness; a
  /// slice deleted by hand comes back under a new name, and the service's deletion takes
  /// its slices along.
  @Test func endpointSlicesFollowTheEndpoints() throws {
    let fixture = try StudyGuideFixture([ServiceAllocator(), EndpointsController()])
    func slices() -> [EndpointSlice] {
      fixture.cluster.store.list(EndpointSlice.self, namespace: "default")
        .filter { $0.metadata.labels?[EndpointSlice.serviceNameLabel] == "web" }
    }
    try webService(fixture)
    fixture.cluster.settle()
    let placeholder = try #require(slices().first)
    #expect(slices().count == 1)
    #expect(placeholder.name.hasPrefix("web-") && placeholder.name.count == 9)
    #expect(placeholder.endpoints == nil && placeholder.ports == nil)
    #expect(placeholder.addressType == "IPv4")
    #expect(placeholder.metadata.labels?[EndpointSlice.managedByLabel] == "endpointslice-controller.k8s.io")
    #expect(placeholder.metadata.ownerReferences?.first?.kind == "Service")
    for (index, name) in ["web-a", "web-b"].enumerated() {
      try fixture.createPod(name, labels: ["app": "web"])
      try fixture.start(name, ip: "10.244.1.\(index + 10)", ready: name == "web-a")
    }
    fixture.cluster.settle()
    let slice = try #require(slices().first)
    #expect(slice.name == placeholder.name)
    #expect(slice.ports?.map(\.port) == [80])
    #expect(slice.ports?.first?.name == "http")
    #expect(slice.endpoints?.map { $0.addresses ?? [] } == [["10.244.1.10"], ["10.244.1.11"]])
    #expect(slice.endpoints?.map { $0.conditions?.ready } == [true, false])
    #expect(slice.endpoints?.first?.targetRef?.name == "web-a")
    #expect(slice.endpoints?.first?.nodeName == "worker-1")
    let table = try #require(ResourcePrinters.table(for: .endpointslices, objects: slices(), now: Time(seconds: 0)))
    #expect(table.rows.first?.cells.dropFirst().prefix(3).map(\.stringValue) == ["IPv4", "80", "10.244.1.10,10.244.1.11"])

    try fixture.api.delete(EndpointSlice.self, namespace: "default", name: slice.name)
    fixture.cluster.settle()
    #expect(slices().count == 1)
    #expect(slices().first?.name != slice.name)
    #expect(slices().first?.endpoints?.count == 2)

    try fixture.api.delete(Service.self, namespace: "default", name: "web")
    fixture.cluster.settle()
    #expect(slices().isEmpty)
  }

  /// Pod changes in a namespace without a selecting service are passed over by namespace:
  /// they must be followed again once a service comes, and while a pod is still counted.
  @Test func podChangesAreFollowedWhileTheirNamespaceHasServicesOrCountedPods() throws {
    let fixture = try StudyGuideFixture([ServiceAllocator(), EndpointsController()])
    /// Marks web-a unready and expects the Endpoints to follow.
    func expectUnreadyFollowed() throws {
      try fixture.setReady("web-a", false)
      fixture.cluster.settle()
      #expect(endpoints(fixture).notReady == ["web-a"])
    }
    try fixture.createPod("web-a", labels: ["app": "web"])
    try fixture.start("web-a", ip: "10.244.1.10", ready: true)
    fixture.cluster.settle()
    try webService(fixture)
    fixture.cluster.settle()
    #expect(endpoints(fixture).ready == ["web-a"])
    try expectUnreadyFollowed()
    try fixture.api.delete(Service.self, namespace: "default", name: "web")
    fixture.cluster.settle()
    try fixture.setReady("web-a", true)
    fixture.cluster.settle()
    try webService(fixture)
    fixture.cluster.settle()
    #expect(endpoints(fixture).ready == ["web-a"])
    try expectUnreadyFollowed()
  }

  @Test func terminatingAndUnnamedPortPodsAreLeftOut() throws {
    let fixture = try StudyGuideFixture([ServiceAllocator(), EndpointsController()])
    try webService(fixture)
    try fixture.createPod("web-a", labels: ["app": "web"])
    try fixture.start("web-a", ip: "10.244.1.10")
    var plain = fixture.makePod("web-b", labels: ["app": "web"])
    plain.spec?.containers?[0].ports = [ContainerPort(containerPort: 8080)]
    try fixture.api.create(plain)
    try fixture.start("web-b", ip: "10.244.1.11")
    fixture.cluster.settle()
    #expect(endpoints(fixture).ready == ["web-a"])
    try fixture.api.delete(Pod.self, namespace: "default", name: "web-a")
    fixture.cluster.settle()
    #expect(try fixture.api.get(Pod.self, namespace: "default", name: "web-a").metadata.deletionTimestamp != nil)
    #expect(endpoints(fixture).ready == [])
  }
}

@Suite struct ClusterDNSTests {
  @Test func namesResolveThroughTheSearchPath() throws {
    let fixture = try StudyGuideFixture([ServiceAllocator(), EndpointsController()])
    var web = Service()
    web.metadata = ObjectMeta(name: "web", namespace: "default")
    var spec = ServiceSpec()
    spec.selector = ["app": "web"]
    spec.clusterIP = "10.96.5.5"
    spec.ports = [ServicePort(port: 80)]
    web.spec = spec
    try fixture.api.create(web)
    var headless = web
    headless.metadata.name = "db"
    headless.spec?.clusterIP = "None"
    headless.spec?.selector = ["app": "db"]
    try fixture.api.create(headless)
    var external = Service()
    external.metadata = ObjectMeta(name: "mail", namespace: "default")
    external.spec = ServiceSpec()
    external.spec?.type = "ExternalName"
    external.spec?.externalName = "mail.example.com"
    try fixture.api.create(external)
    for (index, name) in ["db-0", "db-1"].enumerated() {
      var pod = fixture.makePod(name, labels: ["app": "db"])
      pod.spec?.hostname = name
      pod.spec?.subdomain = "db"
      try fixture.api.create(pod)
      try fixture.start(name, ip: "10.244.2.\(index + 1)")
    }
    fixture.cluster.settle()

    let dns = ClusterDNS(store: fixture.cluster.store)
    #expect(ClusterDNS.searchPath(for: "default") == ["default.svc.cluster.local", "svc.cluster.local", "cluster.local"])
    #expect(dns.lookup("web", from: "default")?.addresses == ["10.96.5.5"])
    #expect(dns.lookup("web", from: "default")?.name == "web.default.svc.cluster.local")
    #expect(dns.lookup("web.default", from: "kube-system")?.addresses == ["10.96.5.5"])
    #expect(dns.lookup("web.default.svc.cluster.local", from: "kube-system")?.addresses == ["10.96.5.5"])
    #expect(dns.lookup("web", from: "kube-system") == nil)
    #expect(dns.lookup("kubernetes.default", from: "kube-system")?.addresses == ["10.96.0.1"])
    #expect(dns.lookup("kube-dns.kube-system.svc.cluster.local.", from: "default")?.addresses == ["10.96.0.10"])
    #expect(dns.lookup("db", from: "default")?.addresses == ["10.244.2.1", "10.244.2.2"])
    #expect(dns.lookup("db-1.db", from: "default")?.addresses == ["10.244.2.2"])
    #expect(dns.lookup("mail", from: "default")?.canonicalName == "mail.example.com")
    #expect(dns.lookup("10-244-2-1.default.pod.cluster.local", from: "default")?.addresses == ["10.244.2.1"])
    #expect(dns.lookup("nothing", from: "default") == nil)
  }
}

@Suite struct KubeProxyTests {
  func cluster() throws -> (StudyGuideFixture, KubeProxy, ServiceTraffic) {
    let proxy = KubeProxy()
    let traffic = ServiceTraffic()
    let fixture = try StudyGuideFixture([ServiceAllocator(), EndpointsController(), proxy, traffic])
    var service = Service()
    service.metadata = ObjectMeta(name: "web", namespace: "default")
    var spec = ServiceSpec()
    spec.type = "NodePort"
    spec.selector = ["app": "web"]
    spec.clusterIP = "10.96.7.7"
    var port = ServicePort(port: 80, targetPort: .int(8080))
    port.nodePort = 30080
    spec.ports = [port]
    service.spec = spec
    try fixture.api.create(service)
    for (index, name) in ["web-a", "web-b", "web-c"].enumerated() {
      try fixture.createPod(name, labels: ["app": "web"])
      try fixture.start(name, ip: "10.244.1.\(index + 10)", ready: name != "web-c")
    }
    fixture.cluster.settle()
    return (fixture, proxy, traffic)
  }

  @Test func requestsGoRoundRobinOverReadyEndpoints() throws {
    let (fixture, proxy, _) = try cluster()
    let answers = try (0..<4).map { _ in try proxy.route(namespace: "default", service: "web").pod.name }
    #expect(answers == ["web-a", "web-b", "web-a", "web-b"])
    #expect(try proxy.route(clusterIP: "10.96.7.7", port: 80).port == 8080)
    #expect(try proxy.route(nodePort: 30080).pod.name == "web-b")
    #expect(proxy.recentAnswers(namespace: "default", service: "web").map(\.pod.name).suffix(2) == ["web-a", "web-b"])
    try fixture.setReady("web-c", true)
    fixture.cluster.settle()
    let next = try (0..<3).map { _ in try proxy.route(namespace: "default", service: "web").pod.name }
    #expect(Set(next) == ["web-a", "web-b", "web-c"])
    for name in ["web-a", "web-b", "web-c"] { try fixture.setReady(name, false) }
    fixture.cluster.settle()
    #expect(throws: KubeProxy.RouteError.noEndpoints(ObjectKey(namespace: "default", name: "web"))) {
      try proxy.route(namespace: "default", service: "web")
    }
    #expect(throws: KubeProxy.RouteError.noService("nope")) { try proxy.route(namespace: "default", service: "nope") }
  }

  @Test func trafficSpreadsOverReadyEndpoints() throws {
    final class Sink: PodLoadSink {
      var loads: [String: Double] = [:]
      func setLoad(namespace: String, pod: String, millicores: Double, now micros: Int64) { loads[pod] = millicores }
    }
    let (fixture, _, traffic) = try cluster()
    let sink = Sink()
    traffic.loadSink = sink
    traffic.setLoad(namespace: "default", service: "web", requestsPerSecond: 300)
    let cost = ServiceTraffic.millicoresPerRequest(image: "nginx:1.14", seed: 1)
    #expect(cost > 0.85 && cost < 1.15)
    #expect(traffic.requestsPerSecond(namespace: "default", pod: "web-a") == 150)
    #expect(abs(traffic.load(namespace: "default", pod: "web-a") - 150 * cost) < 1e-9)
    #expect(traffic.load(namespace: "default", pod: "web-c") == 0)
    try fixture.setReady("web-c", true)
    fixture.cluster.settle()
    #expect(traffic.requestsPerSecond(namespace: "default", pod: "web-c") == 100)
    #expect(abs((sink.loads["web-a"] ?? 0) - 100 * cost) < 1e-9)
    traffic.setLoad(namespace: "default", service: "web", requestsPerSecond: 0)
    #expect(sink.loads["web-b"] == 0)
    #expect(traffic.loadedServices.isEmpty)
  }
}
