import Foundation
import KubeModel
import Testing

@testable import Dashboard

/// `e` edits the selected object as `kubectl edit` does: a YAML file for the editor, then
/// only what changed goes back as a merge patch.
@MainActor
@Suite(.serialized) struct EditTests {
  /// A dashboard over one ConfigMap, its `e` file rewritten by `change` and handed back as
  /// the editor would; the caller stops the harness and discards the file.
  func edit(_ change: (String) -> String) async throws -> (FakeCluster, Harness, EditRequest, original: String) {
    let cluster = FakeCluster()
    var map = ConfigMap()
    map.metadata = ObjectMeta(name: "app-config", namespace: "default", labels: ["app": "web"])
    map.data = ["mode": "dev"]
    _ = try await cluster.create(map, dryRun: false)
    let harness = await Harness(cluster: cluster)
    harness.type(":cm")
    harness.press(.enter)
    await harness.waitFor { harness.app.cache.configMaps.isSynced && harness.app.current?.count == 1 }
    _ = harness.screen()
    harness.type("e")
    let request = try #require(harness.app.pendingEdit)
    harness.app.pendingEdit = nil
    let written = try String(contentsOfFile: request.path, encoding: .utf8)
    try change(written).write(toFile: request.path, atomically: true, encoding: .utf8)
    harness.app.finishEdit(request, editorStatus: 0, editor: "test-editor")
    return (cluster, harness, request, written)
  }

  @Test func aSavedChangeIsSentAsAMergePatchOfWhatChanged() async throws {
    let (cluster, harness, edit, written) = try await edit {
      $0.replacingOccurrences(of: "    app: web\n", with: "    app: web\n    tier: backend\n")
    }
    defer { harness.stop() }
    #expect(written.hasPrefix("# Please edit the object below. Lines beginning with a '#' will be ignored,\n"))
    #expect(written.contains("\n  name: app-config\n"))
    await harness.waitFor { harness.app.flashText == "configmap/app-config edited" }
    #expect(harness.app.flashText == "configmap/app-config edited")
    #expect(cluster.patches.map(\.kind) == [.merge])
    #expect(cluster.patches.first?.body == .object(["metadata": .object(["labels": .object(["tier": .string("backend")])])]))
    let stored = try await cluster.get(ConfigMap.self, namespace: "default", name: "app-config")
    #expect(stored.metadata.labels == ["app": "web", "tier": "backend"])
    #expect(!FileManager.default.fileExists(atPath: edit.path))
  }

  @Test func anUnchangedFileOrAFailedEditorChangesNothing() async throws {
    let (cluster, harness, _, _) = try await edit { $0 }
    defer { harness.stop() }
    await harness.waitFor { harness.app.flashText == "Edit cancelled, no changes made." }
    #expect(harness.app.flashText == "Edit cancelled, no changes made.")
    harness.type("e")
    let failed = try #require(harness.app.pendingEdit)
    harness.app.pendingEdit = nil
    harness.app.finishEdit(failed, editorStatus: 1, editor: "test-editor")
    #expect(harness.app.flashText == "error: there was a problem with the editor \"test-editor\"")
    #expect(cluster.patches.isEmpty)
    #expect(!FileManager.default.fileExists(atPath: failed.path))
  }

  /// What the editor is handed back after a failure: the reopened request and its file.
  func reopened(_ harness: Harness) async throws -> (EditRequest, String) {
    await harness.waitFor { harness.app.pendingEdit != nil }
    let request = try #require(harness.app.pendingEdit)
    harness.app.pendingEdit = nil
    return (request, try String(contentsOfFile: request.path, encoding: .utf8))
  }

  @Test func aFileThatDoesNotParseIsReopenedWithTheError() async throws {
    let (cluster, harness, edit, written) = try await edit { $0.replacingOccurrences(of: "\ndata:", with: "\ndta:") }
    defer { harness.stop() }
    defer { edit.discard() }
    let line = written.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0 == "data:" }.map { $0 + 1 }
    let problem = "\(edit.path):\(line ?? 0): unknown field \"dta\" (did you mean \"data\"?)"
    let (again, text) = try await reopened(harness)
    #expect(harness.app.flashText == "error: \(problem)")
    #expect(again.path == edit.path)
    #expect(
      text.hasPrefix(
        """
        # Please edit the object below. Lines beginning with a '#' will be ignored,
        # and an empty file will abort the edit. If an error occurs while saving this file will be
        # reopened with the relevant failures.
        #
        # The edited file had a syntax error: \(problem)
        #
        apiVersion: v1

        """))
    #expect(text.contains("\ndta:\n"))
    #expect(cluster.patches.isEmpty)
    // Fixed in the reopened file: it goes through.
    try text.replacingOccurrences(of: "\ndta:", with: "\ndata:").replacingOccurrences(of: "mode: dev", with: "mode: prod")
      .write(toFile: again.path, atomically: true, encoding: .utf8)
    harness.app.finishEdit(again, editorStatus: 0, editor: "test-editor")
    await harness.waitFor { harness.app.flashText == "configmap/app-config edited" }
    #expect(cluster.patches.first?.body == .object(["data": .object(["mode": .string("prod")])]))
    #expect(!FileManager.default.fileExists(atPath: edit.path))
  }

  @Test func anObjectTheServerRefusesIsReopenedWithItsCauses() async throws {
    let (cluster, harness, edit, _) = try await edit {
      $0.replacingOccurrences(of: "    app: web\n", with: "    app: web\n    tier: back end\n")
    }
    defer { harness.stop() }
    defer { edit.discard() }
    let (again, text) = try await reopened(harness)
    #expect(harness.app.flashText == "error: configmaps \"app-config\" is invalid")
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines[2] == "# reopened with the relevant failures.")
    #expect(lines[3] == "#")
    #expect(lines[4] == #"# configmaps "app-config" was not valid:"#)
    #expect(lines[5].hasPrefix(#"# * metadata.labels: Invalid value: "back end": a valid label must be an empty string"#))
    #expect(lines[6] == "#")
    #expect(lines[7] == "apiVersion: v1")
    #expect(text.contains("    tier: back end\n"))
    #expect(try await cluster.get(ConfigMap.self, namespace: "default", name: "app-config").metadata.labels == ["app": "web"])
    // Saved again as it was: kubectl gives up and keeps the file.
    harness.app.finishEdit(again, editorStatus: 0, editor: "test-editor")
    await harness.waitFor { harness.app.flashText?.hasPrefix("error: Edit cancelled") == true }
    #expect(
      harness.app.flashText
        == "error: Edit cancelled, no valid changes were saved. (a copy of your changes has been stored to \"\(edit.path)\")")
    #expect(harness.app.pendingEdit == nil)
    #expect(FileManager.default.fileExists(atPath: edit.path))
  }

  @Test func renamingTheObjectIsRefused() async throws {
    let (cluster, harness, edit, _) = try await edit { $0.replacingOccurrences(of: "name: app-config", with: "name: other") }
    defer { harness.stop() }
    defer { edit.discard() }
    await harness.waitFor { harness.app.flashText?.hasPrefix("error:") == true }
    #expect(harness.app.flashText?.hasPrefix("error: At least one of apiVersion, kind and name was changed") == true)
    #expect(cluster.patches.isEmpty)
  }

  @Test func theEditorRunsOnTheFileAndItsExitStatusComesBack() throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("kubedeck-editor-\(UUID().uuidString).yaml").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    try "replicas: 2\n".write(toFile: path, atomically: true, encoding: .utf8)
    #expect(ExternalEditor.run("sed -i s/2/3/", path: path) == 0)
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "replicas: 3\n")
    #expect(ExternalEditor.run("false", path: path) == 1)
    #expect(ExternalEditor.run("kill -TERM $$; :", path: path) == 128 + SIGTERM)
    #expect(EditRequest.editorCommand(environment: ["EDITOR": "nano", "KUBE_EDITOR": "code -w"]) == "code -w")
    #expect(EditRequest.editorCommand(environment: ["EDITOR": " nano "]) == "nano")
    #expect(EditRequest.editorCommand(environment: [:]) == "vi")
  }
}
