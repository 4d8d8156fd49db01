import Yams

/// The parsed contents of one theme file: the roles it sets, before overlaying a base theme.
///
/// File format (YAML; anchors and aliases may define a palette once):
/// ```yaml
/// name: Nord
/// palette:                       # optional: reusable colours, by anchor or by name
///   frost: &frost "#88c0d0"
/// roles:
///   body:      { fg: "#d8dee9", bg: default }
///   statusOK:  { fg: *frost, attrs: [bold] }
///   selection: { fg: black, bg: frost }   # a palette name works too
/// ```
/// Each role maps to `fg`, `bg` (colour names, `#rrggbb`, `colorN`, `default`) and `attrs`
/// (`bold`, `dim`, `reverse`, `underline`, as a list or a single word).
public struct ThemeDefinition: Sendable, Hashable {
  /// The display name from the file (or the file name).
  public var name: String
  /// The roles the file sets.
  public var styles: [ColorRole: Style]

  /// Roles the file does not set (they come from the base theme).
  public var missingRoles: [ColorRole] { ColorRole.allCases.filter { styles[$0] == nil } }

  /// This definition overlaid on `base`, named `themeName`.
  public func theme(named themeName: String, over base: Theme) -> Theme {
    Theme(name: themeName, displayName: name, styles: styles, base: base)
  }

  /// Parses theme YAML; `file` is the name used in error messages (e.g. `Themes/x.yaml`).
  public init(yaml: String, file: String) throws(ThemeError) {
    let root: Node?
    do {
      root = try Yams.compose(yaml: yaml)
    } catch let error as YamlError {
      throw ThemeError(file: file, line: ThemeDefinition.line(of: error), message: "invalid YAML: \(error)")
    } catch {
      throw ThemeError(file: file, line: nil, message: "invalid YAML: \(error)")
    }
    let fallbackName = file.split(separator: "/").last.map { String($0.split(separator: ".").first ?? $0) } ?? file
    self.name = fallbackName
    self.styles = [:]
    guard let root else { return }
    guard let top = root.mapping else {
      throw ThemeError(file: file, line: root.mark?.line, message: "a theme must be a mapping with a \"roles\" key")
    }
    var palette: [String: Color] = [:]
    var rolesNode: Node?
    for (keyNode, value) in top {
      let key = keyNode.string ?? ""
      switch key {
      case "name": name = value.string ?? name
      case "description": break
      case "palette": palette = try ThemeDefinition.parsePalette(value, file: file)
      case "roles": rolesNode = value
      default:
        throw ThemeError(
          file: file, line: keyNode.mark?.line,
          message: "unknown key \"\(key)\" (expected name, description, palette, roles)")
      }
    }
    guard let rolesNode else { return }
    guard let roles = rolesNode.mapping else {
      throw ThemeError(file: file, line: rolesNode.mark?.line, message: "\"roles\" must be a mapping of role names")
    }
    for (keyNode, value) in roles {
      let key = keyNode.string ?? ""
      guard let role = ColorRole(rawValue: key) else {
        throw ThemeError(file: file, line: keyNode.mark?.line, message: "unknown role \"\(key)\"")
      }
      styles[role] = try ThemeDefinition.parseStyle(value, role: role, palette: palette, file: file, line: keyNode.mark?.line)
    }
  }

  private static func parsePalette(_ node: Node, file: String) throws(ThemeError) -> [String: Color] {
    guard let mapping = node.mapping else {
      throw ThemeError(file: file, line: node.mark?.line, message: "\"palette\" must be a mapping of names to colours")
    }
    var palette: [String: Color] = [:]
    for (keyNode, value) in mapping {
      let key = keyNode.string ?? ""
      let text = value.string ?? ""
      guard let color = Color(name: text) else {
        throw ThemeError(file: file, line: value.mark?.line ?? keyNode.mark?.line, message: "unknown colour \"\(text)\" in palette entry \(key)")
      }
      palette[key.lowercased()] = color
    }
    return palette
  }

  private static func parseStyle(
    _ node: Node, role: ColorRole, palette: [String: Color], file: String, line: Int?
  ) throws(ThemeError) -> Style {
    guard let mapping = node.mapping else {
      throw ThemeError(file: file, line: line, message: "role \(role.rawValue) must map to fg, bg and attrs")
    }
    var style = Style()
    for (keyNode, value) in mapping {
      let key = keyNode.string ?? ""
      let keyLine = keyNode.mark?.line ?? line
      switch key {
      case "fg", "bg":
        let text = value.string ?? ""
        guard let color = palette[text.lowercased()] ?? Color(name: text) else {
          throw ThemeError(file: file, line: keyLine, message: "unknown colour \"\(text)\" for role \(role.rawValue)")
        }
        if key == "fg" { style.foreground = color } else { style.background = color }
      case "attrs":
        style.attributes = try parseAttributes(value, role: role, file: file, line: keyLine)
      default:
        throw ThemeError(
          file: file, line: keyLine, message: "unknown key \"\(key)\" for role \(role.rawValue) (expected fg, bg, attrs)")
      }
    }
    return style
  }

  private static func parseAttributes(_ node: Node, role: ColorRole, file: String, line: Int?) throws(ThemeError) -> CellAttributes {
    var words: [String] = []
    if let sequence = node.sequence {
      words = sequence.compactMap { $0.string }
    } else if let text = node.string {
      words = text.split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init)
    }
    var attributes: CellAttributes = []
    for word in words {
      let key = word.lowercased()
      if key == "normal" || key == "none" { continue }
      guard let match = CellAttributes.names.first(where: { $0.0 == key }) else {
        throw ThemeError(file: file, line: line, message: "unknown attribute \"\(word)\" for role \(role.rawValue)")
      }
      attributes.insert(match.1)
    }
    return attributes
  }

  private static func line(of error: YamlError) -> Int? {
    switch error {
    case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
      return mark.line
    default:
      return nil
    }
  }
}
