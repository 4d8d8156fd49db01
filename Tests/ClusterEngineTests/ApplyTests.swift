import KubeModel
import Testing

@testable import ClusterEngine

@Suite struct ApplyTests {
  let podManifest = """
    apiVersion: v1
    kind: Pod
    metadata:
      name: nginx
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: nginx:1.14
        ports:
        - containerPort: 80
    """

  @Test func createdConfiguredUnchanged() throws {
    let cluster = Fixture.cluster()
    let documents = try Manifest.decode(podManifest)
    #expect(cluster.apply(documents: documents).lines == ["pod/nginx created"])
    let pod = try cluster.api.get(Pod.self, namespace: "default", name: "nginx")
    let lastApplied = try #require(pod.metadata.annotations?[Cluster.lastAppliedAnnotation])
    #expect(
      lastApplied
        == #"{"apiVersion":"v1","kind":"Pod","metadata":{"labels":{"app":"nginx"},"name":"nginx","namespace":"default"},"spec":{"containers":[{"image":"nginx:1.14","name":"nginx","ports":[{"containerPort":80}]}]}}"#
        + "\n")
    #expect(cluster.apply(documents: documents).lines == ["pod/nginx unchanged"])
    let changed = try Manifest.decode(podManifest.replacingOccurrences(of: "app: nginx", with: "app: nginx\n    tier: web"))
    #expect(cluster.apply(documents: changed).lines == ["pod/nginx configured"])
    #expect(try cluster.api.get(Pod.self, namespace: "default", name: "nginx").labels == ["app": "nginx", "tier": "web"])
  }

  @Test func removedFieldsGoAndOthersStay() throws {
    let cluster = Fixture.cluster()
    let manifest = """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
        labels: {app: web, team: blue}
      spec:
        replicas: 2
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec:
            containers:
            - {name: nginx, image: "nginx:1.14"}
            - {name: log, image: "busybox:1.36"}
      """
    #expect(cluster.apply(documents: try Manifest.decode(manifest)).lines == ["deployment.apps/web created"])
    // Someone else adds a label; it must survive the next apply.
    _ = try cluster.label(.deployments, namespace: "default", name: "web", changes: ["owner=ops"])
    let next = manifest.replacingOccurrences(of: ", team: blue", with: "")
      .split(separator: "\n").filter { !$0.contains("name: log") }.joined(separator: "\n")
      .replacingOccurrences(of: "nginx:1.14", with: "nginx:1.16")
    #expect(cluster.apply(documents: try Manifest.decode(next)).lines == ["deployment.apps/web configured"])
    let deployment = try cluster.api.get(Deployment.self, namespace: "default", name: "web")
    #expect(deployment.labels == ["app": "web", "owner": "ops"])
    #expect(deployment.spec?.template?.spec?.containers?.map(\.name) == ["nginx"])
    #expect(deployment.spec?.template?.spec?.containers?.first?.image == "nginx:1.16")
  }

  @Test func errorsDoNotStopOtherObjects() throws {
    let cluster = Fixture.cluster()
    let manifest = podManifest + """

      ---
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: settings
        namespace: missing
      data: {a: "1"}
      ---
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: settings
      data: {a: "1"}
      """
    let report = cluster.apply(documents: try Manifest.decode(manifest))
    #expect(report.lines == ["pod/nginx created", "configmap/settings created"])
    #expect(report.errors == [.server(Status.notFound(.namespaces, name: "missing"))])
  }

  @Test func deleteAndSetImagePrintKubectlLines() throws {
    let cluster = Fixture.cluster()
    _ = cluster.apply(documents: try Manifest.decode(podManifest))
    #expect(try cluster.setImage(.pods, name: "nginx", images: ["nginx": "nginx:1.16"]) == ["pod/nginx image updated"])
    #expect(try cluster.setImage(.pods, name: "nginx", images: ["*": "nginx:1.16"]) == [])
    #expect(throws: ActionError.refused("unable to find container named \"web\"")) {
      try cluster.setImage(.pods, name: "nginx", images: ["web": "nginx:1.16"])
    }
    #expect(try cluster.delete(.pods, name: "nginx") == "pod \"nginx\" deleted")
    #expect(throws: ActionError.server(Status.notFound(.pods, name: "nginx"))) { try cluster.delete(.pods, name: "nginx") }
    var deployment = PatchTests.deployment()
    deployment.metadata.name = "api"
    try cluster.api.create(deployment)
    #expect(try cluster.setImage(.deployments, namespace: "default", name: "api", images: ["log": "busybox:1.37"]) == ["deployment.apps/api image updated"])
    #expect(try cluster.delete(.deployments, namespace: "default", name: "api") == "deployment.apps \"api\" deleted")
  }
}
