import Foundation

/// Finds theme files, lists them for cycling, and loads them over the default theme.
///
/// Discovery order (`ThemeLibrary.discover`): an explicit directory, `$KUBEDECK_THEMES`, then a
/// `Themes/` directory found by walking up from the executable's directory, then from the
/// current directory. With no directory at all the library still offers `monochrome`.
public struct ThemeLibrary: Sendable, Hashable {
  /// The directory holding `*.yaml` themes, if one was found.
  public var directory: URL?

  /// The name of the base theme every other theme overlays.
  public static let defaultName = "default"
  /// The name of the built-in attributes-only theme.
  public static let monochromeName = "monochrome"

  /// Creates a library over a directory (nil: built-in monochrome only).
  public init(directory: URL?) {
    self.directory = directory
  }

  /// Locates the themes directory.
  ///
  /// - Parameters:
  ///   - explicitDirectory: a directory given by the user (for example a command-line flag).
  ///   - environment: where `KUBEDECK_THEMES` is read.
  ///   - executablePath: the running binary (default: `CommandLine.arguments[0]`, resolved).
  ///   - currentDirectory: the working directory to walk up from.
  public static func discover(
    explicitDirectory: String? = nil,
    environment: [String: String] = ProcessInfo.processInfo.environment,
    executablePath: String? = Bundle.main.executablePath,
    currentDirectory: String = FileManager.default.currentDirectoryPath
  ) -> ThemeLibrary {
    if let explicitDirectory, isDirectory(explicitDirectory) {
      return ThemeLibrary(directory: URL(fileURLWithPath: explicitDirectory))
    }
    if let fromEnvironment = environment["KUBEDECK_THEMES"], !fromEnvironment.isEmpty, isDirectory(fromEnvironment) {
      return ThemeLibrary(directory: URL(fileURLWithPath: fromEnvironment))
    }
    var starts: [URL] = []
    if let executablePath {
      starts.append(URL(fileURLWithPath: executablePath).resolvingSymlinksInPath().deletingLastPathComponent())
    }
    starts.append(URL(fileURLWithPath: currentDirectory))
    for start in starts {
      var candidate = start.standardizedFileURL
      while true {
        let themes = candidate.appendingPathComponent("Themes")
        if isDirectory(themes.path) { return ThemeLibrary(directory: themes) }
        let parent = candidate.deletingLastPathComponent()
        if parent.path == candidate.path { break }
        candidate = parent
      }
    }
    return ThemeLibrary(directory: nil)
  }

  /// Theme names available for cycling: `default` first, then the others sorted; always
  /// includes `monochrome`.
  public func themeNames() -> [String] {
    var names = Set([ThemeLibrary.monochromeName])
    if let directory, let files = try? FileManager.default.contentsOfDirectory(atPath: directory.path) {
      for file in files where file.hasSuffix(".yaml") || file.hasSuffix(".yml") {
        names.insert(String(file.prefix(upTo: file.lastIndex(of: ".") ?? file.endIndex)))
      }
    }
    return names.sorted { lhs, rhs in
      if lhs == ThemeLibrary.defaultName { return rhs != ThemeLibrary.defaultName }
      if rhs == ThemeLibrary.defaultName { return false }
      return lhs < rhs
    }
  }

  /// The theme after `name` in `themeNames()`, wrapping around.
  public func theme(after name: String) -> String {
    let names = themeNames()
    guard let index = names.firstIndex(of: name) else { return names.first ?? ThemeLibrary.monochromeName }
    return names[(index + 1) % names.count]
  }

  /// Loads a theme by name, overlaid on the default theme.
  ///
  /// `monochrome` without a file is the built-in `Theme.monochrome`. A missing `default.yaml`
  /// means the base is `Theme.monochrome`.
  public func load(_ name: String) throws(ThemeError) -> Theme {
    guard let url = fileURL(for: name) else {
      if name == ThemeLibrary.monochromeName { return .monochrome }
      if name == ThemeLibrary.defaultName { return Theme(name: name, styles: [:], base: .monochrome) }
      throw ThemeError(file: displayPath(forFileNamed: name + ".yaml"), line: nil, message: "no such theme \"\(name)\"")
    }
    let base = name == ThemeLibrary.defaultName ? Theme.monochrome : try load(ThemeLibrary.defaultName)
    return try definition(at: url).theme(named: name, over: base)
  }

  /// The theme to use: `NO_COLOR` (set and non-empty) forces `monochrome`, whatever is requested.
  public func effectiveTheme(named name: String, environment: [String: String] = ProcessInfo.processInfo.environment)
    throws(ThemeError) -> Theme
  {
    if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return .monochrome }
    return try load(name)
  }

  /// Parses one theme file without overlaying it (for validation and tests).
  public func definition(at url: URL) throws(ThemeError) -> ThemeDefinition {
    let shown = displayPath(forFileNamed: url.lastPathComponent)
    let text: String
    do {
      text = try String(contentsOf: url, encoding: .utf8)
    } catch {
      throw ThemeError(file: shown, line: nil, message: "cannot read theme file: \(error.localizedDescription)")
    }
    return try ThemeDefinition(yaml: text, file: shown)
  }

  /// The file for a theme name, if it exists.
  public func fileURL(for name: String) -> URL? {
    guard let directory else { return nil }
    for ext in ["yaml", "yml"] {
      let url = directory.appendingPathComponent("\(name).\(ext)")
      if FileManager.default.fileExists(atPath: url.path) { return url }
    }
    return nil
  }

  private func displayPath(forFileNamed file: String) -> String {
    guard let directory else { return file }
    return directory.lastPathComponent + "/" + file
  }

  private static func isDirectory(_ path: String) -> Bool {
    var flag: ObjCBool = false
    return FileManager.default.fileExists(atPath: path, isDirectory: &flag) && flag.boolValue
  }
}
