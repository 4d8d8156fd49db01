/// The protocols a port may use, sorted as upstream lists them.
let supportedPortProtocols = ["SCTP", "TCP", "UDP"]

extension ObjectValidator {
  /// `validateContainerCommon`: name, image, termination message policy, ports, env, mounts,
  /// pull policy and resources. `volumes` holds the names of the pod's valid volumes.
  static func validateContainerCommon(_ container: Container, volumes: Set<String>, path: FieldPath) -> [ValidationError] {
    var errors: [ValidationError] = []
    let name = container.name ?? ""
    if name.isEmpty {
      errors.append(.required(path.child("name")))
    } else {
      errors += invalid(path.child("name"), name, isDNS1123Label(name))
    }
    if (container.image ?? "").isEmpty {
      errors.append(.required(path.child("image")))
    }
    errors += validateDefaultedChoice(
      container.terminationMessagePolicy, ["File", "FallbackToLogsOnError"], path.child("terminationMessagePolicy"))
    errors += validateContainerPorts(container.ports ?? [], path.child("ports"))
    errors += validateEnv(container.env ?? [], path.child("env"))
    errors += validateVolumeMounts(container.volumeMounts ?? [], volumes: volumes, path: path.child("volumeMounts"))
    errors += validateDefaultedChoice(container.imagePullPolicy, ["Always", "IfNotPresent", "Never"], path.child("imagePullPolicy"))
    errors += validateResourceRequirements(container.resources, path.child("resources"))
    return errors
  }

  /// A field the server defaults: absent is fine, empty is `Required`, anything else must be
  /// one of `supported`.
  static func validateDefaultedChoice(_ value: String?, _ supported: [String], _ path: FieldPath) -> [ValidationError] {
    guard let value else { return [] }
    if value.isEmpty { return [.required(path)] }
    return supported.contains(value) ? [] : [.notSupported(path, .string(value), supported: supported)]
  }

  /// `validateContainerPorts`: names unique within the container, numbers in range, a protocol.
  static func validateContainerPorts(_ ports: [ContainerPort], _ path: FieldPath) -> [ValidationError] {
    var errors: [ValidationError] = []
    var names = Set<String>()
    for (index, port) in ports.enumerated() {
      let itemPath = path.index(index)
      if let name = port.name, !name.isEmpty {
        let messages = portNameMessages(name)
        if !messages.isEmpty {
          errors += invalid(itemPath.child("name"), name, messages)
        } else if !names.insert(name).inserted {
          errors.append(.duplicate(itemPath.child("name"), .string(name)))
        }
      }
      let containerPort = port.containerPort ?? 0
      if containerPort == 0 {
        errors.append(.required(itemPath.child("containerPort")))
      } else if !(1...65535).contains(containerPort) {
        errors.append(.invalid(itemPath.child("containerPort"), .integer(Int64(containerPort)), inclusiveRangeMessage(1, 65535)))
      }
      if let hostPort = port.hostPort, hostPort != 0, !(1...65535).contains(hostPort) {
        errors.append(.invalid(itemPath.child("hostPort"), .integer(Int64(hostPort)), inclusiveRangeMessage(1, 65535)))
      }
      errors += validateProtocol(port.protocol, itemPath.child("protocol"))
    }
    return errors
  }

  /// A port's protocol: defaulted to TCP when absent.
  static func validateProtocol(_ value: String?, _ path: FieldPath) -> [ValidationError] {
    guard let value else { return [] }
    if value.isEmpty { return [.required(path)] }
    return supportedPortProtocols.contains(value) ? [] : [.notSupported(path, .string(value), supported: supportedPortProtocols)]
  }

  /// `IsValidPortName`: an IANA service name.
  static func portNameMessages(_ name: String) -> [String] {
    var messages: [String] = []
    let bytes = Array(name.utf8)
    if bytes.count > 15 { messages.append(maxLengthMessage(15)) }
    let isLower = { (byte: UInt8) in byte >= 0x61 && byte <= 0x7A }
    if bytes.isEmpty || !bytes.allSatisfy({ isLower($0) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }) {
      messages.append("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)")
    }
    if !bytes.contains(where: isLower) { messages.append("must contain at least one letter (a-z)") }
    if name.contains("--") { messages.append("must not contain consecutive hyphens") }
    if let first = bytes.first, let last = bytes.last, first == 0x2D || last == 0x2D {
      messages.append("must not begin or end with a hyphen")
    }
    return messages
  }

  /// `ValidatePortNumOrName`: a number in range or a valid port name.
  static func validatePortNumberOrName(_ port: IntOrString, _ path: FieldPath) -> [ValidationError] {
    switch port {
    case .int(let number):
      return (1...65535).contains(number) ? [] : [.invalid(path, .integer(Int64(number)), inclusiveRangeMessage(1, 65535))]
    case .string(let name):
      return invalid(path, name, portNameMessages(name))
    }
  }

  /// `ValidateEnv` with relaxed names (the default since 1.32): printable ASCII without `=`.
  static func validateEnv(_ variables: [EnvVar], _ path: FieldPath) -> [ValidationError] {
    var errors: [ValidationError] = []
    for (index, variable) in variables.enumerated() {
      let itemPath = path.index(index)
      let name = variable.name ?? ""
      if name.isEmpty {
        errors.append(.required(itemPath.child("name")))
      } else if name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value > 0x7E || $0 == "=" }) {
        errors.append(
          .invalid(
            itemPath.child("name"), .string(name),
            "a valid environment variable name must consist only of printable ASCII characters other than '='"))
      }
      guard let source = variable.valueFrom else { continue }
      let sources = [source.fieldRef != nil, source.resourceFieldRef != nil, source.configMapKeyRef != nil, source.secretKeyRef != nil]
      let count = sources.filter { $0 }.count
      let sourcePath = itemPath.child("valueFrom")
      if count == 0 {
        errors.append(
          .invalid(sourcePath, "", "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`"))
      } else if !(variable.value ?? "").isEmpty {
        errors.append(.invalid(sourcePath, "", "may not be specified when `value` is not empty"))
      } else if count > 1 {
        errors.append(.invalid(sourcePath, "", "may not have more than one field specified at a time"))
      }
    }
    return errors
  }

  /// `ValidateVolumeMounts`: a name that names a volume, and a unique mount path.
  static func validateVolumeMounts(_ mounts: [VolumeMount], volumes: Set<String>, path: FieldPath) -> [ValidationError] {
    var errors: [ValidationError] = []
    var mountPaths = Set<String>()
    for (index, mount) in mounts.enumerated() {
      let itemPath = path.index(index)
      let name = mount.name ?? ""
      if name.isEmpty { errors.append(.required(itemPath.child("name"))) }
      if !volumes.contains(name) { errors.append(.notFound(itemPath.child("name"), .string(name))) }
      let mountPath = mount.mountPath ?? ""
      if mountPath.isEmpty { errors.append(.required(itemPath.child("mountPath"))) }
      if !mountPaths.insert(mountPath).inserted {
        errors.append(.invalid(itemPath.child("mountPath"), .string(mountPath), "must be unique"))
      }
      if let subPath = mount.subPath, !subPath.isEmpty, let subPathExpr = mount.subPathExpr, !subPathExpr.isEmpty {
        errors.append(.invalid(itemPath.child("subPathExpr"), .string(subPathExpr), "subPathExpr and subPath are mutually exclusive"))
      }
    }
    return errors
  }

  /// `validateProbe` with `validateHandler`: exactly one handler and non-negative timings.
  /// Liveness and startup probes also need `successThreshold` 1.
  static func validateProbe(_ probe: Probe?, _ path: FieldPath, needsSingleSuccess: Bool) -> [ValidationError] {
    guard let probe else { return [] }
    var errors: [ValidationError] = []
    var handlers = 0
    let candidates: [(String, Bool)] = [
      ("exec", probe.exec != nil), ("httpGet", probe.httpGet != nil), ("tcpSocket", probe.tcpSocket != nil),
      ("grpc", probe.grpc != nil),
    ]
    for (name, present) in candidates where present {
      if handlers > 0 {
        errors.append(.forbidden(path.child(name), "may not specify more than 1 handler type"))
        continue
      }
      handlers += 1
      errors += validateHandler(probe, name, path.child(name))
    }
    if handlers == 0 { errors.append(.required(path, "must specify a handler type")) }
    errors += nonNegative(probe.initialDelaySeconds, path.child("initialDelaySeconds"))
    errors += nonNegative(probe.timeoutSeconds, path.child("timeoutSeconds"))
    errors += nonNegative(probe.periodSeconds, path.child("periodSeconds"))
    errors += nonNegative(probe.successThreshold, path.child("successThreshold"))
    errors += nonNegative(probe.failureThreshold, path.child("failureThreshold"))
    if let grace = probe.terminationGracePeriodSeconds, grace <= 0 {
      errors.append(.invalid(path.child("terminationGracePeriodSeconds"), .integer(grace), "must be greater than 0"))
    }
    if needsSingleSuccess, let threshold = probe.successThreshold, threshold != 1 {
      errors.append(.invalid(path.child("successThreshold"), .integer(Int64(threshold)), "must be 1"))
    }
    return errors
  }

  private static func validateHandler(_ probe: Probe, _ name: String, _ path: FieldPath) -> [ValidationError] {
    switch name {
    case "exec":
      return (probe.exec?.command ?? []).isEmpty ? [.required(path.child("command"))] : []
    case "httpGet":
      guard let action = probe.httpGet else { return [] }
      var errors: [ValidationError] = []
      if let probePath = action.path, probePath.isEmpty { errors.append(.required(path.child("path"))) }
      errors += validatePortNumberOrName(action.port ?? .int(0), path.child("port"))
      if let scheme = action.scheme, scheme != "HTTP", scheme != "HTTPS" {
        errors.append(.notSupported(path.child("scheme"), .string(scheme), supported: ["HTTP", "HTTPS"]))
      }
      return errors
    case "tcpSocket":
      return validatePortNumberOrName(probe.tcpSocket?.port ?? .int(0), path.child("port"))
    default:
      return validatePortNumberOrName(.int(Int(probe.grpc?.port ?? 0)), path.child("port"))
    }
  }
}
