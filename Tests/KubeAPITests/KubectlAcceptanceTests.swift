import ClusterEngine
import Foundation
import KubeAPI
import KubeModel
import SeedFixtures
import Testing

/// The study guide's kubectl commands, verbatim where the demo cluster allows, run with the
/// real kubectl against `ClusterFactory.make()`, asserting what a real cluster prints.
/// Virtual time only moves when a test steps it (between commands, or while a command that
/// waits on the cluster runs), so every run sees the same cluster.
///
/// Without kubectl on PATH the suite is reported as skipped, with the reason below.
@Suite(
  .serialized,
  .enabled(if: KubectlHarness.kubectlPath != nil, "kubectl is not installed: the kubectl acceptance test is skipped"))
struct KubectlAcceptanceTests {
  /// Runs `body` against a fresh demo cluster settled for `settle` virtual seconds, then
  /// stops the server and removes the temporary HOME whatever happened.
  static func withDemo(settle: Double = 30, _ body: (EmbeddedCluster, KubectlHarness) async throws -> Void) async throws {
    let cluster = EmbeddedCluster(try ClusterFactory.make(seed: 1))
    cluster.step(by: settle)
    let kubectl = try await KubectlHarness(cluster: cluster)
    do {
      try await body(cluster, kubectl)
    } catch {
      await kubectl.shutdown()
      throw error
    }
    await kubectl.shutdown()
  }

  /// The lines of `text` whose first column is `name`.
  static func rows(_ text: String, named name: String) -> [Substring] {
    text.split(separator: "\n").filter { $0.split(separator: " ").first == Substring(name) }
  }

  /// The whitespace-separated cells of the row of `text` named `name` (nil if none).
  static func cells(_ text: String, named name: String) -> [Substring]? {
    rows(text, named: name).first.map { $0.split(separator: " ") }
  }

  static func ok(_ result: (Int32, String, String), _ command: String, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(result.0 == 0, "kubectl \(command) failed (\(result.0)): \(result.2)", sourceLocation: sourceLocation)
  }

  // MARK: Nodes

  @Test func nodes() async throws {
    try await Self.withDemo { cluster, kubectl in
      let nodes = try await kubectl.run(["get", "nodes"])
      Self.ok(nodes, "get nodes")
      #expect(nodes.1.hasPrefix("NAME            STATUS   ROLES           AGE   VERSION\n"))
      #expect(nodes.1.contains("control-plane   Ready    control-plane   30s   v1.32.4\n"))
      #expect(nodes.1.contains("worker-1        Ready    worker          30s   v1.32.4\n"))
      #expect(nodes.1.split(separator: "\n").count == 6)

      let wide = try await kubectl.run(["get", "nodes", "-o", "wide"])
      Self.ok(wide, "get nodes -o wide")
      #expect(wide.1.split(separator: "\n").first?.split(separator: " ", omittingEmptySubsequences: true) == [
        "NAME", "STATUS", "ROLES", "AGE", "VERSION", "INTERNAL-IP", "EXTERNAL-IP", "OS-IMAGE", "KERNEL-VERSION",
        "CONTAINER-RUNTIME",
      ])
      #expect(Self.rows(wide.1, named: "worker-1").first?.contains("<none>") == true)
      #expect(Self.rows(wide.1, named: "worker-1").first?.contains("containerd://") == true)

      let labels = try await kubectl.run(["get", "nodes", "--show-labels"])
      Self.ok(labels, "get nodes --show-labels")
      #expect(labels.1.split(separator: "\n").first?.hasSuffix("LABELS") == true)
      #expect(Self.rows(labels.1, named: "worker-gpu").first?.contains("gpu=true,kubernetes.io/arch=amd64,kubernetes.io/hostname=worker-gpu") == true)

      // Node maintenance.
      #expect(try await kubectl.run(["cordon", "worker-1"]).1 == "node/worker-1 cordoned\n")
      #expect(Self.rows(try await kubectl.run(["get", "nodes"]).1, named: "worker-1").first?.contains(" Ready,SchedulingDisabled ") == true)
      #expect(try await kubectl.run(["cordon", "worker-1"]).1 == "node/worker-1 already cordoned\n")
      #expect(try await kubectl.run(["uncordon", "worker-1"]).1 == "node/worker-1 uncordoned\n")
      #expect(Self.rows(try await kubectl.run(["get", "nodes"]).1, named: "worker-1").first?.contains(" Ready    worker ") == true)

      // worker-2 runs a kube-proxy (DaemonSet), bare pods and a webserver replica.
      let refused = try await kubectl.run(["drain", "worker-2"])
      #expect(refused.0 == 1)
      #expect(refused.1 == "node/worker-2 cordoned\n")
      #expect(refused.2.contains(#"error: unable to drain node "worker-2" due to error: ["#), "\(refused.2)")
      #expect(refused.2.contains("cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): kube-system/kube-proxy-"))
      #expect(refused.2.contains("cannot delete Pods that declare no controller (use --force to override): default/cache, default/multiple-pod"))
      #expect(refused.2.contains("There are pending nodes to be drained:\n worker-2\n"))

      let drain = try await kubectl.run(["drain", "worker-2", "--ignore-daemonsets", "--force"], stepping: 1, timeout: 40)
      Self.ok(drain, "drain worker-2 --ignore-daemonsets --force")
      let drained = drain.1.split(separator: "\n")
      #expect(drained.first == "node/worker-2 already cordoned")
      #expect(drained.last == "node/worker-2 drained")
      for pod in ["default/cache", "default/multiple-pod"] {
        #expect(drained.contains(Substring("evicting pod \(pod)")), "\(drain.1)")
        #expect(drained.contains(Substring("pod/\(pod.dropFirst("default/".count)) evicted")), "\(drain.1)")
      }
      #expect(drained.contains { $0.hasPrefix("evicting pod default/webserver-") })
      #expect(!drained.contains { $0.contains("kube-proxy") })
      // kubectl lists the two kinds of pods in either order.
      #expect(drain.2.hasPrefix("Warning: "), "\(drain.2)")
      #expect(drain.2.contains("ignoring DaemonSet-managed Pods: kube-system/kube-proxy-"), "\(drain.2)")
      #expect(drain.2.contains("deleting Pods that declare no controller: default/cache, default/multiple-pod"))
      let afterDrain = try await kubectl.run(["get", "pods", "-A", "-o", "wide"]).1
      let onWorker2 = afterDrain.split(separator: "\n").filter { $0.contains(" worker-2 ") }
      #expect(onWorker2.count == 1 && onWorker2.first?.contains("kube-proxy-") == true, "\(afterDrain)")
      // The ReplicaSet replaced its replica elsewhere.
      cluster.step(by: 20)
      let webservers = try await kubectl.run(["get", "pods", "-l", "app=webserver"]).1
      #expect(webservers.split(separator: "\n").filter { $0.contains(" Running ") }.count == 2, "\(webservers)")

      #expect(try await kubectl.run(["delete", "node", "worker-3"]).1 == "node \"worker-3\" deleted\n")
      let remaining = try await kubectl.run(["get", "nodes"]).1
      #expect(Self.rows(remaining, named: "worker-3").isEmpty)
      #expect(remaining.split(separator: "\n").count == 5)
      let gone = try await kubectl.run(["get", "node", "worker-3"])
      #expect(gone.0 == 1 && gone.2 == "Error from server (NotFound): nodes \"worker-3\" not found\n")

      // Node labels.
      #expect(try await kubectl.run(["label", "nodes", "worker-1", "gpu=true"]).1 == "node/worker-1 labeled\n")
      let gpu = try await kubectl.run(["get", "nodes", "-L", "gpu"]).1
      #expect(gpu.split(separator: "\n").first?.hasSuffix("VERSION   GPU") == true, "\(gpu)")
      #expect(Self.rows(gpu, named: "worker-1").first?.hasSuffix("v1.32.4   true") == true)
      #expect(Self.rows(gpu, named: "worker-gpu").first?.hasSuffix("v1.32.4   true") == true)
      #expect(Self.rows(gpu, named: "control-plane").first?.hasSuffix("v1.32.4   ") == true)
      let notOverwritten = try await kubectl.run(["label", "nodes", "worker-1", "gpu=false"])
      #expect(notOverwritten.0 == 1)
      #expect(notOverwritten.2 == "error: 'gpu' already has a value (true), and --overwrite is false\n")
      #expect(try await kubectl.run(["label", "nodes", "worker-1", "gpu=false", "--overwrite"]).1 == "node/worker-1 labeled\n")
      #expect(try await kubectl.run(["get", "nodes", "-L", "gpu"]).1.contains("v1.32.4   false\n"))
      #expect(try await kubectl.run(["label", "nodes", "worker-1", "gpu-"]).1 == "node/worker-1 unlabeled\n")
      let unlabeled = try await kubectl.run(["get", "nodes", "--show-labels"]).1
      #expect(Self.rows(unlabeled, named: "worker-1").first?.contains("gpu=") == false)
    }
  }

  // MARK: Pods

  @Test func pods() async throws {
    try await Self.withDemo { cluster, kubectl in
      let run = try await kubectl.run(["run", "nginx", "--image=nginx:1.14", "--port=80"])
      Self.ok(run, "run nginx")
      #expect(run.1 == "pod/nginx created\n")
      let again = try await kubectl.run(["run", "nginx", "--image=nginx:1.14", "--port=80"])
      #expect(again.0 == 1 && again.2 == "Error from server (AlreadyExists): pods \"nginx\" already exists\n", "\(again.2)")

      let dryRun = try await kubectl.run(["run", "nginx", "--image=nginx:1.14", "--port=80", "--dry-run=client", "-o", "yaml"])
      #expect(dryRun.1 == """
        apiVersion: v1
        kind: Pod
        metadata:
          creationTimestamp: null
          labels:
            run: nginx
          name: nginx
        spec:
          containers:
          - image: nginx:1.14
            name: nginx
            ports:
            - containerPort: 80
            resources: {}
          dnsPolicy: ClusterFirst
          restartPolicy: Always
        status: {}

        """, "\(dryRun.2)")

      let pending = try await kubectl.run(["get", "pods"]).1
      #expect(Self.cells(pending, named: "nginx") == ["nginx", "0/1", "Pending", "0", "0s"], "\(pending)")
      cluster.step(by: 20)
      let pods = try await kubectl.run(["get", "pods"]).1
      #expect(pods.hasPrefix("NAME                         READY   STATUS             RESTARTS   AGE\n"), "\(pods)")
      #expect(Self.rows(pods, named: "nginx").first == "nginx                        1/1     Running            0          20s")
      let wide = try await kubectl.run(["get", "pods", "-o", "wide"]).1
      #expect(wide.split(separator: "\n").first?.hasSuffix("AGE   IP           NODE         NOMINATED NODE   READINESS GATES") == true, "\(wide)")
      let nginxRow = Self.rows(wide, named: "nginx").first ?? ""
      #expect(nginxRow.contains(" 10.244.") && nginxRow.contains(" worker-") && nginxRow.hasSuffix("<none>           <none>"), "\(wide)")

      let describe = try await kubectl.run(["describe", "pod", "nginx"])
      Self.ok(describe, "describe pod nginx")
      for line in [
        "Name:             nginx\n", "Namespace:        default\n", "Labels:           run=nginx\n",
        "Status:           Running\n", "    Image:          nginx:1.14\n", "    Port:           80/TCP\n",
        "    State:          Running\n", "    Ready:          True\n", "QoS Class:                    BestEffort\n",
        "  Normal  Scheduled  ", "Successfully assigned default/nginx to worker-",
        "kubelet            Started container nginx\n",
      ] {
        #expect(describe.1.contains(line), "describe lacks \(line): \(describe.1)")
      }

      // `edit` with an editor that changes the label, as a user would.
      let editor = kubectl.home.appendingPathComponent("editor.sh")
      try "#!/bin/sh\nsed -i 's/run: nginx/run: edited/' \"$1\"\n".write(to: editor, atomically: true, encoding: .utf8)
      try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: editor.path)
      let edit = try await kubectl.run(["edit", "pod", "nginx"], environment: ["KUBE_EDITOR": editor.path])
      #expect(edit.1 == "pod/nginx edited\n", "\(edit.2)")
      let unchanged = try await kubectl.run(["edit", "pod", "nginx"], environment: ["KUBE_EDITOR": "true"])
      #expect(unchanged.0 == 0 && unchanged.2 == "Edit cancelled, no changes made.\n", "\(unchanged)")

      // Labels.
      let shown = try await kubectl.run(["get", "pods", "--show-labels"]).1
      #expect(shown.split(separator: "\n").first?.hasSuffix("AGE   LABELS") == true)
      #expect(Self.rows(shown, named: "nginx").first?.hasSuffix(" run=edited") == true, "\(shown)")
      #expect(Self.rows(shown, named: "frontend-prod").first?.hasSuffix(" app=frontend,env=prod,tier=frontend") == true)
      #expect(try await kubectl.run(["label", "pod", "nginx", "name=mainui"]).1 == "pod/nginx labeled\n")
      let refused = try await kubectl.run(["label", "pod", "nginx", "name=stable"])
      #expect(refused.0 == 1 && refused.2 == "error: 'name' already has a value (mainui), and --overwrite is false\n")
      #expect(try await kubectl.run(["label", "pod", "nginx", "name=stable", "--overwrite"]).1 == "pod/nginx labeled\n")
      let byName = try await kubectl.run(["get", "pods", "-L", "name"]).1
      #expect(byName.split(separator: "\n").first?.hasSuffix("AGE   NAME") == true, "\(byName)")
      #expect(Self.rows(byName, named: "nginx").first?.hasSuffix("   stable") == true, "\(byName)")
      #expect(try await kubectl.run(["label", "pod", "nginx", "name-"]).1 == "pod/nginx unlabeled\n")
      let twice = try await kubectl.run(["label", "pod", "nginx", "name-"])
      #expect(twice.0 == 0 && twice.1 == "label \"name\" not found.\npod/nginx not labeled\n", "\(twice)")
      #expect(Self.rows(try await kubectl.run(["get", "pods", "--show-labels"]).1, named: "nginx").first?.hasSuffix(" run=edited") == true)

      // Logs (the simulated nginx serves some background requests: access-log lines only)
      // and exec.
      let logs = try await kubectl.run(["logs", "nginx"])
      #expect(logs.0 == 0 && logs.2.isEmpty, "\(logs)")
      #expect(logs.1.split(separator: "\n").allSatisfy { $0.hasPrefix("10.244.") && $0.contains(" \"GET /") }, "\(logs.1)")
      let missingLogs = try await kubectl.run(["logs", "nope"])
      #expect(missingLogs.0 == 1 && missingLogs.2 == "error: error from server (NotFound): pods \"nope\" not found in namespace \"default\"\n", "\(missingLogs.2)")
      let listing = try await kubectl.run(["exec", "nginx", "--", "ls", "/"])
      Self.ok(listing, "exec nginx -- ls /")
      #expect(listing.1.split(whereSeparator: { $0 == " " || $0 == "\n" }).contains("etc"), "\(listing.1)")
      #expect(listing.1.split(whereSeparator: { $0 == " " || $0 == "\n" }).contains("usr"))
      // The guide's `exec -it`: stdin here is a file, so kubectl says it cannot use a TTY
      // and runs the shell on stdin, as it would against a real cluster.
      let shell = try await kubectl.run(["exec", "-it", "nginx", "--", "/bin/bash"], stdin: "hostname\nexit\n")
      Self.ok(shell, "exec -it nginx -- /bin/bash")
      #expect(shell.1 == "nginx\n", "\(shell.1)")
      #expect(shell.2 == "Unable to use a TTY - input is not a terminal or the right kind of file\n", "\(shell.2)")
      let sh = try await kubectl.run(["exec", "-i", "nginx", "--", "/bin/sh"], stdin: "hostname\n")
      #expect(sh.0 == 0 && sh.1 == "nginx\n", "\(sh)")
      // With a terminal (util-linux `script` provides one), the interactive shell.
      let script = "/usr/bin/script"
      if FileManager.default.isExecutableFile(atPath: script), let path = KubectlHarness.kubectlPath {
        let terminal = try kubectl.launch(
          ["-qec", "\(path) exec -it nginx -- /bin/bash", "/dev/null"], stdin: "hostname\nexit\n", executable: script)
        var waited = 0
        while terminal.process.isRunning && waited < 500 {
          try await Task.sleep(for: .milliseconds(20))
          waited += 1
        }
        let (screen, _) = terminal.stop()
        #expect(terminal.process.terminationStatus == 0, "\(screen)")
        // The greeting reaches the terminal: it waits until kubectl's streams exist, since
        // kubectl drops output that comes sooner ("Unknown stream id 1").
        #expect(screen.contains("(simulated shell — kubedeck)\r\nroot@nginx:/# "), "\(screen)")
        #expect(!screen.contains("Unknown stream id"), "\(screen)")
        #expect(screen.contains("root@nginx:/# hostname\r\n"), "\(screen)")
        #expect(screen.contains("\r\nnginx\r\n"), "\(screen)")
      } else {
        print("\(script) is not installed: exec -it with a terminal is not checked")
      }

      // Watch: a row per event as a new pod is scheduled and started.
      let watch = try kubectl.launch(["get", "pods", "-w"])
      var waited = 0
      while !watch.output.contains("nginx ") && waited < 500 {
        try await Task.sleep(for: .milliseconds(20))
        waited += 1
      }
      #expect(try await kubectl.run(["run", "watched", "--image=nginx:1.14"]).1 == "pod/watched created\n")
      for _ in 0..<20 {
        cluster.step(by: 1)
        try await Task.sleep(for: .milliseconds(50))
      }
      waited = 0
      while Self.rows(watch.output, named: "watched").last?.contains(" Running ") != true, waited < 500 {
        try await Task.sleep(for: .milliseconds(20))
        waited += 1
      }
      let (watched, watchErrors) = watch.stop()
      #expect(watched.hasPrefix("NAME                         READY   STATUS"), "\(watched)")
      let events = Self.rows(watched, named: "watched")
      #expect(events.first?.contains(" 0/1     Pending ") == true, "\(watched)")
      #expect(events.contains { $0.contains(" ContainerCreating ") }, "\(watched)")
      #expect(events.last?.contains(" 1/1     Running ") == true, "\(watched) \(watchErrors)")

      // Delete waits for the kubelet to stop the containers.
      let delete = try await kubectl.run(["delete", "pod", "nginx"], stepping: 1)
      #expect(delete.1 == "pod \"nginx\" deleted\n", "\(delete.2)")
      let gone = try await kubectl.run(["get", "pod", "nginx"])
      #expect(gone.0 == 1 && gone.2 == "Error from server (NotFound): pods \"nginx\" not found\n")
    }
  }

  // MARK: Deployments and services

  /// `kubectl run -i` attaches to the container's own process: what it prints comes back,
  /// and with `--rm` the pod goes once it has finished.
  @Test func runAttachesToWhatTheContainerPrints() async throws {
    try await Self.withDemo { _, kubectl in
      let once = try await kubectl.run(
        ["run", "once", "--image=busybox", "--rm", "-i", "--restart=Never", "--", "echo", "hi"], stepping: 1, timeout: 60)
      #expect(once.0 == 0, "\(once.2)")
      #expect(once.1 == "hi\npod \"once\" deleted\n", "\(once.1)")
      // The classic service-discovery check: the container's command is the simulated
      // shell's, so its output is the lookup against the cluster, and the pod completes.
      let lookup = try await kubectl.run(
        ["run", "lookup", "--image=busybox", "--rm", "-i", "--restart=Never", "--", "nslookup", "kubernetes.default"],
        stepping: 1, timeout: 60)
      #expect(lookup.0 == 0, "\(lookup.2)")
      #expect(lookup.1.contains("Name:\tkubernetes.default.svc.cluster.local\nAddress: 10.96.0.1\n"), "\(lookup.1)")
      // BusyBox's form of the server's address.
      #expect(lookup.1.hasPrefix("Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n"), "\(lookup.1)")
      #expect(lookup.1.hasSuffix("pod \"lookup\" deleted\n"), "\(lookup.1)")
    }
  }

  /// kubectl reads a service's endpoints from its EndpointSlices (`describe service`,
  /// `get endpointslices`); before they were served, describe printed `Endpoints: <none>`.
  @Test func serviceEndpointsComeFromEndpointSlices() async throws {
    try await Self.withDemo { cluster, kubectl in
      #expect(try await kubectl.run(["expose", "deployment", "webserver", "--port=80"]).1 == "service/webserver exposed\n")
      cluster.step(by: 2)
      let ready = try await kubectl.run(["get", "pods", "-l", "app=webserver", "-o", "jsonpath={.items[*].status.podIP}"]).1
      let ips = ready.split(separator: " ").map(String.init).sorted()
      #expect(ips.count == 2, "\(ready)")
      let described = try await kubectl.run(["describe", "service", "webserver"])
      #expect(described.0 == 0, "\(described.2)")
      let line = described.1.split(separator: "\n").first { $0.hasPrefix("Endpoints:") }.map(String.init) ?? ""
      #expect(line.split(separator: " ").last.map { $0.split(separator: ",").sorted() } == ips.map { "\($0):80"[...] }, "\(described.1)")
      let slices = try await kubectl.run(["get", "endpointslices", "-l", "kubernetes.io/service-name=webserver"])
      #expect(slices.1.hasPrefix("NAME              ADDRESSTYPE   PORTS   ENDPOINTS"), "\(slices.1)")
      #expect(slices.1.split(separator: "\n").filter { $0.hasPrefix("webserver-") }.count == 1, "\(slices.1)")
    }
  }

  /// `kubectl get all` lists kinds in the order discovery gives them, as against
  /// kube-apiserver: pods, services, daemonsets, deployments, replicasets, then jobs.
  @Test func getAllListsKindsInDiscoveryOrder() async throws {
    try await Self.withDemo { _, kubectl in
      Self.ok(try await kubectl.run(["create", "job", "once", "--image=busybox", "--", "echo", "hi"]), "create job")
      let names = try await kubectl.run(["get", "all", "-A", "-o", "name"]).1
      let kinds = names.split(separator: "\n").map { String($0.split(separator: "/")[0]) }
      var order: [String] = []
      for kind in kinds where order.last != kind { order.append(kind) }
      #expect(order == ["pod", "service", "daemonset.apps", "deployment.apps", "replicaset.apps", "job.batch"], "\(order)")
      // kube-dns is marked a cluster service, as kubeadm marks it: cluster-info lists it.
      let info = try await kubectl.run(["cluster-info"]).1
      #expect(info.contains("CoreDNS is running at http://127.0.0.1:"), "\(info)")
    }
  }

  /// A program the image lacks, exec'd directly, is the runtime's error, as kubectl prints
  /// it; through `sh -c` the shell's `not found` and exit code 127.
  @Test func execOfAMissingProgram() async throws {
    try await Self.withDemo { _, kubectl in
      let pod = try await kubectl.run(["get", "pods", "-l", "app=webserver", "-o", "jsonpath={.items[0].metadata.name}"]).1
      let direct = try await kubectl.run(["exec", pod, "--", "nosuchcmd"])
      #expect(direct.0 == 1)
      #expect(direct.2.hasPrefix("error: Internal error occurred: error executing command in container: failed to exec in container"), "\(direct.2)")
      #expect(direct.2.hasSuffix("exec: \"nosuchcmd\": executable file not found in $PATH: unknown\n"), "\(direct.2)")
      let shell = try await kubectl.run(["exec", pod, "--", "sh", "-c", "nosuchcmd"])
      #expect(shell.0 == 127 && shell.2 == "sh: 1: nosuchcmd: not found\ncommand terminated with exit code 127\n", "\(shell.2)")
    }
  }

  /// `kubectl exec -i` hands the command its standard input; `sh -c` pipes one command's
  /// output into the next; a failing command's status names it as the runtime does.
  @Test func execReadsStandardInputAndPipes() async throws {
    try await Self.withDemo { _, kubectl in
      let pod = try await kubectl.run(["get", "pods", "-l", "app=webserver", "-o", "jsonpath={.items[0].metadata.name}"]).1
      let grep = try await kubectl.run(["exec", "-i", pod, "--", "grep", "-n", "hello"], stdin: "hello\nworld\nsay hello\n")
      #expect(grep.0 == 0 && grep.1 == "1:hello\n3:say hello\n", "\(grep)")
      let none = try await kubectl.run(["exec", "-i", pod, "--", "grep", "absent"], stdin: "hello\n")
      #expect(none.0 == 1 && none.1 == "", "\(none)")
      let counted = try await kubectl.run(["exec", "-i", pod, "--", "sh", "-c", "sort | uniq -c"], stdin: "b\na\nb\n")
      #expect(counted.1 == "      1 a\n      2 b\n", "\(counted)")
      let piped = try await kubectl.run(["exec", pod, "--", "sh", "-c", "cat /etc/hostname | wc -c"])
      #expect(piped.1 == "\(pod.utf8.count + 1)\n", "\(piped)")
      // The last line needs no line end: the end of the input runs it.
      let script = try await kubectl.run(["exec", "-i", pod, "--", "sh"], stdin: "cd /etc\npwd\nls | grep -c host")
      #expect(script.1 == "/etc\n2\n", "\(script)")
      let failing = try await kubectl.run(["exec", pod, "--", "sh", "-c", "exit 3"])
      #expect(failing.0 == 3 && failing.2.hasSuffix("command terminated with exit code 3\n"), "\(failing.2)")
    }
  }

  /// `kubectl cp` both ways (tar in the container), and a file written by exec is there for
  /// the next exec.
  @Test func copyFilesInAndOut() async throws {
    try await Self.withDemo { _, kubectl in
      let pod = try await kubectl.run(["get", "pods", "-l", "app=webserver", "-o", "jsonpath={.items[0].metadata.name}"]).1
      let local = kubectl.home.appendingPathComponent("site")
      try FileManager.default.createDirectory(at: local.appendingPathComponent("css"), withIntermediateDirectories: true)
      try "<h1>hi</h1>\n".write(to: local.appendingPathComponent("index.html"), atomically: true, encoding: .utf8)
      try "h1 {}\n".write(to: local.appendingPathComponent("css/site.css"), atomically: true, encoding: .utf8)
      let copiedIn = try await kubectl.run(["cp", local.path, "\(pod):/tmp/site"])
      Self.ok(copiedIn, "cp into the pod")
      let listed = try await kubectl.run(["exec", pod, "--", "sh", "-c", "cd /tmp/site && ls && cat css/site.css"])
      #expect(listed.1 == "css  index.html\nh1 {}\n", "\(listed)")
      let wrote = try await kubectl.run(["exec", pod, "--", "sh", "-c", "echo from-the-pod > /tmp/site/note.txt"])
      Self.ok(wrote, "exec writing a file")
      let out = kubectl.home.appendingPathComponent("back")
      let copiedOut = try await kubectl.run(["cp", "\(pod):/tmp/site", out.path])
      // kubectl prints what tar says on standard error to its standard output.
      #expect(copiedOut.0 == 0 && copiedOut.1 == "tar: Removing leading `/' from member names\n", "\(copiedOut)")
      #expect(try String(contentsOf: out.appendingPathComponent("note.txt"), encoding: .utf8) == "from-the-pod\n")
      #expect(try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8) == "<h1>hi</h1>\n")
      // A missing source: tar's complaint, and (kubectl's way) exit status 0. Once, on a
      // loaded machine, kubectl's output lacked the complaint (a cause not yet found): up to
      // three tries, at least one must show it.
      var missing = try await kubectl.run(["cp", "\(pod):/nope", out.appendingPathComponent("x").path])
      for _ in 0..<2 where !missing.1.contains("Cannot stat") {
        missing = try await kubectl.run(["cp", "\(pod):/nope", out.appendingPathComponent("x").path])
      }
      #expect(missing.1.contains("tar: /nope: Cannot stat: No such file or directory\n"), "\(missing)")
    }
  }

  /// `kubectl port-forward` to a pod and to a service: a local connection reaches nginx in
  /// the pod; a port nothing listens on is refused as the kubelet refuses it.
  @Test func portForwardReachesThePod() async throws {
    try await Self.withDemo { _, kubectl in
      let pod = try await kubectl.run(["get", "pods", "-l", "app=webserver", "-o", "jsonpath={.items[0].metadata.name}"]).1
      Self.ok(try await kubectl.run(["exec", pod, "--", "sh", "-c", "echo '<h1>forwarded</h1>' > /usr/share/nginx/html/index.html"]), "exec")
      let forwarding = try kubectl.launch(["port-forward", "pod/\(pod)", ":80"])
      defer { _ = forwarding.stop() }
      /// The local port kubectl chose, from its `Forwarding from 127.0.0.1:PORT -> 80`.
      func localPort(_ running: KubectlHarness.Running) async -> Int? {
        for _ in 0..<100 {
          let line = running.output.split(separator: "\n").first { $0.hasPrefix("Forwarding from 127.0.0.1:") }
          if let line, let port = line.dropFirst("Forwarding from 127.0.0.1:".count).split(separator: " ").first.flatMap({ Int($0) }) {
            return port
          }
          try? await Task.sleep(for: .milliseconds(100))
        }
        return nil
      }
      let port = try #require(await localPort(forwarding), "\(forwarding.stop())")
      /// A blocking GET, on a thread of its own: the forwarded answer needs the concurrency
      /// pool this test would otherwise hold.
      func get(_ port: Int, _ path: String) async throws -> (status: Int, body: [UInt8]) {
        try await withCheckedThrowingContinuation { continuation in
          Thread { continuation.resume(with: Result { try LoopbackHTTPClient(port: port).get(path, accept: "text/html") }) }.start()
        }
      }
      let page = try await get(port, "/")
      #expect(page.status == 200 && String(decoding: page.body, as: UTF8.self) == "<h1>forwarded</h1>\n")
      let missing = try await get(port, "/nope")
      #expect(missing.status == 404)
      #expect(forwarding.output.contains("Handling connection for \(port)"))

      // Through a service: its target port on one of its pods.
      Self.ok(try await kubectl.run(["expose", "deployment", "webserver", "--port=8080", "--target-port=80"]), "expose")
      let service = try kubectl.launch(["port-forward", "service/webserver", ":8080"])
      defer { _ = service.stop() }
      let servicePort = try #require(await localPort(service), "\(service.stop())")
      #expect(service.output.contains("-> 80\n"), "\(service.output)")
      #expect(try await get(servicePort, "/50x.html").status == 200)

      // Nothing listens on 81.
      let refused = try kubectl.launch(["port-forward", "pod/\(pod)", ":81"])
      let refusedPort = try #require(await localPort(refused), "\(refused.stop())")
      _ = try? await get(refusedPort, "/")
      for _ in 0..<50 where refused.process.isRunning { try await Task.sleep(for: .milliseconds(100)) }
      let (_, errors) = refused.stop()
      #expect(errors.contains("an error occurred forwarding \(refusedPort) -> 81: error forwarding port 81 to pod "), "\(errors)")
      #expect(errors.contains("dial tcp4 127.0.0.1:81: connect: connection refused"), "\(errors)")
    }
  }

  /// `kubectl create token`: a JWT whose claims name the service account; a duration under
  /// ten minutes and a missing account are refused as the API server refuses them.
  @Test func createToken() async throws {
    try await Self.withDemo { _, kubectl in
      let token = try await kubectl.run(["create", "token", "default", "--audience", "demo", "--duration", "2h"])
      Self.ok(token, "create token")
      let parts = token.1.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ".")
      #expect(parts.count == 3)
      var claims = String(parts.count > 1 ? parts[1] : "").replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
      while claims.count % 4 != 0 { claims += "=" }
      let decoded = Data(base64Encoded: claims).map { String(decoding: $0, as: UTF8.self) } ?? ""
      let uid = try await kubectl.run(["get", "serviceaccount", "default", "-o", "jsonpath={.metadata.uid}"]).1
      #expect(decoded.contains(#""sub":"system:serviceaccount:default:default""#), "\(decoded)")
      #expect(decoded.contains(#""aud":["demo"]"#) && decoded.contains(#""uid":"\#(uid)""#), "\(decoded)")
      let short = try await kubectl.run(["create", "token", "default", "--duration", "5m"])
      #expect(
        short.2 == "error: failed to create token: TokenRequest.authentication.k8s.io \"default\" is invalid: "
          + "spec.expirationSeconds: Invalid value: 300: may not specify a duration less than 10 minutes\n", "\(short.2)")
      let missing = try await kubectl.run(["create", "token", "nosuch"])
      #expect(missing.2 == "error: failed to create token: serviceaccounts \"nosuch\" not found\n", "\(missing.2)")
    }
  }

  /// `kubectl run -i … -- sh` joins the pod's shell: lines answered in the container, its
  /// `exit` ending the container with that code (kubectl's own exit status then); with
  /// `--rm` the pod is deleted once the input ends.
  @Test func runJoinsAnInteractiveShell() async throws {
    try await Self.withDemo { _, kubectl in
      let ended = try await kubectl.run(
        ["run", "-i", "tb", "--image=busybox", "--restart=Never", "--", "sh"], stdin: "hostname\ncd /etc && pwd\nexit 3\n",
        stepping: 1)
      #expect(ended.0 == 3 && ended.1 == "tb\n/etc\n", "\(ended)")
      #expect(ended.2.contains("pod default/tb terminated (Error)"), "\(ended.2)")
      let status = try await kubectl.run(["get", "pod", "tb", "-o", "jsonpath={.status.phase} {.status.containerStatuses[0].state.terminated.exitCode}"])
      #expect(status.1 == "Failed 3", "\(status)")
      let removed = try await kubectl.run(
        ["run", "-i", "--rm", "tb2", "--image=busybox", "--restart=Never", "--", "sh"], stdin: "echo hello\n", stepping: 1)
      #expect(removed.0 == 0 && removed.1 == "hello\npod \"tb2\" deleted\n", "\(removed)")
    }
  }

  /// What is written to a claimed volume lives on its PersistentVolume: a new pod on the
  /// same claim finds it; a container's own files and an emptyDir's go with their pod.
  @Test func claimedStorageOutlivesThePod() async throws {
    try await Self.withDemo { cluster, kubectl in
      let manifest = """
        apiVersion: v1
        kind: PersistentVolumeClaim
        metadata: {name: data}
        spec:
          accessModes: [ReadWriteOnce]
          resources: {requests: {storage: 1Gi}}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: writer}
        spec:
          containers:
          - name: web
            image: nginx:1.27
            volumeMounts:
            - {name: data, mountPath: /usr/share/nginx/html}
            - {name: scratch, mountPath: /scratch}
          volumes:
          - name: data
            persistentVolumeClaim: {claimName: data}
          - name: scratch
            emptyDir: {}
        """
      Self.ok(try await kubectl.run(["apply", "-f", "-"], stdin: manifest), "apply")
      cluster.step(by: 20)
      let wrote = try await kubectl.run(
        ["exec", "writer", "--", "sh", "-c", "echo kept > /usr/share/nginx/html/index.html; echo gone > /scratch/x; echo gone > /tmp/y"])
      Self.ok(wrote, "exec writing")
      Self.ok(try await kubectl.run(["delete", "pod", "writer"], stepping: 1), "delete pod")
      Self.ok(try await kubectl.run(["apply", "-f", "-"], stdin: manifest), "apply again")
      cluster.step(by: 20)
      let read = try await kubectl.run(["exec", "writer", "--", "sh", "-c", "cat /usr/share/nginx/html/index.html; ls /scratch; cat /tmp/y"])
      #expect(read.1 == "kept\n" && read.2.hasPrefix("cat: /tmp/y: No such file or directory"), "\(read)")
    }
  }

  /// `kubectl autoscale` writes an autoscaling/v1 autoscaler (in protobuf); manifests in
  /// v1 apply too. Both are stored as v2 and read back in either version.
  @Test func autoscalersInTheOlderVersion() async throws {
    try await Self.withDemo { _, kubectl in
      let created = try await kubectl.run(["autoscale", "deployment", "webserver", "--min=2", "--max=5", "--cpu-percent=50"])
      #expect(created.1 == "horizontalpodautoscaler.autoscaling/webserver autoscaled\n", "\(created.2)")
      let stored = try await kubectl.run(["get", "hpa", "webserver", "-o", "jsonpath={.apiVersion} {.spec.metrics[0].resource.target.averageUtilization}"]).1
      #expect(stored == "autoscaling/v2 50")
      let older = try await kubectl.run(["get", "--raw", "/apis/autoscaling/v1/namespaces/default/horizontalpodautoscalers/webserver"]).1
      #expect(older.contains(#""apiVersion":"autoscaling/v1""#) && older.contains(#""targetCPUUtilizationPercentage":50"#), "\(older)")
      let manifest = """
        apiVersion: autoscaling/v1
        kind: HorizontalPodAutoscaler
        metadata:
          name: frontend
        spec:
          scaleTargetRef:
            apiVersion: apps/v1
            kind: Deployment
            name: webserver
          minReplicas: 1
          maxReplicas: 3
          targetCPUUtilizationPercentage: 70
        """
      let applied = try await kubectl.run(["apply", "-f", "-"], stdin: manifest)
      #expect(applied.1 == "horizontalpodautoscaler.autoscaling/frontend created\n", "\(applied.2)")
      let target = try await kubectl.run(["get", "hpa", "frontend", "-o", "jsonpath={.spec.metrics[0].resource.target.averageUtilization}"]).1
      #expect(target == "70")
      let again = try await kubectl.run(["apply", "-f", "-"], stdin: manifest.replacingOccurrences(of: "70", with: "60"))
      #expect(again.1 == "horizontalpodautoscaler.autoscaling/frontend configured\n", "\(again.2)")
      let changed = try await kubectl.run(["get", "hpa", "frontend", "-o", "jsonpath={.spec.metrics[0].resource.target.averageUtilization}"]).1
      #expect(changed == "60")
      let listed = try await kubectl.run(["get", "--raw", "/apis/autoscaling/v1/namespaces/default/horizontalpodautoscalers"]).1
      #expect(listed.contains(#""kind":"HorizontalPodAutoscalerList","apiVersion":"autoscaling/v1""#), "\(listed)")
    }
  }

  /// Bodies kubectl sends in protobuf whose JSON form inlines a message (a volume's
  /// source) or that are of the policy group: `kubectl debug node/…` mounts the node's
  /// root, and `kubectl create pdb` makes a budget.
  @Test func protobufBodiesWithInlinedSourcesAndBudgets() async throws {
    try await Self.withDemo { _, kubectl in
      let debug = try await kubectl.run(["debug", "node/worker-1", "--image=busybox", "--", "sleep", "60"])
      Self.ok(debug, "debug node")
      #expect(debug.1.hasPrefix("Creating debugging pod node-debugger-worker-1-"), "\(debug.1) \(debug.2)")
      let paths = try await kubectl.run(["get", "pods", "-o", "jsonpath={.items[*].spec.volumes[?(@.name==\"host-root\")].hostPath.path}"]).1
      #expect(paths == "/", "\(paths)")
      let pdb = try await kubectl.run(["create", "pdb", "web-pdb", "--selector=app=webserver", "--min-available=1"])
      #expect(pdb.1 == "poddisruptionbudget.policy/web-pdb created\n", "\(pdb.2)")
      let minimum = try await kubectl.run(["get", "pdb", "web-pdb", "-o", "jsonpath={.spec.minAvailable} {.spec.selector.matchLabels.app}"]).1
      #expect(minimum == "1 webserver")
    }
  }

  /// `kubectl create priorityclass` (its body in protobuf), the classes' table and the API
  /// server's refusals, then a pod of the class preempting a pod of the guide's webserver.
  @Test func priorityClassesAndPreemption() async throws {
    try await Self.withDemo { cluster, kubectl in
      let created = try await kubectl.run(["create", "priorityclass", "high", "--value=1000", "--description=urgent work"])
      #expect(created.1 == "priorityclass.scheduling.k8s.io/high created\n", "\(created.2)")
      let table = try await kubectl.run(["get", "pc"]).1
      #expect(table.hasPrefix("NAME                      VALUE        GLOBAL-DEFAULT   AGE   PREEMPTIONPOLICY\n"), "\(table)")
      #expect(table.contains("\nhigh                      1000         false            "), "\(table)")
      #expect(table.contains("system-node-critical      2000001000   false"), "\(table)")
      let tooHigh = try await kubectl.run(["create", "priorityclass", "huge", "--value=2000000000"])
      #expect(
        tooHigh.2
          == "error: failed to create priorityclass: PriorityClass.scheduling.k8s.io \"huge\" is invalid: value: Forbidden: maximum allowed value of a user defined priority is 1000000000\n",
        "\(tooHigh.2)")
      let system = try await kubectl.run(["delete", "pc", "system-node-critical"])
      #expect(
        system.2
          == "Error from server (Forbidden): priorityclasses.scheduling.k8s.io \"system-node-critical\" is forbidden: this is a system priority class and cannot be deleted\n",
        "\(system.2)")
      // All of worker-2's allocatable cpu: the pods of priority 0 that request cpu there must go.
      let allocatable = try await kubectl.run(["get", "node", "worker-2", "-o", "jsonpath={.status.allocatable.cpu}"]).1
      let hog = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: urgent
        spec:
          priorityClassName: high
          nodeSelector: {kubernetes.io/hostname: worker-2}
          containers:
          - name: app
            image: nginx:1.14
            resources:
              requests: {cpu: "\(allocatable)"}
        """
      let applied = try await kubectl.run(["apply", "-f", "-"], stdin: hog)
      #expect(applied.1 == "pod/urgent created\n", "\(applied.2)")
      cluster.step(by: 1)
      let priority = try await kubectl.run(["get", "pod", "urgent", "-o", "jsonpath={.spec.priority} {.spec.preemptionPolicy}"]).1
      #expect(priority == "1000 PreemptLowerPriority")
      let events = try await kubectl.run(["get", "events", "--field-selector", "reason=Preempted", "-o", "jsonpath={.items[*].message}"]).1
      let uid = try await kubectl.run(["get", "pod", "urgent", "-o", "jsonpath={.metadata.uid}"]).1
      #expect(events.contains("Preempted by pod \(uid) on node worker-2"), "\(events)")
      cluster.step(by: 40)
      let placed = try await kubectl.run(["get", "pod", "urgent", "-o", "jsonpath={.spec.nodeName} {.status.phase}"]).1
      let why = try await kubectl.run(["get", "events"]).1 + (try await kubectl.run(["get", "pods", "-o", "wide"]).1)
      #expect(placed == "worker-2 Running", "\(placed) \(why)")
    }
  }

  /// Every namespace has its `default` ServiceAccount, and kubectl creates others (its
  /// body in protobuf).
  @Test func serviceAccounts() async throws {
    try await Self.withDemo { _, kubectl in
      let created = try await kubectl.run(["create", "serviceaccount", "builder"])
      #expect(created.1 == "serviceaccount/builder created\n", "\(created.2)")
      let listed = try await kubectl.run(["get", "sa"]).1
      #expect(listed.hasPrefix("NAME      SECRETS   AGE\nbuilder   0         "), "\(listed)")
      #expect(Self.rows(listed, named: "default").count == 1, "\(listed)")
      let system = try await kubectl.run(["get", "serviceaccounts", "-n", "kube-system", "-o", "name"]).1
      #expect(system == "serviceaccount/coredns\nserviceaccount/default\nserviceaccount/kube-proxy\n", "\(system)")
    }
  }

  /// A server-side dry run checks and answers a write and changes nothing: `set image`,
  /// `scale`, `label` and `apply` with `--dry-run=server`, and `kubectl diff` (a dry-run
  /// apply). Before, every update and patch was stored.
  @Test func serverDryRunChangesNothing() async throws {
    try await Self.withDemo { cluster, kubectl in
      func live() async throws -> String {
        try await kubectl.run([
          "get", "deployment", "webserver", "-o", "jsonpath={.spec.replicas} {.spec.template.spec.containers[0].image} {.metadata.labels.tier}",
        ]).1
      }
      let before = try await live()
      #expect(before == "2 nginx:1.14 ", "\(before)")
      let image = try await kubectl.run(["set", "image", "deployment/webserver", "nginx=nginx:1.16", "--dry-run=server"])
      #expect(image.1 == "deployment.apps/webserver image updated (server dry run)\n", "\(image.2)")
      let scaled = try await kubectl.run(["scale", "deployment/webserver", "--replicas=5", "--dry-run=server"])
      #expect(scaled.1 == "deployment.apps/webserver scaled (server dry run)\n", "\(scaled.2)")
      let labelled = try await kubectl.run(["label", "deployment", "webserver", "tier=web", "--dry-run=server"])
      #expect(labelled.1 == "deployment.apps/webserver labeled (server dry run)\n", "\(labelled.2)")
      let manifest = try await kubectl.run(["get", "deployment", "webserver", "-o", "json"]).1
        .replacingOccurrences(of: "\"replicas\": 2,", with: "\"replicas\": 3,")
      let diff = try await kubectl.run(["diff", "-f", "-"], stdin: manifest)
      #expect(diff.0 == 1, "\(diff.2)")
      #expect(diff.1.contains("\n-  replicas: 2\n+  replicas: 3\n"), "\(diff.1)")
      cluster.step(by: 5)
      #expect(try await live() == before)
      #expect(try await kubectl.run(["get", "replicasets", "-l", "app=webserver", "-o", "name"]).1.split(separator: "\n").count == 1)
    }
  }

  /// What kubectl sends gets the API server's whole validation, every problem listed; the
  /// engine's own writes skip it. Before, a negative replica count, an unknown restart
  /// policy, a port out of range and a changed selector were all stored.
  @Test func clientWritesAreValidatedInFull() async throws {
    try await Self.withDemo { _, kubectl in
      let manifest = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: neg
        spec:
          replicas: -2
          selector:
            matchLabels: {app: neg}
          template:
            metadata:
              labels: {app: neg}
            spec:
              containers:
              - name: c
                image: nginx
                ports:
                - containerPort: 70000
        """
      let refused = try await kubectl.run(["apply", "-f", "-"], stdin: manifest)
      #expect(refused.0 == 1)
      #expect(
        refused.2.contains(
          "* spec.replicas: Invalid value: -2: must be greater than or equal to 0\n"
            + "* spec.template.spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive\n"),
        "\(refused.2)")
      #expect(try await kubectl.run(["get", "deployment", "neg"]).0 == 1)
      let selector = try await kubectl.run([
        "patch", "deployment", "webserver", "-p",
        #"{"spec":{"selector":{"matchLabels":{"app":"x"}},"template":{"metadata":{"labels":{"app":"x"}}}}}"#,
      ])
      #expect(selector.2.contains(#"spec.selector: Invalid value: {"matchLabels":{"app":"x"}}: field is immutable"#), "\(selector.2)")
      let address = try await kubectl.run(["patch", "service", "kubernetes", "-p", #"{"spec":{"clusterIP":"10.96.0.99"}}"#])
      #expect(address.2.contains("spec.clusterIPs[0]: Invalid value: [\"10.96.0.99\"]: may not change once set"), "\(address.2)")
    }
  }

  @Test func deploymentsAndServices() async throws {
    try await Self.withDemo { cluster, kubectl in
      let create = ["create", "deployment", "webserver", "--image=nginx:1.14", "--replicas=2", "--port=80"]
      // The demo cluster already runs the guide's webserver.
      let exists = try await kubectl.run(create)
      #expect(exists.0 == 1 && exists.2 == "error: failed to create deployment: deployments.apps \"webserver\" already exists\n", "\(exists.2)")
      #expect(try await kubectl.run(["delete", "deployment", "webserver"], stepping: 1).1 == "deployment.apps \"webserver\" deleted\n")
      cluster.step(by: 30)
      let created = try await kubectl.run(create)
      #expect(created.1 == "deployment.apps/webserver created\n", "\(created.2)")
      cluster.step(by: 20)

      let deployments = try await kubectl.run(["get", "deployments.apps"]).1
      #expect(deployments == "NAME        READY   UP-TO-DATE   AVAILABLE   AGE\nwebserver   2/2     2            2           20s\n", "\(deployments)")
      let wide = try await kubectl.run(["get", "deployments.apps", "-o", "wide"]).1
      #expect(Self.rows(wide, named: "webserver").first?.hasSuffix("nginx        nginx:1.14   app=webserver") == true, "\(wide)")
      let pods = try await kubectl.run(["get", "pods", "-o", "wide"]).1
      let replicas = pods.split(separator: "\n").filter { $0.hasPrefix("webserver-") }
      #expect(replicas.count == 2 && replicas.allSatisfy { $0.contains(" 1/1     Running ") }, "\(pods)")

      #expect(try await kubectl.run(["expose", "deployment", "webserver", "--port=80"]).1 == "service/webserver exposed\n")
      let services = try await kubectl.run(["get", "service"]).1
      #expect(services.split(separator: "\n").first?.split(separator: " ") == ["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"], "\(services)")
      #expect(Self.cells(services, named: "kubernetes")?.dropLast() == ["kubernetes", "ClusterIP", "10.96.0.1", "<none>", "443/TCP"])
      let service = Self.cells(services, named: "webserver") ?? []
      #expect(service.count == 6 && service[1] == "ClusterIP" && service[2].hasPrefix("10.") && service[3...] == ["<none>", "80/TCP", "0s"], "\(services)")
      cluster.step(by: 5)
      let endpoints = try await kubectl.run(["get", "endpoints", "webserver"]).1
      #expect(Self.rows(endpoints, named: "webserver").first?.contains(":80,10.244.") == true, "\(endpoints)")

      #expect(try await kubectl.run(["scale", "deployment", "webserver", "--replicas=5"]).1 == "deployment.apps/webserver scaled\n")
      let scaled = try await kubectl.run(["rollout", "status", "deployment", "webserver"], stepping: 1)
      Self.ok(scaled, "rollout status")
      #expect(scaled.1.hasSuffix("deployment \"webserver\" successfully rolled out\n"), "\(scaled.1)")
      #expect(Self.rows(try await kubectl.run(["get", "deployments.apps"]).1, named: "webserver").first?.hasPrefix("webserver   5/5     5            5") == true)

      // A new revision, its rollout, the history and the way back.
      #expect(try await kubectl.run(["set", "image", "deployment/webserver", "nginx=nginx:1.16"]).1 == "deployment.apps/webserver image updated\n")
      let rollout = try await kubectl.run(["rollout", "status", "deployment", "webserver"], stepping: 1)
      Self.ok(rollout, "rollout status")
      #expect(rollout.1.contains("Waiting for deployment \"webserver\" rollout to finish: "), "\(rollout.1)")
      #expect(rollout.1.hasSuffix("deployment \"webserver\" successfully rolled out\n"))
      #expect(Self.rows(try await kubectl.run(["get", "deployments.apps", "-o", "wide"]).1, named: "webserver").first?.contains(" nginx:1.16 ") == true)
      let history = try await kubectl.run(["rollout", "history", "deployment", "webserver"])
      #expect(history.1 == "deployment.apps/webserver \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n", "\(history)")
      let revision = try await kubectl.run(["rollout", "history", "deployment", "webserver", "--revision=1"]).1
      #expect(revision.contains("deployment.apps/webserver with revision #1") && revision.contains("    Image:\tnginx:1.14\n"), "\(revision)")
      #expect(try await kubectl.run(["rollout", "undo", "deployment", "webserver"]).1 == "deployment.apps/webserver rolled back\n")
      #expect(try await kubectl.run(["rollout", "status", "deployment", "webserver"], stepping: 1).1.hasSuffix("successfully rolled out\n"))
      #expect(Self.rows(try await kubectl.run(["get", "deployments.apps", "-o", "wide"]).1, named: "webserver").first?.contains(" nginx:1.14 ") == true)
      #expect(try await kubectl.run(["rollout", "history", "deployment", "webserver"]).1.hasSuffix("REVISION  CHANGE-CAUSE\n2         <none>\n3         <none>\n\n"))

      // Events, newest state of the cluster's story.
      let events = try await kubectl.run(["get", "events"]).1
      #expect(events.split(separator: "\n").first?.split(separator: " ", omittingEmptySubsequences: true) == ["LAST", "SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"], "\(events)")
      #expect(events.contains("ScalingReplicaSet         deployment/webserver"), "\(events)")
      #expect(events.contains("Scaled up replica set webserver-"))
      #expect(events.contains("Successfully assigned default/webserver-"))

      // Metrics.
      let top = try await kubectl.run(["top", "nodes"])
      Self.ok(top, "top nodes")
      #expect(top.1.hasPrefix("NAME            CPU(cores)   CPU(%)   MEMORY(bytes)   MEMORY(%)   \n"), "\(top.1)")
      #expect(top.1.split(separator: "\n").count == 6)
      let topPods = try await kubectl.run(["top", "pods"])
      Self.ok(topPods, "top pods")
      #expect(topPods.1.split(separator: "\n").first?.hasSuffix("CPU(cores)   MEMORY(bytes)   ") == true, "\(topPods.1)")
      #expect(topPods.1.split(separator: "\n").filter { $0.hasPrefix("webserver-") }.count == 5)

      // Who am I, and what may I do: the cluster's administrator, allowed everything.
      let canI = try await kubectl.run(["auth", "can-i", "delete", "nodes"])
      Self.ok(canI, "auth can-i delete nodes")
      #expect(canI.1 == "yes\n")
      let rules = try await kubectl.run(["auth", "can-i", "--list"])
      #expect(Self.cells(rules.1, named: "*.*") == ["*.*", "[]", "[]", "[*]"], "\(rules.1)")
      let whoami = try await kubectl.run(["auth", "whoami"])
      #expect(Self.cells(whoami.1, named: "Username") == ["Username", "kubernetes-admin"], "\(whoami.1)")
    }
  }

  // MARK: The guide's manifests

  @Test func seedManifests() async throws {
    try await Self.withDemo { cluster, kubectl in
      func apply(_ name: String, _ yaml: String, namespace: String = "default") async throws -> (Int32, String, String) {
        let file = kubectl.home.appendingPathComponent(name)
        try yaml.write(to: file, atomically: true, encoding: .utf8)
        return try await kubectl.run(["apply", "-n", namespace, "-f", file.path])
      }
      /// Applies the guide's manifest `name` from Tests/SeedFixtures, saved under the same name.
      func apply(seed name: String, namespace: String = "default") async throws -> (Int32, String, String) {
        try await apply(name, try SeedFixtures.text(name), namespace: namespace)
      }
      // The dry-run output saved to a file, as the guide does.
      let dryRun = try await kubectl.run(["run", "nginx", "--image=nginx:1.14", "--port=80", "--dry-run=client", "-o", "yaml"]).1
      #expect(try await apply("pod-nginx.yaml", dryRun).1 == "pod/nginx created\n")

      // The guide's own manifests go in their own namespace: the demo cluster runs some already.
      #expect(try await kubectl.run(["create", "namespace", "study"]).1 == "namespace/study created\n")
      #expect(try await apply(seed: "pod-template.yaml", namespace: "study").1 == "pod/nginx created\n")
      #expect(try await apply(seed: "pod-template.yaml", namespace: "study").1 == "pod/nginx unchanged\n")

      // The multiple-container pod (with its image typo) is valid.
      #expect(try await apply(seed: "multiple-pod.yaml", namespace: "study").1 == "pod/multiple-pod created\n")
      cluster.step(by: 30)
      let study = try await kubectl.run(["get", "pods", "-n", "study"]).1
      let row = Self.rows(study, named: "multiple-pod").first ?? ""
      #expect(row.contains(" 1/2 ") && (row.contains("ImagePullBackOff") || row.contains("ErrImagePull")), "\(study)")
      let logs = try await kubectl.run(["logs", "-n", "study", "multiple-pod"])
      #expect(logs.0 == 1)
      #expect(logs.2.contains("Defaulted container \"nginx-container\" out of: nginx-container, centos-container"), "\(logs.2)")
      // Exec into the container that never started is refused by the kubelet, before the
      // connection is upgraded; the running one answers.
      let refused = try await kubectl.run(["exec", "-n", "study", "multiple-pod", "-c", "nginx-container", "--", "ls"])
      #expect(refused.0 == 1)
      #expect(refused.2 == "error: unable to upgrade connection: container not found (\"nginx-container\")\n", "\(refused.2)")
      let unknown = try await kubectl.run(["exec", "-n", "study", "multiple-pod", "-c", "nginx", "--", "ls"])
      #expect(unknown.2 == "Error from server (BadRequest): container nginx is not valid for pod multiple-pod\n", "\(unknown.2)")
      let running = try await kubectl.run(["exec", "-n", "study", "multiple-pod", "-c", "centos-container", "--", "hostname"])
      #expect(running.1 == "multiple-pod\n", "\(running.2)")

      // The label template misspells `metadata`, so the object has no name.
      let appjs = try await apply(seed: "pod-label.yaml")
      #expect(appjs.0 == 1)
      #expect(appjs.2.contains("resource name may not be empty"), "\(appjs.2)")

      // The others write `containers` as a map: the API server refuses the body and names
      // the field.
      for file in ["pod-annotation.yaml", "pod-nodeselector.yaml", "pod-resources.yaml"] {
        let refused = try await apply(seed: file)
        #expect(refused.0 == 1, "\(file) was accepted")
        #expect(refused.2.hasPrefix("Error from server (BadRequest): error when creating \""), "\(refused.2)")
        #expect(refused.2.contains("Pod in version \"v1\" cannot be handled as a Pod: "), "\(refused.2)")
        // Upstream words it `json: cannot unmarshal object into Go struct field
        // PodSpec.spec.containers of type []v1.Container`.
        #expect(refused.2.hasSuffix("cannot be handled as a Pod: spec.containers: expected a list, got a map\n"), "\(refused.2)")
      }

      // With the list fixed, the remaining typos are unknown fields, named by the server.
      let nodeSelector = try await apply(seed: "pod-nodeselector-fixed.yaml")
      #expect(nodeSelector.0 == 1)
      #expect(nodeSelector.2 == """
        Error from server (BadRequest): error when creating "\(kubectl.home.appendingPathComponent("pod-nodeselector-fixed.yaml").path)": \
        Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.nodeSlector"

        """, "\(nodeSelector.2)")
      let annotation = try await apply(seed: "pod-annotation-fixed.yaml")
      #expect(annotation.0 == 1)
      #expect(annotation.2.contains(#"strict decoding error: unknown field "metadata.annotation""#), "\(annotation.2)")
      let resources = try await apply(seed: "pod-resources-fixed.yaml")
      #expect(resources.1 == "pod/pod created\n", "\(resources.2)")
      cluster.step(by: 20)
      let described = try await kubectl.run(["describe", "pod", "pod"]).1
      #expect(described.contains("    Limits:\n      cpu:     500m\n      memory:  500Mi\n    Requests:\n      cpu:        100m\n      memory:     250Mi\n"), "\(described)")
      #expect(described.contains("QoS Class:                   Burstable\n") || described.contains("QoS Class:                    Burstable\n"), "\(described)")
    }
  }
}
