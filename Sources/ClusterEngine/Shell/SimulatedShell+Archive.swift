import KubeModel

/// `tar` in the simulated shell, enough for `kubectl cp`: `tar cf - PATH…` writes a ustar
/// archive of the container's files to standard output, `tar xf - [-C DIR]` unpacks one
/// from standard input into the container's writable files, `tar tf -` lists one. And
/// `test` / `[`, which `kubectl cp` asks whether a destination is a directory.
extension SimulatedShell {
  /// tar's options: bundled letters (`cf`, `-xmf`), `f` and `C` taking the next word.
  struct TarOptions {
    var mode: Character?
    var archive: String?
    var directory: String?
    var verbose = false
    var operands: [String] = []
    var error: String?

    init(_ arguments: [String]) {
      var arguments = arguments[...]
      var first = true
      while let argument = arguments.popFirst() {
        defer { first = false }
        if argument.hasPrefix("--") {
          // --no-same-owner, --no-same-permissions and the like change nothing here.
          if argument.hasPrefix("--directory=") { directory = String(argument.dropFirst("--directory=".count)) }
          continue
        }
        guard argument.hasPrefix("-") || (first && !argument.isEmpty) else {
          operands.append(argument)
          continue
        }
        for letter in argument.drop(while: { $0 == "-" }) {
          switch letter {
          case "c", "x", "t": mode = letter
          case "f": archive = arguments.popFirst() ?? ""
          case "C": directory = arguments.popFirst() ?? ""
          case "v": verbose = true
          case "m", "p", "o": break
          case "z", "j", "J":
            error = "tar: compressed archives are not simulated"
            return
          default:
            error = "tar: invalid option -- '\(letter)'\nTry 'tar --help' or 'tar --usage' for more information."
            return
          }
        }
      }
    }

    /// Whether this tar reads its standard input.
    var readsInput: Bool { mode != "c" && (archive == "-" || archive == nil) }
  }

  func tar(_ arguments: [String], input: inout String, _ context: ShellContext, _ output: inout ShellOutput) {
    let options = TarOptions(arguments)
    if let error = options.error {
      output.fail(error, status: 2)
      return
    }
    guard let mode = options.mode else {
      output.fail("tar: You must specify one of the '-Acdtrux', '--delete' or '--test-label' options\nTry 'tar --help' or 'tar --usage' for more information.", status: 2)
      return
    }
    guard options.archive == nil || options.archive == "-" else {
      output.fail("tar: archives in files are not simulated: use 'f -' (standard input or output)", status: 2)
      return
    }
    if mode == "c" {
      createArchive(options, context, &output)
      return
    }
    let bytes = Array(input.utf8)
    input = ""
    guard let members = TarArchive.members(of: bytes) else {
      output.fail("tar: This does not look like a tar archive\ntar: Exiting with failure status due to previous errors", status: 2)
      return
    }
    if mode == "t" {
      for member in members { output.print(member.name) }
      return
    }
    let base = ShellPath.normalize(options.directory ?? ".", from: workingDirectory)
    guard context.files.isDirectory(base) else {
      output.fail("tar: \(options.directory ?? base): Cannot open: No such file or directory\ntar: Error is not recoverable: exiting now", status: 2)
      return
    }
    var failed = false
    for member in members {
      let path = ShellPath.normalize(member.name, from: base)
      do {
        if let parent = ContainerFileSystem.parent(of: path), !context.files.exists(parent) {
          try context.files.makeDirectory(parent, parents: true)
        }
        if member.isDirectory {
          try context.files.makeDirectory(path, parents: true)
        } else {
          if context.files.isDirectory(path) { try context.files.remove(path, recursive: true) }
          try context.files.write(path, member.contents)
        }
        if options.verbose { output.print(member.name) }
      } catch {
        output.stderr += "tar: \(member.name): Cannot open: \(error.message)\n"
        failed = true
      }
    }
    if failed { output.fail("tar: Exiting with failure status due to previous errors", status: 2) }
  }

  private func createArchive(_ options: TarOptions, _ context: ShellContext, _ output: inout ShellOutput) {
    let base = ShellPath.normalize(options.directory ?? ".", from: workingDirectory)
    var members: [TarArchive.Member] = []
    var failed = false
    var warnedLeadingSlash = false
    // Its messages go out as it works, before the archive's end.
    output.errorsFirst = true
    for operand in options.operands {
      let source = ShellPath.normalize(operand, from: base)
      // GNU tar stores names relative: a leading `/` is dropped, and said so once.
      var name = operand
      if name.hasPrefix("/") {
        name = String(name.drop { $0 == "/" })
        if !warnedLeadingSlash {
          output.stderr += "tar: Removing leading `/' from member names\n"
          warnedLeadingSlash = true
        }
      }
      guard context.files.exists(source) else {
        output.stderr += "tar: \(operand): Cannot stat: No such file or directory\n"
        failed = true
        continue
      }
      for path in context.files.tree(source) {
        var member = name.isEmpty ? String(path.dropFirst()) : name + path.dropFirst(source.count)
        if context.files.isDirectory(path) {
          if !member.hasSuffix("/") { member += "/" }
          if member == "/" { continue }
          members.append(TarArchive.Member(name: member, contents: "", isDirectory: true))
        } else {
          members.append(TarArchive.Member(name: member, contents: context.files.file(path) ?? "", isDirectory: false))
        }
        if options.verbose { output.stderr += member + "\n" }
      }
    }
    let stamp = context.pod.status?.startTime?.seconds ?? cluster.clock.now.seconds
    output.stdout += TarArchive.archive(members, modified: stamp)
    if failed { output.fail("tar: Exiting with failure status due to previous errors", status: 2) }
  }

  /// `test` and `[`: files (`-e`, `-f`, `-d`, `-s`), strings (`-n`, `-z`, `=`, `!=`) and
  /// integers (`-eq`, `-ne`, `-lt`, `-le`, `-gt`, `-ge`), with `!`.
  func test(_ name: String, _ arguments: [String], _ context: ShellContext, _ output: inout ShellOutput) {
    var arguments = arguments
    if name == "[" {
      guard arguments.last == "]" else {
        output.fail("sh: 1: [: missing ]", status: 2)
        return
      }
      arguments.removeLast()
    }
    var negate = false
    if arguments.first == "!" {
      negate = true
      arguments.removeFirst()
    }
    func path(_ operand: String) -> String { ShellPath.normalize(operand, from: workingDirectory) }
    let result: Bool
    switch arguments.count {
    case 0: result = false
    case 1: result = !arguments[0].isEmpty
    case 2:
      let operand = arguments[1]
      switch arguments[0] {
      case "-e": result = context.files.exists(path(operand))
      case "-f": result = context.files.file(path(operand)) != nil
      case "-d": result = context.files.isDirectory(path(operand))
      case "-s": result = !(context.files.file(path(operand))?.isEmpty ?? true) || context.files.isDirectory(path(operand))
      case "-r", "-w", "-x": result = context.files.exists(path(operand))
      case "-n": result = !operand.isEmpty
      case "-z": result = operand.isEmpty
      default:
        output.fail("sh: 1: \(name): \(arguments[0]): unexpected operator", status: 2)
        return
      }
    case 3:
      let (left, op, right) = (arguments[0], arguments[1], arguments[2])
      switch op {
      case "=", "==": result = left == right
      case "!=": result = left != right
      case "-eq", "-ne", "-lt", "-le", "-gt", "-ge":
        guard let a = Int(left), let b = Int(right) else {
          output.fail("sh: 1: \(name): Illegal number: \(Int(left) == nil ? left : right)", status: 2)
          return
        }
        result = ["-eq": a == b, "-ne": a != b, "-lt": a < b, "-le": a <= b, "-gt": a > b, "-ge": a >= b][op] ?? false
      default:
        output.fail("sh: 1: \(name): \(op): unexpected operator", status: 2)
        return
      }
    default:
      output.fail("sh: 1: \(name): too many arguments", status: 2)
      return
    }
    output.status = result != negate ? 0 : 1
  }
}

/// The ustar format: 512-byte headers (octal numbers, a checksum), contents padded to 512
/// bytes, two empty blocks at the end, the whole padded to GNU tar's 10,240-byte records.
enum TarArchive {
  struct Member: Hashable {
    var name: String
    var contents: String
    var isDirectory: Bool
  }

  static let block = 512
  static let record = 10_240

  /// The archive of `members`, as text (its headers are ASCII and NULs).
  static func archive(_ members: [Member], modified: Int64) -> String {
    var bytes: [UInt8] = []
    for member in members {
      let contents = Array(member.contents.utf8)
      bytes += header(member, size: member.isDirectory ? 0 : contents.count, modified: modified)
      if !member.isDirectory {
        bytes += contents
        bytes += [UInt8](repeating: 0, count: (block - contents.count % block) % block)
      }
    }
    bytes += [UInt8](repeating: 0, count: 2 * block)
    bytes += [UInt8](repeating: 0, count: (record - bytes.count % record) % record)
    return String(decoding: bytes, as: UTF8.self)
  }

  private static func header(_ member: Member, size: Int, modified: Int64) -> [UInt8] {
    var header = [UInt8](repeating: 0, count: block)
    func put(_ text: String, at offset: Int, width: Int) {
      for (index, byte) in text.utf8.prefix(width).enumerated() { header[offset + index] = byte }
    }
    func octal(_ value: Int64, width: Int) -> String {
      let digits = String(value, radix: 8)
      return String(repeating: "0", count: max(0, width - 1 - digits.count)) + digits
    }
    var name = member.name
    var prefix = ""
    if name.utf8.count > 100, let split = name.utf8.indices.last(where: { index in
      name.utf8[index] == UInt8(ascii: "/") && name.utf8.distance(from: name.utf8.startIndex, to: index) <= 155
        && name.utf8.distance(from: index, to: name.utf8.endIndex) - 1 <= 100
    }) {
      prefix = String(name[..<split])
      name = String(name[name.index(after: split)...])
    }
    put(name, at: 0, width: 100)
    put(octal(member.isDirectory ? 0o755 : 0o644, width: 8), at: 100, width: 7)
    put(octal(0, width: 8), at: 108, width: 7)
    put(octal(0, width: 8), at: 116, width: 7)
    put(octal(Int64(size), width: 12), at: 124, width: 11)
    put(octal(modified, width: 12), at: 136, width: 11)
    header[156] = member.isDirectory ? UInt8(ascii: "5") : UInt8(ascii: "0")
    put("ustar", at: 257, width: 6)
    put("00", at: 263, width: 2)
    put("root", at: 265, width: 32)
    put("root", at: 297, width: 32)
    put(prefix, at: 345, width: 155)
    // The checksum counts its own field as eight spaces.
    for index in 148..<156 { header[index] = UInt8(ascii: " ") }
    let sum = header.reduce(0) { $0 + Int($1) }
    put(octal(Int64(sum), width: 7) + "\0 ", at: 148, width: 8)
    return header
  }

  /// The members of an archive; nil when `bytes` is not one.
  static func members(of bytes: [UInt8]) -> [Member]? {
    var members: [Member] = []
    var offset = 0
    while offset + block <= bytes.count {
      let header = bytes[offset..<offset + block]
      if header.allSatisfy({ $0 == 0 }) { return members }
      func text(_ start: Int, _ width: Int) -> String {
        let field = header[(offset + start)..<(offset + start + width)]
        return String(decoding: field.prefix { $0 != 0 }, as: UTF8.self)
      }
      guard let size = Int(text(124, 12).filter { $0 != " " }, radix: 8), size >= 0 else { return nil }
      let prefix = text(345, 155)
      let name = (prefix.isEmpty ? "" : prefix + "/") + text(0, 100)
      let type = header[offset + 156]
      offset += block
      guard offset + size <= bytes.count else { return nil }
      let contents = String(decoding: bytes[offset..<offset + size], as: UTF8.self)
      offset += (size + block - 1) / block * block
      switch type {
      case UInt8(ascii: "5"): members.append(Member(name: name, contents: "", isDirectory: true))
      case UInt8(ascii: "0"), 0: members.append(Member(name: name, contents: contents, isDirectory: false))
      default: continue  // links and extended headers are not simulated
      }
    }
    return members.isEmpty && !bytes.isEmpty ? nil : members
  }
}
