/// Why the terminal could not be set up.
public enum TerminalError: Error, Sendable, Hashable, CustomStringConvertible {
  /// Another `Terminal` already owns the screen.
  case alreadyActive
  /// curses could not start on this terminal type.
  case cannotInitialize(termType: String)
  /// Standard input or output is not a terminal.
  case notATerminal

  public var description: String {
    switch self {
    case .alreadyActive: return "the terminal is already in use by another screen"
    case .cannotInitialize(let termType): return "cannot start curses for terminal type \"\(termType)\"; check TERM"
    case .notATerminal: return "standard input and output must be a terminal (not a pipe or file)"
    }
  }
}
