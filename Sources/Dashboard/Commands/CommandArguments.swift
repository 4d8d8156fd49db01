import KubeModel

/// Splits a command line into words (quotes group, backslash escapes) and separates flags
/// from positional arguments, as kubectl's flag parser does.
public struct CommandArguments: Sendable {
  /// Positional words, in order.
  public var positional: [String] = []
  /// Flags by long name; boolean flags hold "true".
  public var flags: [String: [String]] = [:]

  /// Splits `text` into words.
  public static func words(_ text: String) throws(CommandError) -> [String] {
    let split = ShellWords(text, backslashEscapes: true)
    if split.unterminatedQuote { throw CommandError("error: unterminated quote in command") }
    return split.words
  }

  /// Parses words given the flags a verb accepts.
  ///
  /// - Parameters:
  ///   - valued: long names of flags that take a value, with their one-letter short forms.
  ///   - boolean: long names of flags that take no value.
  public init(_ words: [String], valued: [String: Character?], boolean: Set<String>) throws(CommandError) {
    var index = 0
    func longName(forShort short: Character) -> String? {
      valued.first { $0.value == short }?.key
    }
    while index < words.count {
      let word = words[index]
      index += 1
      if word == "--" {
        positional += words[index...]
        break
      }
      if word.hasPrefix("--") {
        let body = word.dropFirst(2)
        let name = String(body.prefix { $0 != "=" })
        let inline: String? = body.contains("=") ? String(body.drop { $0 != "=" }.dropFirst()) : nil
        if boolean.contains(name) {
          if let inline, inline != "true" && inline != "false" {
            throw CommandError("error: invalid argument \"\(inline)\" for \"--\(name)\" flag: strconv.ParseBool: parsing \"\(inline)\": invalid syntax")
          }
          flags[name, default: []].append(inline ?? "true")
        } else if valued[name] != nil {
          if let inline {
            flags[name, default: []].append(inline)
          } else {
            guard index < words.count else { throw CommandError("error: flag needs an argument: --\(name)") }
            flags[name, default: []].append(words[index])
            index += 1
          }
        } else {
          throw CommandError("error: unknown flag: --\(name)")
        }
      } else if word.hasPrefix("-") && word.count >= 2 && !(word.dropFirst().first?.isNumber ?? false) {
        let letter = word.dropFirst().first ?? "-"
        if letter == "A" && word.count == 2 && boolean.contains("all-namespaces") {
          flags["all-namespaces", default: []].append("true")
          continue
        }
        guard let name = longName(forShort: letter) else {
          throw CommandError("error: unknown shorthand flag: '\(letter)' in \(word)")
        }
        if word.count > 2 {
          var value = String(word.dropFirst(2))
          if value.hasPrefix("=") { value.removeFirst() }
          flags[name, default: []].append(value)
        } else {
          guard index < words.count else { throw CommandError("error: flag needs an argument: '\(letter)' in -\(letter)") }
          flags[name, default: []].append(words[index])
          index += 1
        }
      } else {
        positional.append(word)
      }
    }
  }

  /// The last value of a flag.
  public func value(_ name: String) -> String? { flags[name]?.last }

  /// Whether a boolean flag is set to true.
  public func isSet(_ name: String) -> Bool { flags[name]?.last == "true" }

  /// An integer flag, with kubectl's message for a bad value.
  public func integer(_ name: String) throws(CommandError) -> Int? {
    guard let text = value(name) else { return nil }
    guard let number = Int(text) else {
      throw CommandError(
        "error: invalid argument \"\(text)\" for \"--\(name)\" flag: strconv.ParseInt: parsing \"\(text)\": invalid syntax")
    }
    return number
  }
}
