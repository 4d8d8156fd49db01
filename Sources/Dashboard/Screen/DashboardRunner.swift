import Foundation
import KubeModel
import TerminalUI

/// Opens the dashboard on the terminal over a cluster and runs it until the user quits.
///
/// ```swift
/// try DashboardRunner.run(client: cluster, options: DashboardOptions(themeName: "nord"))
/// ```
/// Every way out (q, ctrl-c, SIGINT/SIGTERM/SIGHUP, `--exit-after`, an error) goes through
/// `Terminal.shutdown()`, so the terminal is always restored.
public enum DashboardRunner {
  /// Runs the dashboard; returns the signal that ended it, if any.
  @discardableResult
  public static func run(client: any ClusterClient, options: DashboardOptions = DashboardOptions()) throws -> Int32? {
    let themes = ThemeLibrary.discover(explicitDirectory: options.themesDirectory, environment: options.environment)
    var startupProblems: [String] = []
    let requested = options.themeName ?? ThemeLibrary.defaultName
    var themeName = requested
    let theme: Theme
    do {
      theme = try themes.effectiveTheme(named: requested, environment: options.environment)
    } catch {
      startupProblems.append("theme \(requested): \(error); using the default theme")
      themeName = ThemeLibrary.defaultName
      theme = (try? themes.effectiveTheme(named: ThemeLibrary.defaultName, environment: options.environment)) ?? .monochrome
    }
    var keymap = Keymap.standard
    if let file = options.keymapFile {
      do {
        keymap = try KeymapFile.apply(try String(contentsOfFile: file, encoding: .utf8), to: keymap)
      } catch let problem as KeymapFile.Problem {
        startupProblems.append("\(file): \(problem.description); using the default keys")
      } catch {
        startupProblems.append("\(file): cannot read keymap file; using the default keys")
      }
    }
    let terminal = try Terminal(
      theme: theme,
      options: TerminalOptions(
        minimumRows: DashboardApp.minimumSize.rows, minimumColumns: DashboardApp.minimumSize.columns,
        environment: options.environment))
    defer { terminal.shutdown() }
    let app = DashboardApp(
      client: client, keymap: keymap, themes: themes, themeName: themeName, unicode: terminal.supportsUnicode)
    app.start()
    defer { app.stop() }
    if let problem = startupProblems.first { app.flash(problem, level: .error) }
    let clock = ContinuousClock()
    let started = clock.now
    var script = options.script[...]
    let signal = terminal.run(
      tick: .milliseconds(100),
      onTick: {
        var result = app.tick()
        let elapsed = clock.now - started
        if let limit = options.exitAfter, elapsed >= limit { return .quit }
        while let step = script.first, step.at <= elapsed {
          script = script.dropFirst()
          guard let key = step.key else { return .quit }
          result.formUnion(app.handle(key))
          if result.contains(.quit) { return .quit }
        }
        result.formUnion(applyPending(app, terminal: terminal, environment: options.environment))
        return result
      },
      render: { grid in app.draw(into: &grid) },
      handle: { key in
        var result = app.handle(key)
        result.formUnion(applyPending(app, terminal: terminal, environment: options.environment))
        return result
      })
    return signal
  }

  /// Carries out what the app asked of the terminal: a new theme, or an editor to run.
  private static func applyPending(_ app: DashboardApp, terminal: Terminal, environment: [String: String]) -> EventResult {
    var result: EventResult = []
    if let theme = app.pendingTheme {
      terminal.theme = theme
      app.pendingTheme = nil
      result.insert(.repaint)
    }
    if let edit = app.pendingEdit {
      app.pendingEdit = nil
      let editor = EditRequest.editorCommand(environment: environment)
      let status = terminal.withScreenSuspended { ExternalEditor.run(editor, path: edit.path) }
      app.finishEdit(edit, editorStatus: status, editor: editor)
      result.insert(.repaint)
    }
    return result
  }
}
