/// Splits a line of YAML into styled spans (keys, punctuation, values, comments) for a `TextPane`.
///
/// A line-by-line approximation, good for display: it does not parse documents.
public enum YAMLHighlighter {
  /// The spans for one line.
  public static func spans(for line: String) -> [Span] {
    var spans: [Span] = []
    var rest = Substring(line)
    let indent = rest.prefix { $0 == " " }
    if !indent.isEmpty { spans.append(Span(String(indent), role: .yamlPunctuation)) }
    rest = rest.dropFirst(indent.count)
    if rest.hasPrefix("#") {
      return spans + [Span(String(rest), role: .logsTimestamp)]
    }
    while rest.hasPrefix("- ") || rest == "-" {
      spans.append(Span(String(rest.prefix(2)), role: .yamlPunctuation))
      rest = rest.dropFirst(min(2, rest.count))
    }
    if let colon = keySeparator(in: rest) {
      spans.append(Span(String(rest[..<colon]), role: .yamlKey))
      spans.append(Span(":", role: .yamlPunctuation))
      rest = rest[rest.index(after: colon)...]
    }
    if !rest.isEmpty { spans.append(Span(String(rest), role: .yamlValue)) }
    return spans
  }

  /// The colon ending a plain key (`key:` followed by a space or the end of the line).
  private static func keySeparator(in text: Substring) -> String.Index? {
    if text.hasPrefix("\"") || text.hasPrefix("'") || text.hasPrefix("{") || text.hasPrefix("[") { return nil }
    var index = text.startIndex
    while index < text.endIndex {
      if text[index] == ":" {
        let next = text.index(after: index)
        if next == text.endIndex || text[next] == " " { return index }
      }
      if text[index] == " " && text[text.startIndex..<index].contains("#") { return nil }
      index = text.index(after: index)
    }
    return nil
  }
}
