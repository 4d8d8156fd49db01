import KubeModel

/// How a simulated container behaves, worked out from its image, command and settings:
/// its resting CPU and memory, the ports it serves, what it prints, and whether, when and
/// how it exits. Pure and seeded: the same container always gets the same profile.
struct ContainerProfile: Hashable, Sendable {
  /// What kind of program runs, for its log lines.
  enum Family: Hashable, Sendable {
    case nginx(version: String)
    case redis
    case postgres
    case coredns
    case kubeProxy
    case controlPlane(String)
    case stress
    case perlPi
    case script
    case pause
    case generic(String)
  }

  var family: Family
  var baseMilliCPU: Double
  var baseMemoryBytes: Double
  /// Relative amplitude of the CPU noise (0.3 = ±30 %).
  var cpuNoise: Double = 0.3
  /// Ports the program listens on (for probes).
  var ports: Set<Int32> = []
  /// The command's plan, when the command (not the image) decides what runs.
  var script: ScriptPlan?
  /// Seconds after start when it exits on its own; nil while it runs forever.
  var exitAfter: Double?
  var exitCode: Int32 = 0
  /// Lines printed just before it exits with an error.
  var crashLines: [String] = []
  /// Seconds it takes to stop after SIGTERM; nil when it ignores SIGTERM (a shell running
  /// `sleep` as PID 1) and is killed when the grace period ends.
  var stopSeconds: Double? = 0.2
  /// Memory the program tries to hold (stress `--vm-bytes`); beyond the limit it is OOMKilled.
  var demandMemoryBytes: Double?

  /// The profile of `container`, given the environment it gets.
  static func make(_ container: Container, seed: UInt64) -> ContainerProfile {
    let image = ImageReference(container.image ?? "")
    let argv = (container.command ?? []) + (container.args ?? [])
    let salt = SeededRandom.unit(hashing: seed, SeededRandom.stableHash(image.repository))
    let name = image.shortName
    var profile: ContainerProfile
    switch name {
    case "nginx", "httpd", "traefik", "haproxy", "caddy":
      profile = ContainerProfile(family: .nginx(version: image.tag), baseMilliCPU: 1 + salt * 2, baseMemoryBytes: mebibytes(3 + salt * 4))
      profile.ports = [80, 443]
    case "redis", "memcached", "valkey":
      profile = ContainerProfile(family: .redis, baseMilliCPU: 2 + salt, baseMemoryBytes: mebibytes(3 + salt * 3))
      profile.ports = [6379, 11211]
    case "postgres", "mysql", "mariadb", "mongo":
      profile = ContainerProfile(family: .postgres, baseMilliCPU: 3 + salt * 3, baseMemoryBytes: mebibytes(30 + salt * 40))
      profile.ports = [5432, 3306, 27017]
      let env = Set((container.env ?? []).compactMap(\.name))
      if name == "postgres", !env.contains("POSTGRES_PASSWORD"), !env.contains("POSTGRES_HOST_AUTH_METHOD") {
        profile.exitAfter = 0.4
        profile.exitCode = 1
        profile.crashLines = [
          "Error: Database is uninitialized and superuser password is not specified.",
          "       You must specify POSTGRES_PASSWORD to a non-empty value for the",
          "       superuser. For example, \"-e POSTGRES_PASSWORD=password\" on \"docker run\".",
        ]
      }
      if name == "mysql" || name == "mariadb", !env.contains(where: { $0.hasPrefix("MYSQL_") || $0.hasPrefix("MARIADB_") }) {
        profile.exitAfter = 0.6
        profile.exitCode = 1
        profile.crashLines = [
          "[ERROR] [Entrypoint]: Database is uninitialized and password option is not specified",
          "    You need to specify one of the following as an environment variable:",
          "    - MYSQL_ROOT_PASSWORD",
          "    - MYSQL_ALLOW_EMPTY_PASSWORD",
          "    - MYSQL_RANDOM_ROOT_PASSWORD",
        ]
      }
    case "coredns":
      profile = ContainerProfile(family: .coredns, baseMilliCPU: 2 + salt * 2, baseMemoryBytes: mebibytes(14 + salt * 6))
      profile.ports = [53, 8080, 8181, 9153]
    case "kube-proxy":
      profile = ContainerProfile(family: .kubeProxy, baseMilliCPU: 1 + salt, baseMemoryBytes: mebibytes(12 + salt * 8))
      profile.ports = [10249, 10256]
    case "kube-apiserver":
      profile = ContainerProfile(family: .controlPlane(name), baseMilliCPU: 35 + salt * 20, baseMemoryBytes: mebibytes(220 + salt * 80))
      profile.ports = [6443]
    case "etcd":
      profile = ContainerProfile(family: .controlPlane(name), baseMilliCPU: 15 + salt * 10, baseMemoryBytes: mebibytes(35 + salt * 20))
      profile.ports = [2379, 2380, 2381]
    case "kube-scheduler", "kube-controller-manager":
      let heavy = name == "kube-controller-manager"
      profile = ContainerProfile(
        family: .controlPlane(name), baseMilliCPU: (heavy ? 12 : 3) + salt * 4, baseMemoryBytes: mebibytes((heavy ? 45 : 18) + salt * 10))
      profile.ports = heavy ? [10257] : [10259]
    case "stress", "stress-ng":
      profile = stress(argv)
    case "pause":
      profile = ContainerProfile(family: .pause, baseMilliCPU: 0, baseMemoryBytes: 300 * 1024)
      profile.cpuNoise = 0
    case "perl" where argv.joined(separator: " ").contains("bpi"):
      profile = ContainerProfile(family: .perlPi, baseMilliCPU: 950, baseMemoryBytes: mebibytes(6))
      profile.exitAfter = 6 + salt * 4
    default:
      profile = ContainerProfile(family: .generic(name), baseMilliCPU: 1 + salt, baseMemoryBytes: mebibytes(8 + salt * 12))
      if ImageCatalog.shellImages.contains(name) {
        // A shell image with no command runs `sh`, which exits at once without a terminal.
        profile.family = .script
        profile.baseMilliCPU = 0
        profile.baseMemoryBytes = mebibytes(0.4 + salt * 0.4)
        profile.exitAfter = 0.05
        profile.stopSeconds = nil
      }
    }
    if let plan = ScriptPlan.parse(argv) {
      // The command decides: a shell script or a simple command replaces the image's program.
      profile.family = .script
      profile.script = plan
      profile.baseMilliCPU = 0.1
      profile.cpuNoise = 0.5
      profile.baseMemoryBytes = mebibytes(0.3 + salt * 0.5)
      profile.ports = []
      profile.exitAfter = plan.exitAt
      profile.exitCode = plan.exitCode
      profile.crashLines = []
      profile.stopSeconds = nil
    }
    if readsTerminal(container) {
      // `kubectl run -it … -- sh`: the shell reads its standard input and runs until it
      // ends (an attached session's `exit`, or the end of its input).
      profile.family = .script
      profile.script = nil
      profile.exitAfter = nil
      profile.exitCode = 0
      profile.stopSeconds = nil
    }
    return profile
  }

  /// Whether the container's program is a shell reading its standard input: `stdin: true`
  /// and a shell alone as its command (or no command in a shell image).
  static func readsTerminal(_ container: Container) -> Bool {
    guard container.stdin == true else { return false }
    let argv = (container.command ?? []) + (container.args ?? [])
    if argv.isEmpty { return ImageCatalog.shellImages.contains(ImageReference(container.image ?? "").shortName) }
    return argv.count == 1 && SimulatedShell.shellPrograms.contains(argv[0])
  }

  /// `stress --cpu 2 --vm 1 --vm-bytes 250M --timeout 60s`.
  private static func stress(_ argv: [String]) -> ContainerProfile {
    var cpus = 0.0
    var workers = 0.0
    var bytes = 256.0 * 1024 * 1024
    var timeout: Double?
    var index = 0
    while index < argv.count {
      let word = argv[index]
      let value = index + 1 < argv.count ? argv[index + 1] : ""
      switch word {
      case "--cpu", "-c": cpus = Double(value) ?? 1
      case "--vm", "-m": workers = Double(value) ?? 1
      case "--vm-bytes": bytes = parseBytes(value) ?? bytes
      case "--timeout", "-t": timeout = ScriptPlan.parseDuration(value)
      default: break
      }
      index += 1
    }
    var profile = ContainerProfile(
      family: .stress, baseMilliCPU: cpus * 1000 + workers * 1000, baseMemoryBytes: mebibytes(1) + workers * bytes)
    profile.cpuNoise = 0.02
    profile.demandMemoryBytes = workers > 0 ? workers * bytes : nil
    if let timeout, timeout.isFinite {
      profile.exitAfter = timeout
    }
    return profile
  }

  /// `250M`, `1G`, `512k`, `100Mi` as stress and Kubernetes write them.
  static func parseBytes(_ text: String) -> Double? {
    if text.hasSuffix("i"), let quantity = try? Quantity(parsing: text) { return quantity.asApproximateDouble }
    let units: [Character: Double] = ["B": 1, "b": 1, "K": 1024, "k": 1024, "M": 1_048_576, "m": 1_048_576, "G": 1_073_741_824, "g": 1_073_741_824]
    guard let last = text.last, let unit = units[last] else { return Double(text) }
    return Double(text.dropLast()).map { $0 * unit }
  }
}

/// `value` MiB in bytes.
func mebibytes(_ value: Double) -> Double { value * 1_048_576 }
