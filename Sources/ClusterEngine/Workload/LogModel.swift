import KubeModel

/// The simulated output of one container run, computed from (seed, container, time) when
/// read: start-up lines for the kind of program, then its steady lines (nginx access log,
/// a script's loop), and a crash message before an error exit. Nothing is stored, so a
/// cluster that runs for months holds no log lines; a read returns at most `maxLines`.
struct LogModel {
  /// One run: when it started and ended (nil while running), and how it ended.
  struct Run {
    var profile: ContainerProfile
    var identity: UInt64
    var restartIndex: Int32
    var startedAt: Int64
    var endedAt: Int64?
    var exitCode: Int32
    var reason: String
    var crashed: Bool
    /// The pod's extra load at a time (drives the access-log rate).
    var load: (Int64) -> Double
    var podIP: String
    /// What a command of the simulated shell prints in this container (a script's `run` steps).
    var commandOutput: ([String]) -> [String] = { _ in [] }
  }

  /// A container log keeps at most this many lines (as rotation would).
  static let maxLines = 10_000

  let seed: UInt64
  let epochSeconds: Int64

  /// The run's lines between `from` and `to` (micros), oldest first, the last `limit` of them.
  func lines(_ run: Run, from: Int64, to: Int64, limit: Int) -> [(micros: Int64, text: String)] {
    let end = min(run.endedAt ?? to, to)
    guard end >= run.startedAt, limit > 0 else { return [] }
    var fixed = startupLines(run)
    if let script = run.profile.script {
      for step in script.prefix {
        let at = run.startedAt + microseconds(step.offset)
        switch step.action {
        case .print(let text): fixed.append((at, text))
        case .run(let argv): fixed += run.commandOutput(argv).map { (at, $0) }
        case .file: break
        }
      }
    }
    if let ended = run.endedAt, ended <= to {
      fixed += endLines(run).map { (ended, $0) }
    }
    fixed = fixed.filter { $0.0 <= end && $0.0 >= from }
    let steady = steadyLines(run, from: max(from, run.startedAt), to: end, limit: limit)
    let merged = (fixed + steady).enumerated().sorted { ($0.element.0, $0.offset) < ($1.element.0, $1.offset) }.map(\.element)
    return Array(merged.suffix(limit)).map { (micros: $0.0, text: expand($0.1, at: $0.0)) }
  }

  private func startupLines(_ run: Run) -> [(Int64, String)] {
    let start = run.startedAt
    let stamp = goLogTime(start)
    var texts: [String]
    switch run.profile.family {
    case .nginx(let version):
      let modern = version == "latest" || (Double(version.split(separator: ".").prefix(2).joined(separator: ".")) ?? 0) >= 1.19
      guard modern else { return [] }
      texts = [
        "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration",
        "/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/",
        "/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh",
        "10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf",
        "/docker-entrypoint.sh: Configuration complete; ready for start up",
        "\(stamp) [notice] 1#1: using the \"epoll\" event method",
        "\(stamp) [notice] 1#1: nginx/\(version == "latest" ? "1.27.3" : version)",
        "\(stamp) [notice] 1#1: OS: Linux 6.8.0-51-generic",
        "\(stamp) [notice] 1#1: start worker processes",
      ]
    case .redis:
      texts = [
        "1:C \(redisTime(start)) # oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo",
        "1:C \(redisTime(start)) # Redis version=7.2.4, bits=64, commit=00000000, modified=0, pid=1, just started",
        "1:M \(redisTime(start)) * Running mode=standalone, port=6379.",
        "1:M \(redisTime(start)) * Server initialized",
        "1:M \(redisTime(start)) * Ready to accept connections tcp",
      ]
    case .coredns:
      texts = [
        ".:53", "[INFO] plugin/reload: Running configuration SHA512 = 591cf328cccc12bc490481273e738df59329c62c0b729d94e8b61db9961c2fa5f046dd37f1cf888b953814040d180f52594972691cd6ff41be96639138a43908",
        "CoreDNS-1.11.3", "linux/amd64, go1.21.11, a6338e9",
      ]
    case .kubeProxy:
      texts = [
        "I\(klogTime(start))       1 server_linux.go:66] \"Using iptables proxy\"",
        "I\(klogTime(start))       1 server.go:677] \"Successfully retrieved node IP(s)\"",
        "I\(klogTime(start))       1 server_linux.go:169] \"Using iptables Proxier\"",
        "I\(klogTime(start))       1 config.go:199] \"Starting service config controller\"",
      ]
    case .controlPlane(let name):
      texts = [
        "I\(klogTime(start))       1 flags.go:64] FLAG: --v=\"2\"",
        "I\(klogTime(start))       1 serving.go:386] Generated self-signed cert in-memory",
        "I\(klogTime(start))       1 \(name == "etcd" ? "etcd.go" : "server.go"):162] \"Starting \(name)\" version=\"v1.32.4\"",
      ]
    case .stress:
      texts = ["stress: info: [1] dispatching hogs: \(Int(run.profile.baseMilliCPU / 1000)) cpu, 0 io, \(run.profile.demandMemoryBytes == nil ? 0 : 1) vm, 0 hdd"]
    case .postgres where run.exitCode == 0 || run.endedAt == nil:
      texts = [
        "PostgreSQL Database directory appears to contain a database; Skipping initialization",
        "\(postgresTime(start)) UTC [1] LOG:  starting PostgreSQL 16.2 on x86_64-pc-linux-gnu",
        "\(postgresTime(start)) UTC [1] LOG:  database system is ready to accept connections",
      ]
    default:
      texts = []
    }
    return texts.enumerated().map { (start + Int64($0.offset) * 1_000 + 2_000, $0.element) }
  }

  private func endLines(_ run: Run) -> [String] {
    if run.crashed { return ["Segmentation fault (core dumped)"] }
    if case .perlPi = run.profile.family, run.exitCode == 0 {
      return ["3.14159265358979323846264338327950288419716939937510582097494459230781640628620899862803482534211706798214808651328230664709384460955058223172535940812848111745028410270193852110555964462294895493038196"]
    }
    return run.exitCode == 0 || run.reason == "OOMKilled" ? [] : run.profile.crashLines
  }

  /// Lines a running program keeps writing: access-log lines at a seeded rate that grows
  /// with load, or a script's loop.
  private func steadyLines(_ run: Run, from: Int64, to: Int64, limit: Int) -> [(Int64, String)] {
    if let script = run.profile.script, script.loopPeriod > 0, let loopStart = script.prefixEnd {
      let origin = run.startedAt + microseconds(loopStart)
      let period = microseconds(script.loopPeriod)
      guard to >= origin else { return [] }
      var lines: [(Int64, String)] = []
      // A command's answer is worked out once, not every round (the loop asks the same).
      let texts = script.loop.map { step -> [String] in
        switch step.action {
        case .print(let text): return [text]
        case .run(let argv): return run.commandOutput(argv)
        case .file: return []
        }
      }
      var round = (to - origin) / period
      while round >= 0, lines.count < limit {
        for (step, stepTexts) in zip(script.loop, texts).reversed() {
          let at = origin + round * period + microseconds(step.offset)
          if at <= to, at >= from { lines += stepTexts.reversed().map { (at, $0) } }
        }
        if origin + round * period < from { break }
        round -= 1
      }
      return lines.reversed()
    }
    guard case .nginx = run.profile.family else { return [] }
    var lines: [(Int64, String)] = []
    var second = to / 1_000_000
    let first = (from + 999_999) / 1_000_000
    var walked = 0
    while second >= first, lines.count < limit, walked < 2_000_000 {
      let micros = second * 1_000_000
      let rate = 1.0 / 30 + run.load(micros) / 20
      let roll = SeededRandom.unit(hashing: seed, run.identity, UInt64(run.restartIndex), UInt64(second))
      let count = Int(rate) + (roll < rate - Double(Int(rate)) ? 1 : 0)
      for index in stride(from: count - 1, through: 0, by: -1) {
        let at = micros + Int64(index) * (1_000_000 / Int64(max(count, 1))) + Int64(roll * 900_000) / Int64(max(count, 1))
        if at <= to, at >= from { lines.append((at, accessLine(run, at: at, roll: roll, index: index))) }
      }
      second -= 1
      walked += 1
    }
    return lines.reversed()
  }

  private func accessLine(_ run: Run, at micros: Int64, roll: Double, index: Int) -> String {
    let paths = ["/", "/", "/", "/index.html", "/favicon.ico", "/api/health", "/static/app.js"]
    let agents = ["curl/8.5.0", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36", "kube-probe/1.32", "Wget"]
    let pick = SeededRandom.unit(hashing: seed, run.identity, UInt64(micros), UInt64(index))
    let path = paths[Int(pick * Double(paths.count))]
    let agent = agents[Int(roll * Double(agents.count))]
    let status = path == "/favicon.ico" || path == "/api/health" ? 404 : 200
    let bytes = status == 200 ? (path == "/static/app.js" ? 5_120 : 612) : 153
    let client = "10.244.0.\(1 + Int(pick * 7))"
    return "\(client) - - [\(accessTime(micros))] \"GET \(path) HTTP/1.1\" \(status) \(bytes) \"-\" \"\(agent)\" \"-\""
  }

  private func expand(_ text: String, at micros: Int64) -> String {
    guard text.contains("$(date)") else { return text }
    return text.replacingAll("$(date)", with: dateCommand(micros))
  }

  // MARK: Time formats

  private func civil(_ micros: Int64) -> CivilTime { CivilTime(seconds: epochSeconds + micros.floorDivided(by: 1_000_000)) }

  /// `2026/01/01 00:00:05` (nginx error log).
  private func goLogTime(_ micros: Int64) -> String {
    let time = civil(micros)
    return "\(time.year)/\(pad(time.month))/\(pad(time.day)) \(time.clock)"
  }

  /// `01/Jan/2026:00:00:05 +0000` (nginx access log).
  private func accessTime(_ micros: Int64) -> String {
    let time = civil(micros)
    return "\(pad(time.day))/\(CivilTime.months[time.month - 1])/\(time.year):\(time.clock) +0000"
  }

  /// `0101 00:00:05.000000` after the klog severity letter.
  private func klogTime(_ micros: Int64) -> String {
    let time = civil(micros)
    let fraction = String((micros % 1_000_000 + 1_000_000) % 1_000_000)
    return "\(pad(time.month))\(pad(time.day)) \(time.clock).\(String(repeating: "0", count: 6 - fraction.count) + fraction)"
  }

  private func redisTime(_ micros: Int64) -> String {
    let time = civil(micros)
    return "\(pad(time.day)) \(CivilTime.months[time.month - 1]) \(time.year) \(time.clock).000"
  }

  private func postgresTime(_ micros: Int64) -> String {
    let time = civil(micros)
    return "\(time.year)-\(pad(time.month))-\(pad(time.day)) \(time.clock).000"
  }

  /// `Thu Jan  1 00:00:05 UTC 2026`, as busybox `date` prints it.
  private func dateCommand(_ micros: Int64) -> String {
    let time = civil(micros)
    let day = time.day < 10 ? " \(time.day)" : "\(time.day)"
    return "\(CivilTime.weekdays[time.weekday]) \(CivilTime.months[time.month - 1]) \(day) \(time.clock) UTC \(time.year)"
  }
}


/// Two digits.
func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

extension String {
  /// The string with every `target` replaced.
  func replacingAll(_ target: String, with replacement: String) -> String {
    split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
  }
}
