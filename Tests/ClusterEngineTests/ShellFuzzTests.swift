import KubeModel
import Testing

@testable import ClusterEngine

/// Lines made of the shell's special characters never bring the shell down: each gets an
/// answer with a status a shell gives.
@Suite struct ShellFuzzTests {
  @Test func randomLinesAreAnsweredNotCrashedOn() throws {
    let fixture = try KubeletFixture()
    try fixture.run("web", [KubeletFixture.container("web", "nginx:1.27")])
    fixture.cluster.advance(by: 30)
    var shell = try SimulatedShell(cluster: fixture.cluster, namespace: "default", pod: "web")
    let pieces = [
      "ls", "cat", "grep", "-c", "x", "|", "||", "&&", ";", ">", ">>", "<", "2>&1", ">&", "/tmp/a", "/etc", "'", "\"", "$?",
      "${", "}", "$HOME", "echo", "tar", "cf", "-", "xf", "-C", "head", "-n", "-5", "tail", "+2", "wc", "sort", "-rnu", "uniq",
      "-c", "mkdir", "-p", "rm", "-rf", "cp", "mv", "tee", "[", "]", "test", "-d", "cd", "..", "exit", "\\", "#", " ",
    ]
    var random = SeededRandom(seed: 42)
    for _ in 0..<1_000 {
      let count = 1 + Int(random.next() % 8)
      let line = (0..<count).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined(separator: " ")
      var copy = shell
      let result = copy.run(line: line)
      #expect(result.exitCode >= 0 && result.exitCode <= 127, "\(line)")
      if !copy.hasExited { shell = copy }
    }
  }

  /// Arbitrary bytes as an archive, arbitrary patterns for grep: refused with a message.
  @Test func arbitraryArchivesAndPatternsAreRefused() throws {
    let fixture = try KubeletFixture()
    try fixture.run("web", [KubeletFixture.container("web", "nginx:1.27")])
    fixture.cluster.advance(by: 30)
    var shell = try SimulatedShell(cluster: fixture.cluster, namespace: "default", pod: "web")
    var random = SeededRandom(seed: 7)
    let valid = Array(shell.run(["tar", "cf", "-", "/etc"]).stdout.utf8)
    for round in 0..<200 {
      var bytes = valid
      for _ in 0..<(1 + round % 16) { bytes[Int(random.next() % UInt64(bytes.count))] = UInt8(random.next() % 256) }
      let result = shell.run(["tar", "xf", "-", "-C", "/tmp"], input: String(decoding: bytes.prefix(Int(random.next() % UInt64(bytes.count))), as: UTF8.self))
      #expect(result.exitCode == 0 || result.exitCode == 2)
    }
    for pattern in ["(", "[", "\\(", "a{2", "*x", "\\", "[[:nope:]]", "(?<", "+", "x**"] {
      for flag in ["-E", "-F", "-w"] {
        let result = shell.run(["grep", flag, pattern], input: "a (x\nb\n")
        #expect([0, 1, 2].contains(result.exitCode), "\(flag) \(pattern)")
      }
    }
  }
}
