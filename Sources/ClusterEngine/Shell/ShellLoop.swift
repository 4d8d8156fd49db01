/// `for NAME in WORDS; do BODY; done` in a command line of the simulated shell, found in
/// its text (the body is parsed anew for each word, so `$NAME` takes each value): the
/// commands before the loop, the loop, and the commands after it.
struct ShellLoop {
  var before: String
  var name: String
  var words: String
  var body: String
  var after: String

  /// Why a loop could not be read: dash's message.
  struct SyntaxError: Error {
    var message: String
  }

  /// The first `for` loop of `line`, nil when it has none.
  static func find(in line: String) throws(SyntaxError) -> ShellLoop? {
    let segments = split(line)
    guard let start = segments.firstIndex(where: { startsWord("for", $0) }) else { return nil }
    let header = segments[start].drop { $0 == " " || $0 == "\t" }.dropFirst(3).drop { $0 == " " || $0 == "\t" }
    let headerWords = header.split(separator: " ", omittingEmptySubsequences: true)
    guard let name = headerWords.first.map(String.init), name.first?.isNumber == false,
      name.allSatisfy({ $0.isASCII && ($0 == "_" || $0.isLetter || $0.isNumber) }),
      headerWords.count >= 2, headerWords[1] == "in"
    else {
      throw SyntaxError(message: "Syntax error: Bad for loop variable")
    }
    let words = headerWords.dropFirst(2).joined(separator: " ")
    var bodyParts: [String] = []
    var depth = 1
    var index = start + 1
    var after = ""
    var sawDo = false
    while index < segments.count {
      var text = segments[index].drop { $0 == " " || $0 == "\t" }
      if !sawDo {
        guard startsWord("do", String(text)) else { throw SyntaxError(message: "Syntax error: \"do\" expected") }
        sawDo = true
        text = text.dropFirst(2)
      }
      if startsWord("for", String(text)) { depth += 1 }
      if startsWord("done", String(text)) {
        depth -= 1
        if depth == 0 {
          after = String(text.dropFirst(4))
          if index + 1 < segments.count { after += ";" + segments[(index + 1)...].joined(separator: ";") }
          let before = segments[..<start].joined(separator: ";")
          return ShellLoop(before: before, name: name, words: words, body: bodyParts.joined(separator: ";"), after: after)
        }
      }
      bodyParts.append(String(text))
      index += 1
    }
    throw SyntaxError(message: "Syntax error: end of file unexpected (expecting \"done\")")
  }

  /// Whether `text` (after blanks) starts with the word `word`.
  private static func startsWord(_ word: String, _ text: String) -> Bool {
    let trimmed = text.drop { $0 == " " || $0 == "\t" }
    guard trimmed.hasPrefix(word) else { return false }
    let rest = trimmed.dropFirst(word.count)
    return rest.isEmpty || rest.first == " " || rest.first == "\t" || rest.first == ";" || rest.first == "&" || rest.first == "|"
  }

  /// `line` cut at each `;` outside quotes.
  private static func split(_ line: String) -> [String] {
    var segments: [String] = []
    var current = ""
    var quote: Character?
    var escaped = false
    for character in line {
      if escaped {
        current.append(character)
        escaped = false
        continue
      }
      if character == "\\", quote != "'" {
        escaped = true
        current.append(character)
        continue
      }
      if let open = quote {
        if character == open { quote = nil }
        current.append(character)
        continue
      }
      if character == "'" || character == "\"" { quote = character }
      if character == ";" || character == "\n" {
        segments.append(current)
        current = ""
        continue
      }
      current.append(character)
    }
    segments.append(current)
    return segments
  }
}
