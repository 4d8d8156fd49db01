import KubeModel
import Testing

@testable import ClusterEngine

/// What a shell writes in a container lasts as a container's files do: its own files as
/// long as that container, an emptyDir's as long as the pod (shared by its containers).
@Suite struct ContainerFilesTests {
  typealias C = KubeletFixture

  /// Pod `web`: nginx `a` and busybox `b`, both mounting emptyDir `shared` at /data, and
  /// `a` an emptyDir over nginx's html directory.
  func fixture() throws -> KubeletFixture {
    let fixture = try KubeletFixture()
    var a = C.container("a", "nginx:1.27")
    var b = C.container("b", "busybox:1.36", command: ["sleep", "3600"])
    a.volumeMounts = [Self.mount("shared", at: "/data"), Self.mount("html", at: "/usr/share/nginx/html")]
    b.volumeMounts = [Self.mount("shared", at: "/data")]
    var pod = Pod()
    pod.metadata = ObjectMeta(name: "web", namespace: "default")
    var spec = PodSpec(containers: [a, b])
    spec.nodeName = "worker-1"
    var shared = Volume()
    shared.name = "shared"
    shared.emptyDir = EmptyDirVolumeSource()
    var html = Volume()
    html.name = "html"
    html.emptyDir = EmptyDirVolumeSource()
    spec.volumes = [shared, html]
    pod.spec = spec
    try fixture.cluster.api.create(pod)
    fixture.cluster.advance(by: 30)
    return fixture
  }

  static func mount(_ name: String, at path: String) -> VolumeMount {
    var mount = VolumeMount()
    mount.name = name
    mount.mountPath = path
    return mount
  }

  func shell(_ container: String, in fixture: KubeletFixture) throws -> SimulatedShell {
    try SimulatedShell(cluster: fixture.cluster, namespace: "default", pod: "web", container: container)
  }

  @Test func writesLastAsLongAsTheirContainerOrPod() throws {
    let fixture = try fixture()
    var a = try shell("a", in: fixture)
    let wrote = a.run(line: "echo hello > /tmp/note && echo again >> /tmp/note && echo shared > /data/x && mkdir -p /data/d/e && ls /data")
    #expect(wrote.stdout == "d  x\n", "\(wrote)")
    #expect(wrote.stderr.isEmpty)
    // A later session of the same container finds its files.
    var again = try shell("a", in: fixture)
    #expect(again.run(line: "cat /tmp/note").stdout == "hello\nagain\n")
    // The other container shares the volume, not the container's own files.
    var b = try shell("b", in: fixture)
    #expect(b.run(line: "cat /data/x").stdout == "shared\n")
    #expect(b.run(line: "ls /data/d").stdout == "e\n")
    #expect(b.run(line: "cat /tmp/note").stderr == "cat: /tmp/note: No such file or directory\n")
    // A restart replaces the container: its own files are gone, the volume's stay.
    try fixture.kubelet.crashContainer(namespace: "default", pod: "web", container: "a")
    fixture.cluster.advance(by: 15)
    #expect(fixture.status("web")?.restartCount == 1)
    var restarted = try shell("a", in: fixture)
    #expect(restarted.run(line: "cat /tmp/note").exitCode == 1)
    #expect(restarted.run(line: "cat /data/x").stdout == "shared\n")
    // Removing from the volume removes it for everyone.
    #expect(restarted.run(line: "rm -r /data/d /data/x && ls /data").stdout == "")
    #expect(b.run(line: "ls /data").stdout == "")
  }

  @Test func aVolumeHidesWhatTheImageHadThere() throws {
    let fixture = try fixture()
    var a = try shell("a", in: fixture)
    #expect(a.run(line: "ls /usr/share/nginx/html").stdout == "")
    #expect(a.run(line: "ls /usr/share/nginx").stdout == "html\n")
  }

  @Test func refusedWritesSayWhy() throws {
    let fixture = try fixture()
    var a = try shell("a", in: fixture)
    let cases: [(String, String, Int32)] = [
      ("rm /etc/hostname", "rm: cannot remove '/etc/hostname': Device or resource busy", 1),
      ("rm -r /data", "rm: cannot remove '/data': Device or resource busy", 1),
      ("rm /etc", "rm: cannot remove '/etc': Is a directory", 1),
      ("rm /nope", "rm: cannot remove '/nope': No such file or directory", 1),
      ("echo x > /var/run/secrets/kubernetes.io/serviceaccount/token", "sh: 1: cannot create /var/run/secrets/kubernetes.io/serviceaccount/token: Read-only file system", 2),
      ("echo x > /nope/y", "sh: 1: cannot create /nope/y: Directory nonexistent", 2),
      ("echo x > /etc", "sh: 1: cannot create /etc: Is a directory", 2),
      ("mkdir /etc", "mkdir: cannot create directory '/etc': File exists", 1),
      ("mkdir /a/b", "mkdir: cannot create directory '/a/b': No such file or directory", 1),
      ("touch /etc/hostname/x", "touch: cannot touch '/etc/hostname/x': Not a directory", 1),
      ("cat < /nope", "sh: 1: cannot open /nope: No such file", 2),
      ("echo >", "sh: 1: Syntax error: newline unexpected", 2),
    ]
    for (line, message, status) in cases {
      let result = a.run(line: line)
      #expect(result.stderr == message + "\n", "\(line)")
      #expect(result.exitCode == status, "\(line)")
    }
    #expect(a.run(line: "rm -f /nope").exitCode == 0)
  }

  @Test func redirectionsRouteEachDescriptor() throws {
    let fixture = try fixture()
    var a = try shell("a", in: fixture)
    #expect(a.run(line: "cat < /etc/hostname").stdout == "web\n")
    #expect(a.run(line: "ls /nope 2>/dev/null").stderr.isEmpty)
    #expect(a.run(line: "ls /nope 2>&1 | wc -l").stdout == "1\n")
    let swapped = a.run(line: "echo oops >&2")
    #expect(swapped.stdout.isEmpty && swapped.stderr == "oops\n")
    #expect(a.run(line: "ls /nope /etc/hostname > /tmp/out 2>&1; wc -l < /tmp/out").stdout == "2\n")
    #expect(a.run(line: "ls /etc > /tmp/out; head -n 2 /tmp/out").stdout == "hostname\nhosts\n")
    #expect(a.run(line: "echo one | tee /tmp/t; cat /tmp/t").stdout == "one\none\n")
    #expect(a.run(line: "cp /tmp/t /tmp/u && mv /tmp/u /data/ && cat /data/u && ls /tmp").stdout == "one\nout  t\n")
    #expect(a.run(line: "test -d /data && [ -f /data/u ] && [ ! -e /data/zz ] && echo yes").stdout == "yes\n")
  }

  /// `kubectl cp` runs `tar cf - PATH` to copy out and `tar xmf - -C DIR` to copy in.
  @Test func tarArchivesAndUnpacks() throws {
    let fixture = try fixture()
    var a = try shell("a", in: fixture)
    _ = a.run(line: "mkdir -p /data/site/css && echo body > /data/site/index.html && echo a > /data/site/css/a.css")
    let packed = a.run(["tar", "cf", "-", "/data/site"])
    #expect(packed.stderr == "tar: Removing leading `/' from member names\n")
    #expect(packed.stdout.utf8.count % TarArchive.record == 0)
    let members = TarArchive.members(of: Array(packed.stdout.utf8)) ?? []
    #expect(members.map(\.name) == ["data/site/", "data/site/css/", "data/site/css/a.css", "data/site/index.html"])
    #expect(members.last?.contents == "body\n")
    #expect(a.run(["tar", "tf", "-"], input: packed.stdout).stdout == members.map { $0.name + "\n" }.joined())
    // Unpacked elsewhere, by the other container.
    var b = try shell("b", in: fixture)
    _ = b.run(line: "mkdir /restore")
    let unpacked = b.run(["tar", "-xmf", "-", "-C", "/restore"], input: packed.stdout)
    #expect(unpacked.exitCode == 0, "\(unpacked)")
    #expect(b.run(line: "cat /restore/data/site/css/a.css").stdout == "a\n")
    #expect(SimulatedShell.readsInput(["tar", "-xmf", "-", "-C", "/tmp"]))
    #expect(!SimulatedShell.readsInput(["tar", "cf", "-", "/tmp"]))
    let missing = a.run(["tar", "cf", "-", "/nope"])
    #expect(missing.exitCode == 2)
    #expect(
      missing.stderr == "tar: Removing leading `/' from member names\ntar: /nope: Cannot stat: No such file or directory\n"
        + "tar: Exiting with failure status due to previous errors\n")
    #expect(a.run(["tar", "xf", "-", "-C", "/nowhere"], input: packed.stdout).exitCode == 2)
    // A header whose size is negative is no archive (and no crash).
    var forged = Array(packed.stdout.utf8)
    for (offset, byte) in "-0000000001\0".utf8.enumerated() { forged[124 + offset] = byte }
    #expect(TarArchive.members(of: forged) == nil)
    #expect(a.run(["tar", "tf", "-"], input: String(decoding: forged, as: UTF8.self)).exitCode == 2)
  }

  /// Port forwarding reaches the pod's program: nginx serves its document root as the
  /// container has it (here an emptyDir over it, so no index until one is written).
  @Test func forwardedRequestsAreAnsweredByThePodsProgram() throws {
    let fixture = try fixture()
    func forward(_ port: Int32, _ text: String) throws -> ForwardReply {
      try PortForward.answer(fixture.cluster, namespace: "default", pod: "web", port: port, received: Array(text.utf8))
    }
    func answer(_ text: String) throws -> String {
      guard case .answer(let bytes, _, _) = try forward(80, text) else { return "" }
      return String(decoding: bytes, as: UTF8.self)
    }
    let forbidden = try answer("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")
    #expect(forbidden.hasPrefix("HTTP/1.1 403 Forbidden\r\nServer: nginx/1.27\r\n"), "\(forbidden)")
    var a = try shell("a", in: fixture)
    _ = a.run(line: "echo '<h1>hello</h1>' > /usr/share/nginx/html/index.html")
    let page = try answer("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")
    #expect(page.hasSuffix("Content-Length: 15\r\nConnection: keep-alive\r\n\r\n<h1>hello</h1>\n"), "\(page)")
    // The shell's curl asks nginx the same way.
    #expect(a.run(line: "curl -s localhost").stdout == "<h1>hello</h1>\n")
    #expect(a.run(line: "curl -s localhost/nope").stdout.contains("<title>404 Not Found</title>"))
    #expect(try answer("HEAD /index.html HTTP/1.1\r\n\r\n").hasSuffix("\r\n\r\n"))
    #expect(try answer("GET /nope HTTP/1.1\r\n\r\n").hasPrefix("HTTP/1.1 404 Not Found"))
    #expect(try answer("POST / HTTP/1.1\r\nContent-Length: 2\r\n\r\nab").hasPrefix("HTTP/1.1 405 Not Allowed"))
    // A request not yet whole waits; a whole one says how much of what arrived it took.
    #expect(try forward(80, "GET / HTTP/1.1\r\nHost: x\r\n") == .incomplete)
    // A negative length is no body: the request is its head alone.
    let negative = "GET / HTTP/1.1\r\nContent-Length: -5\r\n\r\n"
    guard case .answer(_, let taken, _) = try forward(80, negative) else { throw Failure.unexpected }
    #expect(taken == negative.utf8.count)
    let two = "GET / HTTP/1.1\r\n\r\nGET /nope HTTP/1.0\r\n\r\n"
    guard case .answer(_, let consumed, let closes) = try forward(80, two) else { throw Failure.unexpected }
    #expect(consumed == 18 && !closes)
    guard case .answer(_, _, let closesAfter) = try forward(80, String(two.dropFirst(18))) else { throw Failure.unexpected }
    #expect(closesAfter)
    // Nothing listens on 81: the kubelet's refusal.
    guard case .refused(let message) = try forward(81, "GET / HTTP/1.1\r\n\r\n") else { throw Failure.unexpected }
    #expect(message.hasPrefix("error forwarding port 81 to pod "))
    #expect(message.hasSuffix("IPv4: dial tcp4 127.0.0.1:81: connect: connection refused IPv6 dial tcp6 [::1]:81: connect: connection refused "))
  }

  enum Failure: Error { case unexpected }
}
