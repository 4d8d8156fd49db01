import KubeModel
import Testing

@testable import ClusterEngine

/// The whole change history of a small benchmark-shaped cluster (Deployments brought up from
/// empty, then a rolling update, a scale-down and a deletion), fixed by a digest: every
/// write, its revision, its object byte for byte (resourceVersions, timestamps, Events with
/// their names, counts and messages) must stay what the straightforward code produced, so
/// faster paths through the API server, the kubelet and the controllers change nothing a
/// client can see.
@Suite struct ClusterHistoryDigestTests {
  /// The digest of `history()` as recorded before the fast paths were added, and recorded
  /// again when the controllers' Events began to pass through the event correlator (their
  /// SuccessfulCreate events combined after nine, held back after 25): a change of
  /// behaviour, not of speed; and again when services gained their EndpointSlices and
  /// namespaces their `default` ServiceAccount; and again when pod templates stopped taking
  /// the pod-only defaults (service account, priority, service links), which changed
  /// their hash and so the ReplicaSets' names; and again when Events were named with the
  /// Unix time in nanoseconds, as client-go names them; and again when kube-proxy and
  /// CoreDNS got their service accounts and their priority classes' priorities; and again
  /// when a pull tried again after a failure kept showing ImagePullBackOff (the demo's
  /// misspelt `ningx:1.14`) instead of ContainerCreating; and again when probes took
  /// their API defaults (CoreDNS's as kubeadm's manifest gives them); and again when a
  /// static pod's Events named its own UID (its config hash), not its mirror pod's; and
  /// again when DaemonSets got their template-generation annotation; and again when the
  /// API server began the cluster with its two system PriorityClasses (two more objects
  /// first, so every later revision and draw of the generator moved); and again when the
  /// kubelet stopped reporting a sandbox before its first containers had started (643 fewer
  /// pod status writes, one per pod, the other kinds' changes as many as before), and when
  /// pods on the host's network (kube-proxy, the static pods) showed the node's IP from
  /// their first status on; and again when a pull that failed while its sibling's image was
  /// still pulling (the demo's `multiple-pod`) waited for that pull to end before showing
  /// its error and backing off (one pod status write and two Events fewer, all of that pod;
  /// every other object's history as before); and again when the kubelet began to write a
  /// pod's status after a container's start or exit at its node's next relist, once a
  /// second, instead of at the instant itself (the pods' writes as many as before, but the
  /// ReplicaSets' status writes fell from 784 to 204 and the Deployments' from 786 to 248,
  /// as a node's pods that start within a second are written together; the revisions after
  /// the first such write moved, and the pods' Ready conditions carry the relist's second);
  /// and again when the Events recorded during a step of the engine began to be written
  /// when the step ends (the Events added and deleted as many as before, 3,708 and 2,208,
  /// but 33 Event updates instead of 411, as repeats within a step are counted before the
  /// Event is written; every other kind's changes as many as before, their revisions moved);
  /// and again when the kubelet stopped syncing a pod at the relist that followed its
  /// sandbox while the first images were still pulling (the sync that creates the sandbox
  /// waits for those pulls, so that relist found the status as written: the same writes
  /// with the same content, but six pods whose pull ended within that second came later in
  /// their relist's batch, so six revisions moved).
  static let expectedDigest = "2365d5da06fcaa98"

  @Test func historyMatchesTheRecordedDigest() throws {
    let (lines, running) = try Self.history()
    #expect(running == 600)
    #expect(lines.count > 9_000)
    #expect(Self.digest(lines) == Self.expectedDigest)
  }

  /// One line per committed change: revision, type, resource and the object's JSON.
  static func history() throws -> (lines: [String], running: Int) {
    // A small event limit, so that trimming the oldest Events is part of the history.
    let configuration = ClusterConfiguration(seed: 11, eventLimit: 1_500)
    let cluster = try DemoCluster.make(
      configuration: configuration, nodes: 12, components: ClusterFactory.standardComponents())
    ClusterFactory.wire(cluster)
    for index in 0..<24 {
      try cluster.api.create(ClusterBenchmark.deployment(name: "bench-\(index)", replicas: 25))
    }
    for _ in 0..<40 { cluster.advance(by: 1) }
    let running = ClusterBenchmark.runningPods(cluster, prefix: "bench-")
    try cluster.api.modify(Deployment.self, namespace: "default", name: "bench-1") { deployment in
      deployment.spec?.template?.spec?.containers?[0].image = "nginx:1.16"
    }
    try cluster.api.modify(Deployment.self, namespace: "default", name: "bench-2") { deployment in
      deployment.spec?.replicas = 7
    }
    try cluster.api.delete(Deployment.self, namespace: "default", name: "bench-3")
    for _ in 0..<90 { cluster.advance(by: 1) }
    var lines: [String] = []
    for event in try cluster.store.events(after: 0) {
      let json = try event.object.historyJSON()
      lines.append("\(event.revision) \(event.type) \(event.resource.plural) \(json)")
    }
    return (lines, running)
  }

  static func digest(_ lines: [String]) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for line in lines {
      for byte in line.utf8 {
        hash ^= UInt64(byte)
        hash = hash &* 0x100_0000_01b3
      }
      hash ^= 0x0A
      hash = hash &* 0x100_0000_01b3
    }
    return String(hash, radix: 16)
  }
}

extension KubeObject {
  /// The object as JSON, for the history digest.
  fileprivate func historyJSON() throws -> String {
    String(decoding: try DirectJSONEncoder.encode(self), as: UTF8.self)
  }
}
