import KubeModel

/// The files a simulated container sees: the image's directories and files, the files
/// the kubelet writes (`/etc/hostname`, `/etc/hosts`, `/etc/resolv.conf`, the service
/// account token), and the keys of mounted ConfigMaps and Secrets.
struct ContainerFileSystem {
  /// Every path: nil for a directory, the contents for a file.
  private(set) var entries: [String: String?] = ["/": nil]

  init(pod: Pod, container: Container, image: ContainerImageProfile, store: ObjectStore) {
    let top =
      image.isMinimal
      ? ["bin", "dev", "etc", "home", "lib", "proc", "root", "sys", "tmp", "usr", "var"]
      : [
        "bin", "boot", "dev", "etc", "home", "lib", "lib64", "media", "mnt", "opt", "proc", "root", "run", "sbin",
        "srv", "sys", "tmp", "usr", "var",
      ]
    for directory in top { addDirectory("/" + directory) }
    for directory in ["/usr/bin", "/usr/lib", "/usr/local", "/usr/sbin", "/usr/share", "/var/log", "/var/lib", "/var/run"] {
      addDirectory(directory)
    }
    for (path, contents) in image.files { addFile(path, contents) }
    let hostname = pod.spec?.hostname ?? pod.name
    addFile("/etc/hostname", hostname + "\n")
    addFile("/etc/hosts", Self.hosts(pod: pod, hostname: hostname))
    addFile("/etc/resolv.conf", Self.resolvConf(namespace: pod.namespace))
    addFile("/etc/passwd", "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n")
    if pod.spec?.automountServiceAccountToken ?? true {
      let directory = "/var/run/secrets/kubernetes.io/serviceaccount"
      addFile(directory + "/namespace", pod.namespace)
      addFile(directory + "/ca.crt", "-----BEGIN CERTIFICATE-----\n(simulated cluster CA)\n-----END CERTIFICATE-----\n")
      addFile(directory + "/token", "(simulated service account token for \(pod.spec?.serviceAccountName ?? "default"))")
    }
    mountVolumes(pod: pod, container: container, store: store)
  }

  /// Whether `path` is a directory.
  func isDirectory(_ path: String) -> Bool {
    if case .some(.none) = entries[path] { return true }
    return false
  }

  /// The contents of the file at `path`, or nil when it is no file.
  func file(_ path: String) -> String? {
    entries[path] ?? nil
  }

  /// Whether anything exists at `path`.
  func exists(_ path: String) -> Bool { entries[path] != nil }

  /// The names directly inside the directory `path`, sorted.
  func children(of path: String) -> [String] {
    let prefix = path == "/" ? "/" : path + "/"
    return entries.keys.compactMap { key -> String? in
      guard key.hasPrefix(prefix), key != path else { return nil }
      let rest = key.dropFirst(prefix.count)
      return rest.contains("/") ? nil : String(rest)
    }.sorted()
  }

  private mutating func addDirectory(_ path: String) {
    var current = ""
    for component in path.split(separator: "/") {
      current += "/" + component
      if entries[current] == nil { entries[current] = .some(nil) }
    }
  }

  private mutating func addFile(_ path: String, _ contents: String) {
    let parent = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)])
    if !parent.isEmpty { addDirectory(parent) }
    entries[path] = .some(contents)
  }

  private mutating func mountVolumes(pod: Pod, container: Container, store: ObjectStore) {
    let volumes = Dictionary((pod.spec?.volumes ?? []).map { ($0.name ?? "", $0) }, uniquingKeysWith: { first, _ in first })
    for mount in container.volumeMounts ?? [] {
      guard let path = mount.mountPath, let volume = volumes[mount.name ?? ""] else { continue }
      let root = ShellPath.normalize(path, from: "/")
      addDirectory(root)
      var data: [String: String] = [:]
      var items: [KeyToPath]?
      if let source = volume.configMap, let name = source.name,
        let map = store.get(ConfigMap.self, namespace: pod.namespace, name: name)
      {
        data = map.data ?? [:]
        items = source.items
      } else if let source = volume.secret, let name = source.secretName,
        let secret = store.get(Secret.self, namespace: pod.namespace, name: name)
      {
        data = ContainerEnvironment.secretData(secret)
        items = source.items
      }
      if let items {
        for item in items {
          guard let key = item.key, let value = data[key] else { continue }
          addFile(ShellPath.normalize(item.path ?? key, from: root), value)
        }
      } else {
        for (key, value) in data { addFile(ShellPath.normalize(key, from: root), value) }
      }
    }
  }

  /// `/etc/hosts` as the kubelet writes it.
  static func hosts(pod: Pod, hostname: String) -> String {
    var text = """
      # Kubernetes-managed hosts file.
      127.0.0.1\tlocalhost
      ::1\tlocalhost ip6-localhost ip6-loopback
      fe00::0\tip6-localnet
      fe00::0\tip6-mcastprefix
      fe00::1\tip6-allnodes
      fe00::2\tip6-allrouters

      """
    if let ip = pod.status?.podIP, !ip.isEmpty, !(pod.spec?.hostNetwork ?? false) {
      if let subdomain = pod.spec?.subdomain, !subdomain.isEmpty {
        text += "\(ip)\t\(hostname).\(subdomain).\(pod.namespace).svc.\(ServiceDirectory.clusterDomain)\t\(hostname)\n"
      } else {
        text += "\(ip)\t\(hostname)\n"
      }
    }
    return text
  }

  /// `/etc/resolv.conf` for the ClusterFirst DNS policy.
  static func resolvConf(namespace: String) -> String {
    let domain = ServiceDirectory.clusterDomain
    return "search \(namespace).svc.\(domain) svc.\(domain) \(domain)\nnameserver \(ServiceDirectory.dnsServer)\noptions ndots:5\n"
  }
}

/// Path arithmetic of the simulated shell.
enum ShellPath {
  /// `path` made absolute from `directory`, with `.`, `..` and repeated slashes resolved
  /// (and `~` as root's home).
  static func normalize(_ path: String, from directory: String) -> String {
    var full = path
    if full == "~" || full.hasPrefix("~/") { full = "/root" + full.dropFirst() }
    if !full.hasPrefix("/") { full = directory + "/" + full }
    var components: [Substring] = []
    for component in full.split(separator: "/") {
      switch component {
      case ".": continue
      case "..": _ = components.popLast()
      default: components.append(component)
      }
    }
    return "/" + components.joined(separator: "/")
  }
}
