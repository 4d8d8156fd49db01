import KubeModel
import Testing

@testable import ClusterEngine

/// `--control-planes 3`: three control-plane nodes with an etcd member each. One powered
/// off leaves quorum; two lose it (writes refused, controllers and the scheduler stop, pods
/// on workers keep running); one back restores it and the loop catches up.
@Suite struct HighAvailabilityTests {
  static let controlPlanes = ["control-plane", "control-plane2", "control-plane3"]

  func webserverReplicas(_ cluster: Cluster) -> Int32? {
    cluster.store.get(Deployment.self, namespace: "default", name: "webserver")?.spec?.replicas
  }

  func runningWebservers(_ cluster: Cluster) -> [Pod] {
    cluster.store.list(Pod.self, namespace: "default")
      .filter { $0.labels["app"] == "webserver" && $0.status?.phase == "Running" }
  }

  @Test func threeControlPlaneNodesEachRunTheStaticPodsAndAnEtcdMember() throws {
    let cluster = try ClusterFactory.make(controlPlanes: 3)
    let nodes = cluster.store.list(Node.self).map(\.name)
    #expect(Array(nodes.prefix(3)) == Self.controlPlanes)
    #expect(nodes.count == 7)
    let statics = Set(cluster.store.list(Pod.self, namespace: "kube-system").map(\.name))
    for node in Self.controlPlanes {
      for component in ["etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler"] {
        #expect(statics.contains("\(component)-\(node)"))
      }
      #expect(cluster.store.get(Node.self, name: node)?.spec?.taints?.map(\.summary) == ["node-role.kubernetes.io/control-plane:NoSchedule"])
    }
    let etcd = try #require(cluster.store.get(Pod.self, namespace: "kube-system", name: "etcd-control-plane2"))
    #expect(etcd.spec?.containers?.first?.command?.contains("--advertise-client-urls=https://172.18.0.3:2379") == true)
    let status = cluster.controlPlaneStatus
    #expect(status.members.map(\.node) == Self.controlPlanes)
    #expect(try status.members.allSatisfy(\.healthy))
    #expect(status.members.filter(\.leader).count == 1)
    #expect(status.hasQuorum)
    // The single control plane of the default cluster is a one-member etcd.
    #expect(try ClusterFactory.make().controlPlaneStatus.members.map(\.node) == ["control-plane"])
  }

  @Test func oneMemberDownKeepsTheClusterWorking() throws {
    let cluster = try ClusterFactory.make(controlPlanes: 3)
    cluster.advance(by: 60)
    let kubelet = try #require(cluster.component(Kubelet.self))
    let leader = try #require(cluster.controlPlaneStatus.members.first(where: \.leader)?.node)
    try kubelet.powerOff(leader)
    let status = cluster.controlPlaneStatus
    #expect(status.hasQuorum)
    #expect(status.members.first { $0.node == leader }?.healthy == false)
    #expect(status.members.first(where: \.leader).map(\.node) != leader)
    #expect(status.summary.hasPrefix("etcd 2/3 leader control-plane"))
    try cluster.api.modify(Deployment.self, namespace: "default", name: "webserver") { $0.spec?.replicas = 3 }
    cluster.advance(by: 60)
    #expect(runningWebservers(cluster).count == 3)
    // Its kubelet is silent too: the node lifecycle controller marks the node.
    #expect(cluster.store.get(Node.self, name: leader)?.status?.condition("Ready")?.status == "Unknown")
  }

  @Test func theKubernetesEndpointsListTheAPIServersThatAreUp() throws {
    let cluster = try ClusterFactory.make(controlPlanes: 3)
    func addresses() -> String? {
      cluster.store.get(Endpoints.self, namespace: "default", name: "kubernetes").map(EndpointsPrinter.addresses)
    }
    #expect(addresses() == "172.18.0.2:6443,172.18.0.3:6443,172.18.0.4:6443")
    let kubelet = try #require(cluster.component(Kubelet.self))
    // Leases are renewed every 10 s and last 15 s: a server that went down stays listed
    // until its lease has lapsed and a live one's renewal drops it, 10 to 20 s later.
    cluster.advance(by: 5)
    try kubelet.powerOff("control-plane2")
    cluster.advance(by: 4)
    #expect(addresses() == "172.18.0.2:6443,172.18.0.3:6443,172.18.0.4:6443")
    cluster.advance(by: 10)
    #expect(addresses() == "172.18.0.2:6443,172.18.0.3:6443,172.18.0.4:6443")
    cluster.advance(by: 2)
    #expect(addresses() == "172.18.0.2:6443,172.18.0.4:6443")
    // One that starts lists itself at once.
    try kubelet.powerOn("control-plane2")
    cluster.advance(by: 0.1)
    #expect(addresses() == "172.18.0.2:6443,172.18.0.3:6443,172.18.0.4:6443")
    // One control plane: its address alone.
    let single = try ClusterFactory.make()
    #expect(single.store.get(Endpoints.self, namespace: "default", name: "kubernetes").map(EndpointsPrinter.addresses)
      == "172.18.0.2:6443")
  }

  @Test func losingQuorumFreezesTheControlPlaneAndOneMemberBackRestoresIt() throws {
    let cluster = try ClusterFactory.make(controlPlanes: 3)
    try StudyGuideDemo.exposeWebserver(cluster)
    try StudyGuideDemo.autoscaleWebserver(cluster, cpuPercent: nil)
    cluster.advance(by: 360)
    let kubelet = try #require(cluster.component(Kubelet.self))
    let before = runningWebservers(cluster).map(\.name).sorted()
    #expect(before.count == 2)
    try kubelet.powerOff("control-plane2")
    try kubelet.powerOff("control-plane3")
    let status = cluster.controlPlaneStatus
    #expect(!status.hasQuorum)
    #expect(status.members.filter(\.healthy).map(\.node) == ["control-plane"])
    #expect(try !status.members.contains(where: \.leader))
    #expect(status.summary == "etcd 1/3 NO QUORUM")
    #expect(!cluster.controlPlaneAvailable)
    do {
      try cluster.api.modify(Deployment.self, namespace: "default", name: "webserver") { $0.spec?.replicas = 5 }
      Issue.record("the write must be refused without quorum")
    } catch {
      #expect(error.message == "etcdserver: request timed out")
      #expect(error.code == 503)
    }
    // Load arrives: the pods work harder, but the autoscaler cannot act.
    try cluster.setServiceLoad(namespace: "default", service: "webserver", requestsPerSecond: 300)
    cluster.advance(by: 120)
    #expect(webserverReplicas(cluster) == 2)
    #expect(runningWebservers(cluster).map(\.name).sorted() == before)
    for pod in before { #expect((kubelet.podUsage(namespace: "default", pod: pod)?.cpuMillicores ?? 0) > 100) }
    // No worker was marked NotReady for heartbeats it could not write.
    cluster.advance(by: 60)
    for worker in ["worker-1", "worker-2", "worker-3", "worker-gpu"] {
      #expect(cluster.store.get(Node.self, name: worker)?.status?.condition("Ready")?.status == "True")
    }

    try kubelet.powerOn("control-plane2")
    #expect(cluster.controlPlaneStatus.hasQuorum)
    #expect(try cluster.controlPlaneStatus.members.contains(where: \.leader))
    #expect(cluster.controlPlaneAvailable)
    cluster.advance(by: 30)
    #expect((webserverReplicas(cluster) ?? 0) > 2)
    cluster.advance(by: 60)
    for worker in ["worker-1", "worker-2", "worker-3", "worker-gpu"] {
      #expect(cluster.store.get(Node.self, name: worker)?.status?.condition("Ready")?.status == "True")
    }
    #expect(runningWebservers(cluster).count == Int(webserverReplicas(cluster) ?? 0))
  }

  @Test func aCronJobMissedWithoutQuorumRunsItsMostRecentTimeWhenQuorumReturns() throws {
    let cluster = try ClusterFactory.make(controlPlanes: 3)
    try cluster.api.create(CronJobControllerTests.make(name: "tick", schedule: "*/5 * * * *"))
    let kubelet = try #require(cluster.component(Kubelet.self))
    func jobs() -> [String] { cluster.store.list(Job.self, namespace: "default").map(\.name).sorted() }
    func minute() -> Int64 { (cluster.clock.epochSeconds + cluster.clock.micros / 1_000_000) / 60 }
    // Wait for the first run, then lose quorum for three schedule times.
    cluster.advance(by: Double(300 - (minute() % 5) * 60 + 30))
    let first = jobs()
    #expect(first.count == 1)
    try kubelet.powerOff("control-plane2")
    try kubelet.powerOff("control-plane3")
    cluster.advance(by: 15 * 60)
    #expect(jobs() == first)
    let missed = "tick-\(minute() - minute() % 5)"
    try kubelet.powerOn("control-plane2")
    cluster.advance(by: 5)
    // Like upstream's controller after it regains its lease: one job, for the most recent time.
    #expect(jobs() == (first + [missed]).sorted())
  }

  @Test func powerFromTheDashboardReachesTheEtcdMembers() async throws {
    let embedded = EmbeddedCluster(try ClusterFactory.make(controlPlanes: 3))
    try await embedded.setNodePower(node: "control-plane3", on: false)
    var status = await embedded.controlPlaneStatus()
    #expect(status.members.first { $0.node == "control-plane3" }?.healthy == false)
    try await embedded.setNodePower(node: "control-plane2", on: false)
    status = await embedded.controlPlaneStatus()
    #expect(!status.hasQuorum)
    await #expect(throws: Status.unavailable("etcdserver: request timed out")) {
      _ = try await embedded.scale(.deployments, namespace: "default", name: "webserver", replicas: 4)
    }
    try await embedded.setNodePower(node: "control-plane3", on: true)
    #expect(await embedded.controlPlaneStatus().hasQuorum)
  }
}
