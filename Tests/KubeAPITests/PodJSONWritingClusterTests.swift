import ClusterEngine
import Testing

@testable import KubeModel

/// The hand-written pod JSON, on the pods a cluster really holds, must be byte for byte
/// what the generic `Encodable` path writes.
struct PodJSONWritingClusterTests {
  func expectSameText(_ pods: [Pod]) throws {
    #expect(!pods.isEmpty)
    for pod in pods {
      let generic = DirectJSONEncoder()
      try generic.appendEncoded(pod)
      var handWritten: [UInt8] = []
      try pod.writeJSON(to: &handWritten)
      #expect(handWritten == generic.output, "pod \(pod.metadata.namespace ?? "")/\(pod.metadata.name ?? "")")
    }
  }

  @Test func demoClusterPodsAreWrittenAsTheGenericPathWritesThem() throws {
    let cluster = try ClusterFactory.make(seed: 1)
    try expectSameText(Array(cluster.store.all(Pod.self)))
    cluster.advance(by: 120)
    try expectSameText(Array(cluster.store.all(Pod.self)))
  }

  @Test func benchmarkPodsAreWrittenAsTheGenericPathWritesThem() throws {
    let (_, cluster) = try ClusterBenchmark.run(nodes: 3, pods: 12, replicasPerDeployment: 6, virtualLimit: 120)
    try expectSameText(Array(cluster.store.all(Pod.self)))
  }
}
