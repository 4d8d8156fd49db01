import KubeModel

/// `nslookup`, `curl` and `wget` in the simulated shell: cluster DNS answers from Service objects,
/// and a connection to a service is answered by one of its ready pods, round-robin.
extension SimulatedShell {
  func nslookup(_ arguments: [String], _ context: ShellContext, _ output: inout ShellOutput) {
    guard let name = arguments.first(where: { !$0.hasPrefix("-") }) else {
      output.fail("Usage: nslookup [-opt ...] host", status: 1)
      return
    }
    let server = ServiceDirectory.dnsServer
    // BusyBox's nslookup writes the server's port after a colon, bind's after a '#'.
    output.print("Server:\t\t\(server)\nAddress:\t\(server)\(context.image.isBusyBox ? ":" : "#")53\n")
    guard let resolution = ServiceDirectory(store: cluster.store).resolve(name, from: context.pod.namespace) else {
      output.print("** server can't find \(name): NXDOMAIN\n")
      output.status = 1
      return
    }
    for address in resolution.addresses { output.print("Name:\t\(resolution.name)\nAddress: \(address)") }
    output.print("")
  }

  func curl(_ arguments: [String], _ context: ShellContext, _ output: inout ShellOutput) {
    var url: String?
    var includeHeaders = false
    var headOnly = false
    var skipNext = false
    for argument in arguments {
      if skipNext {
        skipNext = false
        continue
      }
      switch argument {
      case "-i", "--include": includeHeaders = true
      case "-I", "--head": headOnly = true
      case "-m", "--max-time", "-o", "--output", "-H", "--header", "-X", "--request", "-d", "--data", "--connect-timeout",
        "-w", "--write-out", "-u", "--user", "-A", "--user-agent":
        skipNext = true
      default:
        if argument.hasPrefix("-") { continue }
        url = argument
      }
    }
    guard let url else {
      output.fail("curl: try 'curl --help' or 'curl --manual' for more information", status: 2)
      return
    }
    let target = HTTPTarget(url)
    guard let (pod, port) = connect(target, context, &output, tool: .curl) else { return }
    output.stderr += "* simulated: answered by pod \(pod.namespace)/\(pod.name) (\(pod.status?.podIP ?? ""):\(port))\n"
    let (image, response) = answer(pod, port: port, path: target.path)
    guard let response else {
      output.fail("curl: (52) Empty reply from server", status: 52)
      return
    }
    let server = image.family == .nginx ? "nginx/\(image.version)" : image.name
    if includeHeaders || headOnly {
      let type = response.body.hasPrefix("{") ? "application/json" : "text/html"
      output.stdout +=
        "HTTP/1.1 \(response.status)\r\nServer: \(server)\r\nDate: \(Self.httpDate(cluster.clock.now))\r\n"
        + "Content-Type: \(type)\r\nContent-Length: \(response.body.utf8.count)\r\nConnection: keep-alive\r\n\r\n"
    }
    if !headOnly { output.stdout += response.body }
  }

  /// What the pod's program listening on `port` answers for `path` (nil: it closes the
  /// connection without a reply), with the image that answers.
  private func answer(_ pod: Pod, port: Int32, path: String) -> (image: ContainerImageProfile, response: (status: String, body: String)?) {
    let listening = Self.container(of: pod, listeningOn: port)
    let image = ContainerImageProfile(image: listening?.image ?? "")
    if pod.metadata.name == ServiceDirectory.apiServerPodMarker {
      return (image, ("403 Forbidden", Self.apiServerForbidden(path: path)))
    }
    // nginx serves its document root as the container has it.
    if image.family == .nginx, let listening {
      let page = PortForward.nginx(method: "GET", path: path, pod: pod, container: listening, image: image, cluster: cluster)
      return (image, (page.status, page.body))
    }
    return (image, image.httpResponse(path: path, pod: pod))
  }

  /// The client whose error messages a failed connection prints.
  enum HTTPClient {
    case curl, wget
  }

  /// Resolves and connects: the pod that answers and its port, or nil after printing
  /// the client's error.
  private func connect(
    _ target: HTTPTarget, _ context: ShellContext, _ output: inout ShellOutput, tool: HTTPClient
  ) -> (Pod, Int32)? {
    let directory = ServiceDirectory(store: cluster.store)
    /// Prints the client's "connection refused" (worded only when it happens).
    func refuse() -> (Pod, Int32)? {
      switch tool {
      case .curl:
        output.fail("curl: (7) Failed to connect to \(target.host) port \(target.port) after 0 ms: Couldn't connect to server", status: 7)
      case .wget:
        let address = directory.resolve(target.host, from: context.pod.namespace)?.addresses.first ?? target.host
        output.fail("wget: can't connect to remote host (\(address)): Connection refused", status: 1)
      }
      return nil
    }
    let own = context.pod
    let selfNames = ["localhost", "127.0.0.1", own.spec?.hostname ?? own.name, own.status?.podIP ?? ""]
    var pod: Pod?
    var port = target.port
    if selfNames.contains(target.host) {
      pod = own
    } else if let byIP = directory.pod(withIP: target.host) {
      pod = byIP
    } else {
      let service: Service?
      if let byIP = directory.service(withClusterIP: target.host) {
        service = byIP
      } else if let resolution = directory.resolve(target.host, from: own.namespace) {
        // A headless service resolves straight to its pods.
        if directory.clusterIP(of: resolution.service) == nil,
          let ip = resolution.addresses.first, let direct = directory.pod(withIP: ip)
        {
          return Self.container(of: direct, listeningOn: port) == nil ? refuse() : (direct, port)
        }
        service = resolution.service
      } else {
        switch tool {
        case .curl: output.fail("curl: (6) Could not resolve host: \(target.host)", status: 6)
        case .wget: output.fail("wget: bad address '\(target.host)'", status: 1)
        }
        return nil
      }
      guard let service, let servicePort = service.spec?.ports?.first(where: { $0.port == target.port }) else {
        return refuse()
      }
      if service.namespace == "default" && service.name == "kubernetes" {
        return (ServiceDirectory.apiServerPod, 443)
      }
      let endpoints = directory.readyEndpoints(of: service)
      guard !endpoints.isEmpty else { return refuse() }
      let proxy = serviceProxy()
      let chosen = endpoints[proxy.pick(among: endpoints.count, for: service.storeKey)]
      port = Self.targetPort(servicePort, on: chosen)
      pod = chosen
    }
    guard let pod, Self.container(of: pod, listeningOn: port) != nil else { return refuse() }
    return (pod, port)
  }


  /// BusyBox `wget`: `-O-` (or `-qO-`) writes the body to stdout; otherwise it is saved
  /// as the URL's file name. Progress goes to stderr unless `-q`; an HTTP error status is
  /// `server returned error`.
  func wget(_ arguments: [String], _ context: ShellContext, _ output: inout ShellOutput) {
    var url: String?
    var quiet = false
    var destination: String?
    var index = 0
    while index < arguments.count {
      let argument = arguments[index]
      index += 1
      if argument == "-O" || argument == "--output-document" {
        destination = index < arguments.count ? arguments[index] : nil
        index += 1
      } else if argument.hasPrefix("-O") {
        destination = String(argument.dropFirst(2))
      } else if argument.hasPrefix("-") && !argument.hasPrefix("--") {
        if argument.contains("q") { quiet = true }
        if let o = argument.firstIndex(of: "O") {
          let rest = argument[argument.index(after: o)...]
          if rest.isEmpty {
            destination = index < arguments.count ? arguments[index] : nil
            index += 1
          } else {
            destination = String(rest)
          }
        }
      } else if argument == "--quiet" {
        quiet = true
      } else if !argument.hasPrefix("-") {
        url = argument
      }
    }
    guard let url else {
      output.fail("BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: wget [-cqS] [-O FILE] URL...", status: 1)
      return
    }
    let target = HTTPTarget(url)
    let directory = ServiceDirectory(store: cluster.store)
    let resolution = directory.resolve(target.host, from: context.pod.namespace)
    if !quiet, resolution != nil || directory.pod(withIP: target.host) != nil {
      output.stderr += "Connecting to \(target.host) (\(resolution?.addresses.first ?? target.host):\(target.port))\n"
    }
    guard let (pod, port) = connect(target, context, &output, tool: .wget) else { return }
    guard let response = answer(pod, port: port, path: target.path).response else {
      output.fail("wget: error getting response: Connection reset by peer", status: 1)
      return
    }
    guard response.status.hasPrefix("2") else {
      output.fail("wget: server returned error: HTTP/1.1 \(response.status)", status: 1)
      return
    }
    let size = response.body.utf8.count
    let toStdout = destination == "-"
    let file = destination ?? (target.path.split(separator: "/").last.map(String.init) ?? "index.html")
    let shown = toStdout ? "-" : file
    if !quiet {
      output.stderr += toStdout ? "writing to stdout\n" : "saving to '\(file)'\n"
      let padded = shown.padding(toLength: max(shown.count, 20), withPad: " ", startingAt: 0)
      output.stderr += "\(padded) 100% |********************************| \(String(repeating: " ", count: max(0, 5 - String(size).count)))\(size)  0:00:00 ETA\n"
      output.stderr += toStdout ? "written to stdout\n" : "'\(file)' saved\n"
    }
    if toStdout { output.stdout += response.body }
  }

  private func serviceProxy() -> ServiceProxy {
    if let proxy = cluster.component(ServiceProxy.self) { return proxy }
    let proxy = ServiceProxy()
    cluster.install(proxy)
    return proxy
  }

  /// The container port a service port forwards to on `pod` (a named target port is looked
  /// up among the pod's container ports).
  static func targetPort(_ servicePort: ServicePort, on pod: Pod) -> Int32 {
    switch servicePort.targetPort {
    case .int(let number)?: return Int32(number)
    case .string(let name)?:
      for container in pod.spec?.containers ?? [] {
        if let port = container.ports?.first(where: { $0.name == name })?.containerPort { return port }
      }
      return servicePort.port ?? 0
    case nil: return servicePort.port ?? 0
    }
  }

  /// The container of `pod` that listens on `port`: one declaring it, or whose image
  /// listens there by default.
  static func container(of pod: Pod, listeningOn port: Int32) -> Container? {
    if pod.metadata.name == ServiceDirectory.apiServerPodMarker { return Container() }
    let containers = pod.spec?.containers ?? []
    return containers.first { $0.ports?.contains { $0.containerPort == port } ?? false }
      ?? containers.first { ContainerImageProfile(image: $0.image ?? "").defaultPorts.contains(port) }
  }

  static func apiServerForbidden(path: String) -> String {
    """
    {
      "kind": "Status",
      "apiVersion": "v1",
      "metadata": {},
      "status": "Failure",
      "message": "forbidden: User \\"system:anonymous\\" cannot get path \\"\(path)\\"",
      "reason": "Forbidden",
      "details": {},
      "code": 403
    }

    """
  }

  /// An HTTP `Date` header: `Thu, 01 Jan 2026 00:00:00 GMT`.
  static func httpDate(_ time: Time) -> String {
    let parts = CivilTime(seconds: time.seconds)
    let day = parts.day < 10 ? "0\(parts.day)" : "\(parts.day)"
    return "\(CivilTime.weekdays[parts.weekday]), \(day) \(CivilTime.months[parts.month - 1]) \(parts.year) \(parts.clock) GMT"
  }
}

/// The host, port and path of a curl URL.
struct HTTPTarget {
  var host: String
  var port: Int32
  var path: String

  init(_ url: String) {
    var rest = Substring(url)
    var port: Int32 = 80
    if rest.hasPrefix("http://") {
      rest = rest.dropFirst(7)
    } else if rest.hasPrefix("https://") {
      rest = rest.dropFirst(8)
      port = 443
    }
    let slash = rest.firstIndex(of: "/") ?? rest.endIndex
    path = slash == rest.endIndex ? "/" : String(rest[slash...])
    var authority = rest[..<slash]
    if let colon = authority.lastIndex(of: ":"), let number = Int32(authority[authority.index(after: colon)...]) {
      port = number
      authority = authority[..<colon]
    }
    host = String(authority)
    self.port = port
  }
}

extension ServiceDirectory {
  /// Marks the stand-in for the API server behind the `kubernetes` service.
  static let apiServerPodMarker = "kube-apiserver (control plane)"

  /// The API server as the endpoint of the `kubernetes` service.
  static var apiServerPod: Pod {
    var pod = Pod()
    pod.metadata = ObjectMeta(name: apiServerPodMarker, namespace: "kube-system")
    var status = PodStatus()
    status.podIP = apiServerIP
    pod.status = status
    return pod
  }
}
