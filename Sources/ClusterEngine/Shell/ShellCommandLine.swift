/// A shell command line split the way `sh` would for the simulated shell: pipelines joined
/// by `;`, `&&` and `||`, each of one or more commands joined by `|`, each command's words
/// (single and double quotes, `$NAME` / `${NAME}` expanded from the environment) and
/// redirections (`>`, `>>`, `<`, `2>`, `2>&1`). Background jobs and command substitution
/// are not simulated.
struct ShellCommandLine {
  /// When a command runs, given the previous command's exit status.
  enum Connector {
    case always, ifSuccess, ifFailure
  }

  /// A redirection of one file descriptor.
  struct Redirection: Hashable {
    enum Kind: Hashable {
      /// `>`: the file, emptied first.
      case write
      /// `>>`: the end of the file.
      case append
      /// `<`: input from the file.
      case read
      /// `>&N`: where descriptor N goes (`target` is N).
      case duplicate
    }

    var descriptor: Int
    var kind: Kind
    var target: String
  }

  /// One command of a pipeline: its words and redirections, in order.
  struct Stage: Hashable {
    var words: [String] = []
    var redirections: [Redirection] = []
  }

  /// One pipeline and how it joins the previous one.
  struct Command {
    var connector: Connector
    var stages: [Stage]
  }

  /// Why a line could not be parsed: dash's message and exit status.
  struct SyntaxError: Error {
    var message: String
  }

  var commands: [Command]

  /// Parses `line`, expanding variables from `environment`.
  init(_ line: String, environment: [String: String]) throws(SyntaxError) {
    var commands: [Command] = []
    var stages: [Stage] = []
    var stage = Stage()
    var word = ""
    var inWord = false
    var quotedWord = false
    /// A redirection waiting for its file's name (the next word).
    var pending: (descriptor: Int, kind: Redirection.Kind)?
    var connector = Connector.always
    var quote: Character?
    var characters = Array(line)[...]

    func unexpected(_ token: String) -> SyntaxError {
      switch token {
      case "end": SyntaxError(message: "Syntax error: end of file unexpected")
      case "newline": SyntaxError(message: "Syntax error: newline unexpected")
      default: SyntaxError(message: "Syntax error: \"\(token)\" unexpected")
      }
    }
    func endWord() {
      if inWord {
        if let redirection = pending {
          stage.redirections.append(Redirection(descriptor: redirection.descriptor, kind: redirection.kind, target: word))
          pending = nil
        } else {
          stage.words.append(word)
        }
      }
      word = ""
      inWord = false
      quotedWord = false
    }
    /// Ends one command of a pipeline; an empty one is dash's syntax error.
    func endStage(before token: String) throws(SyntaxError) {
      endWord()
      if pending != nil { throw unexpected(token == "end" ? "newline" : token) }
      guard stage != Stage() else { throw unexpected(token) }
      stages.append(stage)
      stage = Stage()
    }
    func endCommand(_ token: String, next: Connector) throws(SyntaxError) {
      endWord()
      if pending != nil { throw unexpected(token == "end" ? "newline" : token) }
      if stage == Stage() {
        // `;` may end a line or follow nothing; `&&` and `||` need a command each side, as
        // does a `|` before them.
        if !stages.isEmpty || (next != .always && token != "end") { throw unexpected(token) }
      } else {
        stages.append(stage)
      }
      if !stages.isEmpty { commands.append(Command(connector: connector, stages: stages)) }
      stages = []
      stage = Stage()
      connector = next
    }
    /// A `>` or `<` just read: its descriptor (digits right before it) and kind.
    func redirect(_ character: Character) throws(SyntaxError) {
      var descriptor = character == "<" ? 0 : 1
      if inWord, !quotedWord, !word.isEmpty, word.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(word) {
        descriptor = number
        word = ""
        inWord = false
      } else {
        endWord()
      }
      if pending != nil { throw unexpected(String(character)) }
      if character == ">", characters.first == ">" {
        characters.removeFirst()
        pending = (descriptor, .append)
      } else if character == ">", characters.first == "&" {
        characters.removeFirst()
        var target = ""
        while let next = characters.first, next.isASCII, next.isNumber { target.append(characters.removeFirst()) }
        guard !target.isEmpty else { throw SyntaxError(message: "\(descriptor)>&: only duplicating a numbered descriptor is simulated") }
        stage.redirections.append(Redirection(descriptor: descriptor, kind: .duplicate, target: target))
      } else {
        pending = (descriptor, character == "<" ? .read : .write)
      }
    }

    while let character = characters.popFirst() {
      if quote == "'" {
        if character == "'" { quote = nil } else { word.append(character) }
        continue
      }
      if character == "\\", let next = characters.first, quote == nil || "$\"\\`".contains(next) {
        characters.removeFirst()
        word.append(next)
        inWord = true
        continue
      }
      if character == "$" {
        if characters.first == "(" { throw SyntaxError(message: "$(: command substitution is not simulated") }
        word += Self.expand(&characters, environment: environment)
        inWord = true
        continue
      }
      if quote == "\"" {
        if character == "\"" { quote = nil } else { word.append(character) }
        continue
      }
      switch character {
      case "'", "\"":
        quote = character
        inWord = true
        quotedWord = true
      case " ", "\t":
        endWord()
      case ";":
        try endCommand(";", next: .always)
      case "&" where characters.first == "&":
        characters.removeFirst()
        try endCommand("&&", next: .ifSuccess)
      case "|" where characters.first == "|":
        characters.removeFirst()
        try endCommand("||", next: .ifFailure)
      case "|":
        try endStage(before: "|")
      case ">", "<":
        try redirect(character)
      case "&", "`":
        throw SyntaxError(message: "\(character): background jobs and command substitution are not simulated")
      case "#" where !inWord:
        characters.removeAll()
      default:
        word.append(character)
        inWord = true
      }
    }
    if quote != nil { throw SyntaxError(message: "Syntax error: Unterminated quoted string") }
    try endCommand("end", next: .always)
    self.commands = commands
  }

  /// Stands for `$?` in parsed words until the command runs (a private-use character).
  static let lastStatusMark: Character = "\u{E000}"

  /// `stage` with `$?` replaced by `status`.
  static func substitutingStatus(_ stage: Stage, _ status: Int32) -> Stage {
    let mark = String(lastStatusMark)
    guard stage.words.contains(where: { $0.contains(lastStatusMark) }) || stage.redirections.contains(where: { $0.target.contains(lastStatusMark) })
    else { return stage }
    var stage = stage
    stage.words = stage.words.map { $0.replacingOccurrences(of: mark, with: String(status)) }
    for index in stage.redirections.indices {
      stage.redirections[index].target = stage.redirections[index].target.replacingOccurrences(of: mark, with: String(status))
    }
    return stage
  }

  /// Expands the variable after a `$`: `$NAME`, `${NAME}`; a lone `$` stays.
  private static func expand(_ characters: inout ArraySlice<Character>, environment: [String: String]) -> String {
    if characters.first == "{" {
      guard let close = characters.firstIndex(of: "}") else { return "$" }
      let name = String(characters[characters.index(after: characters.startIndex)..<close])
      characters = characters[characters.index(after: close)...]
      return environment[name] ?? ""
    }
    var name = ""
    while let next = characters.first, next == "_" || next.isLetter || next.isNumber, next.isASCII {
      if name.isEmpty && next.isNumber { break }
      name.append(next)
      characters.removeFirst()
    }
    if name.isEmpty {
      if characters.first == "?" {
        // Known only when the command runs: a mark the shell replaces then.
        characters.removeFirst()
        return String(lastStatusMark)
      }
      if characters.first == "$" {
        // The shell's process ID, as `ps` lists it.
        characters.removeFirst()
        return "40"
      }
      return "$"
    }
    return environment[name] ?? ""
  }
}
