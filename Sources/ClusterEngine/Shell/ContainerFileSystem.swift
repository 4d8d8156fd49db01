import KubeModel

/// The files a simulated container sees: the image's directories and files, the files
/// the kubelet writes (`/etc/hostname`, `/etc/hosts`, `/etc/resolv.conf`, the service
/// account token), the keys of mounted ConfigMaps and Secrets, and what was written: into
/// the container's writable layer, or into its writable volumes (`WrittenFiles`).
final class ContainerFileSystem {
  /// Every path: nil for a directory, the contents for a file.
  private(set) var entries: [String: String?] = ["/": nil]
  /// The container's volume mounts, the innermost last.
  private var mounts: [Mount] = []
  /// Where writes last; nil where nothing is kept (no kubelet runs the pod).
  private let written: WrittenFiles?
  /// Where writes to PersistentVolumes and host paths last.
  private let lasting: WrittenFiles?
  private let containerName: String
  private let containerID: String?

  /// A volume mounted into the container.
  struct Mount {
    var root: String
    /// Where its contents are kept: the pod's volume name, or (`lasting`) a key of the
    /// kubelet's storage that outlives pods.
    var volume: String
    /// False for ConfigMap, Secret, projected and downward API volumes, and `readOnly` mounts.
    var writable: Bool
    var lasting = false
  }

  /// Why a write failed, as the tools word it after the path.
  enum Failure: Error {
    case readOnly, parentMissing, isDirectory, notFound, notDirectory, exists, busy

    var message: String {
      switch self {
      case .readOnly: "Read-only file system"
      case .parentMissing, .notFound: "No such file or directory"
      case .isDirectory: "Is a directory"
      case .notDirectory: "Not a directory"
      case .exists: "File exists"
      case .busy: "Device or resource busy"
      }
    }
  }

  init(
    pod: Pod, container: Container, image: ContainerImageProfile, store: ObjectStore, written: WrittenFiles? = nil,
    lasting: WrittenFiles? = nil, containerID: String? = nil
  ) {
    self.written = written
    self.lasting = lasting
    self.containerName = container.name ?? ""
    self.containerID = containerID
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
    if let written, let containerID { apply(written.layer(containerName, containerID: containerID), under: "") }
    // The token's directory is a read-only volume of its own.
    if pod.spec?.automountServiceAccountToken ?? true {
      mounts.append(Mount(root: "/var/run/secrets/kubernetes.io/serviceaccount", volume: "", writable: false))
    }
    mountVolumes(pod: pod, container: container, store: store)
  }

  /// Lays written entries over what is there: removals first, then what was created,
  /// parents before children.
  private func apply(_ layer: [String: WrittenFiles.Entry], under root: String) {
    guard !layer.isEmpty else { return }
    for (path, entry) in layer where entry == .removed { entries[root + path] = nil }
    for path in layer.keys.sorted() where path != "/" {
      let full = root + path
      switch layer[path] {
      case .file(let contents): addFile(full, contents)
      case .directory: addDirectory(full)
      default: break
      }
    }
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

  private func addDirectory(_ path: String) {
    var current = ""
    for component in path.split(separator: "/") {
      current += "/" + component
      if entries[current] == nil { entries[current] = .some(nil) }
    }
  }

  private func addFile(_ path: String, _ contents: String) {
    let parent = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)])
    if !parent.isEmpty { addDirectory(parent) }
    entries[path] = .some(contents)
  }

  private func mountVolumes(pod: Pod, container: Container, store: ObjectStore) {
    let volumes = Dictionary((pod.spec?.volumes ?? []).map { ($0.name ?? "", $0) }, uniquingKeysWith: { first, _ in first })
    // Outer mounts first, so an inner one lies over them.
    let ordered = (container.volumeMounts ?? []).compactMap { mount -> (String, VolumeMount)? in
      mount.mountPath.map { (ShellPath.normalize($0, from: "/"), mount) }
    }.sorted { $0.0.count < $1.0.count }
    for (root, mount) in ordered {
      guard let name = mount.name, let volume = volumes[name] else { continue }
      // A mount hides what the image had there.
      for path in entries.keys where path.hasPrefix(root + "/") { entries[path] = nil }
      addDirectory(root)
      let readOnlySource =
        volume.configMap != nil || volume.secret != nil || volume.projected != nil || volume.downwardAPI != nil
      // A claim's data lives on its bound PersistentVolume, a host path's on its node: both
      // outlive the pod.
      var key = name
      var outlives = false
      if let claim = volume.persistentVolumeClaim?.claimName,
        let bound = store.get(PersistentVolumeClaim.self, namespace: pod.namespace, name: claim)?.spec?.volumeName, !bound.isEmpty
      {
        (key, outlives) = ("pv/" + bound, true)
      } else if let path = volume.hostPath?.path, let node = pod.spec?.nodeName {
        (key, outlives) = ("host/\(node)\(ShellPath.normalize(path, from: "/"))", true)
      }
      mounts.append(Mount(root: root, volume: key, writable: !readOnlySource && mount.readOnly != true, lasting: outlives))
      if !readOnlySource, let contents = (outlives ? lasting : written)?.volumes[key] { apply(contents, under: root == "/" ? "" : root) }
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

  // MARK: Writing

  /// Writes (or, with `append`, adds to) the file at `path`, creating it.
  func write(_ path: String, _ contents: String, append: Bool = false) throws(Failure) {
    if isDirectory(path) { throw .isDirectory }
    try checkParent(of: path)
    let mount = try writableMount(of: path)
    let new = append ? (file(path) ?? "") + contents : contents
    entries[path] = .some(new)
    keep(.file(new), at: path, in: mount)
  }

  /// Creates the directory `path` (and, with `parents`, those above it).
  func makeDirectory(_ path: String, parents: Bool = false) throws(Failure) {
    if exists(path) {
      if parents && isDirectory(path) { return }
      throw .exists
    }
    if parents, let parent = Self.parent(of: path), !exists(parent) { try makeDirectory(parent, parents: true) }
    try checkParent(of: path)
    let mount = try writableMount(of: path)
    entries[path] = .some(nil)
    keep(.directory, at: path, in: mount)
  }

  /// Removes the file at `path`, or with `recursive` a directory and what it holds.
  func remove(_ path: String, recursive: Bool = false) throws(Failure) {
    guard exists(path) else { throw .notFound }
    if path == "/" || Self.kubeletFiles.contains(path) || mounts.contains(where: { $0.root == path }) { throw .busy }
    if isDirectory(path) && !recursive { throw .isDirectory }
    let mount = try writableMount(of: path)
    let doomed = [path] + entries.keys.filter { $0.hasPrefix(path + "/") }.sorted()
    for gone in doomed.reversed() {
      entries[gone] = nil
      keep(.removed, at: gone, in: mount)
    }
  }

  /// Every path under `path` (itself first), parents before children.
  func tree(_ path: String) -> [String] {
    [path] + entries.keys.filter { $0.hasPrefix(path == "/" ? "/" : path + "/") && $0 != path }.sorted()
  }

  /// The files the kubelet mounts into every container, one by one.
  static let kubeletFiles: Set<String> = ["/etc/hostname", "/etc/hosts", "/etc/resolv.conf"]

  static func parent(of path: String) -> String? {
    guard path != "/", let slash = path.lastIndex(of: "/") else { return nil }
    return slash == path.startIndex ? "/" : String(path[..<slash])
  }

  private func checkParent(of path: String) throws(Failure) {
    guard let parent = Self.parent(of: path) else { throw .busy }
    if isDirectory(parent) { return }
    throw exists(parent) ? .notDirectory : .parentMissing
  }

  /// The mount `path` lies in (nil: the container's own layer), if it may be written.
  private func writableMount(of path: String) throws(Failure) -> Mount? {
    guard let mount = mounts.last(where: { path == $0.root || path.hasPrefix($0.root + "/") }) else { return nil }
    guard mount.writable else { throw .readOnly }
    return mount
  }

  private func keep(_ entry: WrittenFiles.Entry, at path: String, in mount: Mount?) {
    if let mount {
      guard let kept = mount.lasting ? lasting : written else { return }
      let relative = path == mount.root ? "/" : String(path.dropFirst(mount.root == "/" ? 0 : mount.root.count))
      kept.record(entry, at: relative, volume: mount.volume)
    } else if let written, let containerID {
      written.record(entry, at: path, container: containerName, containerID: containerID)
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
