/// The commands of the simulated shell that change files — `touch`, `mkdir`, `rm`, `cp`,
/// `mv`, `tee` — with the GNU tools' messages. What they write lasts in the container's
/// writable layer (until the container is replaced) or in its writable volumes (for the
/// life of the pod); ConfigMap and Secret volumes are read-only.
extension SimulatedShell {
  /// Splits `-abc` flags from operands (`--` ends the flags).
  static func flagsAndOperands(_ arguments: [String]) -> (flags: Set<Character>, operands: [String]) {
    var flags = Set<Character>()
    var operands: [String] = []
    var ended = false
    for argument in arguments {
      if !ended, argument == "--" {
        ended = true
      } else if !ended, argument.hasPrefix("-"), argument.count > 1 {
        flags.formUnion(argument.dropFirst())
      } else {
        operands.append(argument)
      }
    }
    return (flags, operands)
  }

  func touch(_ arguments: [String], _ context: ShellContext, _ output: inout ShellOutput) {
    let operands = Self.flagsAndOperands(arguments).operands
    guard !operands.isEmpty else {
      output.fail("touch: missing file operand\nTry 'touch --help' for more information.", status: 1)
      return
    }
    for operand in operands {
      let path = ShellPath.normalize(operand, from: workingDirectory)
      if context.files.exists(path) { continue }
      do {
        try context.files.write(path, "")
      } catch {
        output.fail("touch: cannot touch '\(operand)': \(error.message)", status: 1)
      }
    }
  }

  func mkdir(_ arguments: [String], _ context: ShellContext, _ output: inout ShellOutput) {
    let (flags, operands) = Self.flagsAndOperands(arguments)
    guard !operands.isEmpty else {
      output.fail("mkdir: missing operand\nTry 'mkdir --help' for more information.", status: 1)
      return
    }
    for operand in operands {
      do {
        try context.files.makeDirectory(ShellPath.normalize(operand, from: workingDirectory), parents: flags.contains("p"))
      } catch {
        output.fail("mkdir: cannot create directory '\(operand)': \(error.message)", status: 1)
      }
    }
  }

  func rm(_ arguments: [String], _ context: ShellContext, _ output: inout ShellOutput) {
    let (flags, operands) = Self.flagsAndOperands(arguments)
    let force = flags.contains("f")
    guard !operands.isEmpty || force else {
      output.fail("rm: missing operand\nTry 'rm --help' for more information.", status: 1)
      return
    }
    for operand in operands {
      let path = ShellPath.normalize(operand, from: workingDirectory)
      do {
        try context.files.remove(path, recursive: flags.contains("r") || flags.contains("R"))
      } catch .notFound where force {
        continue
      } catch {
        output.fail("rm: cannot remove '\(operand)': \(error.message)", status: 1)
      }
    }
  }

  /// `cp SOURCE DEST` and `mv SOURCE DEST` (into DEST when it is a directory); `-r` copies
  /// a directory's tree.
  func copy(_ name: String, _ arguments: [String], _ context: ShellContext, _ output: inout ShellOutput) {
    let (flags, operands) = Self.flagsAndOperands(arguments)
    guard operands.count >= 2, let destinationOperand = operands.last else {
      let message =
        operands.isEmpty ? "\(name): missing file operand" : "\(name): missing destination file operand after '\(operands[0])'"
      output.fail("\(message)\nTry '\(name) --help' for more information.", status: 1)
      return
    }
    let destination = ShellPath.normalize(destinationOperand, from: workingDirectory)
    let intoDirectory = context.files.isDirectory(destination)
    if operands.count > 2, !intoDirectory {
      output.fail("\(name): target '\(destinationOperand)': Not a directory", status: 1)
      return
    }
    for operand in operands.dropLast() {
      let source = ShellPath.normalize(operand, from: workingDirectory)
      guard context.files.exists(source) else {
        output.fail("\(name): cannot stat '\(operand)': No such file or directory", status: 1)
        continue
      }
      let base = source.split(separator: "/").last.map(String.init) ?? ""
      let target = intoDirectory ? ShellPath.normalize(base, from: destination) : destination
      if context.files.isDirectory(source), name == "cp", !flags.contains("r"), !flags.contains("R"), !flags.contains("a") {
        output.fail("cp: -r not specified; omitting directory '\(operand)'", status: 1)
        continue
      }
      do {
        for path in context.files.tree(source) {
          let copied = target + path.dropFirst(source.count)
          if let contents = context.files.file(path) {
            try context.files.write(copied, contents)
          } else {
            try context.files.makeDirectory(copied, parents: true)
          }
        }
        if name == "mv" { try context.files.remove(source, recursive: true) }
      } catch {
        let verb = name == "mv" ? "cannot move '\(operand)' to '\(destinationOperand)'" : "cannot create regular file '\(destinationOperand)'"
        output.fail("\(name): \(verb): \(error.message)", status: 1)
      }
    }
  }

  /// `tee [-a] FILE…`: its input to standard output and to each file.
  func tee(_ arguments: [String], input: inout String, _ context: ShellContext, _ output: inout ShellOutput) {
    let (flags, operands) = Self.flagsAndOperands(arguments)
    let text = input
    input = ""
    output.stdout += text
    for operand in operands {
      do {
        try context.files.write(ShellPath.normalize(operand, from: workingDirectory), text, append: flags.contains("a"))
      } catch {
        output.fail("tee: \(operand): \(error.message)", status: 1)
      }
    }
  }
}
