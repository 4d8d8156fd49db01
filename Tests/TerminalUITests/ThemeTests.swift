import Foundation
import Testing

@testable import TerminalUI

@Suite struct ThemeTests {
  /// The repository's Themes/ directory, found from this source file.
  static let library = ThemeLibrary.discover(
    environment: [:], executablePath: nil, currentDirectory: URL(fileURLWithPath: #filePath).deletingLastPathComponent().path)

  @Test func discoveryFindsRepositoryThemes() throws {
    let directory = try #require(Self.library.directory)
    #expect(directory.lastPathComponent == "Themes")
    let names = Self.library.themeNames()
    #expect(names.first == "default")
    for expected in ["light", "monochrome", "colorblind", "nord"] {
      #expect(names.contains(expected))
    }
  }

  @Test func everyThemeFileLoadsAndMapsEveryRole() throws {
    let directory = try #require(Self.library.directory)
    let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".yaml") }
    #expect(files.count >= 5)
    for file in files {
      let definition = try Self.library.definition(at: directory.appendingPathComponent(file))
      #expect(definition.missingRoles.isEmpty, "\(file) misses \(definition.missingRoles)")
      let theme = try Self.library.load(String(file.dropLast(5)))
      #expect(theme.styles.count == ColorRole.allCases.count)
    }
  }

  @Test func monochromeFileMatchesBuiltInAndHasNoColour() throws {
    let fromFile = try Self.library.load("monochrome")
    #expect(fromFile.styles == Theme.monochrome.styles)
    #expect(fromFile.displayName == "Monochrome")
    #expect(try Self.library.load("colorblind").displayName == "Colour-blind safe (Okabe-Ito)")
    #expect(!Theme.monochrome.usesColor)
    #expect(Theme.monochrome.style(for: .selection).attributes.contains(.reverse))
  }

  @Test func colourThemesUseColour() throws {
    for name in ["default", "light", "colorblind", "nord"] {
      #expect(try Self.library.load(name).usesColor, "\(name)")
    }
  }

  @Test func monochromeExistsWithoutAnyFiles() throws {
    let empty = ThemeLibrary(directory: nil)
    #expect(empty.themeNames() == ["monochrome"])
    let theme = try empty.load("monochrome")
    #expect(theme == .monochrome)
    #expect(theme.styles.count == ColorRole.allCases.count)
    #expect(try empty.load("default").styles == Theme.monochrome.styles)
  }

  @Test func noColorForcesMonochrome() throws {
    let theme = try Self.library.effectiveTheme(named: "nord", environment: ["NO_COLOR": "1"])
    #expect(theme == .monochrome)
    let coloured = try Self.library.effectiveTheme(named: "nord", environment: ["NO_COLOR": ""])
    #expect(coloured.name == "nord")
  }

  @Test func brokenThemeGivesFileLineAndKey() throws {
    let yaml = """
      name: Broken
      palette:
        sky: &sky "#87ceeb"
      roles:
        body: { fg: default }
        header: { fg: *sky }
        statusOK: { fg: bluee }
      """
    #expect(throws: ThemeError(file: "Themes/x.yaml", line: 7, message: "unknown colour \"bluee\" for role statusOK")) {
      try ThemeDefinition(yaml: yaml, file: "Themes/x.yaml")
    }
    do {
      _ = try ThemeDefinition(yaml: yaml, file: "Themes/x.yaml")
    } catch {
      #expect(error.description == "Themes/x.yaml:7: unknown colour \"bluee\" for role statusOK")
    }
  }

  @Test func unknownRoleAndAttributeAreReported() {
    #expect(throws: ThemeError(file: "t.yaml", line: 2, message: "unknown role \"stautsOK\"")) {
      try ThemeDefinition(yaml: "roles:\n  stautsOK: { fg: red }\n", file: "t.yaml")
    }
    #expect(throws: ThemeError(file: "t.yaml", line: 3, message: "unknown attribute \"blink\" for role body")) {
      try ThemeDefinition(yaml: "roles:\n  body:\n    attrs: [bold, blink]\n", file: "t.yaml")
    }
    #expect(throws: ThemeError(file: "t.yaml", line: 2, message: "unknown key \"colour\" for role body (expected fg, bg, attrs)")) {
      try ThemeDefinition(yaml: "roles:\n  body: { colour: red }\n", file: "t.yaml")
    }
  }

  @Test func brokenFileInDirectoryNamesTheFile() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("Themes-\(UUID().uuidString)")
    let themes = directory.appendingPathComponent("Themes")
    try FileManager.default.createDirectory(at: themes, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    try "roles:\n  body: { fg: \"#12345\" }\n".write(to: themes.appendingPathComponent("bad.yaml"), atomically: true, encoding: .utf8)
    let library = ThemeLibrary.discover(environment: [:], executablePath: nil, currentDirectory: themes.path)
    #expect(throws: ThemeError(file: "Themes/bad.yaml", line: 2, message: "unknown colour \"#12345\" for role body")) {
      try library.load("bad")
    }
    let viaEnvironment = ThemeLibrary.discover(environment: ["KUBEDECK_THEMES": themes.path], executablePath: nil, currentDirectory: "/")
    #expect(viaEnvironment.directory?.standardizedFileURL.path == themes.standardizedFileURL.path)
  }

  @Test func partialThemeOverlaysDefault() throws {
    let base = try Self.library.load("default")
    let partial = try ThemeDefinition(yaml: "roles:\n  statusOK: { fg: color42, attrs: bold }\n", file: "p.yaml")
    let theme = partial.theme(named: "p", over: base)
    #expect(theme.style(for: .statusOK) == Style(foreground: .indexed(42), attributes: .bold))
    #expect(theme.style(for: .selection) == base.style(for: .selection))
  }

  @Test func colourNamesParse() {
    #expect(Color(name: "default") == .terminalDefault)
    #expect(Color(name: "red") == .indexed(1))
    #expect(Color(name: "brightred") == .indexed(9))
    #expect(Color(name: "color200") == .indexed(200))
    #expect(Color(name: "#ff8000") == .rgb(255, 128, 0))
    #expect(Color(name: "DodgerBlue") == .rgb(30, 144, 255))
    #expect(Color(name: "bluee") == nil)
    #expect(Color(name: "#zzzzzz") == nil)
  }

  @Test func coloursReduceToTerminalDepth() {
    #expect(Color.rgb(255, 0, 0).reduced(to: .ansi8) == .indexed(1))
    #expect(Color.rgb(0, 0, 0).reduced(to: .ansi8) == .indexed(0))
    #expect(Color.rgb(250, 250, 250).reduced(to: .ansi8) == .indexed(7))
    #expect(Color.indexed(9).reduced(to: .ansi8) == .indexed(1))
    #expect(Color.indexed(196).reduced(to: .ansi8) == .indexed(1))
    #expect(Color.rgb(255, 0, 0).reduced(to: .indexed256) == .indexed(196))
    #expect(Color.rgb(128, 128, 128).reduced(to: .indexed256) == .indexed(244))
    #expect(Color.rgb(1, 2, 3).reduced(to: .monochrome) == .terminalDefault)
    #expect(ColorDepth(colorCount: 8) == .ansi8)
    #expect(ColorDepth(colorCount: 256) == .indexed256)
    #expect(ColorDepth(colorCount: 0) == .monochrome)
  }

  @Test func everyEightColourThemeReductionStaysInRange() throws {
    for name in Self.library.themeNames() {
      let theme = try Self.library.load(name).reduced(to: .ansi8)
      for style in theme.styles.values {
        for color in [style.foreground, style.background] {
          if case .indexed(let index) = color { #expect(index < 8) }
          if case .rgb = color { Issue.record("rgb left after reduction in \(name)") }
        }
      }
    }
  }

  @Test func themeCyclingWraps() {
    let names = Self.library.themeNames()
    #expect(Self.library.theme(after: names[names.count - 1]) == names[0])
    #expect(Self.library.theme(after: names[0]) == names[1])
  }
}
