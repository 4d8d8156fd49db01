import Dashboard
import KubeModel
import Testing

@Suite struct CommandParserTests {
  func parse(_ line: String) throws -> Command { try CommandParser.parse(line) }

  func error(_ line: String) -> String? {
    do {
      _ = try CommandParser.parse(line)
      return nil
    } catch {
      return error.description
    }
  }

  @Test func resourceNamesAndAliases() throws {
    #expect(try parse("nodes") == .view(ViewRequest(resource: .nodes)))
    #expect(try parse("no") == .view(ViewRequest(resource: .nodes)))
    #expect(try parse("po") == .view(ViewRequest(resource: .pods)))
    #expect(try parse("deploy") == .view(ViewRequest(resource: .deployments)))
    #expect(try parse("svc") == .view(ViewRequest(resource: .services)))
    #expect(try parse("events") == .view(ViewRequest(resource: .events)))
    #expect(try parse("ns") == .view(ViewRequest(resource: .namespaces)))
    #expect(try parse("pods kube-system") == .view(ViewRequest(resource: .pods, namespace: .some("kube-system"))))
    #expect(try parse("pods all") == .view(ViewRequest(resource: .pods, namespace: .some(nil))))
    #expect(try parse("q") == .quit)
  }

  @Test func getWithSelectorNamespaceAndLabelColumns() throws {
    #expect(
      try parse("kubectl get pods -l app=web -A -L zone --show-labels")
        == .view(ViewRequest(resource: .pods, namespace: .some(nil), filter: "-l app=web", labelColumns: ["zone"], showsLabels: true)))
    #expect(try parse("get po -n team-a") == .view(ViewRequest(resource: .pods, namespace: .some("team-a"))))
    #expect(error("get pods -l 'app in (web'") != nil)
    #expect(error("get") == "error: you must specify the type of resource to get")
    #expect(error("get widgets") == "error: the server doesn't have a resource type \"widgets\"")
  }

  @Test func nodeVerbs() throws {
    #expect(try parse("cordon worker-1") == .cordon(node: "worker-1"))
    #expect(try parse("kubectl uncordon worker-1") == .uncordon(node: "worker-1"))
    #expect(error("cordon") == "error: USAGE: cordon NODE [flags]")
    var options = DrainOptions()
    options.ignoreDaemonSets = true
    options.force = true
    #expect(try parse("drain worker-1 --ignore-daemonsets --force") == .drain(node: "worker-1", options: options))
    options.deleteEmptyDirData = true
    options.gracePeriodSeconds = 5
    #expect(
      try parse("drain worker-1 --ignore-daemonsets --force --delete-emptydir-data --grace-period=5")
        == .drain(node: "worker-1", options: options))
    #expect(error("drain worker-1 --ignore-daemonset") == "error: unknown flag: --ignore-daemonset")
  }

  @Test func labelSyntax() throws {
    #expect(
      try parse("label nodes worker-1 gpu=true")
        == .label(LabelRequest(resource: .nodes, name: "worker-1", namespace: nil, changes: ["gpu": "true"], overwrite: false)))
    #expect(
      try parse("label node/worker-1 gpu- zone=b --overwrite")
        == .label(LabelRequest(resource: .nodes, name: "worker-1", namespace: nil, changes: ["gpu": String?.none, "zone": "b"], overwrite: true)))
    #expect(error("label nodes worker-1") == "error: at least one label update is required")
    #expect(error("label nodes") == "error: resource(s) were provided, but no name was specified")
    #expect(error("label nodes worker-1 bad!key=x")?.hasPrefix("error: invalid label spec: bad!key=x") == true)
  }

  @Test func scaleRunCreateExpose() throws {
    #expect(
      try parse("scale deployment web --replicas=5")
        == .scale(resource: .deployments, name: "web", namespace: nil, replicas: 5))
    #expect(try parse("scale deploy/web --replicas 0") == .scale(resource: .deployments, name: "web", namespace: nil, replicas: 0))
    #expect(error("scale deployment web") == "error: required flag(s) \"replicas\" not set")
    #expect(
      error("scale deployment web --replicas=x")
        == "error: invalid argument \"x\" for \"--replicas\" flag: strconv.ParseInt: parsing \"x\": invalid syntax")
    #expect(error("scale pods web --replicas=2")?.hasPrefix("error: cannot scale pods") == true)
    #expect(
      try parse("run nginx --image=nginx:1.27")
        == .run(name: "nginx", namespace: nil, image: "nginx:1.27", labels: ["run": "nginx"], port: nil))
    #expect(error("run nginx") == "error: required flag(s) \"image\" not set")
    #expect(
      try parse("create deployment api --image=api:2 --replicas=3 --port=8080")
        == .createDeployment(name: "api", namespace: nil, images: ["api:2"], replicas: 3, port: 8080))
    #expect(
      try parse("expose deployment web --port=80 --target-port=8080 --type=NodePort")
        == .expose(ExposeRequest(resource: .deployments, name: "web", namespace: nil, port: 80, targetPort: "8080", type: "NodePort", serviceName: nil)))
    #expect(error("expose deployment web --type=Magic") == "error: invalid --type \"Magic\": use ClusterIP, NodePort or LoadBalancer")
  }

  @Test func applyDeleteRollout() throws {
    #expect(try parse("apply -f app.yaml") == .apply(file: "app.yaml"))
    #expect(try parse("apply --filename=app.yaml") == .apply(file: "app.yaml"))
    #expect(error("apply") == "error: must specify one of -f and -k")
    #expect(try parse("delete pod web-1") == .delete(resource: .pods, names: ["web-1"], namespace: nil))
    #expect(try parse("delete pod/a pod/b -n x") == .delete(resource: .pods, names: ["a", "b"], namespace: "x"))
    #expect(error("delete pod") == "error: resource(s) were provided, but no name was specified")
    #expect(try parse("rollout restart deployment/web") == .rolloutRestart(name: "web", namespace: nil))
    #expect(try parse("rollout undo deployment web --to-revision=2") == .rolloutUndo(name: "web", namespace: nil, toRevision: 2))
  }

  @Test func unknownCommandsAndQuotes() throws {
    #expect(error("frobnicate")?.hasPrefix("unknown command \"frobnicate\"") == true)
    #expect(error("label nodes a 'x=1") == "error: unterminated quote in command")
    #expect(try CommandArguments.words("a 'b c' \"d e\" f\\ g") == ["a", "b c", "d e", "f g"])
  }
}
