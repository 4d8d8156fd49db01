import KubeModel

/// Why a kubectl-style action failed, printed as kubectl prints it.
public enum ActionError: Error, Hashable, Sendable, CustomStringConvertible {
  /// Refused by the client before anything was sent (`error: 'gpu' already has a value
  /// (true), and --overwrite is false`).
  case refused(String)
  /// Refused by the API server.
  case server(Status)

  /// kubectl's line: `error: …`, or `Error from server (NotFound): pods "x" not found`.
  public var description: String {
    switch self {
    case .refused(let message): return "error: \(message)"
    case .server(let status):
      return "Error from server (\(status.reason?.rawValue ?? "InternalError")): \(status.description)"
    }
  }

  /// The message without kubectl's prefix.
  public var message: String {
    switch self {
    case .refused(let message): return message
    case .server(let status): return status.description
    }
  }
}

extension ResourceType {
  /// How kubectl names an object in its output: `pod/nginx`, `deployment.apps/web`.
  public func kubectlName(_ name: String) -> String {
    group.isEmpty ? "\(singular)/\(name)" : "\(singular).\(group)/\(name)"
  }
}

/// Go's `utilerrors.NewAggregate(...).Error()`: one message alone, several in brackets.
func aggregate(_ messages: [String]) -> String {
  messages.count == 1 ? messages[0] : "[" + messages.joined(separator: ", ") + "]"
}
