import Foundation
import KubeModel

/// `e`: edit the selected object in the user's editor, as `kubectl edit`. The app writes
/// the file and sets `pendingEdit`; the runner leaves curses, runs the editor and calls
/// `finishEdit`, which sends the change in the background.
extension DashboardApp {
  func beginEdit(_ object: any KubeObject) {
    do {
      pendingEdit = try EditRequest.begin(object)
    } catch {
      flash("error: cannot write a temporary file to edit: \(error.localizedDescription)", level: .error)
    }
  }

  /// Called once the editor has exited with `editorStatus`.
  public func finishEdit(_ request: EditRequest, editorStatus: Int32, editor: String) {
    guard editorStatus == 0 else {
      request.discard()
      flash("error: there was a problem with the editor \"\(editor)\"", level: .error)
      return
    }
    run(.edit(request))
  }
}

/// Runs the user's editor on a file, with the terminal handed over to it.
public enum ExternalEditor {
  /// Runs `command` (a shell command line, e.g. `vi` or `code -w`) on `path`; returns its
  /// exit status (127 when it cannot be started).
  public static func run(_ command: String, path: String) -> Int32 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", "\(command) \"$1\"", "sh", path]
    do {
      try process.run()
    } catch {
      return 127
    }
    process.waitUntilExit()
    return process.terminationStatus
  }
}
