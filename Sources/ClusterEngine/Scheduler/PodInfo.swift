import KubeModel

/// A host port a pod asks for: IP (`0.0.0.0` when unset), protocol and port.
struct HostPort: Hashable, Sendable {
  var ip: String
  var proto: String
  var port: Int32

  /// Whether two host ports collide (same protocol and port, and one IP is a wildcard or they are equal).
  func conflicts(with other: HostPort) -> Bool {
    port == other.port && proto == other.proto && (ip == other.ip || ip == "0.0.0.0" || other.ip == "0.0.0.0")
  }
}

/// What a pod requests of a node, as `resourcehelper.PodRequests` sums it: containers added,
/// init containers as a maximum, overhead on top.
struct ResourceRequest: Sendable, Equatable {
  var milliCPU: Int64 = 0
  var memory: Int64 = 0
  var ephemeralStorage: Int64 = 0
  /// Extended and other scalar resources (`nvidia.com/gpu`, `hugepages-2Mi`, …), sorted by name.
  var scalar: [(name: String, value: Int64)] = []

  static func == (lhs: ResourceRequest, rhs: ResourceRequest) -> Bool {
    lhs.milliCPU == rhs.milliCPU && lhs.memory == rhs.memory && lhs.ephemeralStorage == rhs.ephemeralStorage
      && lhs.scalar.map(\.name) == rhs.scalar.map(\.name) && lhs.scalar.map(\.value) == rhs.scalar.map(\.value)
  }

  /// The default CPU (100m) and memory (200 MiB) a container without requests counts as when scoring.
  static let defaultMilliCPU: Int64 = 100
  static let defaultMemory: Int64 = 200 * 1024 * 1024

  /// A pod's requests, and its cpu and memory requests with the defaults counted for
  /// containers that request none (what scoring uses), in one pass over the containers.
  static func of(_ spec: PodSpec) -> (requests: ResourceRequest, nonZeroCPU: Int64, nonZeroMemory: Int64) {
    var total = ResourceRequest()
    var nonZeroCPU: Int64 = 0
    var nonZeroMemory: Int64 = 0
    var scalars: [String: Int64] = [:]
    /// One container's requests: cpu and memory nil when not requested.
    func read(_ requests: [String: Quantity]?, scalar: (String, Int64) -> Void) -> (cpu: Int64?, memory: Int64?, ephemeral: Int64) {
      var cpu: Int64?
      var memory: Int64?
      var ephemeral: Int64 = 0
      guard let requests else { return (nil, nil, 0) }
      for (name, quantity) in requests {
        switch name {
        case "cpu": cpu = quantity.milliValue
        case "memory": memory = quantity.value
        case "ephemeral-storage": ephemeral = quantity.value
        default: scalar(name, quantity.value)
        }
      }
      return (cpu, memory, ephemeral)
    }
    // Containers are read in place (a `Container` copy retains every field).
    for index in (spec.containers ?? []).indices {
      let single = read(spec.containers?[index].resources?.requests) { scalars[$0, default: 0] += $1 }
      total.milliCPU += single.cpu ?? 0
      total.memory += single.memory ?? 0
      total.ephemeralStorage += single.ephemeral
      nonZeroCPU += single.cpu ?? defaultMilliCPU
      nonZeroMemory += single.memory ?? defaultMemory
    }
    for index in (spec.initContainers ?? []).indices {
      var singleScalars: [String: Int64] = [:]
      let single = read(spec.initContainers?[index].resources?.requests) { singleScalars[$0, default: 0] += $1 }
      total.milliCPU = max(total.milliCPU, single.cpu ?? 0)
      total.memory = max(total.memory, single.memory ?? 0)
      total.ephemeralStorage = max(total.ephemeralStorage, single.ephemeral)
      nonZeroCPU = max(nonZeroCPU, single.cpu ?? defaultMilliCPU)
      nonZeroMemory = max(nonZeroMemory, single.memory ?? defaultMemory)
      for (name, value) in singleScalars { scalars[name] = max(scalars[name] ?? 0, value) }
    }
    for (name, quantity) in spec.overhead ?? [:] {
      switch name {
      case "cpu":
        total.milliCPU += quantity.milliValue
        nonZeroCPU += quantity.milliValue
      case "memory":
        total.memory += quantity.value
        nonZeroMemory += quantity.value
      case "ephemeral-storage": total.ephemeralStorage += quantity.value
      default: scalars[name, default: 0] += quantity.value
      }
    }
    if !scalars.isEmpty { total.scalar = scalars.sorted { $0.key < $1.key }.map { ($0.key, $0.value) } }
    return (total, nonZeroCPU, nonZeroMemory)
  }

  init() {}
}

/// A pod compiled for scheduling (upstream's `framework.PodInfo` plus the per-plugin
/// pre-computations): requests, ports, tolerations, node and pod affinity, spread constraints.
/// Built once when the pod enters the queue, not on every attempt.
struct PodInfo: Sendable {
  var key: ObjectKey
  var uid: String
  var labels: [String: String]
  // The narrow fields together, so that a queued pod's box is no larger than it has to be.
  var priority: Int32
  /// cpu and memory requests are both zero: BalancedAllocation skips such pods.
  var isBestEffort: Bool
  var toleratesUnschedulable: Bool
  /// Soft constraints are the system defaults (the pod declared none).
  var softSpreadIsSystemDefault: Bool
  var requested: ResourceRequest
  var nonZeroCPU: Int64
  var nonZeroMemory: Int64
  var hostPorts: [HostPort]
  var tolerations: [Toleration]
  /// Tolerations that can tolerate PreferNoSchedule taints (that effect, or any effect).
  var preferNoScheduleTolerations: [Toleration]
  var requestedNodeName: String?
  var requiredNodeAffinity: RequiredNodeAffinity
  /// `metadata.name In [...]` node names from the required terms (NodeAffinity's PreFilter
  /// result); nil when any term allows every node. Empty means the terms conflict.
  var preFilterNodeNames: Set<String>?
  var preferredNodeTerms: [(weight: Int64, term: NodeTermMatcher)]
  var requiredAffinity: [AffinityTerm]
  var requiredAntiAffinity: [AffinityTerm]
  var preferredAffinity: [AffinityTerm]
  var preferredAntiAffinity: [AffinityTerm]
  var hardSpread: [SpreadConstraint]
  var softSpread: [SpreadConstraint]
  /// Normalised image names of init and app containers (`nginx` → `nginx:latest`).
  var images: [String]
  var containerCount: Int

  var namespace: String { key.namespace }

  /// Every term whose matched pods the cache must count for this pod: made once, by `init`
  /// (the queue retains them when the pod enters and releases them when it leaves).
  private(set) var counterKeys: [[TermMatcher]] = []

  /// `counterKeys` of the terms as `init` compiled them.
  private func makeCounterKeys() -> [[TermMatcher]] {
    if requiredAffinity.isEmpty && requiredAntiAffinity.isEmpty && preferredAffinity.isEmpty && preferredAntiAffinity.isEmpty
      && hardSpread.isEmpty
    {
      // The common case (none, or the system defaults) without joining lists.
      return softSpread.map(\.counterKey)
    }
    var keys: [[TermMatcher]] = []
    if !requiredAffinity.isEmpty { keys.append(requiredAffinity.map(\.matcher)) }
    keys += (requiredAntiAffinity + preferredAffinity + preferredAntiAffinity).map { [$0.matcher] }
    keys += (hardSpread + softSpread).map(\.counterKey)
    return keys
  }

  /// The terms of this pod that, once it runs, affect pods scheduled after it.
  var holderKeys: [HolderKey] {
    if requiredAntiAffinity.isEmpty && requiredAffinity.isEmpty && preferredAffinity.isEmpty && preferredAntiAffinity.isEmpty {
      return []
    }
    return requiredAntiAffinity.map { HolderKey(role: .requiredAntiAffinity, term: $0) }
      + requiredAffinity.map { HolderKey(role: .requiredAffinity, term: $0) }
      + preferredAffinity.map { HolderKey(role: .preferredAffinity, term: $0) }
      + preferredAntiAffinity.map { HolderKey(role: .preferredAntiAffinity, term: $0) }
  }

  /// Compiles `pod`. `defaultSpreadSelector` is the selector of the Services, ReplicaSets and
  /// StatefulSets that select the pod (system default spreading applies when it is non-empty).
  init(_ pod: Pod, defaultSpreadSelector: Selector? = nil) {
    var memo = SystemDefaultSpreadMemo()
    self.init(pod, defaultSpreadSelector: defaultSpreadSelector, systemDefaults: &memo)
  }

  /// Compiles `pod`, taking the system default constraints from `systemDefaults`.
  init(_ pod: Pod, defaultSpreadSelector: Selector?, systemDefaults: inout SystemDefaultSpreadMemo) {
    let spec = pod.spec ?? PodSpec()
    let namespace = pod.metadata.namespace ?? "default"
    let labels = pod.metadata.labels ?? [:]
    key = ObjectKey(namespace: namespace, name: pod.metadata.name ?? "")
    uid = pod.metadata.uid ?? ""
    self.labels = labels
    priority = spec.priority ?? 0
    let requests = ResourceRequest.of(spec)
    requested = requests.requests
    nonZeroCPU = requests.nonZeroCPU
    nonZeroMemory = requests.nonZeroMemory
    isBestEffort = requested.milliCPU == 0 && requested.memory == 0
    // Containers are read in place (a `Container` copy retains every field).
    let containers = spec.containers ?? []
    let initContainers = spec.initContainers ?? []
    var hostPorts: [HostPort] = []
    for index in containers.indices {
      guard let ports = containers[index].ports else { continue }
      for port in ports {
        guard let hostPort = port.hostPort, hostPort > 0 else { continue }
        let ip = (port.hostIP ?? "").isEmpty ? "0.0.0.0" : (port.hostIP ?? "")
        hostPorts.append(HostPort(ip: ip, proto: port.protocol ?? "TCP", port: hostPort))
      }
    }
    self.hostPorts = hostPorts
    tolerations = spec.tolerations ?? []
    preferNoScheduleTolerations = tolerations.filter { ($0.effect ?? "").isEmpty || $0.effect == "PreferNoSchedule" }
    toleratesUnschedulable = tolerations.contains { $0.tolerates(Self.unschedulableTaint) }
    requestedNodeName = (spec.nodeName ?? "").isEmpty ? nil : spec.nodeName
    requiredNodeAffinity = RequiredNodeAffinity(spec)
    preFilterNodeNames = Self.nodeNames(spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution)
    preferredNodeTerms = (spec.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).compactMap {
      guard let weight = $0.weight, weight != 0, let term = $0.preference else { return nil }
      return (Int64(weight), NodeTermMatcher(term))
    }
    func terms(_ list: [PodAffinityTerm]?) -> [AffinityTerm] {
      (list ?? []).map { AffinityTerm($0, weight: 1, pod: namespace, podLabels: labels) }
    }
    func weighted(_ list: [WeightedPodAffinityTerm]?) -> [AffinityTerm] {
      (list ?? []).compactMap { weighted in
        guard let term = weighted.podAffinityTerm else { return nil }
        return AffinityTerm(term, weight: Int64(weighted.weight ?? 0), pod: namespace, podLabels: labels)
      }
    }
    requiredAffinity = terms(spec.affinity?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution)
    requiredAntiAffinity = terms(spec.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution)
    preferredAffinity = weighted(spec.affinity?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution)
    preferredAntiAffinity = weighted(spec.affinity?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution)
    let declared = (spec.topologySpreadConstraints ?? []).map { SpreadConstraint($0, pod: namespace, podLabels: labels) }
    hardSpread = declared.filter(\.isHard)
    if declared.isEmpty, let defaultSpreadSelector, !defaultSpreadSelector.isEverything {
      softSpread = systemDefaults.constraints(selector: defaultSpreadSelector, namespace: namespace)
      softSpreadIsSystemDefault = true
    } else {
      softSpread = declared.filter { !$0.isHard }
      softSpreadIsSystemDefault = false
    }
    var images: [String] = []
    images.reserveCapacity(initContainers.count + containers.count)
    for index in initContainers.indices { images.append(Self.normalizedImageName(initContainers[index].image ?? "")) }
    for index in containers.indices { images.append(Self.normalizedImageName(containers[index].image ?? "")) }
    self.images = images
    containerCount = images.count
    counterKeys = makeCounterKeys()
  }

  /// The taint of a cordoned node, made once rather than per pod.
  private static let unschedulableTaint = Taint(key: "node.kubernetes.io/unschedulable", effect: "NoSchedule")

  /// `image` with `:latest` added when it carries no tag (`normalizedImageName`).
  static func normalizedImageName(_ image: String) -> String {
    // ASCII names (all real ones) are searched by byte; others by Character, as before.
    if let tagged = image.utf8.withContiguousStorageIfAvailable({ asciiHasTag($0) }) ?? asciiHasTag(Array(image.utf8)) {
      return tagged ? image : image + ":latest"
    }
    let colon = image.lastIndex(of: ":")
    let slash = image.lastIndex(of: "/")
    if let colon {
      if let slash, colon < slash { return image + ":latest" }
      return image
    }
    return image + ":latest"
  }

  /// For an ASCII name, whether its last `:` comes after its last `/` (it has a tag); nil when
  /// it has other bytes.
  private static func asciiHasTag<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes) -> Bool? {
    var colon = -1
    var slash = -1
    var high: UInt8 = 0
    var offset = 0
    for byte in bytes {
      high |= byte
      if byte == UInt8(ascii: ":") { colon = offset }
      if byte == UInt8(ascii: "/") { slash = offset }
      offset += 1
    }
    guard high < 0x80 else { return nil }
    return colon > slash
  }

  /// NodeAffinity's PreFilter: node names every term pins with `metadata.name In`.
  private static func nodeNames(_ selector: NodeSelector?) -> Set<String>? {
    guard let terms = selector?.nodeSelectorTerms, !terms.isEmpty else { return nil }
    var union: Set<String>?
    for term in terms {
      var names: Set<String>?
      for field in term.matchFields ?? [] where field.key == "metadata.name" && field.operator == "In" {
        let values = Set(field.values ?? [])
        names = names.map { $0.intersection(values) } ?? values
      }
      guard let names else { return nil }
      union = (union ?? []).union(names)
    }
    return union
  }
}
