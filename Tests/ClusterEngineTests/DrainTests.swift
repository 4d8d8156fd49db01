import KubeModel
import Testing

@testable import ClusterEngine

@Suite struct DrainTests {
  /// worker-2 runs a kube-proxy DaemonSet pod, a bare pod, a ReplicaSet pod with an
  /// emptyDir, a ReplicaSet pod and a mirror pod; worker-1 runs one pod.
  func cluster() throws -> Cluster {
    let cluster = Fixture.cluster()
    try cluster.api.create(Fixture.node("worker-1"))
    try cluster.api.create(Fixture.node("worker-2"))
    try cluster.api.create(Fixture.daemonSet("kube-proxy"))
    var proxy = Fixture.pod("kube-proxy-x7k2p", namespace: "kube-system", image: "registry.k8s.io/kube-proxy:v1.32.4", port: nil)
    proxy.metadata.ownerReferences = [Fixture.owner(kind: "DaemonSet", name: "kube-proxy")]
    try Fixture.runningPod(proxy, on: "worker-2", ip: "192.168.0.12", in: cluster)
    try Fixture.runningPod(Fixture.pod("bare"), on: "worker-2", ip: "10.244.2.3", in: cluster)
    var cache = Fixture.pod("cache-5d8f-abcde", labels: ["app": "cache"])
    cache.metadata.ownerReferences = [Fixture.owner(kind: "ReplicaSet", name: "cache-5d8f")]
    var scratch = Volume()
    scratch.name = "scratch"
    scratch.emptyDir = EmptyDirVolumeSource()
    cache.spec?.volumes = [scratch]
    try Fixture.runningPod(cache, on: "worker-2", ip: "10.244.2.4", in: cluster)
    var web = Fixture.pod("web-7c9d-qwert", labels: ["app": "web"])
    web.metadata.ownerReferences = [Fixture.owner(kind: "ReplicaSet", name: "web-7c9d")]
    try Fixture.runningPod(web, on: "worker-2", ip: "10.244.2.5", in: cluster)
    var mirror = Fixture.pod("etcd-worker-2", namespace: "kube-system", image: "registry.k8s.io/etcd:3.5.16-0", port: nil)
    mirror.metadata.annotations = ["kubernetes.io/config.mirror": "abc123"]
    try Fixture.runningPod(mirror, on: "worker-2", ip: "192.168.0.12", in: cluster)
    try Fixture.runningPod(Fixture.pod("elsewhere"), on: "worker-1", ip: "10.244.1.2", in: cluster)
    return cluster
  }

  @Test func refusesWithKubectlMessagesAndLeavesTheNodeCordoned() throws {
    let cluster = try cluster()
    do {
      _ = try cluster.drain(node: "worker-2")
      Issue.record("expected a refusal")
    } catch {
      #expect(
        error.problems == [
          "cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): kube-system/kube-proxy-x7k2p",
          "cannot delete Pods with local storage (use --delete-emptydir-data to override): default/cache-5d8f-abcde",
          "cannot delete Pods that declare no controller (use --force to override): default/bare",
        ])
      #expect(error.description.hasPrefix("unable to drain node \"worker-2\" due to error: [cannot delete DaemonSet-managed"))
      #expect(error.lines.first == "node/worker-2 cordoned")
    }
    #expect(try cluster.api.get(Node.self, name: "worker-2").spec?.unschedulable == true)
    // Nothing was evicted.
    #expect(cluster.store.all(Pod.self).allSatisfy { $0.metadata.deletionTimestamp == nil })
  }

  @Test func eachFlagLiftsItsRefusal() throws {
    let cluster = try cluster()
    do {
      _ = try cluster.drain(node: "worker-2", options: DrainOptions(ignoreDaemonSets: true, deleteEmptyDirData: true))
      Issue.record("expected a refusal")
    } catch {
      #expect(error.description == "unable to drain node \"worker-2\" due to error: cannot delete Pods that declare no controller (use --force to override): default/bare, continuing command...")
    }
    do {
      _ = try cluster.drain(node: "worker-2", options: DrainOptions(ignoreDaemonSets: true, force: true))
      Issue.record("expected a refusal")
    } catch {
      #expect(error.problems == ["cannot delete Pods with local storage (use --delete-emptydir-data to override): default/cache-5d8f-abcde"])
      // Cordoned by the first attempt: kubectl says so, then the refusal and the node left.
      #expect(
        error.lines == [
          "node/worker-2 already cordoned",
          "error: unable to drain node \"worker-2\" due to error: cannot delete Pods with local storage (use --delete-emptydir-data to override): default/cache-5d8f-abcde, continuing command...",
          "There are pending nodes to be drained:",
          " worker-2",
          "error: cannot delete Pods with local storage (use --delete-emptydir-data to override): default/cache-5d8f-abcde",
        ])
    }
    let report = try cluster.drain(
      node: "worker-2", options: DrainOptions(ignoreDaemonSets: true, force: true, deleteEmptyDirData: true))
    #expect(report.lines.first == "node/worker-2 already cordoned")
  }

  @Test func succeedsWithTheRightFlags() throws {
    let cluster = try cluster()
    let report = try cluster.drain(
      node: "worker-2", options: DrainOptions(ignoreDaemonSets: true, force: true, deleteEmptyDirData: true))
    #expect(report.isComplete)
    #expect(
      report.lines == [
        "node/worker-2 cordoned",
        "Warning: ignoring DaemonSet-managed Pods: kube-system/kube-proxy-x7k2p",
        "Warning: deleting Pods that declare no controller: default/bare",
        "evicting pod default/bare",
        "evicting pod default/cache-5d8f-abcde",
        "evicting pod default/web-7c9d-qwert",
        "pod/bare evicted",
        "pod/cache-5d8f-abcde evicted",
        "pod/web-7c9d-qwert evicted",
        "node/worker-2 drained",
      ])
    let terminating = cluster.store.all(Pod.self).filter { $0.metadata.deletionTimestamp != nil }.map(\.name).sorted()
    #expect(terminating == ["bare", "cache-5d8f-abcde", "web-7c9d-qwert"])
    #expect(try cluster.api.get(Pod.self, namespace: "kube-system", name: "kube-proxy-x7k2p").metadata.deletionTimestamp == nil)
    #expect(try cluster.api.get(Pod.self, namespace: "kube-system", name: "etcd-worker-2").metadata.deletionTimestamp == nil)
    #expect(try cluster.api.get(Pod.self, namespace: "default", name: "elsewhere").metadata.deletionTimestamp == nil)
  }

  @Test func disruptionBudgetRefusalsAreReportedPerPod() throws {
    let cluster = try cluster()
    try cluster.api.create(PodDisruptionBudget(name: "web", minAvailable: .int(1), matchLabels: ["app": "web"]))
    try cluster.api.modify(PodDisruptionBudget.self, namespace: "default", name: "web", status: true) { budget in
      var status = PodDisruptionBudgetStatus()
      status.observedGeneration = budget.metadata.generation
      status.currentHealthy = 1
      status.desiredHealthy = 1
      status.expectedPods = 1
      status.disruptionsAllowed = 0
      budget.status = status
    }
    let options = DrainOptions(ignoreDaemonSets: true, force: true, deleteEmptyDirData: true)
    let report = try cluster.drain(node: "worker-2", options: options)
    #expect(!report.isComplete)
    let refusal = "Cannot evict pod as it would violate the pod's disruption budget."
    #expect(report.entries.first { $0.name == "web-7c9d-qwert" }?.outcome == .refused(refusal))
    #expect(report.lines.contains("error when evicting pods/\"web-7c9d-qwert\" -n \"default\" (will retry after 5s): \(refusal)"))
    #expect(!report.lines.contains("node/worker-2 drained"))
    #expect(try cluster.api.get(Pod.self, namespace: "default", name: "web-7c9d-qwert").metadata.deletionTimestamp == nil)
    // With --disable-eviction the budget is bypassed.
    let forced = try cluster.drain(node: "worker-2", options: DrainOptions(ignoreDaemonSets: true, force: true, deleteEmptyDirData: true, disableEviction: true))
    #expect(forced.isComplete)
  }

  @Test func disableEvictionDeletesWithTheGivenGracePeriod() throws {
    let cluster = try cluster()
    _ = try cluster.drain(
      node: "worker-2",
      options: DrainOptions(ignoreDaemonSets: true, force: true, deleteEmptyDirData: true, gracePeriodSeconds: 0, disableEviction: true))
    #expect(cluster.store.get(Pod.self, namespace: "default", name: "bare") == nil)
    #expect(cluster.store.get(Pod.self, namespace: "default", name: "web-7c9d-qwert") == nil)
  }

  @Test func orphanedDaemonSetPodsNeedForce() throws {
    let cluster = try cluster()
    try cluster.api.delete(DaemonSet.self, namespace: "kube-system", name: "kube-proxy", options: DeleteOptions(propagationPolicy: "Orphan"))
    try cluster.api.modify(DaemonSet.self, namespace: "kube-system", name: "kube-proxy") { $0.metadata.finalizers = nil }
    do {
      _ = try cluster.drain(node: "worker-2", options: DrainOptions(ignoreDaemonSets: true, deleteEmptyDirData: true))
      Issue.record("expected a refusal")
    } catch {
      #expect(error.problems.first == "cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): kube-system/kube-proxy-x7k2p")
    }
  }

  @Test func clientDrainReportsThroughTheHost() async throws {
    let host = EmbeddedCluster(try cluster())
    let revision = host.withCluster { String($0.store.revision) }
    var events = host.watch(Pod.self, namespace: "default", options: ListOptions(resourceVersion: revision)).makeAsyncIterator()
    let report = try await host.drain(node: "worker-2", options: DrainOptions(ignoreDaemonSets: true, force: true, deleteEmptyDirData: true))
    #expect(report.entries.filter { $0.outcome == .evicted }.count == 3)
    // Each eviction shows in the watch as the pod going into graceful termination.
    var terminating: Set<String> = []
    while terminating.count < 3, let change = try await events.next() {
      if change.object.metadata.deletionTimestamp != nil { terminating.insert(change.object.name) }
    }
    #expect(terminating == ["bare", "cache-5d8f-abcde", "web-7c9d-qwert"])
    do {
      _ = try await host.drain(node: "worker-1", options: DrainOptions())
      Issue.record("expected a refusal")
    } catch let error as DrainError {
      #expect(error.problems == ["cannot delete Pods that declare no controller (use --force to override): default/elsewhere"])
    }
  }
}
