import SeedFixtures
import Testing
@testable import KubeModel

/// The study guide's manifests, verbatim, typos included (Tests/SeedFixtures/manifests): each
/// decodes to the object it describes or fails with the exact errors a user needs to fix it.
@Suite struct SeedManifestTests {
  /// The errors for the guide's manifest `file`, as a user applying it would see them.
  func errors(_ file: String) throws -> [String] {
    manifestErrors(try SeedFixtures.text(file), file: file)
  }

  @Test func podTemplateDecodes() throws {
    let text = try SeedFixtures.text("pod-template.yaml")
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
    let text = try SeedFixtures.text("multiple-pod.yaml")
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

  @Test func labelledPodWithMisspeltMetadataAndContainersAsMap() throws {
    #expect(
      try errors("pod-label.yaml") == [
        #"pod-label.yaml:3: unknown field "metatdata" (did you mean "metadata"?)"#,
        "pod-label.yaml:9: spec.containers: expected a list, got a map",
      ])
  }

  @Test func annotationSingularIsUnknown() throws {
    #expect(
      try errors("pod-annotation.yaml") == [
        #"pod-annotation.yaml:5: unknown field "metadata.annotation" (did you mean "annotations"?)"#,
        "pod-annotation.yaml:8: spec.containers: expected a list, got a map",
      ])
  }

  @Test func nodeSelectorTypo() throws {
    #expect(
      try errors("pod-nodeselector.yaml") == [
        "pod-nodeselector.yaml:6: spec.containers: expected a list, got a map",
        #"pod-nodeselector.yaml:9: unknown field "spec.nodeSlector" (did you mean "nodeSelector"?)"#,
      ])
  }

  @Test func resourcesPodHasContainersAsMap() throws {
    #expect(try errors("pod-resources.yaml") == ["pod-resources.yaml:6: spec.containers: expected a list, got a map"])
  }

  @Test func resourcesPodCorrectedDecodesQuantities() throws {
    let text = try SeedFixtures.text("pod-resources-fixed.yaml")
    let pod = try #require(try Manifest.decode(text).first?.object as? Pod)
    let resources = try #require(pod.spec?.containers?.first?.resources)
    #expect(resources.requests?["cpu"]?.milliValue == 100)
    #expect(resources.requests?["memory"]?.value == Int64(262_144_000))
    #expect(resources.limits?["cpu"]?.milliValue == 500)
    #expect(resources.limits?["memory"]?.description == "500Mi")
  }
}
