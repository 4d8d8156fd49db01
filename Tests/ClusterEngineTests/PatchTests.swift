import KubeModel
import Testing

@testable import ClusterEngine

@Suite struct PatchTests {
  func cluster() throws -> Cluster {
    let cluster = Fixture.cluster()
    try cluster.api.create(Fixture.node("worker-2"))
    try cluster.api.create(Fixture.pod("nginx", labels: ["app": "nginx", "tier": "web"]))
    try cluster.api.create(Self.deployment())
    return cluster
  }

  static func deployment(image: String = "nginx:1.14") -> Deployment {
    var deployment = Deployment()
    deployment.metadata = ObjectMeta(
      name: "web", namespace: "default", labels: ["app": "web"], annotations: ["deployment.kubernetes.io/revision": "2"])
    var spec = DeploymentSpec()
    spec.replicas = 2
    spec.selector = LabelSelector(matchLabels: ["app": "web"])
    var nginx = Container(name: "nginx", image: image, ports: [ContainerPort(containerPort: 80)])
    nginx.env = [EnvVar(name: "MODE", value: "prod")]
    let sidecar = Container(name: "log", image: "busybox:1.36")
    spec.template = PodTemplateSpec(metadata: ObjectMeta(labels: ["app": "web"]), spec: PodSpec(containers: [nginx, sidecar]))
    deployment.spec = spec
    return deployment
  }

  func json(_ text: String) throws -> JSONValue { try JSONParser.parse(text).jsonValue }

  @Test func cordonAndUncordonBodies() throws {
    let cluster = try cluster()
    let cordoned = try cluster.api.patch(
      Node.self, name: "worker-2", patch: Patch(.strategicMerge, try json(#"{"spec":{"unschedulable":true}}"#)))
    #expect(cordoned.spec?.unschedulable == true)
    let uncordoned = try cluster.api.patch(
      Node.self, name: "worker-2", patch: Patch(.strategicMerge, try json(#"{"spec":{"unschedulable":null}}"#)))
    #expect(uncordoned.spec?.unschedulable == nil)
    #expect(Int(uncordoned.metadata.resourceVersion ?? "") ?? 0 > Int(cordoned.metadata.resourceVersion ?? "") ?? 0)
  }

  @Test func mergePatchChangesLabels() throws {
    let cluster = try cluster()
    let pod = try cluster.api.patch(
      Pod.self, namespace: "default", name: "nginx",
      patch: Patch(.merge, try json(#"{"metadata":{"labels":{"tier":null,"track":"canary"}}}"#)))
    #expect(pod.metadata.labels == ["app": "nginx", "track": "canary"])
    #expect(pod.status?.phase == "Pending")
  }

  @Test func strategicMergeKeepsOtherContainersAndFields() throws {
    let cluster = try cluster()
    let before = try cluster.api.get(Deployment.self, namespace: "default", name: "web")
    let patched = try cluster.api.patch(
      Deployment.self, namespace: "default", name: "web",
      patch: Patch(.strategicMerge, try json(#"{"spec":{"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.16"}]}}}}"#)))
    let containers = patched.spec?.template?.spec?.containers ?? []
    #expect(containers.map(\.name) == ["nginx", "log"])
    #expect(containers.first?.image == "nginx:1.16")
    #expect(containers.first?.ports?.first?.containerPort == 80)
    #expect(containers.first?.env == [EnvVar(name: "MODE", value: "prod")])
    #expect(patched.metadata.generation == (before.metadata.generation ?? 0) + 1)
    // The same body with a plain merge patch replaces the whole list.
    let merged = try cluster.api.patch(
      Deployment.self, namespace: "default", name: "web",
      patch: Patch(.merge, try json(#"{"spec":{"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.17"}]}}}}"#)))
    #expect(merged.spec?.template?.spec?.containers?.map(\.name) == ["nginx"])
  }

  @Test func rolloutUndoJSONPatch() throws {
    let cluster = try cluster()
    try cluster.api.patch(
      Deployment.self, namespace: "default", name: "web",
      patch: Patch(.strategicMerge, try json(#"{"spec":{"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.16"}]}}}}"#)))
    let old = try ValueEncoder.encode(Self.deployment().spec?.template)
    let body: JSONValue = .array([
      .object(["op": .string("replace"), "path": .string("/spec/template"), "value": old]),
      .object([
        "op": .string("replace"), "path": .string("/metadata/annotations"),
        "value": .object(["deployment.kubernetes.io/revision": .string("1")]),
      ]),
    ])
    let undone = try cluster.api.patch(Deployment.self, namespace: "default", name: "web", patch: Patch(.json, body))
    #expect(undone.spec?.template?.spec?.containers?.first?.image == "nginx:1.14")
    #expect(undone.metadata.annotations?["deployment.kubernetes.io/revision"] == "1")
    #expect(throws: Status(message: "operation 0 (test /spec/replicas): test failed, the value differs", reason: .invalid, code: 422)) {
      try cluster.api.patch(
        Deployment.self, namespace: "default", name: "web",
        patch: Patch(.json, try json(#"[{"op":"test","path":"/spec/replicas","value":5}]"#)))
    }
  }

  @Test func unknownFieldsAreRejectedUnderStrictValidation() throws {
    let cluster = try cluster()
    let body = try json(#"{"spec":{"foo":1,"activeDeadlineSeconds":60}}"#)
    #expect(throws: Status.badRequest(#"strict decoding error: unknown field "spec.foo""#)) {
      try cluster.api.patch(Pod.self, namespace: "default", name: "nginx", patch: Patch(.merge, body))
    }
    let ignored = try cluster.api.patch(
      Pod.self, namespace: "default", name: "nginx", patch: Patch(.merge, body), fieldValidation: .ignore)
    #expect(ignored.spec?.activeDeadlineSeconds == 60)
  }

  @Test func resourceVersionInThePatchIsChecked() throws {
    let cluster = try cluster()
    let pod = try cluster.api.get(Pod.self, namespace: "default", name: "nginx")
    let stale = try json(#"{"metadata":{"resourceVersion":"1","labels":{"x":"y"}}}"#)
    #expect(throws: Status.conflict(.pods, name: "nginx")) {
      try cluster.api.patch(Pod.self, namespace: "default", name: "nginx", patch: Patch(.merge, stale))
    }
    let current = JSONValue.object([
      "metadata": .object(["resourceVersion": .string(pod.metadata.resourceVersion ?? ""), "labels": .object(["x": .string("y")])])
    ])
    #expect(try cluster.api.patch(Pod.self, namespace: "default", name: "nginx", patch: Patch(.merge, current)).labels["x"] == "y")
  }

  @Test func statusSubresourcePatchesOnlyTheStatus() throws {
    let cluster = try cluster()
    let pod = try cluster.api.patch(
      Pod.self, namespace: "default", name: "nginx",
      patch: Patch(.merge, try json(#"{"status":{"phase":"Running"},"spec":{"nodeName":"worker-2"}}"#)), subresource: "status")
    #expect(pod.status?.phase == "Running")
    #expect(pod.spec?.nodeName == nil)
    #expect(throws: Status.notFound(.pods, name: "ghost")) {
      try cluster.api.patch(Pod.self, namespace: "default", name: "ghost", patch: Patch(.merge, .emptyObject))
    }
    #expect(throws: Status.badRequest("the name of the object (other) does not match the name on the URL (nginx)")) {
      try cluster.api.patch(
        Pod.self, namespace: "default", name: "nginx", patch: Patch(.merge, try json(#"{"metadata":{"name":"other"}}"#)))
    }
  }

  @Test func serverSideApplyCreatesThenMerges() throws {
    let cluster = try cluster()
    let config = try json(#"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"settings"},"data":{"a":"1"}}"#)
    let created = try cluster.api.patch(ConfigMap.self, namespace: "default", name: "settings", patch: Patch(.apply, config))
    #expect(created.data == ["a": "1"])
    #expect(created.metadata.uid != nil)
    let more = try json(#"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"settings"},"data":{"b":"2"}}"#)
    let merged = try cluster.api.patch(ConfigMap.self, namespace: "default", name: "settings", patch: Patch(.apply, more))
    #expect(merged.data == ["a": "1", "b": "2"])
  }

  @Test func clientPatchReachesWatches() async throws {
    let host = EmbeddedCluster(try cluster())
    let revision = host.withCluster { String($0.store.revision) }
    var events = host.watch(Node.self, namespace: nil, options: ListOptions(resourceVersion: revision)).makeAsyncIterator()
    let node = try await host.patch(
      Node.self, namespace: nil, name: "worker-2", patch: Patch(.strategicMerge, try json(#"{"spec":{"unschedulable":true}}"#)))
    #expect(node.spec?.unschedulable == true)
    let changes = try await next(1, from: &events)
    #expect(changes.first?.type == .modified)
  }
}
