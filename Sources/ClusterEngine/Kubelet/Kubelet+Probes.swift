import KubeModel

/// Readiness and liveness probes against the simulated program: an HTTP or TCP probe
/// passes when the program listens on the port, an exec probe `cat FILE` when the
/// container's script has created the file by then.
extension Kubelet {
  /// Whether `probe` passes `offset` seconds after the container started.
  func probeSucceeds(_ probe: Probe, container: ContainerRuntime, offset: Double) -> Bool {
    if let exec = probe.exec {
      guard let path = checkedFile(exec.command ?? []) else { return true }
      return container.profile.script?.fileExists(path, at: offset) ?? false
    }
    guard let port = probePort(probe, container: container) else { return true }
    return listens(container, on: port)
  }

  /// Seconds after start when a failing liveness probe gets the container killed: the
  /// `failureThreshold`-th consecutive failure, probing from `initialDelaySeconds` every
  /// `periodSeconds`. Nil when it keeps passing.
  func firstLivenessKill(_ probe: Probe, container: ContainerRuntime, after started: Double = 0) -> Double? {
    streakEnd(
      probe, container: container, from: max(Double(probe.initialDelaySeconds ?? 0), started), passing: false,
      length: max(Int(probe.failureThreshold ?? 3), 1), before: container.profile.exitAfter ?? .infinity)
  }

  /// Seconds after start when the readiness result turns to `passing`, probing from
  /// `offset` every `periodSeconds`: at the `successThreshold`-th pass in a row, or at the
  /// `failureThreshold`-th failure in a row, as the kubelet's prober worker keeps its last
  /// result until then. An exec probe's files come and go as the command runs; a port is
  /// served or not for good, so its first answer holds. Nil when it does not turn while the
  /// container runs (or within 2,000 probes).
  func readinessTurn(_ probe: Probe, container: ContainerRuntime, from offset: Double, toPassing passing: Bool) -> Double? {
    let threshold = Int(max(passing ? probe.successThreshold ?? 1 : probe.failureThreshold ?? 3, 1))
    return streakEnd(
      probe, container: container, from: offset, passing: passing, length: threshold,
      before: container.profile.exitAfter ?? .infinity)
  }

  /// Seconds after start of the first failing probe at or after `offset` (a probe's
  /// instant) and before `limit`, to be recorded when it happens; nil when none fails by
  /// then (or within 2,000 probes). A port probe's first answer holds.
  func nextFailure(_ probe: Probe, container: ContainerRuntime, from offset: Double, before limit: Double) -> Double? {
    streakEnd(probe, container: container, from: offset, passing: false, length: 1, before: limit)
  }

  /// Seconds after start of the probe that ends the first run of `length` results equal to
  /// `passing` in a row, probing from `offset` every `periodSeconds` until `limit`; nil when
  /// none ends by then (or within 2,000 probes). Only an exec probe's answer changes over
  /// time: any other's first answer holds.
  private func streakEnd(
    _ probe: Probe, container: ContainerRuntime, from offset: Double, passing: Bool, length: Int, before limit: Double
  ) -> Double? {
    let period = Double(max(probe.periodSeconds ?? 10, 1))
    var streak = 0
    for index in 0..<(probe.exec == nil ? length : max(length, 2_000)) {
      let at = offset + Double(index) * period
      if at >= limit { return nil }
      if probeSucceeds(probe, container: container, offset: at) == passing {
        streak += 1
        if streak >= length { return at }
      } else {
        if probe.exec == nil { return nil }
        streak = 0
      }
    }
    return nil
  }

  /// How a startup probe ends: it passes at the first probe that succeeds, or fails at the
  /// `failureThreshold`-th consecutive failure (seconds after start, probing from
  /// `initialDelaySeconds` every `periodSeconds`).
  enum ProbeOutcome: Equatable {
    case passes(Double)
    case fails(Double)
  }

  func firstProbeOutcome(_ probe: Probe, container: ContainerRuntime) -> ProbeOutcome {
    let delay = Double(probe.initialDelaySeconds ?? 0)
    let period = Double(max(probe.periodSeconds ?? 10, 1))
    let threshold = max(Int(probe.failureThreshold ?? 3), 1)
    for index in 0..<threshold {
      let offset = delay + Double(index) * period
      if probeSucceeds(probe, container: container, offset: offset) { return .passes(offset) }
    }
    return .fails(delay + Double(threshold - 1) * period)
  }

  /// The probe's failure as the kubelet reports it after "Liveness probe failed: ".
  func probeFailure(_ probe: Probe?, container: ContainerRuntime, runtime: PodRuntime) -> String {
    guard let probe else { return "" }
    let ip = runtime.podIP ?? ""
    if let exec = probe.exec {
      if let path = checkedFile(exec.command ?? []) { return "cat: can't open '\(path)': No such file or directory" }
      return "command \((exec.command ?? []).joined(separator: " ")) exited with 1"
    }
    let port = probePort(probe, container: container) ?? 0
    if let http = probe.httpGet {
      let scheme = (http.scheme ?? "HTTP").lowercased()
      let host = http.host ?? ip
      return "Get \"\(scheme)://\(host):\(port)\(http.path ?? "/")\": dial tcp \(host):\(port): connect: connection refused"
    }
    return "dial tcp \(ip):\(port): connect: connection refused"
  }

  private func listens(_ container: ContainerRuntime, on port: Int32) -> Bool {
    switch container.profile.family {
    case .script, .stress, .perlPi, .pause: return false
    case .generic:
      // An image we do not model listens where its spec says it does.
      return container.spec.ports?.contains { $0.containerPort == port } ?? false
    default:
      return container.profile.ports.contains(port)
    }
  }

  private func probePort(_ probe: Probe, container: ContainerRuntime) -> Int32? {
    let value = probe.httpGet?.port ?? probe.tcpSocket?.port ?? probe.grpc.flatMap { $0.port.map { IntOrString.int(Int($0)) } }
    switch value {
    case .int(let number)?: return Int32(number)
    case .string(let name)?:
      return container.spec.ports?.first { $0.name == name }?.containerPort ?? -1
    case nil: return nil
    }
  }

  /// The file an exec probe checks: `cat F`, `test -e F`, `ls F`.
  private func checkedFile(_ command: [String]) -> String? {
    var words = command
    if let flag = words.firstIndex(of: "-c"), flag + 1 < words.count, ["sh", "/bin/sh", "bash", "/bin/bash"].contains(words[0]) {
      words = words[flag + 1].split(separator: " ").map(String.init)
    }
    guard let verb = words.first else { return nil }
    switch verb {
    case "cat", "ls", "stat": return words.dropFirst().first { !$0.hasPrefix("-") }
    case "test", "[": return words.dropFirst().first { !$0.hasPrefix("-") }
    default: return nil
    }
  }
}
