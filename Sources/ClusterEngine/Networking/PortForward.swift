import KubeModel

/// Port forwarding into the embedded cluster: what a pod's program answers on a forwarded
/// connection. A web server image (nginx, httpd, a generic app) answers each whole HTTP
/// request; nginx serves the files of its document root as the container has them (what
/// a shell wrote there included, a volume mounted over it hiding the image's pages). A port
/// nothing listens on is refused with the kubelet's message; a program that speaks another
/// protocol stays silent.
enum PortForward {
  static func answer(_ cluster: Cluster, namespace: String, pod name: String, port: Int32, received: [UInt8]) throws(Status)
    -> ForwardReply
  {
    let pod = try cluster.api.get(Pod.self, namespace: namespace, name: name)
    guard let container = SimulatedShell.container(of: pod, listeningOn: port),
      pod.status?.containerStatuses?.first(where: { $0.name == container.name })?.state?.running != nil
    else {
      return .refused(refusal(pod, port: port))
    }
    let image = ContainerImageProfile(image: container.image ?? "")
    guard image.servesHTTP else { return .incomplete }
    guard let request = HTTPRequestHead(received) else { return .incomplete }
    let date = SimulatedShell.httpDate(cluster.clock.now)
    let response: (status: String, type: String, body: String)
    if image.family == .nginx {
      response = nginx(method: request.method, path: request.path, pod: pod, container: container, image: image, cluster: cluster)
    } else {
      let (status, body) = image.httpResponse(path: request.path, pod: pod) ?? ("404 Not Found", "")
      response = (status, body.hasPrefix("{") ? "application/json" : "text/html", body)
    }
    let server = image.family == .nginx ? "nginx/\(image.version)" : image.name
    var head = "HTTP/1.1 \(response.status)\r\nServer: \(server)\r\nDate: \(date)\r\nContent-Type: \(response.type)\r\n"
    head += "Content-Length: \(response.body.utf8.count)\r\nConnection: \(request.closes ? "close" : "keep-alive")\r\n\r\n"
    let bytes = Array(head.utf8) + (request.method == "HEAD" ? [] : Array(response.body.utf8))
    return .answer(bytes, consumed: request.length, close: request.closes)
  }

  /// nginx's static files: the document root as the container sees it (port forwarding,
  /// and the shell's `curl` and `wget`, ask it alike).
  static func nginx(
    method: String, path requested: String, pod: Pod, container: Container, image: ContainerImageProfile, cluster: Cluster
  ) -> (status: String, type: String, body: String) {
    func page(_ status: String) -> (String, String, String) {
      (
        status, "text/html",
        "<html>\r\n<head><title>\(status)</title></head>\r\n<body>\r\n<center><h1>\(status)</h1></center>\r\n"
          + "<hr><center>nginx/\(image.version)</center>\r\n</body>\r\n</html>\r\n"
      )
    }
    guard method == "GET" || method == "HEAD" else { return page("405 Not Allowed") }
    let shell = SimulatedShell(unchecked: cluster, namespace: pod.namespace, pod: pod.name, container: container.name ?? "")
    guard let context = ShellContext(shell: shell) else { return page("502 Bad Gateway") }
    let root = "/usr/share/nginx/html"
    var path = ShellPath.normalize(String(requested.prefix { $0 != "?" }), from: "/")
    if context.files.isDirectory(root + (path == "/" ? "" : path)) {
      path = (path == "/" ? "" : path) + "/index.html"
      // A directory without an index is not listed.
      guard context.files.file(root + path) != nil else { return page("403 Forbidden") }
    }
    guard let body = context.files.file(root + path) else { return page("404 Not Found") }
    let type = path.hasSuffix(".css") ? "text/css" : path.hasSuffix(".js") ? "application/javascript" : path.hasSuffix(".txt") ? "text/plain" : "text/html"
    return ("200 OK", type, body)
  }

  /// The kubelet's message when nothing in the pod listens on `port`.
  static func refusal(_ pod: Pod, port: Int32) -> String {
    let uid = pod.metadata.uid ?? ""
    let sandbox = SeededRandom.stableHash("sandbox/" + uid)
    let hex = String(sandbox, radix: 16)
    let padded = String(repeating: "0", count: 16 - hex.count) + hex
    let sandboxID = String(repeating: padded, count: 4)
    let netns = "cni-\(padded.prefix(8))-\(padded.dropFirst(8).prefix(4))-\(padded.suffix(4))-\(padded.prefix(4))-\(padded.suffix(12))"
    return "error forwarding port \(port) to pod \(sandboxID), uid : failed to execute portforward in network namespace "
      + "\"/var/run/netns/\(netns)\": failed to connect to localhost:\(port) inside namespace \"\(sandboxID)\", "
      + "IPv4: dial tcp4 127.0.0.1:\(port): connect: connection refused IPv6 dial tcp6 [::1]:\(port): connect: connection refused "
  }
}

/// The head of an HTTP/1.x request: its method, target, and how many bytes the whole
/// request takes (its body by Content-Length); nil until the head is complete.
struct HTTPRequestHead {
  var method: String
  var path: String
  var length: Int
  var closes: Bool

  init?(_ bytes: [UInt8]) {
    let end: [UInt8] = [13, 10, 13, 10]
    guard bytes.count >= 4, let index = (0...(bytes.count - 4)).first(where: { bytes[$0..<$0 + 4].elementsEqual(end) }) else {
      return nil
    }
    let lines = String(decoding: bytes[..<index], as: UTF8.self).split(separator: "\r\n", omittingEmptySubsequences: false)
    let request = lines.first?.split(separator: " ") ?? []
    method = request.first.map(String.init) ?? "GET"
    path = request.count > 1 ? String(request[1]) : "/"
    var bodyLength = 0
    var closes = request.count > 2 && request[2] == "HTTP/1.0"
    for line in lines.dropFirst() {
      guard let colon = line.firstIndex(of: ":") else { continue }
      let name = line[..<colon].lowercased()
      let value = line[line.index(after: colon)...].drop { $0 == " " }
      if name == "content-length" { bodyLength = max(0, Int(value) ?? 0) }
      if name == "connection" { closes = value.lowercased() == "close" }
    }
    self.closes = closes
    length = index + 4 + bodyLength
    guard bytes.count >= length else { return nil }
  }
}

extension EmbeddedCluster {
  public func forward(namespace: String, pod: String, port: Int32, received: [UInt8]) async throws -> ForwardReply {
    try mutate { cluster throws(Status) in
      try PortForward.answer(cluster, namespace: namespace, pod: pod, port: port, received: received)
    }
  }
}
