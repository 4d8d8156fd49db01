import KubeModel

/// The text filters of the simulated shell — `grep`, `wc`, `head`, `tail`, `sort`, `uniq` —
/// reading their files or, given none (or `-`), their standard input: what a pipe or
/// `kubectl exec -i` hands them. Output and messages are those of the GNU tools.
extension SimulatedShell {
  func filter(_ name: String, _ arguments: [String], input: inout String, _ context: ShellContext, _ output: inout ShellOutput) {
    var options = TextFilter.Options(name, arguments)
    if let bad = options.error {
      output.fail("\(name): \(bad)\nTry '\(name) --help' for more information.", status: TextFilter.usageStatus(name))
      return
    }
    var pattern: String?
    if TextFilter.isGrep(name) {
      pattern = options.values["e"] ?? (options.operands.isEmpty ? nil : options.operands.removeFirst())
      guard pattern != nil else {
        output.fail("Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.", status: 2)
        return
      }
    }
    // The inputs in order, a missing or unreadable one reported where it comes.
    var sources: [(name: String, text: String?)] = []
    var failed = false
    for operand in options.operands.isEmpty ? ["-"] : options.operands {
      if operand == "-" {
        sources.append(("(standard input)", input))
        input = ""
        continue
      }
      let full = ShellPath.normalize(operand, from: workingDirectory)
      if context.files.isDirectory(full) {
        output.fail("\(name): \(operand): Is a directory", status: TextFilter.usageStatus(name))
        failed = true
        sources.append((operand, nil))
      } else if let text = context.files.file(full) {
        sources.append((operand, text))
      } else {
        let verb = name == "head" || name == "tail" ? "cannot open '\(operand)' for reading" : operand
        output.fail("\(name): \(verb): No such file or directory", status: TextFilter.usageStatus(name))
        failed = true
        sources.append((operand, nil))
      }
    }
    let status = output.status
    switch name {
    case "wc": TextFilter.wc(options, sources, fromStandardInput: options.operands.isEmpty, &output)
    case "head", "tail": TextFilter.headTail(name, options, sources, &output)
    case "sort": TextFilter.sort(options, sources, &output)
    case "uniq": TextFilter.uniq(options, sources, &output)
    default:
      guard let pattern else { return }
      TextFilter.grep(name, pattern: pattern, options, sources, failed: failed, &output)
      return
    }
    if failed { output.status = status }
  }
}

/// How the filters read their options and do their work.
enum TextFilter {
  static func isGrep(_ name: String) -> Bool { name == "grep" || name == "egrep" || name == "fgrep" }

  /// The exit status of a usage error or unreadable file: 2 for grep, 1 for the others.
  static func usageStatus(_ name: String) -> Int32 { isGrep(name) ? 2 : 1 }

  /// The options each filter knows, and those that take a value.
  private static let known: [String: (flags: Set<Character>, valued: Set<Character>)] = [
    "grep": (Set("ivcnqEFwolhH"), ["e", "m"]), "wc": (Set("lwcm"), []), "head": (Set("qv"), ["n", "c"]),
    "tail": (Set("qvf"), ["n", "c"]), "sort": (Set("rnuf"), []), "uniq": (Set("cdui"), []),
  ]

  /// A filter's command line: its flags, the values of options that take one, its operands
  /// (files, and grep's pattern), and a `-N` line count (head and tail).
  struct Options {
    var flags = Set<Character>()
    var values: [Character: String] = [:]
    var operands: [String] = []
    var error: String?

    init(_ name: String, _ arguments: [String]) {
      let spec = TextFilter.known[TextFilter.isGrep(name) ? "grep" : name] ?? ([], [])
      var arguments = arguments[...]
      var optionsEnded = false
      while let argument = arguments.popFirst() {
        guard !optionsEnded, argument.hasPrefix("-"), argument.count > 1 else {
          operands.append(argument)
          continue
        }
        if argument == "--" {
          optionsEnded = true
          continue
        }
        var letters = argument.dropFirst()[...]
        if (name == "head" || name == "tail"), letters.allSatisfy(\.isNumber) {
          values["n"] = String(letters)
          continue
        }
        while let letter = letters.popFirst() {
          if spec.valued.contains(letter) {
            let value = letters.isEmpty ? arguments.popFirst() : String(letters)
            guard let value else {
              error = "option requires an argument -- '\(letter)'"
              return
            }
            values[letter] = value
            break
          }
          guard spec.flags.contains(letter) else {
            error = "invalid option -- '\(letter)'"
            return
          }
          flags.insert(letter)
        }
      }
    }
  }

  /// The operands of `name`'s command line (its files, grep's pattern left out), or nil when
  /// `name` is no filter. Only `cat` and the filters read their input.
  static func operands(of name: String, _ arguments: [String]) -> [String]? {
    if name == "cat" { return arguments.filter { $0 == "-" || !$0.hasPrefix("-") } }
    if name == "tee" { return [] }
    if name == "tar" { return SimulatedShell.TarOptions(arguments).readsInput ? ["-"] : nil }
    guard known[isGrep(name) ? "grep" : name] != nil else { return nil }
    var options = Options(name, arguments)
    if isGrep(name), options.values["e"] == nil, !options.operands.isEmpty { options.operands.removeFirst() }
    return options.operands
  }

  /// A text's lines, without their line ends (a last line without one counts too).
  static func lines(_ text: String) -> [Substring] {
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    if text.hasSuffix("\n") || text.isEmpty { lines.removeLast() }
    return lines
  }

  // MARK: grep

  static func grep(
    _ name: String, pattern: String, _ options: Options, _ sources: [(name: String, text: String?)], failed: Bool,
    _ output: inout ShellOutput
  ) {
    let flags = options.flags
    let fixed = name == "fgrep" || flags.contains("F")
    let extended = name == "egrep" || flags.contains("E")
    var expression = fixed ? escaped(pattern) : (extended ? pattern : extendedForm(ofBasic: pattern))
    if flags.contains("w") { expression = "\\b(?:\(expression))\\b" }
    let regex: Regex<AnyRegexOutput>
    do {
      regex = try Regex(expression).ignoresCase(flags.contains("i")).wordBoundaryKind(.simple)
    } catch {
      output.fail("grep: Invalid regular expression", status: 2)
      return
    }
    let named = (sources.count > 1 || flags.contains("H")) && !flags.contains("h")
    let limit = options.values["m"].flatMap { Int($0) }
    var selected = false
    for source in sources {
      guard let text = source.text else { continue }
      var count = 0
      for (index, line) in lines(text).enumerated() {
        if let limit, count >= limit { break }
        guard line.contains(regex) != flags.contains("v") else { continue }
        count += 1
        selected = true
        if flags.contains("q") {
          output.status = 0
          return
        }
        if flags.contains("c") || flags.contains("l") { continue }
        let prefix = (named ? source.name + ":" : "") + (flags.contains("n") ? "\(index + 1):" : "")
        if flags.contains("o"), !flags.contains("v") {
          for match in line.matches(of: regex) where !match.range.isEmpty { output.print(prefix + line[match.range]) }
        } else {
          output.print(prefix + line)
        }
      }
      if flags.contains("l") {
        if count > 0 { output.print(source.name) }
      } else if flags.contains("c") {
        output.print((named ? source.name + ":" : "") + String(count))
      }
    }
    output.status = failed ? 2 : (selected ? 0 : 1)
  }

  /// A pattern matched as fixed text.
  static func escaped(_ text: String) -> String {
    var result = ""
    for character in text {
      if "\\^$.|?*+()[]{}".contains(character) { result.append("\\") }
      result.append(character)
    }
    return result
  }

  /// A POSIX basic expression (grep's default) in extended form: `\(`, `\)`, `\{`, `\}`, and
  /// GNU's `\|`, `\+`, `\?` are the operators; the bare characters are literal.
  static func extendedForm(ofBasic pattern: String) -> String {
    var result = ""
    var characters = pattern[...]
    var inBracket = false
    while let character = characters.popFirst() {
      if inBracket {
        result.append(character)
        if character == "]" { inBracket = false }
        continue
      }
      switch character {
      case "[":
        inBracket = true
        result.append(character)
        // A `]` first in a bracket (or after `^`) is a member, not its end.
        if characters.first == "^" { result.append(characters.removeFirst()) }
        if characters.first == "]" { result += "\\" + String(characters.removeFirst()) }
      case "\\":
        guard let next = characters.popFirst() else {
          result += "\\\\"
          break
        }
        if "(){}|+?".contains(next) { result.append(next) } else { result += "\\" + String(next) }
      case "(", ")", "{", "}", "|", "+", "?":
        result += "\\" + String(character)
      case "*" where result.isEmpty:
        result += "\\*"
      default:
        result.append(character)
      }
    }
    return result
  }

  // MARK: wc

  static func wc(_ options: Options, _ sources: [(name: String, text: String?)], fromStandardInput: Bool, _ output: inout ShellOutput) {
    var wanted = options.flags.intersection(["l", "w", "c", "m"])
    if wanted.isEmpty { wanted = ["l", "w", "c"] }
    func counts(_ text: String) -> [Int] {
      var values: [Int] = []
      if wanted.contains("l") { values.append(text.utf8.reduce(0) { $1 == 0x0A ? $0 + 1 : $0 }) }
      if wanted.contains("w") { values.append(text.split(whereSeparator: { $0.isWhitespace }).count) }
      if wanted.contains("m") { values.append(text.count) }
      if wanted.contains("c") { values.append(text.utf8.count) }
      return values
    }
    let readable = sources.compactMap { source in source.text.map { (source.name, counts($0)) } }
    var rows = readable
    if readable.count > 1 {
      rows.append(("total", readable.dropFirst().reduce(readable[0].1) { sum, row in zip(sum, row.1).map { $0 + $1 } }))
    }
    // GNU's widths: one count of one file is printed as is; standard input gets 7 columns;
    // files get as many as the largest size has digits.
    let width: Int
    if wanted.count == 1 && rows.count == 1 {
      width = 1
    } else if fromStandardInput {
      width = 7
    } else {
      width = String(sources.reduce(0) { $0 + ($1.text?.utf8.count ?? 0) }).count
    }
    for (name, values) in rows {
      let columns = values.map { value in
        let text = String(value)
        return String(repeating: " ", count: max(0, width - text.count)) + text
      }
      output.print(columns.joined(separator: " ") + (fromStandardInput ? "" : " " + name))
    }
  }

  // MARK: head, tail

  static func headTail(_ name: String, _ options: Options, _ sources: [(name: String, text: String?)], _ output: inout ShellOutput) {
    let raw = options.values["n"] ?? "10"
    let fromStart = name == "tail" && raw.hasPrefix("+")
    guard let count = Int(raw.drop { $0 == "+" || $0 == "-" }) else {
      output.fail("\(name): invalid number of lines: '\(raw)'", status: 1)
      return
    }
    let readable = sources.filter { $0.text != nil }
    let headed = (readable.count > 1 || options.flags.contains("v")) && !options.flags.contains("q")
    for (index, source) in readable.enumerated() {
      guard let text = source.text else { continue }
      if headed { output.stdout += (index > 0 ? "\n" : "") + "==> \(source.name == "(standard input)" ? "standard input" : source.name) <==\n" }
      if let bytes = options.values["c"] {
        guard let count = Int(bytes), count >= 0 else {
          output.fail("\(name): invalid number of bytes: '\(bytes)'", status: 1)
          return
        }
        let utf8 = Array(text.utf8)
        output.stdout += String(decoding: name == "head" ? utf8.prefix(count) : utf8.suffix(count), as: UTF8.self)
        continue
      }
      let all = lines(text)
      let chosen: ArraySlice<Substring>
      if name == "head" {
        chosen = raw.hasPrefix("-") ? all.dropLast(count) : all.prefix(count)
      } else {
        chosen = fromStart ? all.dropFirst(max(0, count - 1)) : all.suffix(count)
      }
      for line in chosen { output.print(String(line)) }
    }
  }

  // MARK: sort, uniq

  static func sort(_ options: Options, _ sources: [(name: String, text: String?)], _ output: inout ShellOutput) {
    let flags = options.flags
    var all = sources.flatMap { $0.text.map(lines) ?? [] }.map(String.init)
    /// The order of two lines by their keys (the number with `-n`, else the text, folded
    /// with `-f`); nil when the keys are equal.
    func keyOrder(_ a: String, _ b: String) -> Bool? {
      if flags.contains("n") {
        let (x, y) = (numericPrefix(a), numericPrefix(b))
        return x == y ? nil : x < y
      }
      let (x, y) = flags.contains("f") ? (a.uppercased(), b.uppercased()) : (a, b)
      return x == y ? nil : x.utf8.lexicographicallyPrecedes(y.utf8)
    }
    // Equal keys fall back on the whole line's bytes, unless `-u` keeps only the first.
    func ordered(_ a: String, _ b: String) -> Bool {
      keyOrder(a, b) ?? (!flags.contains("u") && a.utf8.lexicographicallyPrecedes(b.utf8))
    }
    all.sort { flags.contains("r") ? ordered($1, $0) : ordered($0, $1) }
    var previous: String?
    for line in all {
      if flags.contains("u"), let previous, keyOrder(previous, line) == nil { continue }
      output.print(line)
      previous = line
    }
  }

  /// The number a line starts with (after blanks), as `sort -n` reads it; 0 when none.
  static func numericPrefix(_ line: String) -> Double {
    var text = line.drop { $0 == " " || $0 == "\t" }
    var number = ""
    if text.first == "-" { number.append(text.removeFirst()) }
    var seenPoint = false
    while let character = text.first, character.isASCII, character.isNumber || (character == "." && !seenPoint) {
      if character == "." { seenPoint = true }
      number.append(text.removeFirst())
    }
    return Double(number) ?? 0
  }

  static func uniq(_ options: Options, _ sources: [(name: String, text: String?)], _ output: inout ShellOutput) {
    let flags = options.flags
    // uniq reads one input (a second operand would be its output file).
    let all = sources.first?.text.map(lines) ?? []
    var runs: [(line: Substring, count: Int)] = []
    for line in all {
      if let last = runs.last, flags.contains("i") ? last.line.lowercased() == line.lowercased() : last.line == line {
        runs[runs.count - 1].count += 1
      } else {
        runs.append((line, 1))
      }
    }
    for run in runs {
      if flags.contains("d") && run.count < 2 { continue }
      if flags.contains("u") && run.count > 1 { continue }
      if flags.contains("c") {
        let count = String(run.count)
        output.print(String(repeating: " ", count: max(0, 7 - count.count)) + count + " " + run.line)
      } else {
        output.print(String(run.line))
      }
    }
  }
}
