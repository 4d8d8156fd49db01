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
        lines.append(names.joined(separator: flags.contains("1") ? "\n" : "  "))
      }
      let body = lines.joined(separator: "\n")
      blocks.append(paths.count > 1 ? "\(path):\n\(body)" : body)
    }
    let text = blocks.filter { !$0.isEmpty }.joined(separator: paths.count > 1 ? "\n\n" : "\n")
    if !text.isEmpty { output.print(text) }
  }

  func cat(_ arguments: [String], _ context: ShellContext, _ output: inout ShellOutput) {
    for path in arguments where !path.hasPrefix("-") {
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

  func echo(_ arguments: [String], _ output: inout ShellOutput) {
    if arguments.first == "-n" {
      output.stdout += arguments.dropFirst().joined(separator: " ")
    } else {
      output.print(arguments.joined(separator: " "))
    }
  }

  func whoami(_ context: ShellContext, _ output: inout ShellOutput) {
    let user =
      context.container.securityContext?["runAsUser"]?.intValue ?? context.pod.spec?.securityContext?["runAsUser"]?.intValue ?? 0
    if user == 0 {
      output.print("root")
    } else {
      output.fail("whoami: cannot find name for user ID \(user)", status: 1)
    }
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
    let parts = CivilTime(time)
    let day = parts.day < 10 ? " \(parts.day)" : "\(parts.day)"
    return "\(parts.weekdayName) \(parts.monthName) \(day) \(parts.clock) UTC \(parts.year)"
  }

  /// `ls -l`'s time column: `Jan  1 00:00`.
  static func listingStamp(_ time: Time) -> String {
    let parts = CivilTime(time)
    let day = parts.day < 10 ? " \(parts.day)" : "\(parts.day)"
    return "\(parts.monthName) \(day) \(parts.clock.prefix(5))"
  }

  private static func longEntry(_ name: String, size: Int, directory: Bool, stamp: String) -> String {
    let mode = directory ? "drwxr-xr-x 2" : "-rw-r--r-- 1"
    let sizeText = String(size)
    return "\(mode) root root \(String(repeating: " ", count: max(0, 5 - sizeText.count)))\(sizeText) \(stamp) \(name)"
  }
}

