import TerminalUI

/// One line of a keymap: a key, the action it triggers, the title shown in the footer and
/// help, and whether the action asks for confirmation first.
public struct KeyBinding: Sendable, Hashable {
  public var key: Key
  public var action: Action
  public var title: String
  public var needsConfirmation: Bool
  /// Shown in the footer (otherwise only in help).
  public var isHinted: Bool

  /// Creates a binding.
  public init(_ key: Key, _ action: Action, _ title: String, confirm: Bool = false, hint: Bool = true) {
    self.key = key
    self.action = action
    self.title = title
    self.needsConfirmation = confirm
    self.isHinted = hint
  }
}
