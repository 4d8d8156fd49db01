import KubeModel

/// Parses what was typed after `:`: resource names and aliases (`nodes`, `no`, `po`), k9s'
/// `q`, and kubectl verbs with or without a leading `kubectl`. Errors name exactly what is wrong.
public enum CommandParser {
  /// The verbs understood, for completion and messages.
  public static let verbs = [
    "get", "cordon", "uncordon", "drain", "label", "scale", "run", "create", "expose", "apply", "delete", "rollout",
    "set", "autoscale", "load", "etcd", "theme", "quit",
  ]

  /// Words offered by completion: verbs and every resource name and alias.
  public static var completions: [String] {
    var words = verbs
    for resource in ResourceType.served {
      words.append(resource.plural)
      words += resource.shortNames
    }
    return words
  }

  /// Parses one command line.
  public static func parse(_ line: String) throws(CommandError) -> Command {
    var words = try CommandArguments.words(line)
    if words.first == "kubectl" { words.removeFirst() }
    guard let verb = words.first else { throw CommandError("error: empty command") }
    let rest = Array(words.dropFirst())
    switch verb {
    case "q", "q!", "quit", "exit": return .quit
    case "theme":
      guard let name = rest.first, rest.count == 1 else { throw CommandError("error: usage: theme NAME") }
      return .theme(name)
    case "get": return try parseGet(rest)
    case "cordon", "uncordon":
      let args = try CommandArguments(rest, valued: [:], boolean: [])
      guard args.positional.count == 1, let node = args.positional.first else {
        throw CommandError("error: USAGE: \(verb) NODE [flags]")
      }
      return verb == "cordon" ? .cordon(node: node) : .uncordon(node: node)
    case "drain": return try parseDrain(rest)
    case "label": return try parseLabel(rest)
    case "scale": return try parseScale(rest)
    case "run": return try parseRun(rest)
    case "create": return try parseCreate(rest)
    case "expose": return try parseExpose(rest)
    case "apply":
      let args = try CommandArguments(rest, valued: ["filename": "f"], boolean: [])
      guard let file = args.value("filename") else {
        throw CommandError("error: must specify one of -f and -k")
      }
      guard args.positional.isEmpty else { throw CommandError("error: unexpected arguments: \(args.positional.joined(separator: " "))") }
      return .apply(file: file)
    case "delete": return try parseDelete(rest)
    case "rollout": return try parseRollout(rest)
    case "set": return try parseSet(rest)
    case "autoscale": return try parseAutoscale(rest)
    case "load": return try parseLoad(rest)
    case "etcd":
      guard rest.isEmpty else { throw CommandError("error: usage: etcd") }
      return .etcd
    default:
      if let resource = ResourceType.named(verb) {
        return try parseView(resource, rest)
      }
      throw CommandError(
        "unknown command \"\(verb)\": use a resource (:pods, :nodes, :deploy) or a kubectl verb (:cordon NODE, :scale deployment NAME --replicas=N)")
    }
  }

  /// `TYPE NAME` or `TYPE/NAME` at the front of the positional words.
  static func target(_ positional: [String], verb: String) throws(CommandError) -> (ResourceType, String, [String]) {
    guard let first = positional.first else {
      throw CommandError("error: you must specify the type of resource to \(verb)")
    }
    if let slash = first.firstIndex(of: "/") {
      let type = String(first[..<slash])
      let name = String(first[first.index(after: slash)...])
      guard let resource = ResourceType.named(type) else { throw unknownType(type) }
      return (resource, name, Array(positional.dropFirst()))
    }
    guard let resource = ResourceType.named(first) else { throw unknownType(first) }
    guard positional.count >= 2 else {
      throw CommandError("error: resource(s) were provided, but no name was specified")
    }
    return (resource, positional[1], Array(positional.dropFirst(2)))
  }

  static func unknownType(_ type: String) -> CommandError {
    CommandError("error: the server doesn't have a resource type \"\(type)\"")
  }

  private static func parseView(_ resource: ResourceType, _ rest: [String]) throws(CommandError) -> Command {
    let args = try CommandArguments(
      rest, valued: ["selector": "l", "namespace": "n", "label-columns": "L", "output": "o"],
      boolean: ["all-namespaces", "show-labels"])
    var request = ViewRequest(resource: resource)
    if let first = args.positional.first {
      guard args.positional.count == 1 else { throw CommandError("error: too many arguments: \(args.positional.joined(separator: " "))") }
      // k9s: `:pods kube-system` picks the namespace; `:pods /text` pre-filters.
      // `all`, as in k9s, is every namespace.
      if first.hasPrefix("/") {
        request.filter = String(first.dropFirst())
      } else {
        request.namespace = .some(first == "all" ? nil : first)
      }
    }
    try fill(&request, args)
    return .view(request)
  }

  private static func parseGet(_ rest: [String]) throws(CommandError) -> Command {
    let args = try CommandArguments(
      rest, valued: ["selector": "l", "namespace": "n", "label-columns": "L", "output": "o"],
      boolean: ["all-namespaces", "show-labels"])
    guard let type = args.positional.first else {
      throw CommandError("error: you must specify the type of resource to get")
    }
    guard let resource = ResourceType.named(type) else { throw unknownType(type) }
    var request = ViewRequest(resource: resource)
    if args.positional.count > 1 { request.filter = args.positional[1] }
    try fill(&request, args)
    return .view(request)
  }

  private static func fill(_ request: inout ViewRequest, _ args: CommandArguments) throws(CommandError) {
    if let selector = args.value("selector") {
      do {
        _ = try Selector(parsing: selector)
      } catch {
        throw CommandError("error: \(error.description)")
      }
      request.filter = "-l " + selector
    }
    if let namespace = args.value("namespace") { request.namespace = .some(namespace) }
    if args.isSet("all-namespaces") { request.namespace = .some(nil) }
    request.labelColumns = (args.flags["label-columns"] ?? []).flatMap { $0.split(separator: ",").map(String.init) }
    request.showsLabels = args.isSet("show-labels")
    if let output = args.value("output") {
      guard output == "wide" else { throw CommandError("error: only -o wide is shown in the dashboard (use y for YAML)") }
      request.isWide = true
    }
  }

  private static func parseDrain(_ rest: [String]) throws(CommandError) -> Command {
    let args = try CommandArguments(
      rest, valued: ["grace-period": nil, "timeout": nil],
      boolean: ["ignore-daemonsets", "force", "delete-emptydir-data", "disable-eviction", "delete-local-data"])
    guard args.positional.count == 1, let node = args.positional.first else {
      throw CommandError("error: USAGE: drain NODE [flags]")
    }
    var options = DrainOptions()
    options.ignoreDaemonSets = args.isSet("ignore-daemonsets")
    options.force = args.isSet("force")
    options.deleteEmptyDirData = args.isSet("delete-emptydir-data") || args.isSet("delete-local-data")
    options.disableEviction = args.isSet("disable-eviction")
    if let grace = try args.integer("grace-period"), grace >= 0 { options.gracePeriodSeconds = Int64(grace) }
    return .drain(node: node, options: options)
  }

  private static func parseLabel(_ rest: [String]) throws(CommandError) -> Command {
    let args = try CommandArguments(rest, valued: ["namespace": "n"], boolean: ["overwrite"])
    let (resource, name, changesText) = try target(args.positional, verb: "label")
    guard !changesText.isEmpty else { throw CommandError("error: at least one label update is required") }
    var changes: [String: String?] = [:]
    for change in changesText {
      if change.hasSuffix("-") && !change.contains("=") {
        changes[String(change.dropLast())] = .some(nil)
      } else if let equals = change.firstIndex(of: "=") {
        let key = String(change[..<equals])
        let value = String(change[change.index(after: equals)...])
        guard !key.isEmpty else { throw CommandError("error: invalid label spec: \(change)") }
        if let problem = LabelCheck.problem(key: key, value: value) {
          throw CommandError("error: invalid label spec: \(change): \(problem)")
        }
        changes[key] = .some(value)
      } else {
        throw CommandError("error: invalid label spec: \(change)")
      }
    }
    return .label(
      LabelRequest(
        resource: resource, name: name, namespace: args.value("namespace"), changes: changes,
        overwrite: args.isSet("overwrite")))
  }

  private static func parseScale(_ rest: [String]) throws(CommandError) -> Command {
    let args = try CommandArguments(rest, valued: ["replicas": nil, "namespace": "n"], boolean: [])
    let (resource, name, extra) = try target(args.positional, verb: "scale")
    guard extra.isEmpty else { throw CommandError("error: unexpected arguments: \(extra.joined(separator: " "))") }
    guard [.deployments, .replicasets, .statefulsets].contains(resource) else {
      throw CommandError("error: cannot scale \(resource.groupResource): only deployments, replicasets and statefulsets scale")
    }
    guard let replicas = try args.integer("replicas") else {
      throw CommandError("error: required flag(s) \"replicas\" not set")
    }
    guard replicas >= 0, replicas <= Int(Int32.max) else {
      throw CommandError("error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0")
    }
    return .scale(resource: resource, name: name, namespace: args.value("namespace"), replicas: Int32(replicas))
  }

  private static func parseRun(_ rest: [String]) throws(CommandError) -> Command {
    let args = try CommandArguments(rest, valued: ["image": nil, "namespace": "n", "labels": "l", "port": nil], boolean: [])
    guard let name = args.positional.first else { throw CommandError("error: NAME is required for run") }
    guard let image = args.value("image"), !image.isEmpty else {
      throw CommandError("error: required flag(s) \"image\" not set")
    }
    var labels = ["run": name]
    if let text = args.value("labels") {
      labels = [:]
      for pair in text.split(separator: ",") {
        let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { throw CommandError("error: invalid label spec: \(pair)") }
        labels[parts[0]] = parts[1]
      }
    }
    return .run(
      name: name, namespace: args.value("namespace"), image: image, labels: labels,
      port: try args.integer("port").map { Int32($0) })
  }

  private static func parseCreate(_ rest: [String]) throws(CommandError) -> Command {
    guard let kind = rest.first else { throw CommandError("error: must specify a resource to create (create deployment NAME --image=IMG)") }
    if kind == "job" { return try parseCreateJob(Array(rest.dropFirst())) }
    guard kind == "deployment" || kind == "deploy" else {
      throw CommandError("error: create supports deployment here; use :apply -f FILE for \(kind)")
    }
    let args = try CommandArguments(
      Array(rest.dropFirst()), valued: ["image": nil, "namespace": "n", "replicas": "r", "port": nil], boolean: [])
    guard args.positional.count == 1, let name = args.positional.first else {
      throw CommandError("error: exactly one NAME is required, got \(args.positional.count)")
    }
    let images = args.flags["image"] ?? []
    guard !images.isEmpty else { throw CommandError("error: required flag(s) \"image\" not set") }
    let replicas = try args.integer("replicas") ?? 1
    guard replicas >= 0 else { throw CommandError("error: --replicas must be 0 or more") }
    return .createDeployment(
      name: name, namespace: args.value("namespace"), images: images, replicas: Int32(replicas),
      port: try args.integer("port").map { Int32($0) })
  }

  private static func parseExpose(_ rest: [String]) throws(CommandError) -> Command {
    let args = try CommandArguments(
      rest, valued: ["port": nil, "target-port": nil, "type": nil, "name": nil, "namespace": "n", "protocol": nil],
      boolean: [])
    let (resource, name, extra) = try target(args.positional, verb: "expose")
    guard extra.isEmpty else { throw CommandError("error: unexpected arguments: \(extra.joined(separator: " "))") }
    guard [.deployments, .replicasets, .pods, .services].contains(resource) else {
      throw CommandError("error: cannot expose a \(resource.kind)")
    }
    if let type = args.value("type"), !["ClusterIP", "NodePort", "LoadBalancer"].contains(type) {
      throw CommandError("error: invalid --type \"\(type)\": use ClusterIP, NodePort or LoadBalancer")
    }
    return .expose(
      ExposeRequest(
        resource: resource, name: name, namespace: args.value("namespace"),
        port: try args.integer("port").map { Int32($0) }, targetPort: args.value("target-port"),
        type: args.value("type"), serviceName: args.value("name")))
  }

  private static func parseDelete(_ rest: [String]) throws(CommandError) -> Command {
    let args = try CommandArguments(rest, valued: ["namespace": "n"], boolean: ["now", "force"])
    guard let first = args.positional.first else {
      throw CommandError("error: you must specify the type of resource to delete")
    }
    if first.contains("/") {
      var resource: ResourceType?
      var names: [String] = []
      for word in args.positional {
        let parts = word.split(separator: "/", maxSplits: 1).map(String.init)
        guard parts.count == 2, let type = ResourceType.named(parts[0]) else { throw unknownType(parts.first ?? word) }
        if let resource, resource != type { throw CommandError("error: delete one type at a time") }
        resource = type
        names.append(parts[1])
      }
      guard let resource else { throw CommandError("error: you must specify the type of resource to delete") }
      return .delete(resource: resource, names: names, namespace: args.value("namespace"))
    }
    guard let resource = ResourceType.named(first) else { throw unknownType(first) }
    let names = Array(args.positional.dropFirst())
    guard !names.isEmpty else { throw CommandError("error: resource(s) were provided, but no name was specified") }
    return .delete(resource: resource, names: names, namespace: args.value("namespace"))
  }

  private static func parseRollout(_ rest: [String]) throws(CommandError) -> Command {
    guard let sub = rest.first, ["restart", "undo", "history", "pause", "resume", "status"].contains(sub) else {
      throw CommandError("error: rollout supports history, pause, restart, resume, status and undo")
    }
    let args = try CommandArguments(Array(rest.dropFirst()), valued: ["namespace": "n", "to-revision": nil], boolean: [])
    let (resource, name, _) = try target(args.positional, verb: "rollout \(sub)")
    guard resource == .deployments else {
      throw CommandError("error: rollout \(sub) is supported for deployments here")
    }
    if sub == "restart" { return .rolloutRestart(name: name, namespace: args.value("namespace")) }
    if let verb = RolloutVerb(rawValue: sub) { return .rollout(verb, name: name, namespace: args.value("namespace")) }
    return .rolloutUndo(name: name, namespace: args.value("namespace"), toRevision: try args.integer("to-revision"))
  }
}
