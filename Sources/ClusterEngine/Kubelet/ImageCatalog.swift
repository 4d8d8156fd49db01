/// A container image reference split as the container runtime normalises it:
/// `nginx:1.14` is `docker.io/library/nginx:1.14`.
struct ImageReference: Hashable, Sendable {
  /// What the pod spec says, e.g. `nginx:1.14`.
  let text: String
  /// `docker.io`, `registry.k8s.io`, …
  let registry: String
  /// `library/nginx`, `coredns/coredns`, …
  let repository: String
  /// `1.14`, or `latest` when none is given (a digest counts as its tag).
  let tag: String
  /// `docker.io/library/nginx:1.14`, as containerd names it in errors. Formed once: the
  /// kubelet keys its image tables by it several times per pod.
  let fullName: String
  /// `fullName` hashed once, the key of a node's image tables (a reference is made once per
  /// container definition, and its pods' pulls look the tables up several times each).
  let key: Prehashed<String>

  init(_ text: String) {
    self.text = text
    var rest = Substring(text)
    var digest: Substring?
    if let at = rest.firstIndex(of: "@") {
      digest = rest[rest.index(after: at)...]
      rest = rest[..<at]
    }
    var tag = "latest"
    if let colon = rest.lastIndex(of: ":"), !rest[colon...].contains("/") {
      tag = String(rest[rest.index(after: colon)...])
      rest = rest[..<colon]
    }
    if let digest { tag = String(digest) }
    let parts = rest.split(separator: "/", omittingEmptySubsequences: false)
    let registry: String
    let repository: String
    if parts.count > 1, let first = parts.first, first.contains(".") || first.contains(":") || first == "localhost" {
      registry = String(first)
      repository = parts.dropFirst().joined(separator: "/")
    } else {
      registry = "docker.io"
      repository = parts.count == 1 ? "library/\(rest)" : String(rest)
    }
    self.registry = registry
    self.repository = repository
    self.tag = tag
    // A tag with a colon is a digest (`sha256:…`), written after `@`.
    fullName = tag.contains(":" as Character) ? "\(registry)/\(repository)@\(tag)" : "\(registry)/\(repository):\(tag)"
    key = Prehashed(fullName)
  }

  /// The last path component of the repository: `nginx`, `coredns`, `stress`.
  var shortName: String { repository.split(separator: "/").last.map(String.init) ?? repository }
}

/// The simulated registries: which images exist, how big they are, and how long pulling
/// them takes. Seeded: a given image always has the same size.
///
/// An image exists when its repository is a well-known one (Docker Hub's official images,
/// a few popular user images, the Kubernetes registry); anything else (`ningx`, `ngnix`, a
/// private registry) fails to pull as containerd reports it.
enum ImageCatalog {
  /// Docker Hub official images with a typical unpacked size in MB.
  static let official: [String: Double] = [
    "nginx": 109, "busybox": 4.3, "alpine": 7.8, "centos": 204, "ubuntu": 78, "debian": 117, "redis": 117,
    "postgres": 379, "mysql": 565, "mariadb": 405, "mongo": 700, "httpd": 148, "node": 1100, "python": 1000,
    "perl": 890, "golang": 814, "openjdk": 470, "memcached": 85, "rabbitmq": 220, "traefik": 150,
    "haproxy": 105, "wordpress": 615, "php": 485, "caddy": 47, "fedora": 190, "amazonlinux": 145,
    "registry": 25, "hello-world": 0.013, "tomcat": 460, "elasticsearch": 1200, "jenkins": 460,
    "consul": 150, "vault": 190, "influxdb": 300, "grafana": 400, "nats": 18, "ghost": 560, "bash": 13,
    "eclipse-temurin": 450, "ruby": 890, "rust": 1400, "maven": 500, "gradle": 700, "sonarqube": 700,
    "fluentd": 150, "cassandra": 350, "zookeeper": 300, "kibana": 1000, "logstash": 800, "nextcloud": 1100,
  ]
  /// Popular non-official repositories on Docker Hub.
  static let community: [String: Double] = [
    "polinux/stress": 9.7, "progrium/stress": 282, "vish/stress": 5.5, "kodekloud/webapp-color": 85,
    "kodekloud/event-simulator": 95, "bitnami/nginx": 180, "bitnami/redis": 190, "bitnami/postgresql": 280,
    "bitnami/kubectl": 250, "curlimages/curl": 22, "nicolaka/netshoot": 420, "kennethreitz/httpbin": 540,
    "hashicorp/http-echo": 7, "containous/whoami": 7.5, "traefik/whoami": 7.5, "prom/prometheus": 250,
    "grafana/grafana": 400, "jenkins/jenkins": 460, "library/busybox": 4.3,
  ]
  /// Repository prefixes served by the Kubernetes and Google registries.
  static let kubernetesRepositories: [String: Double] = [
    "pause": 0.74, "kube-apiserver": 95, "kube-controller-manager": 89, "kube-scheduler": 69, "kube-proxy": 95,
    "etcd": 150, "coredns/coredns": 61, "metrics-server/metrics-server": 67, "ingress-nginx/controller": 290,
    "e2e-test-images/agnhost": 127, "e2e-test-images/busybox": 1.4, "e2e-test-images/nginx": 17,
    "google-samples/hello-app": 28, "hpa-example": 480, "echoserver": 47, "nginx-slim": 42,
    // The busybox of the probe examples in the Kubernetes documentation.
    "busybox": 1.2,
  ]
  /// Images whose default command is a shell.
  static let shellImages: Set<String> = ["busybox", "alpine", "centos", "ubuntu", "debian", "fedora", "amazonlinux", "bash"]

  /// Words Docker Hub tags are made of besides versions (`1.25-alpine`, `3.12-slim-bookworm`,
  /// `stable-perl`, `alpine3.20`).
  static let tagWords: Set<String> = [
    "latest", "stable", "mainline", "alpine", "slim", "bookworm", "bullseye", "buster", "stretch", "jessie", "trixie",
    "jammy", "focal", "bionic", "noble", "perl", "otel", "musl", "glibc", "uclibc", "lts", "current", "management",
    "fpm", "apache", "cli", "zts", "jdk", "jre", "temurin", "openjdk", "corretto", "unprivileged", "edge",
    "windowsservercore", "nanoserver", "ltsc", "rc", "beta", "alpha",
  ]

  /// Whether a Docker Hub repository that exists has `tag`: `latest`, a version (`1.14`,
  /// `v2.3.1`), a known variant word, or those joined with `-`. A made-up tag
  /// (`nginx:doesnotexist`, `nginx:latestt`) is not found, as the registry answers.
  static func hasTag(_ tag: String) -> Bool {
    if tag.contains(":") { return true }  // a digest
    return tag.split(separator: "-", omittingEmptySubsequences: false).allSatisfy { part in
      let word = part.drop { $0 == "v" && part.count > 1 && part.dropFirst().first?.isNumber == true }
      if !word.isEmpty, word.allSatisfy({ $0.isNumber || $0 == "." }), word.first?.isNumber == true, word.last?.isNumber == true {
        return true
      }
      // `alpine3.20`, `ltsc2022`: a word with its release number.
      let letters = part.prefix { !$0.isNumber && $0 != "." }
      let rest = part.dropFirst(letters.count)
      return tagWords.contains(String(letters)) && rest.allSatisfy { $0.isNumber || $0 == "." }
    }
  }

  /// The unpacked size in bytes when the image exists, nil when the registry does not have it.
  static func size(of image: ImageReference, seed: UInt64) -> Int64? {
    guard let megabytes = repositoryMegabytes(image), !isDockerHub(image) || hasTag(image.tag) else { return nil }
    let jitter = 0.9 + 0.2 * SeededRandom.unit(hashing: seed, SeededRandom.stableHash(image.fullName))
    return Int64(megabytes * jitter * 1_000_000)
  }

  /// The names Docker Hub is reached by.
  static let dockerHub: Set<String> = ["docker.io", "index.docker.io", "registry-1.docker.io"]

  static func isDockerHub(_ image: ImageReference) -> Bool { dockerHub.contains(image.registry) }

  /// The typical size of the image's repository, when the registry has that repository.
  private static func repositoryMegabytes(_ image: ImageReference) -> Double? {
    var megabytes: Double?
    switch image.registry {
    case let registry where dockerHub.contains(registry):
      if image.repository.hasPrefix("library/") {
        megabytes = official[String(image.repository.dropFirst("library/".count))]
      } else {
        megabytes = community[image.repository]
      }
    case "registry.k8s.io", "k8s.gcr.io", "gcr.io":
      let repository = image.repository.hasPrefix("google-containers/") ? String(image.repository.dropFirst(18)) : image.repository
      megabytes = kubernetesRepositories[repository]
    default:
      megabytes = nil
    }
    return megabytes
  }

  /// Why pulling a missing image fails, as containerd words it.
  static func pullError(for image: ImageReference) -> String {
    let name = image.fullName
    if isDockerHub(image), repositoryMegabytes(image) != nil {
      // The repository is there, the tag is not.
      return "failed to pull and unpack image \"\(name)\": failed to resolve reference \"\(name)\": \(name): not found"
    }
    switch image.registry {
    case let registry where dockerHub.contains(registry):
      return "failed to pull and unpack image \"\(name)\": failed to resolve reference \"\(name)\": "
        + "pull access denied, repository does not exist or may require authorization: server message: "
        + "insufficient_scope: authorization failed"
    case "registry.k8s.io", "k8s.gcr.io", "gcr.io", "ghcr.io", "quay.io":
      return "failed to pull and unpack image \"\(name)\": failed to resolve reference \"\(name)\": \(name): not found"
    default:
      return "failed to pull and unpack image \"\(name)\": failed to resolve reference \"\(name)\": "
        + "failed to do request: Head \"https://\(image.registry)/v2/\(image.repository)/manifests/\(image.tag)\": "
        + "dial tcp: lookup \(image.registry): no such host"
    }
  }

  /// How long a pull takes, in milliseconds: a registry round trip plus the bytes over a
  /// seeded bandwidth (20–80 MB/s); a failed pull only pays the round trip. The node's name
  /// and the image's full name come hashed (`SeededRandom.stableHash`), as the kubelet keeps them.
  static func pullMilliseconds(bytes: Int64?, nodeHash: UInt64, imageHash: UInt64, attempt: Int, seed: UInt64) -> Int64 {
    let roll = SeededRandom.unit(hashing: seed, nodeHash, imageHash, UInt64(attempt))
    let latency = 250 + roll * 900
    guard let bytes else { return Int64(latency) }
    let bandwidth = 20_000_000 + 60_000_000 * roll
    return Int64(latency + Double(bytes) / bandwidth * 1000)
  }
}
