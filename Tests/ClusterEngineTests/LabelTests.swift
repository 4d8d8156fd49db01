import KubeModel
import Testing

@testable import ClusterEngine

@Suite struct LabelTests {
  func cluster() throws -> Cluster {
    let cluster = Fixture.cluster()
    try cluster.api.create(Fixture.node("worker-1", labels: ["gpu": "true"]))
    try cluster.api.create(Fixture.pod("nginx", labels: ["app": "nginx"]))
    return cluster
  }

  @Test func addsOverwritesAndRemovesLabels() throws {
    let cluster = try cluster()
    #expect(try cluster.label(.nodes, name: "worker-1", changes: ["zone=a"]) == ["node/worker-1 labeled"])
    #expect(try cluster.api.get(Node.self, name: "worker-1").labels["zone"] == "a")
    #expect(try cluster.label(.nodes, name: "worker-1", changes: ["gpu=false"], overwrite: true) == ["node/worker-1 labeled"])
    #expect(try cluster.label(.nodes, name: "worker-1", changes: ["zone-"]) == ["node/worker-1 unlabeled"])
    #expect(try cluster.api.get(Node.self, name: "worker-1").labels["zone"] == nil)
    #expect(try cluster.label(.nodes, name: "worker-1", changes: ["gpu=false"], overwrite: true) == ["node/worker-1 not labeled"])
    #expect(
      try cluster.label(.pods, namespace: "default", name: "nginx", changes: ["tier-"]) == [
        "label \"tier\" not found.", "pod/nginx not labeled",
      ])
  }

  @Test func refusesToChangeAnExistingKeyWithoutOverwrite() throws {
    let cluster = try cluster()
    #expect(throws: ActionError.refused("'gpu' already has a value (true), and --overwrite is false")) {
      try cluster.label(.nodes, name: "worker-1", changes: ["gpu=false"])
    }
    let error = ActionError.refused("'gpu' already has a value (true), and --overwrite is false")
    #expect(error.description == "error: 'gpu' already has a value (true), and --overwrite is false")
    // Even the same value is refused, as kubectl does.
    #expect(throws: ActionError.self) { try cluster.label(.nodes, name: "worker-1", changes: ["gpu=true"]) }
    _ = try cluster.label(.nodes, name: "worker-1", changes: ["a=1"])
    #expect(
      throws: ActionError.refused(
        "['a' already has a value (1), and --overwrite is false, 'gpu' already has a value (true), and --overwrite is false]")
    ) { try cluster.label(.nodes, name: "worker-1", changes: ["gpu=x", "a=2"]) }
  }

  @Test func rejectsMalformedChanges() throws {
    let cluster = try cluster()
    #expect(throws: ActionError.refused("invalid label spec: a=b=c")) { try cluster.label(.pods, name: "nginx", changes: ["a=b=c"]) }
    #expect(throws: ActionError.refused("unknown label spec: foo")) { try cluster.label(.pods, name: "nginx", changes: ["foo"]) }
    #expect(throws: ActionError.refused("can not both modify and remove a label in the same command")) {
      try cluster.label(.pods, name: "nginx", changes: ["a=1", "a-"])
    }
    #expect(throws: ActionError.server(Status.notFound(.pods, name: "ghost"))) {
      try cluster.label(.pods, name: "ghost", changes: ["a=1"])
    }
    #expect(
      ActionError.server(Status.notFound(.pods, name: "ghost")).description
        == "Error from server (NotFound): pods \"ghost\" not found")
    do {
      _ = try cluster.label(.pods, name: "nginx", changes: ["a=b c"])
      Issue.record("expected a refusal")
    } catch {
      #expect(error.message.hasPrefix("invalid label value: \"a=b c\": "))
    }
  }

  @Test func namesObjectsAsKubectlDoes() throws {
    let cluster = try cluster()
    var deployment = Deployment()
    deployment.metadata = ObjectMeta(name: "web", namespace: "default")
    try cluster.api.create(deployment)
    #expect(try cluster.label(.deployments, namespace: "default", name: "web", changes: ["team=blue"]) == ["deployment.apps/web labeled"])
  }

  @Test func annotatesWithKubectlSemantics() throws {
    let cluster = try cluster()
    #expect(try cluster.annotate(.pods, name: "nginx", changes: ["owner=ops"]) == ["pod/nginx annotated"])
    // The same value again is no conflict; a different one needs --overwrite.
    #expect(try cluster.annotate(.pods, name: "nginx", changes: ["owner=ops"]) == ["pod/nginx annotated"])
    #expect(
      throws: ActionError.refused("--overwrite is false but found the following declared annotation(s): 'owner' already has a value (ops)")
    ) { try cluster.annotate(.pods, name: "nginx", changes: ["owner=dev"]) }
    #expect(try cluster.annotate(.pods, name: "nginx", changes: ["owner=dev", "note=a=b"], overwrite: true) == ["pod/nginx annotated"])
    let pod = try cluster.api.get(Pod.self, namespace: "default", name: "nginx")
    #expect(pod.metadata.annotations == ["owner": "dev", "note": "a=b"])
    #expect(try cluster.annotate(.pods, name: "nginx", changes: ["owner-", "note-"]) == ["pod/nginx annotated"])
    #expect(try cluster.api.get(Pod.self, namespace: "default", name: "nginx").metadata.annotations == nil)
    #expect(throws: ActionError.refused("invalid annotation format: =x, bad")) {
      try cluster.annotate(.pods, name: "nginx", changes: ["=x", "bad"])
    }
  }
}
