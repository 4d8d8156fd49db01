/// A problem in a theme file, reported as `file:line: message`.
public struct ThemeError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The file as shown to the user, e.g. `Themes/nord.yaml`.
  public var file: String
  /// The 1-based line, when known.
  public var line: Int?
  /// What is wrong, naming the key and the role.
  public var message: String

  /// Creates an error.
  public init(file: String, line: Int?, message: String) {
    self.file = file
    self.line = line
    self.message = message
  }

  public var description: String {
    if let line { return "\(file):\(line): \(message)" }
    return "\(file): \(message)"
  }
}
