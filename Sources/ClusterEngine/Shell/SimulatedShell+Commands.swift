import KubeModel

/// The file, process and environment commands of the simulated shell, with the output
/// and messages of the GNU and busybox tools they imitate.
extension SimulatedShell {
  func ls(_ arguments: [String], _ context: ShellContext, _ output: inout ShellOutput) {
    var flags = Set<Character>()
    var paths: [String] = []
    for argument in arguments {
      if argument.hasPrefix("-") && argument.count > 1 { flags.formUnion(argument.dropFirst()) } else { paths.append(argument) }
    }
    if paths.isEmpty { paths = ["."] }
    let long = flags.contains("l")
    let stamp = Self.listingStamp(context.pod.status?.startTime ?? cluster.clock.now)
    var blocks: [String] = []
    for path in paths {
      let full = ShellPath.normalize(path, from: workingDirectory)
      guard context.files.exists(full) else {
        output.fail("ls: cannot access '\(path)': No such file or directory", status: 2)
        continue
      }
      if !context.files.isDirectory(full) {
        blocks.append(long ? Self.longEntry(path, size: context.files.file(full)?.utf8.count ?? 0, directory: false, stamp: stamp) : path)
        continue
      }
      var names = context.files.children(of: full)
      if flags.contains("a") { names = [".", ".."] + names }
      var lines: [String] = []
      if long {
        lines.append("total \(names.count * 4)")
        for name in names {
          let child = ShellPath.normalize(name, from: full)
          lines.append(
            Self.longEntry(name, size: context.files.file(child)?.utf8.count ?? 4096, directory: context.files.isDirectory(child), stamp: stamp))
        }
      } else if !names.isEmpty {
        lines.append(names.joined(separator: flags.contains("1") || writesToPipe ? "\n" : "  "))
      }
      let body = lines.joined(separator: "\n")
      blocks.append(paths.count > 1 ? "\(path):\n\(body)" : body)
    }
    let text = blocks.filter { !$0.isEmpty }.joined(separator: paths.count > 1 ? "\n\n" : "\n")
    if !text.isEmpty { output.print(text) }
  }

  /// `cat`: the files in order; its standard input when given none, or for `-`.
  func cat(_ arguments: [String], input: inout String, _ context: ShellContext, _ output: inout ShellOutput) {
    let paths = arguments.filter { $0 == "-" || !$0.hasPrefix("-") }
    for path in paths.isEmpty ? ["-"] : paths {
      if path == "-" {
        output.stdout += input
        input = ""
        continue
      }
      let full = ShellPath.normalize(path, from: workingDirectory)
      if context.files.isDirectory(full) {
        output.fail("cat: \(path): Is a directory", status: 1)
      } else if let contents = context.files.file(full) {
        output.stdout += contents
      } else {
        output.fail("cat: \(path): No such file or directory", status: 1)
      }
    }
  }

  mutating func cd(_ arguments: [String], _ context: ShellContext, _ output: inout ShellOutput) {
    let target = arguments.first ?? "/root"
    let full = ShellPath.normalize(target, from: workingDirectory)
    guard context.files.isDirectory(full) else {
      output.fail("sh: 1: cd: can't cd to \(target)", status: 2)
      return
    }
    workingDirectory = full
  }

  func env(_ arguments: [String], _ context: ShellContext, _ output: inout ShellOutput) {
    var variables = context.environment.variables
    if let pwd = variables.firstIndex(where: { $0.name == "HOME" }) {
      variables.insert(("PWD", workingDirectory), at: pwd + 1)
    }
    if let name = arguments.first, !name.contains("=") {
      // printenv NAME
      guard let value = variables.last(where: { $0.name == name })?.value else {
        output.status = 1
        return
      }
      output.print(value)
      return
    }
    for variable in variables { output.print("\(variable.name)=\(variable.value)") }
  }

  /// `seq [FIRST [STEP]] LAST`: whole numbers, one a line.
  func seq(_ arguments: [String], _ output: inout ShellOutput) {
    let numbers = arguments.compactMap { Int($0) }
    guard !arguments.isEmpty, numbers.count == arguments.count, numbers.count <= 3 else {
      let bad = arguments.first { Int($0) == nil }
      output.fail(bad.map { "seq: invalid floating point argument: '\($0)'" } ?? "seq: missing operand", status: 1)
      return
    }
    let first = numbers.count > 1 ? numbers[0] : 1
    let step = numbers.count == 3 ? numbers[1] : 1
    let last = numbers[numbers.count - 1]
    guard step != 0 else {
      output.fail("seq: invalid Zero increment value: '0'", status: 1)
      return
    }
    var value = first
    var printed = 0
    while step > 0 ? value <= last : value >= last, printed < 100_000 {
      output.print(String(value))
      value += step
      printed += 1
    }
  }

  func echo(_ arguments: [String], _ output: inout ShellOutput) {
    if arguments.first == "-n" {
      output.stdout += arguments.dropFirst().joined(separator: " ")
    } else {
      output.print(arguments.joined(separator: " "))
    }
  }

  func whoami(_ context: ShellContext, _ output: inout ShellOutput) {
    let user = runAsUser(context)
    if user == 0 {
      output.print("root")
    } else {
      output.fail("whoami: cannot find name for user ID \(user)", status: 1)
    }
  }

  /// `id`: the container's user (root unless the security context says otherwise).
  func id(_ context: ShellContext, _ output: inout ShellOutput) {
    let user = runAsUser(context)
    output.print(user == 0 ? "uid=0(root) gid=0(root) groups=0(root)" : "uid=\(user) gid=0(root) groups=0(root)")
  }

  /// The user the container runs as: its security context's, else the pod's, else root.
  private func runAsUser(_ context: ShellContext) -> Int64 {
    context.container.securityContext?["runAsUser"]?.intValue ?? context.pod.spec?.securityContext?["runAsUser"]?.intValue ?? 0
  }

  /// `uname`: the node's kernel (containers share it) and the pod's host name.
  func uname(_ arguments: [String], _ context: ShellContext, _ output: inout ShellOutput) {
    let node = context.pod.spec?.nodeName.flatMap { cluster.store.get(Node.self, name: $0) }
    let kernel = node?.status?.nodeInfo?.kernelVersion ?? "6.8.0"
    let host = context.pod.spec?.hostname ?? context.pod.name
    let flags = Set(arguments.filter { $0.hasPrefix("-") }.flatMap { $0.dropFirst() })
    if flags.contains("a") {
      output.print("Linux \(host) \(kernel) #1 SMP x86_64 GNU/Linux")
      return
    }
    var parts: [String] = []
    if flags.isEmpty || flags.contains("s") { parts.append("Linux") }
    if flags.contains("n") { parts.append(host) }
    if flags.contains("r") { parts.append(kernel) }
    if flags.contains("m") || flags.contains("p") { parts.append("x86_64") }
    output.print(parts.joined(separator: " "))
  }

  /// `which`: where each program the image has lives; 1 when one is missing.
  func which(_ arguments: [String], _ context: ShellContext, _ output: inout ShellOutput) {
    for name in arguments where !name.hasPrefix("-") {
      if Self.image(context.image, has: name) {
        output.print(name == "nginx" ? "/usr/sbin/nginx" : (context.image.isBusyBox ? "/bin/" : "/usr/bin/") + name)
      } else {
        output.status = 1
      }
    }
  }

  /// `nginx -v` / `-V`: the version, on standard error as nginx writes it.
  func nginx(_ arguments: [String], _ context: ShellContext, _ output: inout ShellOutput) {
    guard arguments.contains("-v") || arguments.contains("-V") else {
      output.fail("nginx: [emerg] bind() to 0.0.0.0:80 failed (98: Address already in use)", status: 1)
      return
    }
    output.stderr += "nginx version: nginx/\(context.image.version)\n"
  }

  /// busybox `ps`: PID 1 is the container's command.
  func ps(_ context: ShellContext, _ output: inout ShellOutput) {
    let container = context.container
    var command = container.command ?? []
    if command.isEmpty {
      command = [context.image.defaultCommandLine] + (container.args ?? [])
    } else {
      command += container.args ?? []
    }
    var processes: [(Int, String)] = [(1, command.joined(separator: " "))]
    for (offset, worker) in context.image.workerCommandLines.enumerated() { processes.append((29 + offset, worker)) }
    processes += [(40, "sh"), (47, "ps")]
    output.print("PID   USER     TIME  COMMAND")
    for (pid, line) in processes {
      let id = String(pid)
      output.print(String(repeating: " ", count: max(0, 5 - id.count)) + id + " root      0:00 " + line)
    }
  }

  /// GNU `date`'s default format: `Thu Jan  1 00:00:00 UTC 2026`.
  static func dateString(_ time: Time) -> String {
    let parts = CivilTime(seconds: time.seconds)
    let day = parts.day < 10 ? " \(parts.day)" : "\(parts.day)"
    return "\(CivilTime.weekdays[parts.weekday]) \(CivilTime.months[parts.month - 1]) \(day) \(parts.clock) UTC \(parts.year)"
  }

  /// `ls -l`'s time column: `Jan  1 00:00`.
  static func listingStamp(_ time: Time) -> String {
    let parts = CivilTime(seconds: time.seconds)
    let day = parts.day < 10 ? " \(parts.day)" : "\(parts.day)"
    return "\(CivilTime.months[parts.month - 1]) \(day) \(parts.clock.prefix(5))"
  }

  private static func longEntry(_ name: String, size: Int, directory: Bool, stamp: String) -> String {
    let mode = directory ? "drwxr-xr-x 2" : "-rw-r--r-- 1"
    let sizeText = String(size)
    return "\(mode) root root \(String(repeating: " ", count: max(0, 5 - sizeText.count)))\(sizeText) \(stamp) \(name)"
  }
}
