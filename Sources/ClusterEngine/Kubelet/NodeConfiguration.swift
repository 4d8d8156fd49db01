import KubeModel

/// A machine to join to the cluster: its name, size, labels and taints. The kubelet
/// registers it as a Node.
public struct NodeConfiguration: Hashable, Sendable {
  public var name: String
  /// CPU cores, e.g. `4`.
  public var cpu: Quantity
  /// Memory, e.g. `8Gi`.
  public var memory: Quantity
  /// The kubelet's `--max-pods` (110 by default).
  public var pods: Int64
  /// Extra labels (the kubelet adds hostname, os and arch itself).
  public var labels: [String: String]
  public var taints: [Taint]
  /// Extended resources such as `nvidia.com/gpu`.
  public var extendedResources: [String: Quantity]
  /// Set `spec.unschedulable` at registration.
  public var unschedulable: Bool
  /// What the kubelet keeps for the system (system-reserved plus the hard eviction
  /// threshold); allocatable is capacity minus this.
  public var reservedCPU: Quantity
  public var reservedMemory: Quantity

  public init(
    name: String, cpu: Quantity = Quantity(4), memory: Quantity = Quantity(8 << 30, format: .binarySI),
    pods: Int64 = 110, labels: [String: String] = [:], taints: [Taint] = [], extendedResources: [String: Quantity] = [:],
    unschedulable: Bool = false, reservedCPU: Quantity = .milli(100),
    reservedMemory: Quantity = Quantity(200 * 1_048_576, format: .binarySI)
  ) {
    self.name = name
    self.cpu = cpu
    self.memory = memory
    self.pods = pods
    self.labels = labels
    self.taints = taints
    self.extendedResources = extendedResources
    self.unschedulable = unschedulable
    self.reservedCPU = reservedCPU
    self.reservedMemory = reservedMemory
  }

  /// A node of `cpu` cores and `memoryGiB` GiB.
  public static func sized(_ name: String, cpu: Int64, memoryGiB: Int64, labels: [String: String] = [:]) -> NodeConfiguration {
    NodeConfiguration(name: name, cpu: Quantity(cpu), memory: Quantity(memoryGiB << 30, format: .binarySI), labels: labels)
  }

  /// What the node reports as capacity.
  var capacity: [String: Quantity] {
    var capacity: [String: Quantity] = [
      "cpu": cpu, "memory": memory, "pods": Quantity(pods),
      "ephemeral-storage": Quantity(100 << 30, format: .binarySI),
      "hugepages-1Gi": Quantity(0), "hugepages-2Mi": Quantity(0),
    ]
    for (name, value) in extendedResources { capacity[name] = value }
    return capacity
  }

  /// Capacity minus what is reserved for the system.
  var allocatable: [String: Quantity] {
    var allocatable = capacity
    allocatable["cpu"] = max(cpu - reservedCPU, .zero)
    allocatable["memory"] = max(memory - reservedMemory, .zero)
    allocatable["ephemeral-storage"] = Quantity(90 << 30, format: .binarySI)
    return allocatable
  }
}

/// What the kubelet keeps about one node: cheap, so 5,000 of them cost little.
///
/// A reference: every sync of a pod reads its node's agent, and most change it (pulls,
/// images, pod IPs); as a value, each of those copied out and wrote back a struct holding
/// three collections.
final class NodeAgent {
  let configuration: NodeConfiguration
  /// Registration order: picks the pod CIDR, addresses and heartbeat slot.
  let index: Int
  var powered = true
  var poweredOffAt: Int64?
  var partitioned = false
  /// The kubelet (re)started and registers its Node when it finds none; a running kubelet
  /// whose Node was deleted does not bring it back.
  var registersOnStart = false
  var bootID: String
  var systemUUID: String
  var uid = ""
  /// Images on the node's disk: full name → size in bytes.
  var images: [Prehashed<String>: Int64] = [:]
  /// When the node's (serial) image puller is free again.
  var pullerFreeAt: Int64 = 0
  /// Pulls under way: image full name → when it completes.
  var pullsInFlight: [Prehashed<String>: Int64] = [:]
  var nextHost = 2
  var usedHosts: Set<Int> = []
  /// The node status needs writing (new images, a recovery).
  var statusDirty = false
  /// What the configuration gives for the status's capacity and allocatable, and the
  /// machine ID its name gives, made once: every status the kubelet posts carries them (a
  /// heartbeat every ten seconds per node), and equal dictionaries that share storage
  /// compare at once.
  private(set) lazy var capacity = configuration.capacity
  private(set) lazy var allocatable = configuration.allocatable
  private(set) lazy var machineID = String(nameHash, radix: 16) + String(nameHash >> 7, radix: 16)
  var lastStatusWrite: Int64 = 0
  /// A later registration of the node's name took its place: pod records that hold this
  /// agent look the name up again.
  var replaced = false

  /// `10.244.N`, the first three parts of the node's pod CIDR.
  let podCIDRPrefix: String
  /// The node's InternalIP, in the `172.18.0.0/16` network kind uses.
  let internalIP: String
  /// `[internalIP]` as a pod's `hostIPs`: one array that every pod of the node shares.
  let hostIPs: [PodIP]
  /// `SeededRandom.stableHash` of the node's name (it seeds each pull's duration).
  let nameHash: UInt64
  /// Where in each second the kubelet relists its containers (PLEG): the microsecond of
  /// the second it registered in, as the relist loop's period starts when the kubelet does.
  var relistPhase: Int64 = 0

  init(configuration: NodeConfiguration, index: Int, bootID: String, systemUUID: String) {
    self.configuration = configuration
    self.index = index
    self.bootID = bootID
    self.systemUUID = systemUUID
    podCIDRPrefix = Self.podCIDRPrefix(index: index)
    internalIP = Self.internalIP(index: index)
    hostIPs = [PodIP(ip: internalIP)]
    nameHash = SeededRandom.stableHash(configuration.name)
  }

  var name: String { configuration.name }

  /// The kubelet's first relist after `micros`: what changed in a container by then is
  /// seen, and the pod's status written, at that instant.
  func relist(after micros: Int64) -> Int64 {
    let period: Int64 = 1_000_000
    let offset = ((micros - relistPhase) % period + period) % period
    return micros - offset + period
  }

  /// `10.244.N.0/24`; past 12 × 256 nodes the pod network continues in `10.128.0.0/9`.
  static func podCIDRPrefix(index: Int) -> String {
    let block = index / 256
    let second = block < 12 ? 244 + block : 128 + (block - 12)
    return "10.\(second).\(index % 256)"
  }

  var podCIDR: String { "\(podCIDRPrefix).0/24" }

  /// The InternalIP of the node registered `index`-th.
  static func internalIP(index: Int) -> String {
    let host = index + 2
    return "172.18.\(host / 254).\(host % 254 + (host >= 254 ? 1 : 0))"
  }

  /// Takes the next free pod IP of the node's CIDR.
  func allocateHost() -> Int {
    for _ in 0..<253 {
      let host = nextHost
      nextHost = nextHost >= 254 ? 2 : nextHost + 1
      if !usedHosts.contains(host) {
        usedHosts.insert(host)
        return host
      }
    }
    return 254
  }
}
