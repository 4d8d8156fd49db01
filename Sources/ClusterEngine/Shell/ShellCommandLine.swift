/// A shell command line split the way `sh` would for the simulated shell: pipelines joined
/// by `;`, `&&` and `||`, each of one or more commands joined by `|`, words with single and
/// double quotes, and `$NAME` / `${NAME}` expanded from the environment. Redirections and
/// background jobs are not simulated.
struct ShellCommandLine {
  /// When a command runs, given the previous command's exit status.
  enum Connector {
    case always, ifSuccess, ifFailure
  }

  /// One pipeline (its commands' words, in order) and how it joins the previous one.
  struct Command {
    var connector: Connector
    var stages: [[String]]
  }

  /// Why a line could not be parsed: dash's message and exit status.
  struct SyntaxError: Error {
    var message: String
  }

  var commands: [Command]

  /// Parses `line`, expanding variables from `environment`.
  init(_ line: String, environment: [String: String]) throws(SyntaxError) {
    var commands: [Command] = []
    var stages: [[String]] = []
    var words: [String] = []
    var word = ""
    var inWord = false
    var connector = Connector.always
    var quote: Character?
    var characters = Array(line)[...]

    func endWord() {
      if inWord { words.append(word) }
      word = ""
      inWord = false
    }
    /// Ends one command of a pipeline; an empty one is dash's syntax error.
    func endStage(before token: String) throws(SyntaxError) {
      endWord()
      guard !words.isEmpty else { throw SyntaxError(message: "Syntax error: \"\(token)\" unexpected") }
      stages.append(words)
      words = []
    }
    func endCommand(_ token: String, next: Connector) throws(SyntaxError) {
      endWord()
      if words.isEmpty {
        // `;` may end a line or follow nothing; `&&` and `||` need a command each side, as
        // does a `|` before them.
        if !stages.isEmpty || (next != .always && token != "end") {
          throw SyntaxError(message: token == "end" ? "Syntax error: end of file unexpected" : "Syntax error: \"\(token)\" unexpected")
        }
      } else {
        stages.append(words)
      }
      if !stages.isEmpty { commands.append(Command(connector: connector, stages: stages)) }
      stages = []
      words = []
      connector = next
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
      case ">", "<", "&", "`":
        throw SyntaxError(message: "\(character): redirections and background jobs are not simulated")
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
      if characters.first == "?" || characters.first == "$" {
        characters.removeFirst()
        return "0"
      }
      return "$"
    }
    return environment[name] ?? ""
  }
}
