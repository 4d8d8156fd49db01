import Foundation
import KubeModel

/// The environment a container's process sees, built as the kubelet and the runtime build
/// it: the image's variables, `envFrom` and `env` (values from ConfigMaps, Secrets, the
/// downward API and resources, `$(VAR)` references expanded), and the service links
/// (`KUBERNETES_SERVICE_HOST`, `<NAME>_SERVICE_HOST`, …) of services that existed when the
/// container started.
struct ContainerEnvironment {
  /// Name and value, in the order `env` prints them.
  var variables: [(name: String, value: String)] = []

  /// `started`: the declared variables as the kubelet built them when the container
  /// started, when it read ConfigMaps or Secrets (their later changes do not reach it).
  init(
    pod: Pod, container: Container, image: ContainerImageProfile, store: ObjectStore, startedAt: Time?,
    started: [(name: String, value: String)]? = nil
  ) {
    var declared: [(String, String)] = []
    var resolved: [String: String] = [:]
    func add(_ name: String, _ value: String) {
      if resolved[name] != nil { declared.removeAll { $0.0 == name } }
      declared.append((name, value))
      resolved[name] = value
    }
    let namespace = pod.namespace
    if let started {
      for (name, value) in started { add(name, value) }
    } else {
      for source in container.envFrom ?? [] {
        let prefix = source.prefix ?? ""
        if let name = source.configMapRef?.name, let map = store.get(ConfigMap.self, namespace: namespace, name: name) {
          for key in (map.data ?? [:]).keys.sorted() { add(prefix + key, map.data?[key] ?? "") }
        }
        if let name = source.secretRef?.name, let secret = store.get(Secret.self, namespace: namespace, name: name) {
          for (key, value) in Self.secretData(secret).sorted(by: { $0.key < $1.key }) { add(prefix + key, value) }
        }
      }
      for variable in container.env ?? [] {
        guard let name = variable.name else { continue }
        if let source = variable.valueFrom {
          guard let value = Self.value(of: source, pod: pod, container: container, store: store) else { continue }
          add(name, value)
        } else {
          add(name, Self.expandReferences(variable.value ?? "", resolved))
        }
      }
    }
    var links: [(String, String)] = []
    if pod.spec?.enableServiceLinks ?? true {
      let directory = ServiceDirectory(store: store)
      var services = directory.services(in: namespace)
      if namespace != "default", let api = directory.service(namespace: "default", name: "kubernetes") {
        services.removeAll { $0.name == "kubernetes" }
        services.insert(api, at: 0)
      }
      for service in services {
        if let startedAt, let created = service.metadata.creationTimestamp, created > startedAt { continue }
        guard let ip = directory.clusterIP(of: service) else { continue }
        links += Self.serviceLinks(service, ip: ip)
      }
    }
    let hostname = pod.spec?.hostname ?? pod.name
    variables = [("PATH", image.path), ("HOSTNAME", hostname)] + declared + links + image.environment
      + [("HOME", "/root")]
  }

  /// The variables as a dictionary (later definitions win).
  var dictionary: [String: String] {
    Dictionary(variables.map { ($0.name, $0.value) }, uniquingKeysWith: { _, last in last })
  }

  /// The service link variables of one service, as the kubelet writes them.
  static func serviceLinks(_ service: Service, ip: String) -> [(String, String)] {
    let prefix = service.name.uppercased().replacingOccurrences(of: "-", with: "_")
    guard let ports = service.spec?.ports, let first = ports.first, let firstPort = first.port else { return [] }
    var links = [("\(prefix)_SERVICE_HOST", ip), ("\(prefix)_SERVICE_PORT", String(firstPort))]
    for port in ports {
      if let name = port.name, !name.isEmpty, let number = port.port {
        links.append(("\(prefix)_SERVICE_PORT_\(name.uppercased().replacingOccurrences(of: "-", with: "_"))", String(number)))
      }
    }
    let firstProtocol = (first.protocol ?? "TCP").lowercased()
    links.append(("\(prefix)_PORT", "\(firstProtocol)://\(ip):\(firstPort)"))
    for port in ports {
      guard let number = port.port else { continue }
      let proto = (port.protocol ?? "TCP")
      let base = "\(prefix)_PORT_\(number)_\(proto.uppercased())"
      links += [
        (base, "\(proto.lowercased())://\(ip):\(number)"), ("\(base)_PROTO", proto.lowercased()),
        ("\(base)_PORT", String(number)), ("\(base)_ADDR", ip),
      ]
    }
    return links
  }

  /// A Secret's values, decoded from base64 (and `stringData`, should it be stored).
  static func secretData(_ secret: Secret) -> [String: String] {
    var values: [String: String] = [:]
    for (key, encoded) in secret.data ?? [:] {
      values[key] = Data(base64Encoded: encoded).flatMap { String(data: $0, encoding: .utf8) } ?? encoded
    }
    for (key, value) in secret.stringData ?? [:] { values[key] = value }
    return values
  }

  private static func value(of source: EnvVarSource, pod: Pod, container: Container, store: ObjectStore) -> String? {
    if let ref = source.configMapKeyRef, let name = ref.name, let key = ref.key {
      return store.get(ConfigMap.self, namespace: pod.namespace, name: name)?.data?[key]
    }
    if let ref = source.secretKeyRef, let name = ref.name, let key = ref.key {
      return store.get(Secret.self, namespace: pod.namespace, name: name).flatMap { secretData($0)[key] }
    }
    if let path = source.fieldRef?.fieldPath { return pod.downwardValue(fieldPath: path) }
    if let ref = source.resourceFieldRef {
      return resourceValue(ref, pod: pod, container: container, store: store)
    }
    return nil
  }

  /// A container's request or limit in units of the divisor, rounded up; a missing limit
  /// reads as the node's allocatable amount, as the kubelet does.
  private static func resourceValue(
    _ ref: ResourceFieldSelector, pod: Pod, container: Container, store: ObjectStore
  ) -> String? {
    guard let field = ref.resource else { return nil }
    let parts = field.split(separator: ".", maxSplits: 1).map(String.init)
    guard parts.count == 2 else { return nil }
    let target = ref.containerName.flatMap { name in pod.spec?.containers?.first { $0.name == name } } ?? container
    let resources = target.resources
    var amount = (parts[0] == "limits" ? resources?.limits : resources?.requests)?[parts[1]]
    if amount == nil, parts[0] == "limits", let node = pod.spec?.nodeName {
      amount = store.get(Node.self, name: node)?.status?.allocatable?[parts[1]]
    }
    guard let amount else { return "0" }
    let divisor = ref.divisor ?? Quantity(1)
    if parts[1] == "cpu" {
      let per = max(divisor.milliValue, 1)
      return String((amount.milliValue + per - 1) / per)
    }
    let per = max(divisor.value, 1)
    return String((amount.value + per - 1) / per)
  }

  /// Expands `$(NAME)` from variables defined before, as the kubelet does.
  static func expandReferences(_ value: String, _ defined: [String: String]) -> String {
    ContainerConfig.expand(value, defined)
  }
}
