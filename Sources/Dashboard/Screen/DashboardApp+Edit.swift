import Foundation
import KubeModel

/// `e`: edit the selected object in the user's editor, as `kubectl edit`. The app writes
/// the file and sets `pendingEdit`; the runner leaves curses, runs the editor and calls
/// `finishEdit`, which sends the change in the background. A file to be fixed comes back as
/// `pendingEdit`, and the runner opens the editor on it again.
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
    let (client, inbox) = (self.client, self.inbox)
    Task.detached {
      do {
        switch try await request.send(client: client) {
        case .done(let line):
          inbox.post { $0.flash(line) }
        case .reopen(let next, let message):
          inbox.post { app in
            app.flash(message, level: .error)
            app.pendingEdit = next
          }
        }
      } catch {
        let message = DashboardApp.describe(error)
        inbox.post { $0.flash(message, level: .error) }
      }
    }
  }
}

/// Runs the user's editor on a file, with the terminal handed over to it.
public enum ExternalEditor {
  /// Runs `command` (a shell command line, e.g. `vi` or `code -w`) on `path` in the
  /// foreground, on this terminal, and waits for it; returns its exit status (127 when it
  /// cannot be started, 128 + the signal when one ended it).
  public static func run(_ command: String, path: String) -> Int32 {
    let arguments = ["/bin/sh", "-c", "\(command) \"$1\"", "sh", path]
    var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
    defer { for pointer in argv { free(pointer) } }
    // The editor reads the terminal with blocking reads, with default signal handling and
    // nothing blocked, in this process group (so it stays in the foreground).
    let flags = fcntl(STDIN_FILENO, F_GETFL)
    if flags >= 0, flags & O_NONBLOCK != 0 { _ = fcntl(STDIN_FILENO, F_SETFL, flags & ~O_NONBLOCK) }
    defer { if flags >= 0 { _ = fcntl(STDIN_FILENO, F_SETFL, flags) } }
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var empty = sigset_t()
    sigemptyset(&empty)
    posix_spawnattr_setsigmask(&attributes, &empty)
    var defaults = sigset_t()
    sigemptyset(&defaults)
    for signal in [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGWINCH, SIGTSTP, SIGCONT, SIGPIPE] { sigaddset(&defaults, signal) }
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
    var pid: pid_t = 0
    guard posix_spawn(&pid, "/bin/sh", nil, &attributes, &argv, environ) == 0 else { return 127 }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 {
      guard errno == EINTR else { return 127 }
    }
    let signal = status & 0x7f
    return signal == 0 ? (status >> 8) & 0xff : 128 + signal
  }
}
