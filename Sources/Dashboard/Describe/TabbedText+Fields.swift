import Foundation
import KubeModel

/// The field shapes every `kubectl describe` shares: labels and annotations one per line,
/// tolerations and taints, times, and the events table.
extension TabbedText {
  /// `Name:` and, for a namespaced kind, `Namespace:`.
  mutating func identity(_ object: some KubeObject) {
    write(0, "Name:\t\(object.name)\n")
    if type(of: object).resource.namespaced { write(0, "Namespace:\t\(object.namespace)\n") }
  }

  /// The header most kinds open with: `Name:`, `Namespace:` for a namespaced kind, then
  /// `Labels:` and `Annotations:`.
  mutating func header(_ object: some KubeObject) {
    identity(object)
    labels("Labels", object.metadata.labels)
    annotations("Annotations", object.metadata.annotations)
  }

  /// `Controlled By:\tKind/name` when the object has a controller.
  mutating func controller(of object: some KubeObject) {
    if let owner = object.metadata.controllerRef { write(0, "Controlled By:\t\(owner.kind)/\(owner.name)\n") }
  }

  /// A workload's selector as kubectl writes it (`app=web`; empty when there is none).
  static func selector(_ selector: LabelSelector?) -> String {
    selector.flatMap { try? Selector($0) }?.description ?? ""
  }

  /// `Labels:\tk=v` then `\tk=v` lines, sorted by key; `<none>` when empty.
  mutating func labels(_ title: String, _ labels: [String: String]?, indent: String = "") {
    write(0, "\(indent)\(title):\t")
    let keys = (labels ?? [:]).keys.sorted()
    guard !keys.isEmpty else { return line(Format.none) }
    for (index, key) in keys.enumerated() {
      if index > 0 { write(0, "\(indent)\t") }
      write(0, "\(key)=\(labels?[key] ?? "")\n")
    }
  }

  /// Annotations as `key: value`, sorted, without kubectl's last-applied configuration; a
  /// long or multi-line value goes on lines of its own below its key, cut at 138 characters.
  mutating func annotations(_ title: String, _ annotations: [String: String]?) {
    write(0, "\(title):\t")
    let keys = (annotations ?? [:]).keys.filter { $0 != "kubectl.kubernetes.io/last-applied-configuration" }.sorted()
    guard !keys.isEmpty else { return line(Format.none) }
    let limit = 140
    for (index, key) in keys.enumerated() {
      if index > 0 { write(0, "\t") }
      var value = annotations?[key] ?? ""
      if value.hasSuffix("\n") { value.removeLast() }
      if value.utf8.count + key.utf8.count + 2 > limit || value.contains("\n") {
        write(0, "\(key):\n")
        for part in value.split(separator: "\n", omittingEmptySubsequences: false) {
          let cut = part.utf8.count > limit - 2 ? String(decoding: part.utf8.prefix(limit - 2), as: UTF8.self) + "..." : String(part)
          write(0, "\t  \(cut)\n")
        }
      } else {
        write(0, "\(key): \(value)\n")
      }
    }
  }

  /// Tolerations sorted by key: `key=value:Effect`, ` op=Exists`, ` for 300s`.
  mutating func tolerations(_ title: String, _ tolerations: [Toleration]?, indent: String = "") {
    write(0, "\(indent)\(title):\t")
    let sorted = (tolerations ?? []).enumerated().sorted { ($0.element.key ?? "", $0.offset) < ($1.element.key ?? "", $1.offset) }
    guard !sorted.isEmpty else { return line(Format.none) }
    for (index, toleration) in sorted.map(\.element).enumerated() {
      if index > 0 { write(0, "\(indent)\t") }
      let key = toleration.key ?? ""
      let value = toleration.value ?? ""
      let effect = toleration.effect ?? ""
      var text = key
      if !value.isEmpty { text += "=\(value)" }
      if !effect.isEmpty { text += ":\(effect)" }
      if toleration.operator == "Exists", value.isEmpty { text += key.isEmpty && effect.isEmpty ? "op=Exists" : " op=Exists" }
      if let seconds = toleration.tolerationSeconds { text += " for \(seconds)s" }
      write(0, text + "\n")
    }
  }

  /// Taints sorted by effect then key: `key=value:Effect`.
  mutating func taints(_ title: String, _ taints: [Taint]?) {
    write(0, "\(title):\t")
    let sorted = (taints ?? []).sorted { ($0.effect ?? "") + "," + ($0.key ?? "") < ($1.effect ?? "") + "," + ($1.key ?? "") }
    guard !sorted.isEmpty else { return line(Format.none) }
    for (index, taint) in sorted.enumerated() {
      if index > 0 { write(0, "\t") }
      let value = taint.value.flatMap { $0.isEmpty ? nil : "=\($0)" } ?? ""
      write(0, "\(taint.key ?? "")\(value):\(taint.effect ?? "")\n")
    }
  }

  /// The `Events:` table: type, reason, age (`last (xN over first)` for a repeated one),
  /// source and message, aligned on their own (kubectl flushes before it), or `<none>`.
  mutating func events(_ events: [Event], now: Time) {
    guard !events.isEmpty else { return write(0, "Events:\t<none>\n") }
    flush()
    write(0, "Events:\n  Type\tReason\tAge\tFrom\tMessage\n")
    write(1, "----\t------\t----\t----\t-------\n")
    for event in events {
      let first = event.eventTime.map { Format.age(since: $0.time, now: now) } ?? Format.age(since: event.firstTimestamp, now: now)
      let count = event.count ?? 1
      let age = count > 1 ? "\(Format.age(since: event.lastTimestamp, now: now)) (x\(count) over \(first))" : first
      let source = event.source?.component.flatMap { $0.isEmpty ? nil : $0 } ?? event.reportingComponent ?? ""
      let message = (event.message ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
      write(1, "\(event.type ?? "")\t\(event.reason ?? "")\t\(age)\t\(source)\t\(message)\n")
    }
  }
}

extension Time {
  /// The time as kubectl describe prints it (RFC 1123 with a numeric zone, in UTC here:
  /// `Thu, 01 Jan 2026 00:00:05 +0000`).
  var describeText: String { Describer.timestamp(self) }
}
