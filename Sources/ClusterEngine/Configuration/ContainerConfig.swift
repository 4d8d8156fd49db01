import Foundation
import KubeModel

/// Why a container's configuration cannot be built, in the kubelet's words: the container
/// then waits in `CreateContainerConfigError` (env) or its volume fails to mount (files).
public enum ConfigError: Error, Hashable, Sendable, CustomStringConvertible {
  case configMapNotFound(name: String)
  case secretNotFound(name: String)
  case configMapKeyNotFound(key: String, namespace: String, name: String)
  case secretKeyNotFound(key: String, namespace: String, name: String)
  case unsupportedField(String)

  public var description: String {
    switch self {
    case .configMapNotFound(let name): return "configmap \"\(name)\" not found"
    case .secretNotFound(let name): return "secret \"\(name)\" not found"
    case .configMapKeyNotFound(let key, let namespace, let name):
      return "couldn't find key \(key) in ConfigMap \(namespace)/\(name)"
    case .secretKeyNotFound(let key, let namespace, let name):
      return "couldn't find key \(key) in Secret \(namespace)/\(name)"
    case .unsupportedField(let path): return "unsupported fieldPath: \(path)"
    }
  }
}

/// A container's configuration as the kubelet builds it from the API: its environment
/// (`envFrom` with prefixes, `env` with values from ConfigMaps, Secrets, the downward API
/// and resources, `$(VAR)` references expanded) and the files of its ConfigMap and Secret
/// volumes. Pure: it reads the store and returns values or the kubelet's error.
public enum ContainerConfig {
  /// The declared environment variables of `container`, in declaration order (a later
  /// definition replaces the value of an earlier one). Secret values are decoded.
  public static func environment(pod: Pod, container: Container, store: ObjectStore) throws(ConfigError)
    -> [(name: String, value: String)]
  {
    let namespace = pod.metadata.namespace ?? "default"
    var names: [String] = []
    var values: [String: String] = [:]
    func add(_ name: String, _ value: String) {
      if values[name] == nil { names.append(name) }
      values[name] = value
    }
    for source in container.envFrom ?? [] {
      let prefix = source.prefix ?? ""
      if let reference = source.configMapRef, let name = reference.name {
        guard let map = store.get(ConfigMap.self, namespace: namespace, name: name) else {
          if reference.optional == true { continue }
          throw .configMapNotFound(name: name)
        }
        for key in (map.data ?? [:]).keys.sorted() { add(prefix + key, map.data?[key] ?? "") }
      }
      if let reference = source.secretRef, let name = reference.name {
        guard let secret = store.get(Secret.self, namespace: namespace, name: name) else {
          if reference.optional == true { continue }
          throw .secretNotFound(name: name)
        }
        let data = decoded(secret)
        for key in data.keys.sorted() { add(prefix + key, data[key] ?? "") }
      }
    }
    for variable in container.env ?? [] {
      guard let name = variable.name else { continue }
      guard let source = variable.valueFrom else {
        add(name, expand(variable.value ?? "", values))
        continue
      }
      if let value = try value(of: source, pod: pod, container: container, store: store) { add(name, value) }
    }
    return names.map { ($0, values[$0] ?? "") }
  }

  /// A Secret's data decoded from base64 (values that are not valid base64 stay as they are).
  public static func decoded(_ secret: Secret) -> [String: String] {
    var values: [String: String] = [:]
    for (key, encoded) in secret.data ?? [:] {
      values[key] = Data(base64Encoded: encoded).flatMap { String(data: $0, encoding: .utf8) } ?? encoded
    }
    for (key, value) in secret.stringData ?? [:] { values[key] = value }
    return values
  }

  private static func value(of source: EnvVarSource, pod: Pod, container: Container, store: ObjectStore)
    throws(ConfigError) -> String?
  {
    let namespace = pod.metadata.namespace ?? "default"
    if let reference = source.configMapKeyRef, let name = reference.name, let key = reference.key {
      let optional = reference.optional == true
      guard let map = store.get(ConfigMap.self, namespace: namespace, name: name) else {
        if optional { return nil }
        throw .configMapNotFound(name: name)
      }
      guard let value = map.data?[key] else {
        if optional { return nil }
        throw .configMapKeyNotFound(key: key, namespace: namespace, name: name)
      }
      return value
    }
    if let reference = source.secretKeyRef, let name = reference.name, let key = reference.key {
      let optional = reference.optional == true
      guard let secret = store.get(Secret.self, namespace: namespace, name: name) else {
        if optional { return nil }
        throw .secretNotFound(name: name)
      }
      guard let value = decoded(secret)[key] else {
        if optional { return nil }
        throw .secretKeyNotFound(key: key, namespace: namespace, name: name)
      }
      return value
    }
    if let path = source.fieldRef?.fieldPath { return try field(path, of: pod) }
    if let reference = source.resourceFieldRef { return resource(reference, pod: pod, container: container, store: store) }
    return nil
  }

  /// A downward-API field of the pod.
  public static func field(_ path: String, of pod: Pod) throws(ConfigError) -> String {
    switch path {
    case "metadata.name": return pod.metadata.name ?? ""
    case "metadata.namespace": return pod.metadata.namespace ?? ""
    case "metadata.uid": return pod.metadata.uid ?? ""
    case "spec.nodeName": return pod.spec?.nodeName ?? ""
    case "spec.serviceAccountName": return pod.spec?.serviceAccountName ?? ""
    case "status.hostIP": return pod.status?.hostIP ?? ""
    case "status.podIP": return pod.status?.podIP ?? ""
    case "status.hostIPs": return (pod.status?.hostIPs ?? []).compactMap(\.ip).joined(separator: ",")
    case "status.podIPs": return (pod.status?.podIPs ?? []).compactMap(\.ip).joined(separator: ",")
    default:
      for (prefix, map) in [("metadata.labels['", pod.metadata.labels), ("metadata.annotations['", pod.metadata.annotations)]
      where path.hasPrefix(prefix) && path.hasSuffix("']") {
        return map?[String(path.dropFirst(prefix.count).dropLast(2))] ?? ""
      }
      throw .unsupportedField(path)
    }
  }

  /// A container's request or limit in units of the divisor, rounded up; an unset limit
  /// reads as the node's allocatable amount, as the kubelet does.
  static func resource(_ reference: ResourceFieldSelector, pod: Pod, container: Container, store: ObjectStore) -> String {
    guard let field = reference.resource else { return "0" }
    let parts = field.split(separator: ".", maxSplits: 1).map(String.init)
    guard parts.count == 2 else { return "0" }
    let target = reference.containerName.flatMap { name in pod.spec?.containers?.first { $0.name == name } } ?? container
    var amount = (parts[0] == "limits" ? target.resources?.limits : target.resources?.requests)?[parts[1]]
    if amount == nil, parts[0] == "limits", let node = pod.spec?.nodeName {
      amount = store.get(Node.self, name: node)?.status?.allocatable?[parts[1]]
    }
    guard let amount else { return "0" }
    if parts[1] == "cpu" {
      let per = max(reference.divisor?.milliValue ?? 1000, 1)
      return String((amount.milliValue + per - 1) / per)
    }
    let per = max(reference.divisor?.value ?? 1, 1)
    return String((amount.value + per - 1) / per)
  }

  /// Expands `$(NAME)` from the variables defined so far; `$$` is a literal `$`; unknown
  /// references stay as written.
  static func expand(_ text: String, _ defined: [String: String]) -> String {
    guard text.contains("$") else { return text }
    var result = ""
    var rest = Substring(text)
    while let dollar = rest.firstIndex(of: "$") {
      result += rest[..<dollar]
      let after = rest[rest.index(after: dollar)...]
      if after.hasPrefix("$") {
        result += "$"
        rest = after.dropFirst()
      } else if after.hasPrefix("("), let close = after.firstIndex(of: ")") {
        let name = String(after[after.index(after: after.startIndex)..<close])
        result += defined[name] ?? "$(\(name))"
        rest = after[after.index(after: close)...]
      } else {
        result += "$"
        rest = after
      }
    }
    return result + rest
  }
}
