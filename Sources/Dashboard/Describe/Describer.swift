import Foundation
import KubeModel

/// `kubectl describe`-style text for any cached object, ending with the object's events.
public enum Describer {
  /// The describe lines of an object.
  public static func describe(_ object: any KubeObject, cache: InformerCache, now: Time) -> [String] {
    var lines: [String] = []
    let meta = object.metadata
    lines.append(field("Name", object.name))
    if type(of: object).resource.namespaced { lines.append(field("Namespace", object.namespace)) }
    lines += block("Labels", object.labels)
    lines += block("Annotations", meta.annotations ?? [:])
    lines.append(field("CreationTimestamp", meta.creationTimestamp?.description ?? "<unset>"))
    if let owner = meta.controllerRef { lines.append(field("Controlled By", "\(owner.kind)/\(owner.name)")) }
    // (A pod says it in its status line, as kubectl does.)
    if let deletion = meta.deletionTimestamp, !(object is Pod) { lines.append(field("Terminating", "since \(deletion)")) }
    switch object {
    case let node as Node: lines += NodeDescription.lines(node, cache: cache, now: now)
    case let pod as Pod: lines += PodDescription.lines(pod, now: now)
    case let deployment as Deployment: lines += deploymentLines(deployment)
    case let service as Service: lines += serviceLines(service)
    case let secret as Secret: lines += secretLines(secret)
    case let hpa as HorizontalPodAutoscaler: lines += AutoscalerDescription.lines(hpa)
    default:
      lines.append("Spec and status:")
      lines += Manifest.yaml(of: object).split(separator: "\n", omittingEmptySubsequences: false)
        .drop { !$0.hasPrefix("spec:") && !$0.hasPrefix("status:") && !$0.hasPrefix("data:") }
        .map { "  " + $0 }
    }
    lines += eventLines(for: object, cache: cache, now: now)
    return lines
  }

  /// `Name:   value`, with kubectl's label column width.
  static func field(_ name: String, _ value: String, indent: Int = 0) -> String {
    let label = String(repeating: " ", count: indent) + name + ":"
    return label.padding(to: 20) + value
  }

  /// A time as kubectl describe prints it (RFC 1123 with a numeric zone, in UTC here:
  /// `Thu, 01 Jan 2026 00:00:05 +0000`).
  static func timestamp(_ time: Time) -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
    return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(time.seconds)))
  }

  /// `Labels:  a=b` then continuation lines, or `<none>`.
  static func block(_ name: String, _ values: [String: String]) -> [String] {
    let pairs = values.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
    guard let first = pairs.first else { return [field(name, Format.none)] }
    return [field(name, first)] + pairs.dropFirst().map { String(repeating: " ", count: 20) + $0 }
  }

  private static func deploymentLines(_ deployment: Deployment) -> [String] {
    let spec = deployment.spec
    let status = deployment.status
    var lines = [
      field("Selector", Format.labels(spec?.selector?.matchLabels ?? [:])),
      field(
        "Replicas",
        "\(spec?.replicas ?? 1) desired | \(status?.updatedReplicas ?? 0) updated | \(status?.replicas ?? 0) total | "
          + "\(status?.availableReplicas ?? 0) available | \(status?.unavailableReplicas ?? 0) unavailable"),
      field("StrategyType", spec?.strategy?.type ?? "RollingUpdate"),
      "Pod Template:",
    ]
    for container in spec?.template?.spec?.containers ?? [] {
      lines.append("  \(container.name ?? ""):")
      lines.append(field("Image", container.image ?? "", indent: 4))
    }
    if let conditions = status?.conditions, !conditions.isEmpty {
      lines.append("Conditions:")
      lines.append("  Type           Status  Reason")
      for condition in conditions {
        lines.append("  " + (condition.type ?? "").padding(to: 15) + (condition.status ?? "").padding(to: 8) + (condition.reason ?? ""))
      }
    }
    return lines
  }

  private static func serviceLines(_ service: Service) -> [String] {
    let spec = service.spec
    var lines = [
      field("Selector", Format.labels(spec?.selector ?? [:])),
      field("Type", spec?.type ?? "ClusterIP"),
      field("IP", spec?.clusterIP ?? Format.none),
    ]
    for port in spec?.ports ?? [] {
      lines.append(field("Port", "\(port.name ?? "<unset>")  \(port.port ?? 0)/\(port.protocol ?? "TCP")"))
      lines.append(field("TargetPort", "\(port.targetPort?.description ?? "")/\(port.protocol ?? "TCP")"))
    }
    return lines
  }

  /// kubectl's Secret describe: the type and each key's size, never the values.
  private static func secretLines(_ secret: Secret) -> [String] {
    var sizes: [String: Int] = [:]
    for (key, encoded) in secret.data ?? [:] { sizes[key] = Data(base64Encoded: encoded)?.count ?? 0 }
    for (key, value) in secret.stringData ?? [:] { sizes[key] = value.utf8.count }
    var lines = ["", field("Type", secret.type ?? "Opaque"), "", "Data", "===="]
    for key in sizes.keys.sorted() { lines.append("\(key):".padding(to: 12) + "\(sizes[key] ?? 0) bytes") }
    return lines
  }

  /// The `Events:` table of an object.
  static func eventLines(for object: any KubeObject, cache: InformerCache, now: Time) -> [String] {
    let events = cache.events(
      about: type(of: object).resource.kind, namespace: object.namespace, name: object.name, uid: object.metadata.uid)
    guard !events.isEmpty else { return ["Events:", "  <none>"] }
    // Columns as wide as their longest cell plus two, as kubectl's tab writer sets them.
    let rows = events.map { event -> [String] in
      let age = Format.age(seconds: now.seconds - cache.eventTime(event))
      let count = (event.count ?? 1) > 1 ? " (x\(event.count ?? 1))" : ""
      return [
        event.type ?? "Normal", event.reason ?? "", age + count, event.source?.component ?? event.reportingComponent ?? "",
        event.message ?? "",
      ]
    }
    let titles = ["Type", "Reason", "Age", "From", "Message"]
    let widths = (0..<4).map { column in ([titles[column]] + rows.map { $0[column] }).map(\.count).max()! + 2 }
    func line(_ cells: [String]) -> String {
      "  " + (0..<4).map { cells[$0].padding(to: widths[$0]) }.joined() + cells[4]
    }
    return ["Events:", line(titles), line(titles.map { String(repeating: "-", count: $0.count) })] + rows.map(line)
  }
}

extension String {
  /// Pads with spaces to at least `width` characters (describe output is ASCII-aligned).
  func padding(to width: Int) -> String {
    count >= width ? self + " " : self + String(repeating: " ", count: width - count)
  }
}
