import Foundation
import KubeModel

/// Writes the kubeconfig that points kubectl at the embedded cluster: one cluster, user and
/// context, all named `kubedeck`.
public enum Kubeconfig {
  /// The kubeconfig document for `server` (with a bearer token when the server needs one, and
  /// the certificate to trust when it speaks TLS).
  public static func document(server: String, token: String? = nil, certificateAuthority: String? = nil, name: String = "kubedeck") -> String {
    let user: JSONValue = token.map { ["token": .string($0)] } ?? .emptyObject
    var cluster: JSONValue = ["server": .string(server)]
    if let certificateAuthority {
      cluster = ["server": .string(server), "certificate-authority-data": .string(Data(certificateAuthority.utf8).base64EncodedString())]
    }
    let config: JSONValue = [
      "apiVersion": "v1", "kind": "Config",
      "clusters": [["name": .string(name), "cluster": cluster]],
      "users": [["name": .string(name), "user": user]],
      "contexts": [["name": .string(name), "context": ["cluster": .string(name), "user": .string(name), "namespace": "default"]]],
      "current-context": .string(name), "preferences": .emptyObject,
    ]
    return YAMLWriter.write(config)
  }

  /// Writes the kubeconfig to `path` (creating its folder, mode 0600) and returns the path.
  /// Never touches any other file.
  @discardableResult
  public static func write(server: String, token: String? = nil, certificateAuthority: String? = nil, to path: String) throws -> String {
    let url = URL(fileURLWithPath: path)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(document(server: server, token: token, certificateAuthority: certificateAuthority).utf8).write(to: url, options: .atomic)
    try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
    return path
  }

  /// `~/.kube/kubedeck.config`: the default place, beside (never instead of) `~/.kube/config`.
  public static var defaultPath: String {
    let home = ProcessInfo.processInfo.environment["HOME"] ?? NSTemporaryDirectory()
    return home + "/.kube/kubedeck.config"
  }
}
