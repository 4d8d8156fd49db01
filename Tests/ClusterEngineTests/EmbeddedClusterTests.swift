import Foundation
import KubeModel
import Testing

@testable import ClusterEngine

@Suite struct EmbeddedClusterTests {
  /// Three nodes, five nginx pods (two on worker-1 labelled app=web).
  func host(watchBufferCapacity: Int = 10_000, watchLogCapacity: Int = 200_000) throws -> EmbeddedCluster {
    let cluster = Fixture.cluster(watchLogCapacity: watchLogCapacity)
    for name in ["worker-1", "worker-2", "worker-3"] { try cluster.api.create(Fixture.node(name)) }
    try cluster.api.create(Fixture.pod("a", labels: ["app": "web"], node: "worker-1"))
    try cluster.api.create(Fixture.pod("b", labels: ["app": "web"], node: "worker-1"))
    try cluster.api.create(Fixture.pod("c", labels: ["app": "db"], node: "worker-2"))
    try cluster.api.create(Fixture.pod("d", node: "worker-3"))
    try cluster.api.create(Fixture.pod("e", namespace: "kube-system", node: "worker-3"))
    return EmbeddedCluster(cluster, watchBufferCapacity: watchBufferCapacity)
  }

  @Test func listFiltersByNamespaceLabelsAndFields() async throws {
    let host = try host()
    let all = try await host.list(Pod.self, namespace: nil, options: ListOptions())
    #expect(all.items.map(\.name) == ["a", "b", "c", "d", "e"])
    #expect(all.kind == "PodList")
    #expect(all.metadata.resourceVersion == host.withCluster { String($0.store.revision) })
    let web = try await host.list(Pod.self, namespace: "default", options: ListOptions(labelSelector: "app=web"))
    #expect(web.items.map(\.name) == ["a", "b"])
    let onNode = try await host.list(Pod.self, namespace: nil, options: ListOptions(fieldSelector: "spec.nodeName=worker-3"))
    #expect(onNode.items.map(\.qualifiedName) == ["default/d", "kube-system/e"])
    let notWeb = try await host.list(Pod.self, namespace: "default", options: ListOptions(labelSelector: "app!=web"))
    #expect(notWeb.items.map(\.name) == ["c", "d"])
    let nodes = try await host.list(Node.self, namespace: "ignored", options: ListOptions())
    #expect(nodes.items.count == 3)
  }

  @Test func badSelectorsAreBadRequests() async throws {
    let host = try host()
    await #expect(throws: Status.badRequest("field label not supported: spec.foo")) {
      _ = try await host.list(Pod.self, namespace: nil, options: ListOptions(fieldSelector: "spec.foo=x"))
    }
    await #expect(
      throws: Status.badRequest("\"spec.replicas\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"")
    ) {
      _ = try await host.list(Deployment.self, namespace: nil, options: ListOptions(fieldSelector: "spec.replicas=1"))
    }
    do {
      _ = try await host.list(Pod.self, namespace: nil, options: ListOptions(labelSelector: "app in (a"))
      Issue.record("expected a bad request")
    } catch let status as Status {
      #expect(status.code == 400)
    }
  }

  @Test func getReturnsObjectOrNotFound() async throws {
    let host = try host()
    let pod = try await host.get(Pod.self, namespace: nil, name: "a")
    #expect(pod.spec?.nodeName == "worker-1")
    await #expect(throws: Status.notFound(.pods, name: "zz")) { _ = try await host.get(Pod.self, namespace: "default", name: "zz") }
    let node = try await host.get(Node.self, namespace: nil, name: "worker-2")
    #expect(node.name == "worker-2")
  }

  @Test func listsAreInNamespaceThenNameOrder() async throws {
    let cluster = Fixture.cluster()
    try cluster.api.create(Fixture.node("worker-1"))
    // `app` is a prefix of `app-x`, and `-` sorts before `/`: key order is (namespace, name),
    // not the order of `namespace/name` strings.
    for name in ["app", "app-x", "apps"] {
      var namespace = Namespace()
      namespace.metadata.name = name
      try cluster.api.create(namespace)
    }
    let keys = [("app-x", "a"), ("app", "b-1"), ("apps", "a"), ("app", "b"), ("default", "z"), ("app", "b.1"), ("app", "a")]
    for (namespace, name) in keys { try cluster.api.create(Fixture.pod(name, namespace: namespace, node: "worker-1")) }
    let host = EmbeddedCluster(cluster)
    let listed = try await host.list(Pod.self, namespace: nil, options: ListOptions()).items.map { ($0.namespace, $0.name) }
    let expected = keys.sorted { $0 < $1 }
    #expect(listed.map(\.0) == expected.map(\.0))
    #expect(listed.map(\.1) == expected.map(\.1))
    let inApp = try await host.list(Pod.self, namespace: "app", options: ListOptions()).items.map(\.name)
    #expect(inApp == ["a", "b", "b-1", "b.1"])
  }

  @Test func pagingWithContinueTokens() async throws {
    let host = try host()
    let first = try await host.list(Pod.self, namespace: nil, options: ListOptions(limit: 2))
    #expect(first.items.map(\.name) == ["a", "b"])
    #expect(first.metadata.remainingItemCount == 3)
    let token = try #require(first.metadata.continue)
    // Changes between pages do not change the list's revision.
    _ = try await host.create(Fixture.pod("f"), dryRun: false)
    let second = try await host.list(Pod.self, namespace: nil, options: ListOptions(limit: 2, continueToken: token))
    #expect(second.items.map(\.name) == ["c", "d"])
    #expect(second.metadata.resourceVersion == first.metadata.resourceVersion)
    let third = try await host.list(
      Pod.self, namespace: nil, options: ListOptions(limit: 2, continueToken: second.metadata.continue))
    #expect(third.items.map(\.qualifiedName) == ["default/f", "kube-system/e"])
    #expect(third.metadata.continue == nil)
    #expect(third.metadata.remainingItemCount == nil)

    let filtered = try await host.list(Pod.self, namespace: "default", options: ListOptions(labelSelector: "app=web", limit: 1))
    #expect(filtered.items.map(\.name) == ["a"])
    #expect(filtered.metadata.continue != nil)
    #expect(filtered.metadata.remainingItemCount == nil)

    await #expect(throws: Status.badRequest("invalid continue token: continue key is not valid: illegal base64 data")) {
      _ = try await host.list(Pod.self, namespace: nil, options: ListOptions(limit: 2, continueToken: "%%%"))
    }
  }

  @Test func continueTokenHasUpstreamShape() throws {
    let token = ContinueToken(revision: 42, start: "default/b\u{0}")
    let decoded = try ContinueToken(decoding: token.encoded)
    #expect(decoded == token)
    #expect(decoded.lastKey == ObjectKey(namespace: "default", name: "b"))
    let json = String(decoding: Data(base64Encoded: token.encoded + "==") ?? Data(), as: UTF8.self)
    #expect(json == #"{"v":"meta.k8s.io/v1","rv":42,"start":"default/b\u0000"}"#)
  }

  @Test func createHonoursDryRunAndUpdateConflicts() async throws {
    let host = try host()
    let dry = try await host.create(Fixture.pod("dry"), dryRun: true)
    #expect(dry.metadata.uid != nil)
    await #expect(throws: Status.notFound(.pods, name: "dry")) { _ = try await host.get(Pod.self, namespace: nil, name: "dry") }
    var pod = try await host.get(Pod.self, namespace: nil, name: "a")
    pod.metadata.labels?["tier"] = "front"
    let updated = try await host.update(pod)
    #expect(updated.labels["tier"] == "front")
    await #expect(throws: Status.conflict(.pods, name: "a")) { _ = try await host.update(pod) }
    try await host.delete(Pod.self, namespace: "default", name: "c", options: DeleteOptions())
    let deleted = try await host.get(Pod.self, namespace: nil, name: "c")
    #expect(deleted.metadata.deletionTimestamp != nil)
  }

  @Test func watchDeliversChangesInOrderAndResumes() async throws {
    let host = try host()
    let list = try await host.list(Pod.self, namespace: "default", options: ListOptions())
    let start = try #require(list.metadata.resourceVersion)
    var iterator = host.watch(Pod.self, namespace: "default", options: ListOptions(resourceVersion: start)).makeAsyncIterator()
    _ = try await host.create(Fixture.pod("f"), dryRun: false)
    _ = try await host.create(Fixture.pod("g", namespace: "kube-system"), dryRun: false)
    var pod = try await host.get(Pod.self, namespace: nil, name: "f")
    pod.metadata.labels = ["x": "1"]
    _ = try await host.update(pod)
    try await host.delete(Pod.self, namespace: "default", name: "f", options: DeleteOptions())
    let events = try await next(3, from: &iterator)
    #expect(events.map(\.type) == [.added, .modified, .deleted])
    #expect(events.map(\.object.name) == ["f", "f", "f"])
    let revisions = events.compactMap { Int64($0.object.metadata.resourceVersion ?? "") }
    #expect(revisions == revisions.sorted())

    // Resume after the first event: the rest again, in order.
    let resume = try #require(events.first?.object.metadata.resourceVersion)
    var resumed = host.watch(Pod.self, namespace: "default", options: ListOptions(resourceVersion: resume)).makeAsyncIterator()
    let again = try await next(2, from: &resumed)
    #expect(again.map(\.type) == [.modified, .deleted])
  }

  @Test func watchWithoutRevisionStartsWithTheCurrentState() async throws {
    let host = try host()
    var iterator = host.watch(Pod.self, namespace: nil, options: ListOptions(labelSelector: "app=web")).makeAsyncIterator()
    let initial = try await next(2, from: &iterator)
    #expect(initial.map(\.type) == [.added, .added])
    #expect(initial.map(\.object.name) == ["a", "b"])
  }

  @Test func watchReportsSelectionChangesAsAddedAndDeleted() async throws {
    let host = try host()
    let revision = host.withCluster { String($0.store.revision) }
    var iterator = host.watch(
      Pod.self, namespace: "default", options: ListOptions(labelSelector: "app=web", resourceVersion: revision)
    ).makeAsyncIterator()
    try host.withCluster { cluster throws(Status) in
      try cluster.api.modify(Pod.self, namespace: "default", name: "a") { $0.metadata.labels = ["app": "old"] }
      try cluster.api.modify(Pod.self, namespace: "default", name: "c") { $0.metadata.labels = ["app": "web"] }
      try cluster.api.modify(Pod.self, namespace: "default", name: "c") { $0.metadata.annotations = ["n": "1"] }
    }
    let events = try await next(3, from: &iterator)
    #expect(events.map(\.type) == [.deleted, .added, .modified])
    #expect(events.map(\.object.name) == ["a", "c", "c"])
  }

  @Test func watchFromCompactedRevisionIsExpired() async throws {
    let host = try host(watchLogCapacity: 4)
    for index in 0..<10 { _ = try await host.create(Fixture.pod("p\(index)"), dryRun: false) }
    let compacted = host.withCluster { $0.store.compactedRevision }
    var iterator = host.watch(Pod.self, namespace: nil, options: ListOptions(resourceVersion: "3")).makeAsyncIterator()
    do {
      _ = try await iterator.next()
      Issue.record("expected Expired")
    } catch let status as Status {
      #expect(status.code == 410)
      #expect(status.reason == .expired)
      #expect(status.message == "too old resource version: 3 (\(compacted))")
    }
  }

  @Test func slowWatcherIsDroppedWithoutBlockingOthers() async throws {
    let host = try host(watchBufferCapacity: 3)
    let revision = host.withCluster { String($0.store.revision) }
    var slow = host.watch(Pod.self, namespace: nil, options: ListOptions(resourceVersion: revision)).makeAsyncIterator()
    var nodes = host.watch(Node.self, namespace: nil, options: ListOptions(resourceVersion: revision)).makeAsyncIterator()
    for index in 0..<10 { _ = try await host.create(Fixture.pod("p\(index)"), dryRun: false) }
    _ = try await host.setUnschedulable(node: "worker-1", true)
    var received = 0
    do {
      while try await slow.next() != nil { received += 1 }
      Issue.record("expected the slow watcher to be dropped")
    } catch let status as Status {
      #expect(status.code == 410)
      #expect(status.reason == .gone)
      #expect(status.message?.contains("fell 3 events behind") == true)
    }
    #expect(received == 3)
    let nodeEvents = try await next(1, from: &nodes)
    #expect(nodeEvents.first?.object.spec?.unschedulable == true)
    #expect(host.openWatchCount == 1)
  }

  @Test func cancelledWatchesAreRemoved() async throws {
    let host = try host()
    let task = Task {
      for try await _ in host.watch(Pod.self, namespace: nil, options: ListOptions(resourceVersion: "1")) {}
    }
    while host.openWatchCount == 0 { await Task.yield() }
    task.cancel()
    _ = await task.result
    #expect(host.openWatchCount == 0)
  }

  @Test func bookmarksAreSentAboutEveryMinute() async throws {
    let host = try host()
    let revision = host.withCluster { String($0.store.revision) }
    var iterator = host.watch(
      Node.self, namespace: nil, options: ListOptions(resourceVersion: revision, allowBookmarks: true)
    ).makeAsyncIterator()
    host.step(by: 30)
    _ = try await host.create(Fixture.node("worker-4"), dryRun: false)
    host.step(by: 31)
    let events = try await next(2, from: &iterator)
    #expect(events.map(\.type) == [.added, .bookmark])
    #expect(events.last?.object.kind == "Node")
    #expect(events.last?.object.metadata.resourceVersion == host.withCluster { String($0.store.revision) })
  }

  @Test func concurrentUpdatesWithOneRevisionLetExactlyOneWin() async throws {
    let host = try host()
    host.speed = 60
    host.start()
    defer { host.stop() }
    let pod = try await host.get(Pod.self, namespace: nil, name: "a")
    let outcomes = await withTaskGroup(of: Int?.self) { group in
      for index in 0..<8 {
        group.addTask {
          var copy = pod
          copy.metadata.labels?["writer"] = "w\(index)"
          do {
            _ = try await host.update(copy)
            return 200
          } catch let status as Status {
            return status.code
          } catch {
            return nil
          }
        }
      }
      var codes: [Int?] = []
      for await code in group { codes.append(code) }
      return codes
    }
    #expect(outcomes.filter { $0 == 200 }.count == 1)
    #expect(outcomes.filter { $0 == 409 }.count == 7)
  }

  @Test func manyThreadsUseTheClientWhileTheDriverSteps() async throws {
    let host = try host()
    host.speed = 10
    host.start()
    let revision = host.withCluster { String($0.store.revision) }
    var iterator = host.watch(Pod.self, namespace: "default", options: ListOptions(resourceVersion: revision)).makeAsyncIterator()
    await withTaskGroup(of: Void.self) { group in
      for worker in 0..<4 {
        group.addTask {
          for index in 0..<25 {
            _ = try? await host.create(Fixture.pod("w\(worker)-\(index)"), dryRun: false)
            _ = try? await host.list(Pod.self, namespace: nil, options: ListOptions(labelSelector: "app=web"))
            _ = host.driver.status
          }
        }
      }
    }
    host.stop()
    let stoppedAt = host.virtualSeconds
    #expect(host.driver.status.isRunning == false)
    let events = try await next(100, from: &iterator)
    #expect(events.count == 100)
    #expect(Set(events.map(\.object.name)).count == 100)
    #expect(host.withCluster { $0.store.count(Pod.self) } == 105)
    #expect(host.virtualSeconds == stoppedAt)
  }

  @Test func manualStepsAdvanceVirtualTime() throws {
    let host = try host()
    host.step(by: 2.5)
    #expect(host.virtualSeconds == 2.5)
    host.pause()
    #expect(host.driver.status.isPaused)
    host.resume()
    host.speed = 2
    #expect(host.driver.status.speed == 2)
  }
}
