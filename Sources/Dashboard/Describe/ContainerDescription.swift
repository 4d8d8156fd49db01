import KubeModel

/// The container, volume and spreading sections `kubectl describe` writes for a pod and for
/// a pod template (`space` is the template's two-space indent, "" for a pod).
enum ContainerDescription {
  static func write(
    _ label: String, _ containers: [Container], statuses: [ContainerStatus]?, resolve: EnvironmentResolver, space: String,
    into text: inout TabbedText
  ) {
    guard !containers.isEmpty else { return text.write(0, "\(space)\(label): <none>\n") }
    text.write(0, "\(space)\(label):\n")
    let nameIndent = space.isEmpty ? "" : " "
    for container in containers {
      let status = statuses?.first { $0.name == container.name }
      text.write(1, "\(nameIndent)\(container.name ?? ""):\n")
      if let status { text.write(2, "Container ID:\t\(status.containerID ?? "")\n") }
      text.write(2, "Image:\t\(container.image ?? "")\n")
      if let status { text.write(2, "Image ID:\t\(status.imageID ?? "")\n") }
      let ports = container.ports ?? []
      let portText = ports.map { "\($0.containerPort ?? 0)/\($0.protocol ?? "")" }.joined(separator: ", ")
      let hostText = ports.map { "\($0.hostPort ?? 0)/\($0.protocol ?? "")" }.joined(separator: ", ")
      text.write(2, ports.count > 1 ? "Ports:\t\(portText)\n" : "Port:\t\(portText.isEmpty ? Format.none : portText)\n")
      text.write(2, ports.count > 1 ? "Host Ports:\t\(hostText)\n" : "Host Port:\t\(hostText.isEmpty ? Format.none : hostText)\n")
      for (title, words) in [("Command", container.command), ("Args", container.args)] {
        guard let words, !words.isEmpty else { continue }
        text.write(2, "\(title):\n")
        for word in words {
          for part in word.split(separator: "\n", omittingEmptySubsequences: false) { text.write(3, "\(part)\n") }
        }
      }
      if let status {
        state("State", status.state, into: &text)
        if let last = status.lastState, last.terminated != nil { state("Last State", last, into: &text) }
        text.write(2, "Ready:\t\(status.ready == true ? "True" : "False")\n")
        text.write(2, "Restart Count:\t\(status.restartCount ?? 0)\n")
      }
      for (title, list) in [("Limits", container.resources?.limits), ("Requests", container.resources?.requests)] {
        guard let list, !list.isEmpty else { continue }
        text.write(2, "\(title):\n")
        for name in list.keys.sorted() { text.write(3, "\(name):\t\(list[name]?.description ?? "")\n") }
      }
      for (title, probe) in [("Liveness", container.livenessProbe), ("Readiness", container.readinessProbe), ("Startup", container.startupProbe)] {
        if let probe { text.write(2, "\(title):\t\(describe(probe))\n") }
      }
      environment(container, resolve: resolve, into: &text)
      let mounts = (container.volumeMounts ?? []).enumerated().sorted { ($0.element.mountPath ?? "", $0.offset) < ($1.element.mountPath ?? "", $1.offset) }
      text.write(2, mounts.isEmpty ? "Mounts:\t<none>\n" : "Mounts:\n")
      for mount in mounts.map(\.element) {
        var flags = [mount.readOnly == true ? "ro" : "rw"]
        if let path = mount.subPath, !path.isEmpty { flags.append("path=\"\(path)\"") }
        text.write(3, "\(mount.mountPath ?? "") from \(mount.name ?? "") (\(flags.joined(separator: ",")))\n")
      }
    }
  }

  /// `State:  Running` and its details below.
  private static func state(_ title: String, _ state: ContainerState?, into text: inout TabbedText) {
    if let running = state?.running {
      text.write(2, "\(title):\tRunning\n")
      text.write(3, "Started:\t\(running.startedAt?.describeText ?? "")\n")
    } else if let waiting = state?.waiting {
      text.write(2, "\(title):\tWaiting\n")
      if let reason = waiting.reason, !reason.isEmpty { text.write(3, "Reason:\t\(reason)\n") }
    } else if let terminated = state?.terminated {
      text.write(2, "\(title):\tTerminated\n")
      if let reason = terminated.reason, !reason.isEmpty { text.write(3, "Reason:\t\(reason)\n") }
      if let message = terminated.message, !message.isEmpty { text.write(3, "Message:\t\(message)\n") }
      text.write(3, "Exit Code:\t\(terminated.exitCode ?? 0)\n")
      if let signal = terminated.signal, signal > 0 { text.write(3, "Signal:\t\(signal)\n") }
      text.write(3, "Started:\t\(terminated.startedAt?.describeText ?? "")\n")
      text.write(3, "Finished:\t\(terminated.finishedAt?.describeText ?? "")\n")
    } else {
      text.write(2, "\(title):\tWaiting\n")
    }
  }

  /// `http-get http://:8080/health delay=60s timeout=5s period=10s #success=1 #failure=5`.
  static func describe(_ probe: Probe) -> String {
    let attributes =
      "delay=\(probe.initialDelaySeconds ?? 0)s timeout=\(probe.timeoutSeconds ?? 0)s period=\(probe.periodSeconds ?? 0)s "
      + "#success=\(probe.successThreshold ?? 0) #failure=\(probe.failureThreshold ?? 0)"
    if let exec = probe.exec {
      return "exec [\((exec.command ?? []).joined(separator: " "))] \(attributes)"
    }
    if let action = probe.httpGet {
      let port = action.port?.description ?? ""
      let host = action.host ?? ""
      let authority = port.isEmpty ? host : (host.contains(":") ? "[\(host)]" : host) + ":" + port
      return "http-get \((action.scheme ?? "").lowercased())://\(authority)\(action.path ?? "") \(attributes)"
    }
    if let socket = probe.tcpSocket {
      return "tcp-socket \(socket.host ?? ""):\(socket.port?.description ?? "") \(attributes)"
    }
    if let grpc = probe.grpc {
      return "grpc <pod>:\(grpc.port ?? 0) \(grpc.service ?? "") \(attributes)"
    }
    return "unknown \(attributes)"
  }

  private static func environment(_ container: Container, resolve: EnvironmentResolver, into text: inout TabbedText) {
    if let sources = container.envFrom, !sources.isEmpty {
      text.write(2, "Environment Variables from:\n")
      for source in sources {
        let (kind, reference) = source.configMapRef.map { ("ConfigMap", $0) } ?? ("Secret", source.secretRef ?? OptionalNameReference())
        let optional = reference.optional == true
        if let prefix = source.prefix, !prefix.isEmpty {
          text.write(3, "\(reference.name ?? "")\t\(kind) with prefix '\(prefix)'\tOptional: \(optional)\n")
        } else {
          text.write(3, "\(reference.name ?? "")\t\(kind)\tOptional: \(optional)\n")
        }
      }
    }
    let variables = container.env ?? []
    text.write(2, variables.isEmpty ? "Environment:\t<none>\n" : "Environment:\n")
    for variable in variables {
      let name = variable.name ?? ""
      guard let source = variable.valueFrom else {
        for (index, part) in (variable.value ?? "").split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
          text.write(3, index == 0 ? "\(name):\t\(part)\n" : "\t\(part)\n")
        }
        continue
      }
      if let field = source.fieldRef {
        text.write(3, "\(name):\t\(resolve.value(field)) (\(field.apiVersion ?? ""):\(field.fieldPath ?? ""))\n")
      } else if let resource = source.resourceFieldRef {
        text.write(3, "\(name):\t\(resourceValue(resource, of: container)) (\(resource.resource ?? ""))\n")
      } else if let key = source.secretKeyRef {
        text.write(3, "\(name):\t<set to the key '\(key.key ?? "")' in secret '\(key.name ?? "")'>\tOptional: \(key.optional == true)\n")
      } else if let key = source.configMapKeyRef {
        text.write(3, "\(name):\t<set to the key '\(key.key ?? "")' of config map '\(key.name ?? "")'>\tOptional: \(key.optional == true)\n")
      }
    }
  }

  /// A `resourceFieldRef`'s value as describe works it out from the container: the request
  /// or limit over the divisor, rounded up (CPU in cores by default, the rest in units); a
  /// limit the container does not set is the `node allocatable`.
  static func resourceValue(_ selector: ResourceFieldSelector, of container: Container) -> String {
    let parts = (selector.resource ?? "").split(separator: ".", maxSplits: 1).map(String.init)
    guard parts.count == 2, parts[0] == "limits" || parts[0] == "requests" else { return "" }
    let list = parts[0] == "limits" ? container.resources?.limits : container.resources?.requests
    let amount = list?[parts[1]] ?? .zero
    let divisor = selector.divisor ?? Quantity(1)
    let value: Int64
    if parts[1] == "cpu" {
      let unit = max(divisor.milliValue, 1)
      value = (amount.milliValue + unit - 1) / unit
    } else {
      let unit = max(divisor.value, 1)
      value = (amount.value + unit - 1) / unit
    }
    if value == 0, selector.resource == "limits.cpu" || selector.resource == "limits.memory" { return "node allocatable" }
    return String(value)
  }

  /// `Volumes:` and each volume's source, or `<none>`.
  static func volumes(_ volumes: [Volume]?, space: String, into text: inout TabbedText) {
    guard let volumes, !volumes.isEmpty else { return text.write(0, "\(space)Volumes:\t<none>\n") }
    text.write(0, "\(space)Volumes:\n")
    let nameIndent = space.isEmpty ? "" : " "
    for volume in volumes {
      text.write(1, "\(nameIndent)\(volume.name ?? ""):\n")
      if let path = volume.hostPath {
        hostPath(path, into: &text)
      } else if let directory = volume.emptyDir {
        let limit = directory.sizeLimit.flatMap { $0.isZero ? nil : $0.description } ?? "<unset>"
        text.write(
          2, "Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t\(directory.medium ?? "")\n    SizeLimit:\t\(limit)\n")
      } else if let map = volume.configMap {
        text.write(2, "Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t\(map.name ?? "")\n    Optional:\t\(map.optional == true)\n")
      } else if let secret = volume.secret {
        text.write(
          2, "Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t\(secret.secretName ?? "")\n    Optional:\t\(secret.optional == true)\n")
      } else if let claim = volume.persistentVolumeClaim {
        text.write(
          2,
          "Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n    ClaimName:\t\(claim.claimName ?? "")\n    ReadOnly:\t\(claim.readOnly == true)\n"
        )
      } else {
        text.write(1, "<unknown>\n")
      }
    }
  }

  /// A host path, for a pod's volume and a persistent volume's source alike.
  static func hostPath(_ path: HostPathVolumeSource, into text: inout TabbedText) {
    text.write(2, "Type:\tHostPath (bare host directory volume)\n    Path:\t\(path.path ?? "")\n    HostPathType:\t\(path.type ?? "<none>")\n")
  }

  /// `Topology Spread Constraints:  zone:DoNotSchedule when max skew 1 is exceeded for selector app=web`.
  static func topologySpread(_ constraints: [TopologySpreadConstraint]?, space: String, into text: inout TabbedText) {
    guard let constraints, !constraints.isEmpty else { return }
    text.write(0, "\(space)Topology Spread Constraints:\t")
    for (index, constraint) in constraints.enumerated() {
      if index > 0 { text.write(0, "\(space)\t") }
      var line = "\(constraint.topologyKey ?? ""):\(constraint.whenUnsatisfiable ?? "") when max skew \(constraint.maxSkew ?? 0) is exceeded"
      if let selector = constraint.labelSelector { line += " for selector \(Format.selector(selector))" }
      text.write(0, line + "\n")
    }
  }
}
