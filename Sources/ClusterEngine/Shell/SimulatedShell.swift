import KubeModel

/// A simulated shell in one container of a pod: what `kubectl exec` reaches in the
/// embedded cluster. Nothing runs; each command answers from the cluster's state (the
/// pod, its mounts and environment, services and their ready pods) and says so in
/// `banner`.
///
/// Commands: `ls`, `cat`, `cd`, `pwd`, `env`, `echo`, `hostname`, `whoami`, `ps`, `date`
/// (virtual time), `nslookup`, `curl`, `wget`, the text filters `grep`, `wc`, `head`, `tail`,
/// `sort` and `uniq`, the file commands `touch`, `mkdir`, `rm`, `cp`, `mv` and `tee`, `help`,
/// `exit`; anything else is `sh: 1: foo: not found` with status 127, as dash says. Commands
/// may be piped with `|`, redirected with `>`, `>>`, `<` and `2>&1`, and joined with `;`, `&&`
/// and `||`. What is written lasts as a container's files do (`WrittenFiles`).
/// The working directory lasts for the life of the value.
public struct SimulatedShell {
  public let namespace: String
  public let podName: String
  public let containerName: String
  /// The working directory (`cd` changes it).
  public internal(set) var workingDirectory = "/"
  /// True once `exit` ran.
  public private(set) var hasExited = false
  /// Whether the command running writes into a pipe (`ls` then lists one name a line).
  var writesToPipe = false
  /// Shell variables set in the session (a `for` loop's variable).
  var variables: [String: String] = [:]
  let cluster: Cluster

  /// Opens a shell in `container` (the pod's default container when nil) of a pod, with the
  /// API server's and kubectl's refusals: a missing pod is NotFound, an unknown container,
  /// an unscheduled pod or a completed one is a BadRequest.
  public init(cluster: Cluster, namespace: String, pod: String, container: String? = nil) throws(Status) {
    let found = try cluster.api.get(Pod.self, namespace: namespace, name: pod)
    let containers = found.spec?.containers ?? []
    let defaultName =
      found.metadata.annotations?["kubectl.kubernetes.io/default-container"] ?? containers.first?.name ?? ""
    let name = container ?? defaultName
    guard containers.contains(where: { $0.name == name }) else {
      throw Status.badRequest("container \(name) is not valid for pod \(pod)")
    }
    guard let node = found.spec?.nodeName, !node.isEmpty else {
      throw Status.badRequest("pod \(pod) does not have a host assigned")
    }
    if let phase = found.status?.phase, phase == "Succeeded" || phase == "Failed" {
      throw Status.badRequest("cannot exec into a container in a completed pod; current phase is \(phase)")
    }
    // The kubelet execs in a running container only: one still waiting (an image that
    // cannot be pulled, a crash back-off) is not there to enter.
    let state = found.status?.containerStatuses?.first { $0.name == name }?.state
    guard state?.running != nil else {
      throw Status.containerNotFound(name)
    }
    self.cluster = cluster
    self.namespace = namespace
    self.podName = pod
    self.containerName = name
  }

  /// A shell in a container whatever its state: what the container's own command printed
  /// when it ran (its log), read back after it may have finished.
  init(unchecked cluster: Cluster, namespace: String, pod: String, container: String) {
    self.cluster = cluster
    self.namespace = namespace
    self.podName = pod
    self.containerName = container
  }

  /// Continues a session in `directory` (the one its last command left), if it exists.
  public mutating func enter(_ directory: String) {
    let full = ShellPath.normalize(directory, from: "/")
    guard full != workingDirectory, let context = ShellContext(shell: self), context.files.isDirectory(full) else { return }
    workingDirectory = full
  }

  /// The line the dashboard shows when the shell opens.
  public var banner: String {
    "Simulated shell in container \(containerName) of pod \(namespace)/\(podName) (embedded cluster: "
      + "nothing runs; commands answer from the cluster's state). Type 'help' for the commands."
  }

  /// The names of the commands the shell answers.
  public static let commands = [
    "cat", "cd", "cp", "curl", "date", "echo", "env", "exit", "grep", "head", "help", "hostname", "ls", "mkdir", "mv",
    "nslookup", "ps", "pwd", "rm", "seq", "sort", "tail", "tar", "tee", "test", "touch", "uniq", "wc", "wget", "whoami",
  ]

  /// Runs one command line, as `sh -c line` would, with `input` as its standard input.
  public mutating func run(line: String, input: String = "") -> ExecResult {
    do {
      if let loop = try ShellLoop.find(in: line) { return run(loop, input: input) }
    } catch {
      return ExecResult(stdout: "", stderr: "sh: 1: \(error.message)\n", exitCode: 2)
    }
    guard let context = ShellContext(shell: self) else {
      return ExecResult(stdout: "", stderr: "command terminated with exit code 137\n", exitCode: 137)
    }
    var environment = context.environment.dictionary
    environment["PWD"] = workingDirectory
    environment.merge(variables) { _, set in set }
    let parsed: ShellCommandLine
    do {
      parsed = try ShellCommandLine(line, environment: environment)
    } catch {
      return ExecResult(stdout: "", stderr: "sh: 1: \(error.message)\n", exitCode: 2)
    }
    var output = ShellOutput()
    var input = input
    for command in parsed.commands {
      switch command.connector {
      case .always: break
      case .ifSuccess where output.status != 0: continue
      case .ifFailure where output.status == 0: continue
      default: break
      }
      let status = output.status
      let stages = command.stages.map { ShellCommandLine.substitutingStatus($0, status) }
      runPipeline(stages, input: &input, context: context, output: &output)
      if hasExited { break }
    }
    return ExecResult(stdout: output.stdout, stderr: output.stderr, exitCode: output.status, errorsFirst: output.errorsFirst)
  }

  /// Runs the commands of one pipeline, each reading what the one before printed; the first
  /// reads the line's standard input (what it leaves unread is there for the next pipeline).
  /// The status is the last command's. A pipeline of several commands runs them in
  /// subshells, as `sh` does: `cd` or `exit` there changes nothing after it.
  private mutating func runPipeline(
    _ stages: [ShellCommandLine.Stage], input: inout String, context: ShellContext, output: inout ShellOutput
  ) {
    guard stages.count > 1 else {
      if let stage = stages.first { run(stage, input: &input, context: context, output: &output) }
      return
    }
    let (directory, exited) = (workingDirectory, hasExited)
    defer { writesToPipe = false }
    var piped = ""
    for (index, stage) in stages.enumerated() {
      var result = ShellOutput()
      writesToPipe = index < stages.count - 1
      if index == 0 {
        run(stage, input: &input, context: context, output: &result)
      } else {
        var stageInput = piped
        run(stage, input: &stageInput, context: context, output: &result)
      }
      output.stderr += result.stderr
      output.status = result.status
      piped = result.stdout
    }
    output.stdout += piped
    (workingDirectory, hasExited) = (directory, exited)
  }

  /// Where a descriptor's output goes.
  private enum Sink: Equatable {
    case standardOutput, standardError, discard
    case file(String)
  }

  /// Runs one command with its redirections: files opened (a `>` file emptied) before it
  /// runs, as the shell does, and a redirection that fails keeps it from running.
  private mutating func run(
    _ stage: ShellCommandLine.Stage, input: inout String, context: ShellContext, output: inout ShellOutput
  ) {
    guard !stage.redirections.isEmpty else {
      execute(stage.words, input: &input, context: context, output: &output)
      return
    }
    var sinks: [Int: Sink] = [1: .standardOutput, 2: .standardError]
    var fileInput: String?
    for redirection in stage.redirections {
      let path = ShellPath.normalize(redirection.target, from: workingDirectory)
      switch redirection.kind {
      case .read:
        if path == "/dev/null" {
          fileInput = ""
        } else if let contents = context.files.file(path) {
          fileInput = contents
        } else {
          output.fail("sh: 1: cannot open \(redirection.target): No such file", status: 2)
          return
        }
      case .duplicate:
        sinks[redirection.descriptor] = sinks[Int(redirection.target) ?? 1] ?? .discard
      case .write, .append:
        switch path {
        case "/dev/null": sinks[redirection.descriptor] = .discard
        case "/dev/stdout": sinks[redirection.descriptor] = sinks[1]
        case "/dev/stderr": sinks[redirection.descriptor] = sinks[2]
        default:
          do {
            try context.files.write(path, "", append: redirection.kind == .append || sinks.values.contains(.file(path)))
          } catch {
            // dash words a missing directory its own way.
            let reason = error == .parentMissing ? "Directory nonexistent" : error.message
            output.fail("sh: 1: cannot create \(redirection.target): \(reason)", status: 2)
            return
          }
          sinks[redirection.descriptor] = .file(path)
        }
      }
    }
    var result = ShellOutput()
    // Into a file, as into a pipe, `ls` lists one name a line.
    let piped = writesToPipe
    if case .file = sinks[1] { writesToPipe = true }
    defer { writesToPipe = piped }
    if var own = fileInput {
      execute(stage.words, input: &own, context: context, output: &result)
    } else {
      execute(stage.words, input: &input, context: context, output: &result)
    }
    for (descriptor, text) in [(1, result.stdout), (2, result.stderr)] where !text.isEmpty {
      switch sinks[descriptor] ?? .discard {
      case .standardOutput: output.stdout += text
      case .standardError: output.stderr += text
      case .discard: break
      case .file(let path): try? context.files.write(path, text, append: true)
      }
    }
    output.status = result.status
  }

  /// Runs an exec command: `sh -c LINE` (or `bash -c`) runs LINE; anything else runs as one
  /// command with these exact arguments.
  /// `input` is its standard input (what `kubectl exec -i` sent).
  public mutating func run(_ command: [String], input: String = "") -> ExecResult {
    if command.count >= 3, Self.shellPrograms.contains(command[0]), command[1] == "-c" {
      return run(line: command[2], input: input)
    }
    guard let context = ShellContext(shell: self) else {
      return ExecResult(stdout: "", stderr: "command terminated with exit code 137\n", exitCode: 137)
    }
    if command.isEmpty || Self.shellPrograms.contains(command[0]) {
      // A shell given its script on standard input (`kubectl exec -i pod -- sh < script`).
      if !input.isEmpty, command.count == 1 { return run(script: input) }
      return ExecResult(stdout: banner + "\n")
    }
    // Run without a shell, a program the image does not have cannot start: the runtime
    // refuses it (inside `sh -c`, the shell says `not found` instead).
    let program = command[0].split(separator: "/").last.map(String.init) ?? command[0]
    guard Self.image(context.image, has: program) else {
      // The runtime's 64-hex exec ID, derived from the command and the time.
      var value = SeededRandom.stableHash(command.joined(separator: " "), continuing: UInt64(cluster.clock.micros))
      var execID = ""
      for _ in 0..<4 {
        let part = String(value, radix: 16)
        execID += String(repeating: "0", count: 16 - part.count) + part
        value = value &* 0x9E37_79B9_7F4A_7C15 &+ 1
      }
      return ExecResult(
        stdout: "",
        failure: "error executing command in container: failed to exec in container: failed to start exec \"\(execID)\": "
          + "OCI runtime exec failed: exec failed: unable to start container process: exec: \"\(command[0])\": "
          + "executable file not found in $PATH: unknown")
    }
    var output = ShellOutput()
    var input = input
    execute(command, input: &input, context: context, output: &output)
    return ExecResult(stdout: output.stdout, stderr: output.stderr, exitCode: output.status, errorsFirst: output.errorsFirst)
  }

  /// Runs what comes before a `for` loop, the loop's body once for each of its words (the
  /// variable set to it), then what comes after.
  private mutating func run(_ loop: ShellLoop, input: String) -> ExecResult {
    var total = ExecResult(stdout: "")
    func add(_ result: ExecResult) { total.append(result) }
    func blank(_ text: String) -> Bool { text.allSatisfy { $0 == " " || $0 == "\t" } }
    if !blank(loop.before) { add(run(line: loop.before, input: input)) }
    // The words are expanded as a command's are.
    var environment = ShellContext(shell: self)?.environment.dictionary ?? [:]
    environment.merge(variables) { _, set in set }
    let parsed: ShellCommandLine
    do {
      parsed = try ShellCommandLine("echo " + loop.words, environment: environment)
    } catch {
      add(ExecResult(stdout: "", stderr: "sh: 1: \(error.message)\n", exitCode: 2))
      return total
    }
    let words = parsed.commands.first?.stages.first?.words.dropFirst().map { $0 } ?? []
    for word in words where !hasExited {
      variables[loop.name] = word
      add(run(line: loop.body))
    }
    var after = Substring(loop.after).drop { $0 == " " || $0 == "\t" }
    // `done | …` pipes what the loop printed into the next command.
    if after.hasPrefix("|"), !after.hasPrefix("||") {
      let printed = total.stdout
      total.stdout = ""
      if !hasExited { add(run(line: String(after.dropFirst()), input: printed)) }
      return total
    }
    // `done && …` and `done || …` read the loop's status.
    if after.hasPrefix("&&") || after.hasPrefix("||") {
      let onSuccess = after.hasPrefix("&&")
      after = after.dropFirst(2)
      if (total.exitCode == 0) != onSuccess { after = "" }
    }
    if !hasExited, !blank(String(after)) { add(run(line: String(after))) }
    return total
  }

  /// Runs a script line by line, as a shell reading it from its input does.
  mutating func run(script: String) -> ExecResult {
    var total = ExecResult(stdout: "")
    for line in script.split(separator: "\n", omittingEmptySubsequences: true) {
      total.append(run(line: String(line)))
      if hasExited { break }
    }
    return total
  }

  static let shellPrograms: Set<String> = ["sh", "/bin/sh", "bash", "/bin/bash", "ash", "/bin/ash"]

  /// Whether running `command` reads its standard input: a program that reads it when given
  /// no files (`cat`, `grep PATTERN`, `wc`, …), alone or first in a pipeline of `sh -c`, or
  /// a shell reading its script. `kubectl exec -i` waits for the end of its input only then;
  /// any other command runs at once, as one that never reads its input does.
  public static func readsInput(_ command: [String]) -> Bool {
    guard let program = command.first else { return false }
    if shellPrograms.contains(program) {
      guard command.count >= 3, command[1] == "-c" else { return command.count == 1 }
      guard let line = try? ShellCommandLine(command[2], environment: [:]) else { return false }
      return line.commands.contains { command in
        guard let first = command.stages.first else { return false }
        return !first.redirections.contains { $0.descriptor == 0 && $0.kind == .read } && readsInputAlone(first.words)
      }
    }
    return readsInputAlone(command)
  }

  private static func readsInputAlone(_ words: [String]) -> Bool {
    guard let name = words.first.map({ $0.split(separator: "/").last.map(String.init) ?? $0 }) else { return false }
    let operands = TextFilter.operands(of: name, Array(words.dropFirst()))
    guard let operands else { return false }
    return operands.isEmpty || operands.contains("-")
  }

  /// The programs every simulated image has (the shell's builtins are not among them).
  static let programs: Set<String> = [
    "ls", "cat", "pwd", "env", "printenv", "echo", "hostname", "whoami", "ps", "date", "nslookup", "curl", "wget", "true",
    "false", "id", "uname", "which", "sleep", "grep", "egrep", "fgrep", "wc", "head", "tail", "sort", "uniq", "touch",
    "mkdir", "rm", "cp", "mv", "tee", "tar", "test", "[", "seq",
  ]

  /// Whether `image` has the program `name`: the common ones, and `nginx` in nginx's.
  static func image(_ image: ContainerImageProfile, has name: String) -> Bool {
    name == "nginx" ? image.family == .nginx : programs.contains(name)
  }

  private mutating func execute(_ words: [String], input: inout String, context: ShellContext, output: inout ShellOutput) {
    guard let name = words.first else { return }
    let arguments = Array(words.dropFirst())
    output.status = 0
    switch name.split(separator: "/").last.map(String.init) ?? name {
    case "ls": ls(arguments, context, &output)
    case "cat": cat(arguments, input: &input, context, &output)
    case "grep", "egrep", "fgrep", "wc", "head", "tail", "sort", "uniq":
      filter(name, arguments, input: &input, context, &output)
    case "touch": touch(arguments, context, &output)
    case "mkdir": mkdir(arguments, context, &output)
    case "rm": rm(arguments, context, &output)
    case "cp", "mv": copy(name, arguments, context, &output)
    case "tee": tee(arguments, input: &input, context, &output)
    case "tar": tar(arguments, input: &input, context, &output)
    case "test", "[": test(name, arguments, context, &output)
    case "cd": cd(arguments, context, &output)
    case "pwd": output.print(workingDirectory)
    case "env", "printenv": env(arguments, context, &output)
    case "echo": echo(arguments, &output)
    case "hostname":
      // `-i` gives the addresses of the host name: the pod's IP.
      if arguments.contains("-i") || arguments.contains("-I") {
        output.print(context.pod.status?.podIP ?? "")
      } else {
        output.print(context.pod.spec?.hostname ?? context.pod.name)
      }
    case "whoami": whoami(context, &output)
    case "ps": ps(context, &output)
    case "date": output.print(Self.dateString(cluster.clock.now))
    case "nslookup": nslookup(arguments, context, &output)
    case "curl": curl(arguments, context, &output)
    case "wget": wget(arguments, context, &output)
    case "help": output.print("Simulated commands: " + Self.commands.joined(separator: " "))
    case "exit":
      hasExited = true
      output.status = Int32(arguments.first ?? "") ?? 0
    case "true", ":", "sleep": break
    case "seq": seq(arguments, &output)
    case "false": output.status = 1
    case "id": id(context, &output)
    case "uname": uname(arguments, context, &output)
    case "which": which(arguments, context, &output)
    case "nginx" where context.image.family == .nginx: nginx(arguments, context, &output)
    default: output.fail("sh: 1: \(name): not found", status: 127)
    }
  }
}

extension ExecResult {
  /// Adds what a later command printed; its status is the one that counts.
  mutating func append(_ later: ExecResult) {
    stdout += later.stdout
    stderr += later.stderr
    exitCode = later.exitCode
  }
}

/// What one command line sees: the pod and container as they are now.
struct ShellContext {
  let pod: Pod
  let container: Container
  let image: ContainerImageProfile
  let files: ContainerFileSystem
  let environment: ContainerEnvironment

  /// Nil when the pod or its container is gone (the session ends).
  init?(shell: SimulatedShell) {
    let store = shell.cluster.store
    guard let pod = store.get(Pod.self, namespace: shell.namespace, name: shell.podName),
      let container = pod.spec?.containers?.first(where: { $0.name == shell.containerName })
    else { return nil }
    self.pod = pod
    self.container = container
    image = ContainerImageProfile(image: container.image ?? "")
    let status = pod.status?.containerStatuses?.first { $0.name == shell.containerName }
    let kubelet = shell.cluster.component(Kubelet.self)
    let runtime = kubelet?.runtime(at: ObjectKey(namespace: shell.namespace, name: shell.podName))
    // What the kubelet keeps of writes, made when the pod is first entered.
    if let runtime, runtime.written == nil { runtime.written = WrittenFiles() }
    files = ContainerFileSystem(
      pod: pod, container: container, image: image, store: store, written: runtime?.written,
      lasting: runtime == nil ? nil : kubelet?.lastingVolumes, containerID: runtime?.containers.first { $0.name == shell.containerName }?.instance?.containerID)
    environment = ContainerEnvironment(
      pod: pod, container: container, image: image, store: store,
      startedAt: status?.state?.running?.startedAt ?? pod.status?.startTime,
      started: runtime?.containers.first { $0.name == shell.containerName }?.startedEnvironment)
  }
}

/// What the commands of one line wrote, and the last exit status.
struct ShellOutput {
  var stdout = ""
  var stderr = ""
  var status: Int32 = 0
  /// The diagnostics came before the output (tar reports a missing file before it ends
  /// its archive).
  var errorsFirst = false

  mutating func print(_ line: String) { stdout += line + "\n" }

  mutating func fail(_ line: String, status: Int32) {
    stderr += line + "\n"
    self.status = status
  }
}
