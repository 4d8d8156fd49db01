import Foundation

/// How the dashboard starts: theme, keymap, and (for scripted runs) an exit time and
/// scripted keys.
public struct DashboardOptions: Sendable {
  /// The theme to start with (default: `default`).
  public var themeName: String?
  /// Where theme files are (default: discovered).
  public var themesDirectory: String?
  /// A keymap file that rebinds keys.
  public var keymapFile: String?
  /// Quit after this long.
  public var exitAfter: Duration?
  /// Keys to type, each at a time after start.
  public var script: [DashboardScript.Step]
  /// The environment (`NO_COLOR`, `TERM`, `KUBEDECK_THEMES`).
  public var environment: [String: String]

  /// Creates options.
  public init(
    themeName: String? = nil, themesDirectory: String? = nil, keymapFile: String? = nil, exitAfter: Duration? = nil,
    script: [DashboardScript.Step] = [], environment: [String: String] = ProcessInfo.processInfo.environment
  ) {
    self.themeName = themeName
    self.themesDirectory = themesDirectory
    self.keymapFile = keymapFile
    self.exitAfter = exitAfter
    self.script = script
    self.environment = environment
  }
}
