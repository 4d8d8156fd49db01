import Foundation
import KubeModel
import Testing

@testable import ClusterEngine

@Suite struct ShellTests {
  /// Two ready nginx pods behind service `web`, one not ready; a busybox pod with
  /// configuration from a ConfigMap, a Secret and the downward API; service `db` without
  /// ready pods.
  func cluster() throws -> Cluster {
    let cluster = Fixture.cluster()
    try cluster.api.create(Fixture.node("worker-1"))
    var settings = ConfigMap()
    settings.metadata = ObjectMeta(name: "settings", namespace: "default")
    settings.data = ["LOG_LEVEL": "debug", "app.conf": "listen 8080\n"]
    try cluster.api.create(settings)
    var secret = Secret()
    secret.metadata = ObjectMeta(name: "db-credentials", namespace: "default")
    secret.data = ["password": Data("s3cret".utf8).base64EncodedString()]
    try cluster.api.create(secret)
    try cluster.api.create(Fixture.service("web", selector: ["app": "web"], clusterIP: "10.96.12.34"))
    try cluster.api.create(Fixture.service("db", selector: ["app": "db"], port: 5432))
    for (name, ip) in [("web-1", "10.244.1.11"), ("web-2", "10.244.1.12")] {
      try Fixture.runningPod(Fixture.pod(name, labels: ["app": "web"]), on: "worker-1", ip: ip, in: cluster)
    }
    try Fixture.runningPod(Fixture.pod("web-3", labels: ["app": "web"]), on: "worker-1", ip: "10.244.1.13", in: cluster, ready: false)
    var toolbox = Fixture.pod("toolbox", image: "busybox:1.36", port: nil)
    var container = toolbox.spec?.containers?[0] ?? Container()
    container.command = ["sleep", "3600"]
    let level = Self.variable("LOG_LEVEL") { $0.configMapKeyRef = Self.key("settings", "LOG_LEVEL") }
    let password = Self.variable("DB_PASSWORD") { $0.secretKeyRef = Self.key("db-credentials", "password") }
    let node = Self.variable("NODE_NAME") { source in
      source.fieldRef = ObjectFieldSelector()
      source.fieldRef?.fieldPath = "spec.nodeName"
    }
    container.env = [level, password, node, EnvVar(name: "GREETING", value: "hello from $(NODE_NAME)")]
    var mount = VolumeMount()
    mount.name = "config"
    mount.mountPath = "/etc/app"
    container.volumeMounts = [mount]
    toolbox.spec?.containers = [container]
    var volume = Volume()
    volume.name = "config"
    volume.configMap = ConfigMapVolumeSource()
    volume.configMap?.name = "settings"
    toolbox.spec?.volumes = [volume]
    try Fixture.runningPod(toolbox, on: "worker-1", ip: "10.244.1.20", in: cluster)
    return cluster
  }

  static func variable(_ name: String, _ source: (inout EnvVarSource) -> Void) -> EnvVar {
    var variable = EnvVar()
    variable.name = name
    var value = EnvVarSource()
    source(&value)
    variable.valueFrom = value
    return variable
  }

  static func key(_ name: String, _ key: String) -> KeySelector {
    var selector = KeySelector()
    selector.name = name
    selector.key = key
    return selector
  }

  func shell(_ pod: String = "toolbox", in cluster: Cluster) throws -> SimulatedShell {
    try SimulatedShell(cluster: cluster, namespace: "default", pod: pod)
  }

  @Test func filesTheKubeletWrites() throws {
    let cluster = try cluster()
    var shell = try shell(in: cluster)
    #expect(shell.run(line: "cat /etc/hostname").stdout == "toolbox\n")
    #expect(
      shell.run(line: "cat /etc/resolv.conf").stdout
        == "search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n")
    #expect(shell.run(line: "cat /etc/hosts").stdout.hasSuffix("fe00::2\tip6-allrouters\n10.244.1.20\ttoolbox\n"))
    #expect(shell.run(line: "cat /etc/app/app.conf").stdout == "listen 8080\n")
    #expect(shell.run(line: "ls /etc/app").stdout == "LOG_LEVEL  app.conf\n")
    #expect(shell.run(line: "cat /var/run/secrets/kubernetes.io/serviceaccount/namespace").stdout == "default")
    let missing = shell.run(line: "cat /nope")
    #expect(missing.stderr == "cat: /nope: No such file or directory\n")
    #expect(missing.exitCode == 1)
    #expect(shell.run(line: "cat /etc").stderr == "cat: /etc: Is a directory\n")
    #expect(shell.run(line: "ls /missing").stderr == "ls: cannot access '/missing': No such file or directory\n")
  }

  @Test func nginxServesItsWelcomePage() throws {
    let cluster = try cluster()
    var shell = try shell("web-1", in: cluster)
    let page = shell.run(line: "cat /usr/share/nginx/html/index.html").stdout
    #expect(page.contains("<title>Welcome to nginx!</title>"))
    #expect(shell.run(line: "ls /usr/share/nginx/html").stdout == "50x.html  index.html\n")
    let local = shell.run(line: "curl -s localhost")
    #expect(local.stdout == page)
    #expect(local.stderr == "* simulated: answered by pod default/web-1 (10.244.1.11:80)\n")
  }

  @Test func environmentResolvesReferencesAndServiceLinks() throws {
    let cluster = try cluster()
    var shell = try shell(in: cluster)
    let lines = Set(shell.run(line: "env").stdout.split(separator: "\n").map(String.init))
    for expected in [
      "HOSTNAME=toolbox", "LOG_LEVEL=debug", "DB_PASSWORD=s3cret", "NODE_NAME=worker-1", "GREETING=hello from worker-1",
      "KUBERNETES_SERVICE_HOST=10.96.0.1", "KUBERNETES_SERVICE_PORT=443", "KUBERNETES_SERVICE_PORT_HTTPS=443",
      "KUBERNETES_PORT=tcp://10.96.0.1:443", "KUBERNETES_PORT_443_TCP_ADDR=10.96.0.1", "WEB_SERVICE_HOST=10.96.12.34",
      "WEB_SERVICE_PORT=80", "WEB_PORT=tcp://10.96.12.34:80", "WEB_PORT_80_TCP_PROTO=tcp", "HOME=/root", "PWD=/",
    ] {
      #expect(lines.contains(expected), "missing \(expected)")
    }
    #expect(lines.contains { $0.hasPrefix("DB_SERVICE_HOST=10.96.") })
    #expect(shell.run(line: "echo $LOG_LEVEL ${NODE_NAME} '$HOME'").stdout == "debug worker-1 $HOME\n")
    #expect(shell.run(line: "printenv DB_PASSWORD").stdout == "s3cret\n")
  }

  @Test func processesAndIdentity() throws {
    let cluster = try cluster()
    var shell = try shell(in: cluster)
    #expect(
      shell.run(line: "ps").stdout
        == "PID   USER     TIME  COMMAND\n    1 root      0:00 sleep 3600\n   40 root      0:00 sh\n   47 root      0:00 ps\n")
    #expect(shell.run(line: "hostname").stdout == "toolbox\n")
    #expect(shell.run(line: "whoami").stdout == "root\n")
    #expect(shell.run(line: "date").stdout == "Thu Jan  1 00:00:00 UTC 2026\n")
    cluster.advance(by: 3725)
    #expect(shell.run(line: "date").stdout == "Thu Jan  1 01:02:05 UTC 2026\n")
    var nginx = try self.shell("web-2", in: cluster)
    #expect(nginx.run(line: "ps").stdout.contains("    1 root      0:00 nginx: master process nginx -g daemon off;\n"))
  }

  @Test func workingDirectoryAndSequencing() throws {
    let cluster = try cluster()
    var shell = try shell(in: cluster)
    #expect(shell.run(line: "pwd").stdout == "/\n")
    #expect(shell.run(line: "cd /etc/app && pwd && ls").stdout == "/etc/app\nLOG_LEVEL  app.conf\n")
    #expect(shell.run(line: "cat app.conf").stdout == "listen 8080\n")
    let failed = shell.run(line: "cd /nowhere && echo never; echo after")
    #expect(failed.stderr == "sh: 1: cd: can't cd to /nowhere\n")
    #expect(failed.stdout == "after\n")
    #expect(shell.run(line: "cd ..; pwd").stdout == "/etc\n")
    #expect(shell.run(line: "cd; pwd").stdout == "/root\n")
  }

  @Test func unknownCommandsAndExit() throws {
    let cluster = try cluster()
    var shell = try shell(in: cluster)
    let unknown = shell.run(line: "foo --bar")
    #expect(unknown.stderr == "sh: 1: foo: not found\n")
    #expect(unknown.exitCode == 127)
    let exit = shell.run(line: "exit 3; echo no")
    #expect(exit.exitCode == 3)
    #expect(exit.stdout == "")
    #expect(shell.hasExited)
    #expect(shell.run(line: "echo 'open").exitCode == 2)
  }

  @Test func aContainerThatIsNotRunningCannotBeEntered() throws {
    let cluster = try cluster()
    // Scheduled, its image never pulled: the container waits, as the study guide's typo does.
    var pod = Fixture.pod("typo", image: "ningx:1.14", port: nil)
    pod.spec?.nodeName = "worker-1"
    try cluster.api.create(pod)
    try cluster.api.modify(Pod.self, namespace: "default", name: "typo", status: true) { pod in
      var waiting = ContainerStatus()
      waiting.name = pod.spec?.containers?.first?.name
      waiting.state = ContainerState(waiting: ContainerStateWaiting())
      var status = pod.status ?? PodStatus()
      status.phase = "Pending"
      status.containerStatuses = [waiting]
      pod.status = status
    }
    let name = pod.spec?.containers?.first?.name ?? ""
    #expect(throws: Status.containerNotFound(name)) { try shell("typo", in: cluster) }
    // The running pods still open.
    var running = try shell("web-1", in: cluster)
    #expect(running.run(line: "hostname").stdout == "web-1\n")
    let ip = try #require(cluster.store.get(Pod.self, namespace: "default", name: "web-1")?.status?.podIP)
    #expect(running.run(line: "hostname -i").stdout == "\(ip)\n")
  }

  @Test func programsRunWithoutAShellOrAreRefusedByTheRuntime() throws {
    let cluster = try cluster()
    var shell = try shell(in: cluster)
    // A program the image lacks, run directly, cannot start: the runtime's error, no exit code.
    let missing = shell.run(["nosuchcmd", "--flag"])
    #expect(missing.failure?.hasPrefix("error executing command in container: failed to exec in container: failed to start exec \"") == true)
    #expect(missing.failure?.hasSuffix("exec: \"nosuchcmd\": executable file not found in $PATH: unknown") == true)
    // Through a shell, the shell says so.
    #expect(shell.run(["sh", "-c", "nosuchcmd"]).stderr == "sh: 1: nosuchcmd: not found\n")
    // Containers share their node's kernel.
    let kernel = "6.1.0-test"
    for var node in cluster.store.list(Node.self) {
      var status = node.status ?? NodeStatus()
      var info = status.nodeInfo ?? NodeSystemInfo()
      info.kernelVersion = kernel
      status.nodeInfo = info
      node.status = status
      cluster.store.put(node)
    }
    #expect(shell.run(["uname", "-r"]).stdout == "\(kernel)\n")
    #expect(shell.run(["uname", "-a"]).stdout.hasPrefix("Linux toolbox \(kernel) "))
    #expect(shell.run(["id"]).stdout == "uid=0(root) gid=0(root) groups=0(root)\n")
    let which = shell.run(["which", "ls", "nginx"])
    #expect(which.stdout == "/bin/ls\n" && which.exitCode == 1)
    // nginx is in nginx's image only.
    #expect(shell.run(["nginx", "-v"]).failure?.contains("exec: \"nginx\": executable file not found") == true)
    var web = try self.shell("web-1", in: cluster)
    #expect(web.run(["nginx", "-v"]).stderr.hasPrefix("nginx version: nginx/"))
  }

  @Test func nslookupAnswersFromServices() throws {
    let cluster = try cluster()
    var shell = try shell(in: cluster)
    // The shell runs in busybox: its nslookup writes the server's port after a colon.
    let expected = "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\nName:\tweb.default.svc.cluster.local\nAddress: 10.96.12.34\n\n"
    #expect(shell.run(line: "nslookup web").stdout == expected)
    #expect(shell.run(line: "nslookup web.default").stdout == expected)
    #expect(shell.run(line: "nslookup web.default.svc.cluster.local").stdout == expected)
    #expect(shell.run(line: "nslookup kubernetes.default").stdout.contains("Address: 10.96.0.1\n"))
    let missing = shell.run(line: "nslookup nothing")
    #expect(missing.stdout == "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n** server can't find nothing: NXDOMAIN\n\n")
    #expect(missing.exitCode == 1)
  }

  @Test func curlIsAnsweredByReadyPodsRoundRobin() throws {
    let cluster = try cluster()
    var shell = try shell(in: cluster)
    var answered: [String] = []
    for _ in 0..<4 {
      let result = shell.run(line: "curl http://web/")
      #expect(result.exitCode == 0)
      #expect(result.stdout.contains("<h1>Welcome to nginx!</h1>"))
      answered.append(result.stderr)
    }
    #expect(
      answered == [
        "* simulated: answered by pod default/web-1 (10.244.1.11:80)\n",
        "* simulated: answered by pod default/web-2 (10.244.1.12:80)\n",
        "* simulated: answered by pod default/web-1 (10.244.1.11:80)\n",
        "* simulated: answered by pod default/web-2 (10.244.1.12:80)\n",
      ])
    let byIP = shell.run(line: "curl -i 10.96.12.34/missing")
    #expect(byIP.stdout.hasPrefix("HTTP/1.1 404 Not Found\r\nServer: nginx/1.14\r\n"))
    #expect(byIP.stdout.contains("<hr><center>nginx/1.14</center>"))
    let noEndpoints = shell.run(line: "curl db:5432")
    #expect(noEndpoints.stderr == "curl: (7) Failed to connect to db port 5432 after 0 ms: Couldn't connect to server\n")
    #expect(noEndpoints.exitCode == 7)
    let wrongPort = shell.run(line: "curl web:8080")
    #expect(wrongPort.exitCode == 7)
    let unknown = shell.run(line: "curl http://nowhere")
    #expect(unknown.stderr == "curl: (6) Could not resolve host: nowhere\n")
    #expect(unknown.exitCode == 6)
    #expect(shell.run(line: "curl https://kubernetes.default").stdout.contains(#""reason": "Forbidden""#))
  }

  /// BusyBox wget, the usual tool in a busybox pod: the body to stdout with `-qO-`,
  /// progress on stderr otherwise, and its own errors.
  @Test func wgetAsBusyBoxPrintsIt() throws {
    let cluster = try cluster()
    var shell = try shell(in: cluster)
    let quiet = shell.run(line: "wget -qO- http://web")
    #expect(quiet.exitCode == 0)
    #expect(quiet.stdout.contains("<h1>Welcome to nginx!</h1>"))
    #expect(quiet.stderr.isEmpty)
    let saved = shell.run(line: "wget web")
    #expect(saved.stdout.isEmpty)
    #expect(saved.stderr.hasPrefix("Connecting to web (10.96.12.34:80)\nsaving to 'index.html'\nindex.html           100% |"))
    #expect(saved.stderr.hasSuffix("'index.html' saved\n"))
    let missing = shell.run(line: "wget -O- web/missing")
    #expect(missing.stderr.hasSuffix("wget: server returned error: HTTP/1.1 404 Not Found\n"))
    #expect(missing.exitCode == 1)
    #expect(shell.run(line: "wget -q nowhere").stderr == "wget: bad address 'nowhere'\n")
    let refused = shell.run(line: "wget -qO- db:5432")
    #expect(refused.stderr.hasPrefix("wget: can't connect to remote host ("))
    #expect(refused.exitCode == 1)
  }

  @Test func openingRefusesAsTheAPIServerDoes() throws {
    let cluster = try cluster()
    #expect(throws: Status.notFound(.pods, name: "ghost")) { try SimulatedShell(cluster: cluster, namespace: "default", pod: "ghost") }
    #expect(throws: Status.badRequest("container app is not valid for pod toolbox")) {
      try SimulatedShell(cluster: cluster, namespace: "default", pod: "toolbox", container: "app")
    }
    try cluster.api.create(Fixture.pod("pending"))
    #expect(throws: Status.badRequest("pod pending does not have a host assigned")) {
      try SimulatedShell(cluster: cluster, namespace: "default", pod: "pending")
    }
  }

  @Test func execThroughTheClient() async throws {
    let host = EmbeddedCluster(try cluster())
    let result = try await host.exec(namespace: "default", pod: "toolbox", container: nil, command: ["sh", "-c", "cd /etc/app && ls"])
    #expect(result.stdout == "LOG_LEVEL  app.conf\n")
    let direct = try await host.exec(namespace: "default", pod: "web-1", container: "nginx", command: ["cat", "/etc/hostname"])
    #expect(direct.stdout == "web-1\n")
    // A program the image lacks does not start: the runtime's error, not an exit code.
    let missing = try await host.exec(namespace: "default", pod: "web-1", container: nil, command: ["top"])
    #expect(missing.failure?.contains("exec: \"top\": executable file not found in $PATH") == true)
    #expect(try await host.exec(namespace: "default", pod: "web-1", container: nil, command: ["sh", "-c", "top"]).exitCode == 127)
  }

  /// A session's working directory lasts from one exec to the next when passed back.
  @Test func aSessionKeepsItsWorkingDirectory() async throws {
    let host = EmbeddedCluster(try cluster())
    let first = try await host.exec(
      namespace: "default", pod: "toolbox", container: nil, command: ["sh", "-c", "cd /etc/app"], stdin: "", workingDirectory: nil)
    #expect(first.workingDirectory == "/etc/app")
    let next = try await host.exec(
      namespace: "default", pod: "toolbox", container: nil, command: ["sh", "-c", "pwd; cat app.conf"], stdin: "",
      workingDirectory: first.workingDirectory)
    #expect(next.stdout == "/etc/app\nlisten 8080\n")
    // A directory that is not there (any more) starts at the root.
    let gone = try await host.exec(
      namespace: "default", pod: "toolbox", container: nil, command: ["pwd"], stdin: "", workingDirectory: "/nowhere")
    #expect(gone.stdout == "/\n")
  }

  @Test func pipelinesFeedEachCommandTheOutputBefore() throws {
    let cluster = try cluster()
    var shell = try shell(in: cluster)
    #expect(shell.run(line: "cat /etc/passwd | wc -l").stdout == "2\n")
    #expect(shell.run(line: "cat /etc/passwd | grep root | wc -w").stdout == "1\n")
    #expect(shell.run(line: "ps | grep -c sleep").stdout == "1\n")
    // Into a pipe, `ls` lists one name a line.
    #expect(shell.run(line: "ls /etc/app | head -n 1").stdout == "LOG_LEVEL\n")
    // The status is the last command's; `&&` and `||` read it.
    let none = shell.run(line: "cat /etc/passwd | grep nosuchuser || echo absent")
    #expect(none.stdout == "absent\n")
    #expect(none.exitCode == 0)
    #expect(shell.run(line: "echo x | grep y").exitCode == 1)
    // `$?` is the status of the command before, when the next one runs.
    #expect(shell.run(line: "ls /nope 2>/dev/null; echo $?; false || echo \"was $?\"; true; echo $?").stdout == "2\nwas 1\n0\n")
    // Each command of a pipeline runs in a subshell: `cd` and `exit` there change nothing.
    #expect(shell.run(line: "cd /etc | true; pwd").stdout == "/\n")
    #expect(shell.run(line: "exit 4 | true; echo still").stdout == "still\n")
    #expect(!shell.hasExited)
    for (line, message) in [("ls | ", "Syntax error: end of file unexpected"), ("| ls", "Syntax error: \"|\" unexpected"),
      ("ls | ; pwd", "Syntax error: \";\" unexpected"), ("ls || && pwd", "Syntax error: \"&&\" unexpected")]
    {
      let failed = shell.run(line: line)
      #expect(failed.stderr == "sh: 1: \(message)\n", "\(line)")
      #expect(failed.exitCode == 2)
    }
    #expect(shell.run(line: "sleep 1 &").stderr == "sh: 1: &: background jobs and command substitution are not simulated\n")
  }

  @Test func textFiltersReadFilesOrTheirInput() throws {
    let cluster = try cluster()
    var shell = try shell(in: cluster)
    let text = "pear 3\napple 10\nPear 2\napple 10\nfig 1\n"
    #expect(shell.run(["grep", "pear"], input: text).stdout == "pear 3\n")
    #expect(shell.run(["grep", "-i", "-n", "pear"], input: text).stdout == "1:pear 3\n3:Pear 2\n")
    #expect(shell.run(["grep", "-vc", "apple"], input: text).stdout == "3\n")
    #expect(shell.run(["grep", "-o", "[0-9]\\+"], input: "a1b22\n").stdout == "1\n22\n")
    #expect(shell.run(["grep", "-E", "^(fig|pear) "], input: text).stdout == "pear 3\nfig 1\n")
    // In a basic expression `(`, `|` and `+` are plain characters.
    #expect(shell.run(["grep", "(a|b)+"], input: "x (a|b)+ y\nab\n").stdout == "x (a|b)+ y\n")
    #expect(shell.run(["grep", "-w", "app"], input: "app\napple\n").stdout == "app\n")
    #expect(shell.run(["grep", "-q", "fig"], input: text).stdout.isEmpty)
    #expect(shell.run(["grep", "-q", "fig"], input: text).exitCode == 0)
    #expect(shell.run(["grep", "-c", "root", "/etc/passwd", "/etc/hostname"]).stdout == "/etc/passwd:1\n/etc/hostname:0\n")
    let missing = shell.run(["grep", "x", "/nope"])
    #expect(missing.stderr == "grep: /nope: No such file or directory\n")
    #expect(missing.exitCode == 2)
    #expect(shell.run(["grep"]).stderr == "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n")
    #expect(shell.run(["grep", "-Z", "x"]).stderr == "grep: invalid option -- 'Z'\nTry 'grep --help' for more information.\n")

    #expect(shell.run(["wc", "-l"], input: text).stdout == "5\n")
    #expect(shell.run(["wc"], input: "one two\nthree\n").stdout == "      2       3      14\n")
    #expect(shell.run(["wc", "/etc/hostname"]).stdout == "1 1 8 /etc/hostname\n")
    #expect(shell.run(["wc", "-l", "/etc/hostname", "/etc/passwd"]).stdout == " 1 /etc/hostname\n 2 /etc/passwd\n 3 total\n")

    #expect(shell.run(["head", "-n", "2"], input: text).stdout == "pear 3\napple 10\n")
    #expect(shell.run(["head", "-1"], input: text).stdout == "pear 3\n")
    #expect(shell.run(["tail", "-n", "1"], input: text).stdout == "fig 1\n")
    #expect(shell.run(["tail", "-n", "+4"], input: text).stdout == "apple 10\nfig 1\n")
    #expect(shell.run(["head", "-c", "4"], input: text).stdout == "pear")
    #expect(shell.run(["head", "-c", "-4"], input: text).stderr == "head: invalid number of bytes: '-4'\n")
    #expect(shell.run(["head", "-n", "x"], input: text).stderr == "head: invalid number of lines: 'x'\n")

    #expect(shell.run(["sort"], input: text).stdout == "Pear 2\napple 10\napple 10\nfig 1\npear 3\n")
    #expect(shell.run(["sort", "-u"], input: text).stdout == "Pear 2\napple 10\nfig 1\npear 3\n")
    #expect(shell.run(["sh", "-c", "cut; true"]).exitCode == 0)
    #expect(shell.run(["sort", "-rn"], input: "2\n10\n1\n").stdout == "10\n2\n1\n")
    #expect(shell.run(["uniq", "-c"], input: "a\na\nb\na\n").stdout == "      2 a\n      1 b\n      1 a\n")
    #expect(shell.run(["uniq", "-d"], input: "a\na\nb\n").stdout == "a\n")
    #expect(shell.run(["cat"], input: "as is").stdout == "as is")
    #expect(shell.run(["cat", "/etc/hostname", "-"], input: "more\n").stdout == "toolbox\nmore\n")
    // A shell reads its script from its input, line by line.
    #expect(shell.run(["sh"], input: "cd /etc/app\npwd\nls | wc -l\n").stdout == "/etc/app\n2\n")
  }

  /// `kubectl exec -i` waits for the end of the input only for a command that reads it.
  @Test func whichCommandsReadTheirInput() {
    for command in [["cat"], ["grep", "x"], ["grep", "-e", "x"], ["wc", "-l"], ["sort"], ["sh"], ["sh", "-c", "grep x | wc -l"],
      ["cat", "-"], ["sh", "-c", "cd /; cat"]]
    {
      #expect(SimulatedShell.readsInput(command), "\(command)")
    }
    for command in [["ls"], ["cat", "/etc/hosts"], ["grep", "x", "/etc/hosts"], ["hostname"], ["sh", "-c", "ls | wc -l"],
      ["sh", "-c", "exit 3"], ["wc", "-l", "/etc/passwd"], []]
    {
      #expect(!SimulatedShell.readsInput(command), "\(command)")
    }
  }

  /// `for NAME in WORDS; do …; done`: the body once per word, `$NAME` each in turn; loops
  /// nest, pipe and join with `&&` / `||`; `seq` counts.
  @Test func forLoopsRunTheirBodyForEachWord() throws {
    let cluster = try cluster()
    var shell = try shell(in: cluster)
    #expect(shell.run(line: "for i in 1 2 3; do echo n$i; done").stdout == "n1\nn2\nn3\n")
    #expect(
      shell.run(line: "echo start; for f in a b; do for n in 1 2; do echo $f$n; done; done && echo ok").stdout
        == "start\na1\na2\nb1\nb2\nok\n")
    #expect(shell.run(line: "for x in $NODE_NAME 'a b'; do echo \"[$x]\"; done").stdout == "[worker-1]\n[a b]\n")
    let substituted = shell.run(line: "for i in $(seq 3); do echo; done")
    #expect(substituted.exitCode == 2 && substituted.stderr == "sh: 1: $(: command substitution is not simulated\n")
    #expect(shell.run(line: "for i in 1 2 3; do echo $i; done | wc -l").stdout == "3\n")
    #expect(shell.run(line: "for i in a b; do false; done || echo failed").stdout == "failed\n")
    #expect(shell.run(line: "seq 3; seq 10 -3 1").stdout == "1\n2\n3\n10\n7\n4\n1\n")
    #expect(shell.run(line: "seq x").stderr == "seq: invalid floating point argument: 'x'\n")
    for (line, message) in [
      ("for i in 1 2; echo x; done", "Syntax error: \"do\" expected"),
      ("for i in 1 2; do echo $i", "Syntax error: end of file unexpected (expecting \"done\")"),
      ("for 1x in a; do echo; done", "Syntax error: Bad for loop variable"),
    ] {
      #expect(shell.run(line: line).stderr == "sh: 1: \(message)\n", "\(line)")
    }
    // The variable keeps its last value, and `exit` in the body ends the shell.
    #expect(shell.run(line: "for i in x y; do :; done; echo $i").stdout == "y\n")
    _ = shell.run(line: "for i in 1 2; do exit 4; done; echo never")
    #expect(shell.hasExited)
  }
}
