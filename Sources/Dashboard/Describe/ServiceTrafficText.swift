import KubeModel

/// The simulated traffic part of a Service's describe: the offered load, each ready
/// endpoint with its share, and the pods that answered the last requests.
public enum ServiceTrafficText {
  /// Lines appended to `describe service/NAME` on the embedded cluster.
  public static func lines(_ status: ServiceLoadStatus, now: Time) -> [String] {
    var lines = [
      Describer.field(
        "Offered Load", status.requestsPerSecond > 0 ? "\(Format.rate(status.requestsPerSecond)) (simulated)" : "none (:load svc/\(status.service) 300rps)")
    ]
    if status.endpoints.isEmpty {
      lines.append(Describer.field("Endpoints", Format.none))
    } else {
      lines.append(Describer.field("Endpoints", status.endpoints.map(\.ip).joined(separator: ",")))
      lines.append("  " + "POD".padding(to: 32) + "IP".padding(to: 16) + "NODE".padding(to: 16) + "REQ/S")
      for endpoint in status.endpoints {
        lines.append(
          "  " + endpoint.pod.padding(to: 32) + endpoint.ip.padding(to: 16) + (endpoint.node ?? Format.none).padding(to: 16)
            + Format.number(endpoint.requestsPerSecond))
      }
    }
    lines.append("Recent Answers (round-robin over ready endpoints):")
    if status.recentAnswers.isEmpty { lines.append("  <none>") }
    for answer in status.recentAnswers.reversed() {
      let seconds = Double(now.seconds * 1_000_000 - answer.time.micros) / 1_000_000
      let age = seconds < 1 ? "<1s ago" : "\(Int(seconds))s ago"
      lines.append("  " + age.padding(to: 9) + answer.pod.padding(to: 32) + answer.ip)
    }
    return lines
  }
}

extension Format {
  /// `300 req/s`, `12.5 req/s`.
  public static func rate(_ requestsPerSecond: Double) -> String { number(requestsPerSecond) + " req/s" }

  /// A number without a needless fraction: `150`, `12.5`.
  static func number(_ value: Double) -> String {
    value == value.rounded() ? String(Int64(value)) : String((value * 10).rounded() / 10)
  }
}
