import Foundation
import KubeModel

/// An object being edited as `kubectl edit` does it: its YAML written to a temporary file
/// under a comment header and opened in `$KUBE_EDITOR`, `$EDITOR` or `vi`; on save only the
/// fields that changed go back, as a merge patch, so status updates made meanwhile do not
/// conflict. A file that cannot be read as the object, or that the API server finds
/// invalid, is reopened with the failures listed at its top; saving it again unchanged
/// gives up and keeps the file.
public struct EditRequest: Hashable, Sendable {
  public let resource: ResourceType
  public let name: String
  public let namespace: String?
  /// The temporary file the editor opens.
  public let path: String
  /// The object as written, as the document a merge patch is computed against.
  let original: JSONValue
  /// The file's content (comment lines left out) when it was last reopened with failures.
  var failedContent: [Substring]?

  static let header = """
    # Please edit the object below. Lines beginning with a '#' will be ignored,
    # and an empty file will abort the edit. If an error occurs while saving this file will be
    # reopened with the relevant failures.
    #

    """

  /// What saving the file came to.
  public enum Outcome: Hashable, Sendable {
    /// Sent, or cancelled: kubectl's line.
    case done(String)
    /// Not accepted: the file was rewritten with the failures at its top and is to be edited
    /// again; the message says why, in one line.
    case reopen(EditRequest, message: String)
  }

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

  /// Sends what changed. Nothing changed (or an empty file) cancels; a file that does not
  /// parse, or an object the API server finds invalid, reopens; other failures keep the file
  /// and throw.
  func send(client: any ClusterClient) async throws -> Outcome {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
      throw CommandError("error: the edited file \"\(path)\" could not be read")
    }
    let content = text.split(separator: "\n", omittingEmptySubsequences: false)
      .filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("#") }
    if content.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
      return try cancel("Edit cancelled, saved file was empty.")
    }
    if content == failedContent {
      throw CommandError("error: Edit cancelled, no valid changes were saved. \(kept)")
    }
    let edited: [ManifestDocument]
    do {
      edited = try Manifest.decode(text, file: path)
    } catch {
      // Line numbers count in the file as it was saved, before the failures went on top.
      let problems = error.errors.map(\.description)
      let reason =
        problems.count == 1
        ? (head: "The edited file had a syntax error: \(problems[0])", details: [String]())
        : (head: "The edited file had \(problems.count) errors", details: problems)
      return try reopen(content, reasons: [reason], message: "error: \(problems.joined(separator: "; "))")
    }
    guard edited.count == 1, let after = edited.first, after.resource == resource, after.object.name == name
    else { throw CommandError("error: At least one of apiVersion, kind and name was changed \(kept)") }
    guard let patch = JSONMergePatch.diff(from: original, to: try Self.document(after.object)) else {
      return try cancel("Edit cancelled, no changes made.")
    }
    let id = "\(resource.groupResource) \"\(name)\""
    do {
      _ = try await Self.send(patch, like: after.object, namespace: namespace, client: client)
    } catch let status as Status where status.reason == .invalid {
      let causes = (status.details?.causes ?? []).map { "\($0.field ?? ""): \($0.message ?? "")" }
      return try reopen(content, reasons: [("\(id) was not valid", causes)], message: "error: \(id) is invalid")
    } catch {
      throw CommandError("error: \(id) could not be patched: \(DashboardApp.describe(error)) \(kept)")
    }
    discard()
    return .done("\(resource.singularQualified)/\(name) edited")
  }

  /// Where the user's changes were left, for a message.
  var kept: String { "(a copy of your changes has been stored to \"\(path)\")" }

  /// Ends the edit with nothing sent; a file reopened earlier is kept, as kubectl does.
  private func cancel(_ line: String) throws -> Outcome {
    guard failedContent == nil else { throw CommandError("error: \(line) \(kept)") }
    discard()
    return .done(line)
  }

  /// Rewrites the file as kubectl does before reopening it: the header, each failure as a
  /// comment (`# head:` then `# * detail` lines), then what the user wrote.
  private func reopen(_ content: [Substring], reasons: [(head: String, details: [String])], message: String) throws -> Outcome {
    var text = Self.header
    for reason in reasons {
      text += "# \(reason.head)\(reason.details.isEmpty ? "" : ":")\n"
      for detail in reason.details { text += "# * \(detail)\n" }
      text += "#\n"
    }
    text += content.joined(separator: "\n")
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    var next = self
    next.failedContent = content
    return .reopen(next, message: message)
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
