import Testing
@testable import KubeModel

@Suite struct ManifestTests {
  func errors(_ text: String, file: String = "m.yaml") -> [String] {
    manifestErrors(text, file: file)
  }

  @Test func multiDocumentYAMLDecodesEveryKind() throws {
    let text = """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: webserver
      spec:
        replicas: 2
        selector:
          matchLabels:
            app: webserver
        template:
          metadata:
            labels:
              app: webserver
          spec:
            containers:
            - name: nginx
              image: nginx:1.14
      ---
      apiVersion: v1
      kind: Service
      metadata:
        name: webserver
      spec:
        selector:
          app: webserver
        ports:
        - port: 80
          targetPort: 80
      ---
      """
    let documents = try Manifest.decode(text)
    #expect(documents.map(\.resource) == [.deployments, .services])
    #expect(documents.map(\.line) == [1, 19])
    let deployment = try #require(documents[0].object as? Deployment)
    #expect(deployment.spec?.replicas == 2)
    #expect(deployment.spec?.selector?.matchLabels == ["app": "webserver"])
    let service = try #require(documents[1].object as? Service)
    #expect(service.spec?.ports?.first?.targetPort == .int(80))
  }

  @Test func oneBadDocumentFailsTheWholeFile() {
    let text = """
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: ok
      data:
        a: b
      ---
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: bad
      dta:
        a: b
      """
    #expect(errors(text) == [#"m.yaml:12: unknown field "dta" (did you mean "data"?)"#])
  }

  @Test func nestedDeploymentFieldNamesFullPath() {
    let text = """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
      spec:
        template:
          spec:
            nodeSlector:
              disk: ssd
            containers:
            - name: c
              image: nginx
              imagePullPolcy: Always
      """
    #expect(
      errors(text) == [
        #"m.yaml:8: unknown field "spec.template.spec.nodeSlector" (did you mean "nodeSelector"?)"#,
        #"m.yaml:13: unknown field "spec.template.spec.containers[0].imagePullPolcy" (did you mean "imagePullPolicy"?)"#,
      ])
  }

  @Test func wrongScalarShapes() {
    let text = """
      apiVersion: v1
      kind: Pod
      metadata:
        name: p
        labels: [a, b]
      spec:
        containers:
        - name: c
          image: nginx
          env:
          - name: PORT
            value: 8080
          ports:
          - containerPort: eighty
      """
    #expect(
      errors(text) == [
        "m.yaml:5: metadata.labels: expected a map, got a list",
        "m.yaml:12: spec.containers[0].env[0].value: expected a string, got a number",
        "m.yaml:14: spec.containers[0].ports[0].containerPort: expected an integer, got a string",
      ])
  }

  @Test func badQuantityNamesTheField() {
    let text = """
      apiVersion: v1
      kind: Pod
      metadata:
        name: p
      spec:
        containers:
        - name: c
          image: nginx
          resources:
            requests:
              cpu: 1.5.5
      """
    let found = errors(text)
    #expect(found.count == 1)
    #expect(found.first?.hasPrefix("m.yaml:11: spec.containers[0].resources.requests.cpu: quantities must match") == true)
  }

  @Test func missingAndUnknownKinds() {
    #expect(errors("metadata:\n  name: x\n") == ["m.yaml:1: error validating data: apiVersion not set, kind not set"])
    #expect(
      errors("apiVersion: v1\nkind: Pood\nmetadata:\n  name: x\n") == [
        #"m.yaml:2: no matches for kind "Pood" in version "v1" (did you mean "Pod"?)"#
      ])
    #expect(
      errors("apiVersion: v1\nkind: Deployment\nmetadata:\n  name: x\n") == [
        #"m.yaml:2: no matches for kind "Deployment" in version "v1" (Deployment is served as "apps/v1")"#
      ])
  }

  @Test func yamlSyntaxAndDuplicateKeys() {
    let duplicate = errors("apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  name: b\n")
    #expect(duplicate.count == 1)
    #expect(duplicate.first?.contains(#"duplicate field "name""#) == true)
    let tabs = errors("apiVersion: v1\nkind: Pod\nmetadata:\n\tname: a\n")
    #expect(tabs.count == 1)
    #expect(tabs.first?.hasPrefix("m.yaml:4: invalid YAML") == true)
  }

  @Test func jsonManifestsHaveLinesToo() {
    let text = """
      {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": "p"},
        "spec": {
          "containerz": []
        }
      }
      """
    #expect(errors(text, file: "p.json") == [#"p.json:6: unknown field "spec.containerz" (did you mean "containers"?)"#])
  }

  @Test func listKindExpands() throws {
    let text = """
      apiVersion: v1
      kind: List
      items:
      - apiVersion: v1
        kind: Namespace
        metadata:
          name: a
      - apiVersion: v1
        kind: Namespace
        metadata:
          name: b
      """
    let documents = try Manifest.decode(text)
    #expect(documents.map { $0.object.name } == ["a", "b"])
  }

  @Test func yamlOutputMatchesKubectlLayout() throws {
    var pod = Pod()
    pod.metadata.name = "nginx"
    pod.metadata.labels = ["run": "nginx", "gpu": "true", "tier": "80"]
    pod.spec = PodSpec(containers: [Container(name: "nginx", image: "nginx:1.14", ports: [ContainerPort(containerPort: 80)])])
    pod.spec?.restartPolicy = "Always"
    let yaml = Manifest.yaml(of: pod)
    #expect(
      yaml == """
        apiVersion: v1
        kind: Pod
        metadata:
          labels:
            gpu: "true"
            run: nginx
            tier: "80"
          name: nginx
        spec:
          containers:
          - image: nginx:1.14
            name: nginx
            ports:
            - containerPort: 80
          restartPolicy: Always

        """)
    let back = try #require(try Manifest.decode(yaml).first?.object as? Pod)
    #expect(back == pod)
  }

  @Test func timestampsAreQuotedAsKubectlPrintsThem() {
    var map = ConfigMap()
    map.metadata.name = "c"
    map.metadata.creationTimestamp = Time(seconds: 1_767_225_600)
    #expect(Manifest.yaml(of: map).contains(#"creationTimestamp: "2026-01-01T00:00:00Z""#))
  }

  @Test func multilineStringsUseBlockScalars() {
    let value: JSONValue = .object(["a": .string("{\"x\":1}\n"), "b": .string("one\ntwo"), "c": .string("")])
    #expect(YAMLWriter.write(value) == "a: |\n  {\"x\":1}\nb: |-\n  one\n  two\nc: \"\"\n")
  }

  @Test func jsonOutputIsStable() throws {
    var map = ConfigMap()
    map.metadata.name = "c"
    map.data = ["z": "1", "a": "2", "m": "3"]
    let json = JSONWriter.write(try ValueEncoder.encode(map))
    #expect(json == #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"a":"2","m":"3","z":"1"}}"#)
    let parsed = try JSONParser.parse(json)
    #expect(try StrictDecoder().decode(ConfigMap.self, from: parsed) == map)
  }

  @Test func lenientModeIgnoresUnknownFields() throws {
    let node = try JSONParser.parse(#"{"metadata":{"name":"x","bogus":1},"data":{"k":"v"}}"#)
    let map = try StrictDecoder(rejectsUnknownFields: false).decode(ConfigMap.self, from: node)
    #expect(map.data == ["k": "v"])
  }

  /// A bad scalar is reported where it is and the rest of its object is still read: its
  /// later siblings are neither lost nor called unknown fields.
  @Test func badScalarsLeaveTheirSiblingsRead() {
    let text = """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: bad
      spec:
        replicas: two
        strategy:
          rollingUpdate:
            maxSurge: [1]
            maxUnavailable: 1
        selector:
          matchLabels: {app: bad}
        template:
          metadata:
            labels: {app: bad}
          spec:
            containers:
            - name: c
              image: nginx
              ports:
              - containerPort: "80x"
                protocl: TCP
            tolerations:
            - key: a
              tolerationSeconds: x
              effect: NoExecute
      """
    #expect(
      errors(text) == [
        "m.yaml:6: spec.replicas: expected an integer, got a string",
        "m.yaml:9: spec.strategy.rollingUpdate.maxSurge: expected an integer or a string, got a list",
        "m.yaml:21: spec.template.spec.containers[0].ports[0].containerPort: expected an integer, got a string",
        #"m.yaml:22: unknown field "spec.template.spec.containers[0].ports[0].protocl" (did you mean "protocol"?)"#,
        "m.yaml:25: spec.template.spec.tolerations[0].tolerationSeconds: expected an integer, got a string",
      ])
  }
}
