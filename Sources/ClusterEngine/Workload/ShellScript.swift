import KubeModel

/// What a container's command does over time, worked out from its text: the lines it
/// prints and when, whether it loops forever, and when and how it exits.
///
/// A tiny model of `sh -c` scripts, enough for the commands people put in pod specs:
/// `sleep N`, `echo …`, `date`, `exit N`, `touch`/`rm` of a file (for exec probes such as
/// `cat /tmp/healthy`), `while true; do …; done` (or `while sleep 1; …`), `tail -f
/// /dev/null`, and the simulated shell's commands (`nslookup`, `wget`, `curl`, …), whose
/// output the shell gives. Anything else takes no time and prints nothing. Simulated: no
/// command ever really runs.
struct ScriptPlan: Hashable, Sendable {
  /// One thing the script does at `offset` seconds after it starts.
  struct Step: Hashable, Sendable {
    enum Action: Hashable, Sendable {
      /// Prints a line; `"$(date)"` is replaced by the time it is printed.
      case print(String)
      /// Creates (`true`) or removes (`false`) a file.
      case file(String, exists: Bool)
      /// Runs a command of the simulated shell (`nslookup web`, `wget -qO- web`): what it
      /// prints against the cluster is the output.
      case run([String])
    }
    var offset: Double
    var action: Action
  }

  /// What runs once from the start.
  var prefix: [Step] = []
  /// What repeats forever after the prefix (`while true`), and its period.
  var loop: [Step] = []
  var loopPeriod: Double = 0
  /// When the script exits (seconds after it starts); nil while it runs forever.
  var exitAt: Double?
  /// The code it exits with.
  var exitCode: Int32 = 0

  /// Whether `path` exists `offset` seconds after the start (files start absent).
  func fileExists(_ path: String, at offset: Double) -> Bool {
    var exists = false
    for step in prefix where step.offset <= offset {
      if case .file(path, let now) = step.action { exists = now }
    }
    guard loopPeriod > 0, let start = prefixEnd, offset >= start else { return exists }
    let within = (offset - start).truncatingRemainder(dividingBy: loopPeriod)
    for step in loop where step.offset <= within {
      if case .file(path, let now) = step.action { exists = now }
    }
    return exists
  }

  /// When the prefix ends and the loop begins.
  var prefixEnd: Double?
  /// How long the loop sleeps in each round.
  var loopSleep: Double = 0

  /// The commands that send HTTP requests.
  static let httpClients = ["wget", "curl"]

  /// The hosts the loop sends an HTTP request to each round (`wget -q -O- http://web`
  /// gives `web`), once per request.
  var loopRequestHosts: [String] {
    loop.compactMap { step in
      guard case .run(let words) = step.action, let command = words.first,
        Self.httpClients.contains(command.split(separator: "/").last.map(String.init) ?? command)
      else { return nil }
      let arguments = words.dropFirst()
      guard let target = arguments.first(where: { $0.contains("://") }) ?? arguments.last(where: { !$0.hasPrefix("-") }) else {
        return nil
      }
      let host = HTTPTarget(target).host
      return host.isEmpty ? nil : host
    }
  }

  /// The requests per second the loop sends to each host: the loop runs as fast as its
  /// sleeps and its answers (about 10 ms each) let it.
  var requestRates: [String: Double] {
    let hosts = loopRequestHosts
    guard !hosts.isEmpty, exitAt == nil else { return [:] }
    let round = max(loopSleep + Double(hosts.count) * 0.01, 0.01)
    return hosts.reduce(into: [:]) { rates, host in rates[host, default: 0] += 1 / round }
  }

  /// Parses `argv` (command + args). Returns nil when it is not a shell script or simple
  /// command this model understands (the image's own program then decides).
  static func parse(_ argv: [String]) -> ScriptPlan? {
    guard let first = argv.first else { return nil }
    let program = first.split(separator: "/").last.map(String.init) ?? first
    var script: String
    if ["sh", "bash", "ash"].contains(program) {
      guard let flag = argv.firstIndex(of: "-c"), flag + 1 < argv.count else {
        // A shell with no script and no terminal exits at once.
        var plan = ScriptPlan()
        plan.exitAt = 0.05
        return plan
      }
      script = argv[flag + 1]
    } else if ["sleep", "echo", "tail", "date", "true", "false", "exit"].contains(program) || shellCommands.contains(program) {
      script = argv.map { $0.contains(" ") ? "\"\($0)\"" : $0 }.joined(separator: " ")
    } else {
      return nil
    }
    var plan = ScriptPlan()
    var clock = 0.0
    var statements = split(script)
    while !statements.isEmpty {
      let statement = statements.removeFirst()
      if statement.hasPrefix("while ") {
        var body: [String] = []
        var condition = String(statement.dropFirst(6)).trimmingSpaces
        if let doRange = condition.range(of: " do ") {
          body.append(String(condition[doRange.upperBound...]))
          condition = String(condition[..<doRange.lowerBound]).trimmingSpaces
        }
        while let next = statements.first, next != "done" {
          statements.removeFirst()
          body.append(next.hasPrefix("do ") ? String(next.dropFirst(3)).trimmingSpaces : next)
        }
        if !statements.isEmpty { statements.removeFirst() }
        // `while false` never enters its body; any other condition but `true` and `:`
        // (`while sleep 0.01`) runs first in every round.
        if condition == "false" { continue }
        if condition != "true" && condition != ":" { body.insert(condition, at: 0) }
        // The sleeps alone, not the loop's clock below: that also counts the time its
        // commands take, and `requestRates` adds its own per request.
        plan.loopSleep = body.reduce(0) { slept, line in
          let words = ShellWords(line, backslashEscapes: false).words
          return slept + (words.first == "sleep" ? words.dropFirst().first.flatMap(parseDuration) ?? 0 : 0)
        }
        plan.prefixEnd = clock
        var loopClock = 0.0
        for line in body {
          if let ended = run(line, at: &loopClock, into: &plan.loop) {
            plan.prefix += plan.loop.map { Step(offset: clock + $0.offset, action: $0.action) }
            plan.loop = []
            plan.prefixEnd = nil
            plan.exitAt = clock + loopClock
            plan.exitCode = ended
            return plan
          }
        }
        // A loop that never sleeps would spin; treat each round as one second.
        plan.loopPeriod = max(loopClock, 1)
        return plan
      }
      if let code = run(statement, at: &clock, into: &plan.prefix) {
        plan.exitAt = clock
        plan.exitCode = code
        return plan
      }
      if clock.isInfinite { return plan }
    }
    plan.exitAt = clock + 0.05
    return plan
  }

  /// Runs one simple command; returns an exit code when it ends the script.
  private static func run(_ statement: String, at clock: inout Double, into steps: inout [Step]) -> Int32? {
    let words = ShellWords(statement, backslashEscapes: false).words
    guard let command = words.first else { return nil }
    let arguments = Array(words.dropFirst())
    switch command {
    case "sleep":
      let seconds = arguments.first.flatMap(parseDuration) ?? 0
      clock += seconds
    case "echo":
      steps.append(Step(offset: clock, action: .print(arguments.filter { $0 != "-e" && $0 != "-n" }.joined(separator: " "))))
    case "date":
      steps.append(Step(offset: clock, action: .print("$(date)")))
    case "touch":
      for path in arguments { steps.append(Step(offset: clock, action: .file(path, exists: true))) }
    case "rm":
      for path in arguments where !path.hasPrefix("-") { steps.append(Step(offset: clock, action: .file(path, exists: false))) }
    case "tail":
      if arguments.contains("-f") { clock = .infinity }
    case "exit":
      return Int32(arguments.first ?? "0") ?? 0
    case "false":
      return 1
    default:
      if shellCommands.contains(command.split(separator: "/").last.map(String.init) ?? command) {
        steps.append(Step(offset: clock, action: .run(words)))
        // A lookup or a request takes a moment.
        clock += 0.2
      }
    }
    return nil
  }

  /// The commands whose output the simulated shell computes from the cluster.
  static let shellCommands: Set<String> = [
    "cat", "curl", "env", "hostname", "ls", "nslookup", "printenv", "ps", "pwd", "wget", "whoami",
  ]

  /// `10`, `10s`, `5m`, `1h`, `infinity`.
  static func parseDuration(_ text: String) -> Double? {
    if text == "infinity" || text == "inf" { return .infinity }
    let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]
    if let last = text.last, let unit = units[last] {
      return Double(text.dropLast()).map { $0 * unit }
    }
    return Double(text)
  }

  /// Splits a script into statements at `;`, `&&`, `||` and newlines, keeping quotes.
  private static func split(_ script: String) -> [String] {
    var statements: [String] = []
    var current = ""
    var quote: Character?
    var characters = Array(script)[...]
    while let character = characters.popFirst() {
      if let open = quote {
        if character == open { quote = nil }
        current.append(character)
        continue
      }
      switch character {
      case "\"", "'":
        quote = character
        current.append(character)
      case ";", "\n":
        statements.append(current)
        current = ""
      case "&" where characters.first == "&", "|" where characters.first == "|":
        characters.removeFirst()
        statements.append(current)
        current = ""
      default:
        current.append(character)
      }
    }
    statements.append(current)
    return statements.map { $0.trimmingSpaces }.filter { !$0.isEmpty }
  }
}

extension String {
  /// The string without leading and trailing spaces and tabs.
  var trimmingSpaces: String {
    let characters = self.drop { $0 == " " || $0 == "\t" }
    return String(characters.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
  }
}
