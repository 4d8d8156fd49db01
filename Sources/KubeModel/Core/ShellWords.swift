/// Splits a command line into words the way a POSIX shell groups them: blanks separate
/// words, single and double quotes group, and (when asked) a backslash takes the next
/// character literally. Used for the dashboard's command line and for the scripts a
/// simulated container runs.
public struct ShellWords: Sendable, Equatable {
  /// The words, quotes removed.
  public var words: [String]
  /// True when the text ended inside a quote; the open quote's text is still the last word.
  public var unterminatedQuote: Bool

  /// Splits `text`; `backslashEscapes` makes `\x` stand for `x` outside single quotes.
  public init(_ text: String, backslashEscapes: Bool) {
    var words: [String] = []
    var current = ""
    var inWord = false
    var quote: Character?
    var escaped = false
    for character in text {
      if escaped {
        current.append(character)
        escaped = false
      } else if backslashEscapes && character == "\\" && quote != "'" {
        escaped = true
        inWord = true
      } else if let open = quote {
        if character == open { quote = nil } else { current.append(character) }
      } else if character == "\"" || character == "'" {
        quote = character
        inWord = true
      } else if character == " " || character == "\t" {
        if inWord { words.append(current) }
        current = ""
        inWord = false
      } else {
        current.append(character)
        inWord = true
      }
    }
    if inWord { words.append(current) }
    self.words = words
    self.unterminatedQuote = quote != nil
  }
}
