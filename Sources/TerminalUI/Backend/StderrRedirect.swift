import CNCursesShim
import Foundation

/// Sends stderr to a log file while curses owns the screen, and gives it back afterwards.
///
/// Messages written meanwhile (warnings, a Swift runtime error before a crash) are copied to
/// the real stderr on `end()`, or by the C shim on a crash or at exit.
struct StderrRedirect {
  private let savedDescriptor: Int32
  private let logDescriptor: Int32

  /// Starts redirecting; nil if descriptors cannot be duplicated.
  init?(logPath: String?) {
    let saved = dup(STDERR_FILENO)
    guard saved >= 0 else { return nil }
    var log: Int32
    if let logPath {
      log = open(logPath, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
    } else {
      var template = Array((NSTemporaryDirectory() + "/kubedeck-stderr-XXXXXX").utf8CString)
      log = template.withUnsafeMutableBufferPointer { buffer in
        guard let base = buffer.baseAddress else { return -1 }
        let descriptor = mkstemp(base)
        if descriptor >= 0 { unlink(base) }
        return descriptor
      }
    }
    guard log >= 0, dup2(log, STDERR_FILENO) >= 0 else {
      if log >= 0 { close(log) }
      close(saved)
      return nil
    }
    savedDescriptor = saved
    logDescriptor = log
    ncshim_set_stderr_redirect(saved, log)
  }

  /// Points stderr back at the real one for a while (a child process should not write to the log).
  func pause() {
    fflush(nil)
    dup2(savedDescriptor, STDERR_FILENO)
  }

  /// Sends stderr to the log again after `pause()`.
  func resume() {
    fflush(nil)
    dup2(logDescriptor, STDERR_FILENO)
  }

  /// Restores stderr and copies what was logged to it.
  func end() {
    ncshim_set_stderr_redirect(-1, -1)
    fflush(nil)
    dup2(savedDescriptor, STDERR_FILENO)
    lseek(logDescriptor, 0, SEEK_SET)
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
      let count = buffer.withUnsafeMutableBytes { read(logDescriptor, $0.baseAddress, $0.count) }
      guard count > 0 else { break }
      _ = buffer.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, count) }
    }
    close(logDescriptor)
    close(savedDescriptor)
  }
}
