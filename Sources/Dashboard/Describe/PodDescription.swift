import KubeModel

/// `kubectl describe pod`, line for line: the same fields in the same order, aligned by the
/// same tab rules (see `TabbedText`).
enum PodDescription {
  static func write(_ pod: Pod, into text: inout TabbedText, now: Time) {
    let spec = pod.spec
    let status = pod.status
    text.identity(pod)
    if let priority = spec?.priority { text.write(0, "Priority:\t\(priority)\n") }
    if let name = spec?.priorityClassName, !name.isEmpty { text.write(0, "Priority Class Name:\t\(name)\n") }
    if let name = spec?.runtimeClassName, !name.isEmpty { text.write(0, "Runtime Class Name:\t\(name)\n") }
    text.write(0, "Service Account:\t\(spec?.serviceAccountName ?? "")\n")
    if let node = spec?.nodeName, !node.isEmpty {
      text.write(0, "Node:\t\(node)/\(status?.hostIP ?? "")\n")
    } else {
      text.write(0, "Node:\t<none>\n")
    }
    if let start = status?.startTime { text.write(0, "Start Time:\t\(start.describeText)\n") }
    text.labels("Labels", pod.metadata.labels)
    text.annotations("Annotations", pod.metadata.annotations)
    let phase = status?.phase ?? ""
    if let deletion = pod.metadata.deletionTimestamp, phase != "Failed", phase != "Succeeded" {
      text.write(0, "Status:\tTerminating (lasts \(Format.age(since: deletion, now: now)))\n")
      text.write(0, "Termination Grace Period:\t\(pod.metadata.deletionGracePeriodSeconds ?? 0)s\n")
    } else {
      text.write(0, "Status:\t\(phase)\n")
    }
    if let reason = status?.reason, !reason.isEmpty { text.write(0, "Reason:\t\(reason)\n") }
    if let message = status?.message, !message.isEmpty { text.write(0, "Message:\t\(message)\n") }
    text.write(0, "IP:\t\(status?.podIP ?? "")\n")
    let addresses = (status?.podIPs ?? []).map { $0.ip ?? "" }
    if addresses.isEmpty {
      text.write(0, "IPs:\t<none>\n")
    } else {
      text.write(0, "IPs:\n")
      for address in addresses { text.write(1, "IP:\t\(address)\n") }
    }
    text.controller(of: pod)
    if let nominated = status?.nominatedNodeName, !nominated.isEmpty { text.write(0, "NominatedNodeName:\t\(nominated)\n") }
    let resolve = EnvironmentResolver.pod(pod)
    if let initContainers = spec?.initContainers, !initContainers.isEmpty {
      ContainerDescription.write(
        "Init Containers", initContainers, statuses: status?.initContainerStatuses, resolve: resolve, space: "", into: &text)
    }
    ContainerDescription.write("Containers", spec?.containers ?? [], statuses: status?.containerStatuses, resolve: resolve, space: "", into: &text)
    let conditions = status?.conditions ?? []
    let gates = (spec?.readinessGates ?? []).compactMap { $0["conditionType"]?.stringValue }
    if !gates.isEmpty {
      text.write(0, "Readiness Gates:\n  Type\tStatus\n")
      for gate in gates {
        text.write(1, "\(gate) \t\(conditions.first { $0.type == gate }?.status ?? "<none>") \n")
      }
    }
    if !conditions.isEmpty {
      text.write(0, "Conditions:\n  Type\tStatus\n")
      for condition in conditions { text.write(1, "\(condition.type ?? "") \t\(condition.status ?? "") \n") }
    }
    ContainerDescription.volumes(spec?.volumes, space: "", into: &text)
    text.write(0, "QoS Class:\t\(status?.qosClass ?? "")\n")
    text.labels("Node-Selectors", spec?.nodeSelector)
    text.tolerations("Tolerations", spec?.tolerations)
    ContainerDescription.topologySpread(spec?.topologySpreadConstraints, space: "", into: &text)
  }
}

/// Where an environment variable's value comes from, as describe resolves it: from the pod
/// for a pod, not at all for a template.
struct EnvironmentResolver: Sendable {
  let value: @Sendable (ObjectFieldSelector) -> String

  static let template = EnvironmentResolver { _ in "" }

  /// The pod's own fields a `fieldRef` can name.
  static func pod(_ pod: Pod) -> EnvironmentResolver {
    EnvironmentResolver { selector in pod.downwardValue(fieldPath: selector.fieldPath ?? "") ?? "" }
  }
}
