import Foundation
import KubeModel

/// A PodDisruptionBudget as `kubectl describe pdb` writes it: the bound it sets (minimum
/// available or maximum unavailable), its selector, and the counts the disruption
/// controller keeps in its status.
enum DisruptionBudgetDescription {
  static func write(_ budget: PodDisruptionBudget, into text: inout TabbedText) {
    text.identity(budget)
    if let minimum = budget.spec?.minAvailable {
      text.write(0, "Min available:\t\(minimum.description)\n")
    } else if let maximum = budget.spec?.maxUnavailable {
      text.write(0, "Max unavailable:\t\(maximum.description)\n")
    }
    if let selector = budget.spec?.selector {
      text.write(0, "Selector:\t\(Format.selector(selector))\n")
    } else {
      text.write(0, "Selector:\t<unset>\n")
    }
    let status = budget.status
    text.write(0, "Status:\n")
    text.write(2, "Allowed disruptions:\t\(status?.disruptionsAllowed ?? 0)\n")
    text.write(2, "Current:\t\(status?.currentHealthy ?? 0)\n")
    text.write(2, "Desired:\t\(status?.desiredHealthy ?? 0)\n")
    text.write(2, "Total:\t\(status?.expectedPods ?? 0)\n")
  }
}

/// A PriorityClass as `kubectl describe priorityclass` writes it.
enum PriorityClassDescription {
  static func write(_ priorityClass: PriorityClass, into text: inout TabbedText) {
    text.write(0, "Name:\t\(priorityClass.name)\n")
    text.write(0, "Value:\t\(priorityClass.value)\n")
    text.write(0, "GlobalDefault:\t\(priorityClass.globalDefault ?? false)\n")
    text.write(0, "PreemptionPolicy:\t\(priorityClass.preemptionPolicy ?? "")\n")
    text.write(0, "Description:\t\(priorityClass.description ?? "")\n")
    // On one line, `key=value` sorted and joined by commas, none left out (the applied
    // configuration too, whose closing newline breaks the line): kubectl writes them so here.
    text.write(0, "Annotations:\t\(Format.labels(priorityClass.metadata.annotations ?? [:]))\n")
  }
}

/// Endpoints as `kubectl describe endpoints` writes them: each subset's ready and not-ready
/// addresses, and its ports as a small table.
enum EndpointsDescription {
  static func write(_ endpoints: Endpoints, into text: inout TabbedText) {
    text.header(endpoints)
    text.write(0, "Subsets:\n")
    for subset in endpoints.subsets ?? [] {
      let ready = (subset.addresses ?? []).map { $0.ip ?? "" }.joined(separator: ",")
      let notReady = (subset.notReadyAddresses ?? []).map { $0.ip ?? "" }.joined(separator: ",")
      text.write(1, "Addresses:\t\(ready.isEmpty ? Format.none : ready)\n")
      text.write(1, "NotReadyAddresses:\t\(notReady.isEmpty ? Format.none : notReady)\n")
      if let ports = subset.ports, !ports.isEmpty {
        text.write(1, "Ports:\n")
        text.write(2, "Name\tPort\tProtocol\n")
        text.write(2, "----\t----\t--------\n")
        for port in ports {
          let name = port.name.flatMap { $0.isEmpty ? nil : $0 } ?? "<unset>"
          text.write(2, "\(name)\t\(port.port ?? 0)\t\(port.protocol ?? "")\n")
        }
      }
      text.write(0, "\n")
    }
  }
}

/// A namespace as `kubectl describe namespace` writes it against a server that has no
/// resource quotas or limit ranges to list (the embedded cluster): name, labels,
/// annotations, phase, and the conditions a namespace being deleted reports. kubectl shows
/// no events for a namespace.
enum NamespaceDescription {
  static func write(_ namespace: Namespace, into text: inout TabbedText) {
    text.header(namespace)
    text.write(0, "Status:\t\(namespace.status?.phase ?? "")\n")
    let conditions = namespace.status?.conditions ?? []
    guard !conditions.isEmpty else { return }
    text.write(0, "Conditions:\n")
    text.write(1, "Type\tStatus\tLastTransitionTime\tReason\tMessage\n")
    text.write(1, "----\t------\t------------------\t------\t-------\n")
    for condition in conditions {
      func field(_ name: String) -> String { condition[name]?.stringValue ?? "" }
      let stamp = field("lastTransitionTime")
      let time = (try? JSONDecoder().decode(Time.self, from: Data("\"\(stamp)\"".utf8)))?.describeText ?? stamp
      text.write(1, "\(field("type"))\t\(field("status"))\t\(time)\t\(field("reason"))\t\(field("message"))\n")
    }
  }
}
