import Testing
@testable import KubeModel

/// The study guide's manifests, verbatim, typos included: each decodes to the object it
/// describes or fails with the exact errors a user needs to fix it.
@Suite struct SeedManifestTests {
  func errors(_ text: String, file: String = "pod.yaml") -> [String] {
    manifestErrors(text, file: file)
  }

  @Test func podTemplateDecodes() throws {
    let text = """
      apiVersion: v1
      kind: Pod
      metadata:
        name: nginx
      spec:
        containers:
        - image: nginx:1.14
          name: nginx
          ports:
          - containerPort: 80
      """
    let documents = try Manifest.decode(text, file: "pod-nginx.yaml")
    #expect(documents.count == 1)
    let pod = try #require(documents.first?.object as? Pod)
    #expect(pod.metadata.name == "nginx")
    #expect(pod.spec?.containers?.count == 1)
    #expect(pod.spec?.containers?.first?.image == "nginx:1.14")
    #expect(pod.spec?.containers?.first?.ports?.first?.containerPort == 80)
    #expect(documents.first?.resource == .pods)
  }

  @Test func multiContainerPodWithMisspeltImageIsSyntacticallyFine() throws {
    let text = """
      apiVersion: v1
      kind: Pod
      metadata:
        name: multiple-pod
      spec:
        containers:
        - name: nginx-container
          image: ningx:1.14
          ports:
          - containerPort: 80
        - name: centos-container
          image: centos:7
          command:
          - sleep
          - "10000"
      """
    let pod = try #require(try Manifest.decode(text).first?.object as? Pod)
    #expect(pod.spec?.containers?.map { $0.name ?? "" } == ["nginx-container", "centos-container"])
    #expect(pod.spec?.containers?.first?.image == "ningx:1.14")
    #expect(pod.spec?.containers?.last?.command == ["sleep", "10000"])
  }

  @Test func labelSnippetWithMisspeltMetadata() throws {
    let snippet = """
      matadat:
        label:
          rel: stable
          name: mainui
      """
    let node = try #require(try Manifest.parseDocuments(snippet).first)
    #expect(throws: ManifestErrors.self) { try StrictDecoder().decode(Pod.self, from: node) }
    do {
      _ = try StrictDecoder().decode(Pod.self, from: node)
    } catch {
      #expect(error.errors.map(\.description) == [#"1: unknown field "matadat" (did you mean "metadata"?)"#])
    }
    let corrected = """
      metadata:
        label:
          rel: stable
          name: mainui
      """
    let correctedNode = try #require(try Manifest.parseDocuments(corrected).first)
    do {
      _ = try StrictDecoder().decode(Pod.self, from: correctedNode)
      Issue.record("expected an error for metadata.label")
    } catch {
      #expect(error.errors.map(\.description) == [#"2: unknown field "metadata.label" (did you mean "labels"?)"#])
    }
  }

  @Test func labelledPodWithMisspeltMetadataAndContainersAsMap() {
    let text = """
      apiVersion: v1
      kind: Pod
      metatdata:
        name: appjs-pod
        labels:
          apps: web
          release: stable
      spec:
        containers:
          name: appjs-container
          image: smlinux/appjs
          ports:
            containerPort: 80
      """
    #expect(
      errors(text) == [
        #"pod.yaml:3: unknown field "metatdata" (did you mean "metadata"?)"#,
        "pod.yaml:9: spec.containers: expected a list, got a map",
      ])
  }

  @Test func annotationSingularIsUnknown() {
    let text = """
      apiVersion: v1
      kind: Pod
      metadata:
        name: anon-pod
        annotation:
          imageregistry: "http://hub.docker.com/"
      spec:
        containers:
          name: nginx
          image: nginx:1.14
      """
    #expect(
      errors(text) == [
        #"pod.yaml:5: unknown field "metadata.annotation" (did you mean "annotations"?)"#,
        "pod.yaml:8: spec.containers: expected a list, got a map",
      ])
  }

  @Test func nodeSelectorTypo() {
    let text = """
      apiVersion: v1
      kind: Pod
      metadata:
        name: testpod
      spec:
        containers:
          name: nginx
          image: ngnix:1.14
        nodeSlector:
          type: ssh
      """
    #expect(
      errors(text) == [
        "pod.yaml:6: spec.containers: expected a list, got a map",
        #"pod.yaml:9: unknown field "spec.nodeSlector" (did you mean "nodeSelector"?)"#,
      ])
  }

  @Test func resourcesPodHasContainersAsMap() {
    let text = """
      apiVersion: v1
      kind: Pod
      metadata:
        name: pod
      spec:
        containers:
          name: nginx-container
          image: nginx:1.14
          resources:
            requests:
              cpu: 100m
              memory: 250Mi
            limits:
              cpu: 500m
              memory: 500Mi
      """
    #expect(errors(text) == ["pod.yaml:6: spec.containers: expected a list, got a map"])
  }

  @Test func resourcesPodCorrectedDecodesQuantities() throws {
    let text = """
      apiVersion: v1
      kind: Pod
      metadata:
        name: pod
      spec:
        containers:
        - name: nginx-container
          image: nginx:1.14
          resources:
            requests:
              cpu: 100m
              memory: 250Mi
            limits:
              cpu: 500m
              memory: 500Mi
      """
    let pod = try #require(try Manifest.decode(text).first?.object as? Pod)
    let resources = try #require(pod.spec?.containers?.first?.resources)
    #expect(resources.requests?["cpu"]?.milliValue == 100)
    #expect(resources.requests?["memory"]?.value == Int64(262_144_000))
    #expect(resources.limits?["cpu"]?.milliValue == 500)
    #expect(resources.limits?["memory"]?.description == "500Mi")
  }
}
