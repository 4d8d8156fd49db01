import Foundation
import KubeModel

/// The cluster, user and namespace a kubeconfig context names, read as kubectl reads them.
public struct KubeconfigSelection: Hashable, Sendable {
  /// The kubeconfig file.
  public var path: String
  public var contextName: String
  public var clusterName: String
  /// The API server's address (`https://…` or `http://…`).
  public var server: String
  /// The namespace the context works in (`default` when it names none).
  public var namespace: String
  /// A bearer token (`token`, or the contents of `tokenFile`).
  public var token: String?
  public var username: String?
  public var password: String?
  /// Whether reaching the server takes what only kubectl speaks: TLS, client certificates,
  /// an exec credential plugin or an auth provider. The connection then goes through a
  /// `kubectl proxy` on loopback.
  public var needsKubectl: Bool

  /// Reads `path` (or, when nil, `$KUBECONFIG`'s first file, else `~/.kube/config`) and the
  /// context `context` (or its current context). Every problem names the file and the
  /// field, as kubectl's do.
  public static func load(path: String?, context: String?) throws(KubeconfigError) -> KubeconfigSelection {
    let file = path ?? defaultPath
    guard let data = FileManager.default.contents(atPath: file) else {
      let exists = FileManager.default.fileExists(atPath: file)
      throw KubeconfigError(file: file, message: exists ? "cannot read the file" : "stat \(file): no such file or directory")
    }
    let root: ManifestNode
    do {
      root = try Manifest.parseDocuments(String(decoding: data, as: UTF8.self)).first ?? ManifestNode(.null)
    } catch {
      throw KubeconfigError(file: file, message: "not a kubeconfig: \(error)")
    }
    guard case .object = root.value else {
      throw KubeconfigError(file: file, message: "not a kubeconfig: expected a map with clusters, users and contexts")
    }
    let chosen = context ?? root["current-context"]?.stringValue ?? ""
    guard !chosen.isEmpty else {
      throw KubeconfigError(file: file, message: "current-context is not set; name one with --context")
    }
    guard let contextNode = named(root, "contexts", chosen)?["context"] else {
      let known = names(root, "contexts")
      throw KubeconfigError(
        file: file,
        message: "context \"\(chosen)\" does not exist" + (known.isEmpty ? "" : " (contexts: \(known.joined(separator: ", ")))"))
    }
    let clusterName = contextNode["cluster"]?.stringValue ?? ""
    guard let cluster = named(root, "clusters", clusterName)?["cluster"] else {
      throw KubeconfigError(file: file, message: "context \"\(chosen)\": cluster \"\(clusterName)\" does not exist")
    }
    guard let server = cluster["server"]?.stringValue, !server.isEmpty else {
      throw KubeconfigError(file: file, message: "cluster \"\(clusterName)\": server is not set")
    }
    let userName = contextNode["user"]?.stringValue ?? ""
    let user = userName.isEmpty ? nil : named(root, "users", userName)?["user"]
    if !userName.isEmpty, user == nil {
      throw KubeconfigError(file: file, message: "context \"\(chosen)\": user \"\(userName)\" does not exist")
    }
    var token = user?["token"]?.stringValue
    if token == nil, let tokenFile = user?["tokenFile"]?.stringValue {
      let resolved = relative(tokenFile, to: file)
      guard let contents = FileManager.default.contents(atPath: resolved) else {
        throw KubeconfigError(file: file, message: "user \"\(userName)\": tokenFile \(resolved): no such file or directory")
      }
      token = String(decoding: contents, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
    let kubectlOnly = ["client-certificate", "client-certificate-data", "client-key", "client-key-data", "exec", "auth-provider"]
    let needsKubectl = !server.hasPrefix("http://") || kubectlOnly.contains { user?[$0] != nil }
    let namespace = contextNode["namespace"]?.stringValue ?? ""
    return KubeconfigSelection(
      path: file, contextName: chosen, clusterName: clusterName, server: server,
      namespace: namespace.isEmpty ? "default" : namespace, token: token, username: user?["username"]?.stringValue,
      password: user?["password"]?.stringValue, needsKubectl: needsKubectl)
  }

  /// `$KUBECONFIG`'s first file, else `~/.kube/config`.
  public static var defaultPath: String {
    let environment = ProcessInfo.processInfo.environment
    if let list = environment["KUBECONFIG"], let first = list.split(separator: ":").first(where: { !$0.isEmpty }) {
      return String(first)
    }
    return (environment["HOME"] ?? "") + "/.kube/config"
  }

  /// The host and port of an `http://` server (port 80 when it names none).
  public var httpEndpoint: (host: String, port: Int)? {
    guard let url = URL(string: server), url.scheme == "http", let host = url.host else { return nil }
    return (host, url.port ?? 80)
  }

  /// The `Authorization` header the user's credentials give.
  public var authorization: String? {
    if let token, !token.isEmpty { return "Bearer \(token)" }
    if let username, let password {
      return "Basic " + Data("\(username):\(password)".utf8).base64EncodedString()
    }
    return nil
  }

  private static func named(_ root: ManifestNode, _ list: String, _ name: String) -> ManifestNode? {
    guard case .array(let items)? = root[list]?.value else { return nil }
    return items.first { $0["name"]?.stringValue == name }
  }

  private static func names(_ root: ManifestNode, _ list: String) -> [String] {
    guard case .array(let items)? = root[list]?.value else { return [] }
    return items.compactMap { $0["name"]?.stringValue }
  }

  private static func relative(_ path: String, to file: String) -> String {
    path.hasPrefix("/") ? path : URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent(path).path
  }
}

/// A kubeconfig that cannot be used, with the file and why.
public struct KubeconfigError: Error, Hashable, Sendable, CustomStringConvertible {
  public var file: String
  public var message: String

  public init(file: String, message: String) {
    self.file = file
    self.message = message
  }

  public var description: String { "kubeconfig \(file): \(message)" }
}
