import Foundation
import KubeModel

/// An object being edited as `kubectl edit` does it: its YAML written to a temporary file
/// under a comment header and opened in `$KUBE_EDITOR`, `$EDITOR` or `vi`; on save only the
/// fields that changed go back, as a merge patch, so status updates made meanwhile do not
/// conflict. A file with errors is kept, and the message says where.
public struct EditRequest: Hashable, Sendable {
  public let resource: ResourceType
  public let name: String
  public let namespace: String?
  /// The temporary file the editor opens.
  public let path: String
  /// The object as written, as the document a merge patch is computed against.
  let original: JSONValue

  static let header = """
    # Please edit the object below. Lines beginning with a '#' will be ignored,
    # and an empty file will abort the edit. If an error occurs while saving, this file
    # is kept and its path shown.
    #

    """

  /// Writes `object` to a new file in `directory`.
  public static func begin(_ object: some KubeObject, directory: String = NSTemporaryDirectory()) throws -> EditRequest {
    let resource = type(of: object).resource
    let suffix = String(UInt32.random(in: 0...UInt32.max), radix: 16)
    let path = URL(fileURLWithPath: directory).appendingPathComponent("kubedeck-edit-\(suffix).yaml").path
    try (header + Manifest.yaml(of: object)).write(toFile: path, atomically: true, encoding: .utf8)
    return EditRequest(
      resource: resource, name: object.name, namespace: object.metadata.namespace, path: path,
      original: try document(object))
  }

  /// The editor to run: `KUBE_EDITOR`, then `EDITOR`, then `vi` (a command line; it may carry flags).
  public static func editorCommand(environment: [String: String]) -> String {
    for name in ["KUBE_EDITOR", "EDITOR"] {
      if let value = environment[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty { return value }
    }
    return "vi"
  }

  /// Sends what changed; returns kubectl's line. Nothing changed (or an empty file) cancels.
  func send(client: any ClusterClient) async throws -> [String] {
    let cancelled = ["Edit cancelled, no changes made."]
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
      throw CommandError("error: the edited file \"\(path)\" could not be read")
    }
    let content = text.split(separator: "\n", omittingEmptySubsequences: false)
      .filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("#") }
    if content.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
      discard()
      return cancelled
    }
    do {
      let edited = try Manifest.decode(text, file: path)
      guard edited.count == 1, let after = edited.first, after.resource == resource, after.object.name == name
      else { throw CommandError("error: At least one of apiVersion, kind and name was changed") }
      guard let patch = JSONMergePatch.diff(from: original, to: try Self.document(after.object)) else {
        discard()
        return cancelled
      }
      _ = try await Self.send(patch, like: after.object, namespace: namespace, client: client)
      discard()
      return ["\(resource.singularQualified)/\(name) edited"]
    } catch {
      let reason = (error as? ManifestErrors).map { "error: " + $0.description } ?? DashboardApp.describe(error)
      throw CommandError("\(reason) (a copy of your changes has been stored to \"\(path)\")")
    }
  }

  /// An object as a merge patch sees it: its encoded document without `status`.
  static func document(_ object: any KubeObject) throws -> JSONValue {
    guard case .object(var members) = try ValueEncoder.encode(object) else { return .null }
    members.removeValue(forKey: "status")
    return .object(members)
  }

  private static func send<T: KubeObject>(_ patch: JSONValue, like object: T, namespace: String?, client: any ClusterClient)
    async throws -> T
  {
    try await client.patch(T.self, namespace: T.resource.namespaced ? namespace : nil, name: object.name, patch: Patch(.merge, patch))
  }

  /// Removes the temporary file.
  func discard() {
    try? FileManager.default.removeItem(atPath: path)
  }
}
