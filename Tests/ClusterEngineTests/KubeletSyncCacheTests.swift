import KubeModel
import Testing

@testable import ClusterEngine

/// What the kubelet's pod sync keeps instead of making afresh: per-definition Event texts,
/// per-node addresses, the condition lists' digests and the incremental hashes must read
/// exactly as what they replace.
@Suite struct KubeletSyncCacheTests {
  typealias C = KubeletFixture

  @Test func aContinuedHashEqualsTheHashOfTheJoinedText() {
    for (a, b) in [("", ""), ("uid-1", "/nginx/0"), ("7f3c-é", "/容器/12"), ("a", "")] {
      #expect(SeededRandom.stableHash(b, continuing: SeededRandom.stableHash(a)) == SeededRandom.stableHash(a + b))
    }
  }

  /// The stable hash is 64-bit FNV-1a over the UTF-8 bytes, whether a string is small,
  /// native or a substring's copy: the published test vectors and a byte-by-byte reference.
  @Test func theStableHashIsFNV1aOfTheBytes() {
    #expect(SeededRandom.stableHash("") == 0xCBF2_9CE4_8422_2325)
    #expect(SeededRandom.stableHash("a") == 0xAF63_DC4C_8601_EC8C)
    #expect(SeededRandom.stableHash("foobar") == 0x8594_4171_F739_67E8)
    func reference(_ text: String) -> UInt64 {
      text.utf8.reduce(0xCBF2_9CE4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01B3 }
    }
    let long = "5f0e2a61-9c3b-4f7d-8e21-0b6c4d3a9f18/nginx/容器"
    for text in [long, String(long.dropFirst(3)), "x", String(repeating: "é", count: 40)] {
      #expect(SeededRandom.stableHash(text) == reference(text), "\(text)")
    }
  }

  @Test func hex64IsSixteenZeroPaddedLowercaseDigits() {
    for value: UInt64 in [0, 1, 0xABC, 0x0123_4567_89AB_CDEF, .max, 0x8000_0000_0000_0000] {
      let text = String(value, radix: 16)
      #expect(hex64(value) == String(repeating: "0", count: 16 - text.count) + text)
    }
  }

  @Test func conditionListsDifferingOnlyInTextAreNotEqual() {
    let time = Time(seconds: 100)
    func list(_ message: String) -> ConditionList {
      ConditionList([
        PodCondition(type: "Ready", status: "False", reason: "ContainersNotReady", message: message, lastTransitionTime: time)
      ])
    }
    #expect(list("containers with unready status: [aaa]") == list("containers with unready status: [aaa]"))
    #expect(list("containers with unready status: [aaa]").hashValue == list("containers with unready status: [aaa]").hashValue)
    #expect(list("containers with unready status: [aaa]") != list("containers with unready status: [bbb]"))
    var table = InternTable<ConditionList>()
    let first = table.intern(list("containers with unready status: [aaa]"))
    let other = table.intern(list("containers with unready status: [bbb]"))
    #expect(other.conditions.first?.message == "containers with unready status: [bbb]")
    let again = table.intern(list("containers with unready status: [aaa]"))
    first.conditions.withUnsafeBufferPointer { x in
      again.conditions.withUnsafeBufferPointer { y in #expect(x.baseAddress == y.baseAddress) }
    }
    #expect(table.count == 2)
  }

  @Test func eventTextsFollowTheContainersDefinition() throws {
    var cache = ContainerShapeCache()
    let old = cache.shape(of: Container(name: "web", image: "nginx:1.14"), seed: 1).text
    let new = cache.shape(of: Container(name: "web", image: "nginx:1.15"), seed: 1).text
    #expect(old.pulling == "Pulling image \"nginx:1.14\"")
    #expect(new.pulling == "Pulling image \"nginx:1.15\"")
    #expect(new.alreadyPresent == "Container image \"nginx:1.15\" already present on machine")
    #expect(new.created == "Created container: web")
    #expect(new.started == "Started container web")
    #expect(new.fieldPath == "spec.containers{web}")
    #expect(new.initFieldPath == "spec.initContainers{web}")
    #expect(new.pulledPrefix == "Successfully pulled image \"nginx:1.15\" in ")
  }

  @Test func aPullsDurationFromKeptHashesEqualsTheOneFromNames() throws {
    let fixture = try KubeletFixture(nodes: ["worker-1"])
    let agent = try #require(fixture.kubelet.nodes["worker-1"])
    var cache = ContainerShapeCache()
    let shape = cache.shape(of: Container(name: "web", image: "nginx:1.14"), seed: 7)
    for attempt in 1...3 {
      for bytes: Int64? in [nil, 109_000_000] {
        let named = ImageCatalog.pullMilliseconds(bytes: bytes, node: "worker-1", image: shape.image, attempt: attempt, seed: 7)
        let hashed = ImageCatalog.pullMilliseconds(
          bytes: bytes, nodeHash: agent.nameHash, imageHash: shape.imageHash, attempt: attempt, seed: 7)
        #expect(named == hashed)
      }
    }
    #expect(shape.imageSize == ImageCatalog.size(of: shape.image, seed: 7))
    #expect(shape.imageID == Kubelet.makeImageID(shape.image))
  }

  @Test func aSharedContainerListKeepsItsShapesAndAnEditedOneGetsItsOwn() {
    var cache = ContainerShapeCache()
    let specs = [Container(name: "web", image: "nginx:1.14"), Container(name: "log", image: "busybox:1.36")]
    let first = cache.shapes(of: specs, isInit: false, seed: 1)
    let initShapes = cache.shapes(of: [Container(name: "setup", image: "busybox:1.36")], isInit: true, seed: 1)
    let again = cache.shapes(of: specs, isInit: false, seed: 1)
    #expect(first.count == 2 && again.count == 2)
    #expect(zip(first, again).allSatisfy { $0 === $1 })
    #expect(initShapes.first?.text.initFieldPath == "spec.initContainers{setup}")
    var edited = specs
    edited[0].image = "nginx:1.15"
    let changed = cache.shapes(of: edited, isInit: false, seed: 1)
    #expect(changed[0].image.fullName == "docker.io/library/nginx:1.15")
    #expect(changed[0].text.pulling == "Pulling image \"nginx:1.15\"")
    #expect(changed[1] === first[1])
    // An equal list in other storage gets the same shapes through the definition table.
    let copy = specs.map { $0 }
    #expect(zip(cache.shapes(of: copy, isInit: false, seed: 1), first).allSatisfy { $0 === $1 })
  }

  @Test func initContainerEventsNameTheirFieldPath() throws {
    let fixture = try KubeletFixture()
    try fixture.run(
      "p", [C.container("app", "nginx:1.14")], init: [C.container("setup", "busybox:1.36", command: ["sh", "-c", "echo done"])])
    fixture.cluster.advance(by: 30)
    let events = fixture.cluster.store.list(Event.self).filter { $0.involvedObject.name == "p" }
    let started = Dictionary(
      events.filter { $0.reason == "Started" }.map { ($0.message ?? "", $0.involvedObject.fieldPath ?? "") },
      uniquingKeysWith: { first, _ in first })
    #expect(started["Started container setup"] == "spec.initContainers{setup}")
    #expect(started["Started container app"] == "spec.containers{app}")
  }

  @Test func aNodesAddressesAreWorkedOutOnce() throws {
    let fixture = try KubeletFixture(nodes: ["worker-1", "worker-2"])
    let agent = try #require(fixture.kubelet.nodes["worker-2"])
    #expect(agent.internalIP == "172.18.0.3")
    #expect(agent.podCIDRPrefix == "10.244.1")
    #expect(agent.hostIPs == [PodIP(ip: "172.18.0.3")])
    try fixture.run("p", on: "worker-2", [C.container("app", "nginx:1.14")])
    fixture.cluster.advance(by: 30)
    let status = try #require(fixture.pod("p")?.status)
    #expect(status.hostIP == "172.18.0.3")
    #expect(status.podIP?.hasPrefix("10.244.1.") == true)
    // The pod keeps the node's list rather than a copy.
    let ips = try #require(status.hostIPs)
    ips.withUnsafeBufferPointer { x in
      agent.hostIPs.withUnsafeBufferPointer { y in #expect(x.baseAddress == y.baseAddress) }
    }
  }

  @Test func aPodRecordKeepsItsNodesAgentUntilTheNodeRegistersAgain() throws {
    let fixture = try KubeletFixture()
    try fixture.run("p", [C.container("app", "nginx:1.14")])
    fixture.cluster.advance(by: 30)
    let runtime = try #require(fixture.kubelet.pods[ObjectKey(namespace: "default", name: "p")])
    let first = try #require(fixture.kubelet.nodes["worker-1"])
    #expect(fixture.kubelet.agent(of: runtime) === first)
    #expect(runtime.agent === first)
    // The node leaves and joins again: a new agent under the same name.
    try fixture.cluster.api.delete(Node.self, name: "worker-1")
    try fixture.cluster.api.delete(Lease.self, namespace: "kube-node-lease", name: "worker-1")
    try fixture.kubelet.register(.sized("worker-1", cpu: 4, memoryGiB: 8))
    let second = try #require(fixture.kubelet.nodes["worker-1"])
    #expect(second !== first)
    #expect(first.replaced)
    #expect(fixture.kubelet.agent(of: runtime) === second)
    #expect(runtime.agent === second)
  }

  @Test func aStatusWritesEchoIsPassedOverOnceAndForgottenWithItsPod() throws {
    let fixture = try KubeletFixture(nodes: ["worker-1"])
    try fixture.run("web", [Container(name: "web", image: "nginx:1.14")])
    fixture.cluster.advance(by: 25)
    #expect(fixture.pod("web")?.status?.phase == "Running")
    // Every write's change was dispatched: none is still waited for.
    #expect(fixture.kubelet.echoes.isEmpty)
    let key = ObjectKey(namespace: "default", name: "web")
    let runtime = try #require(fixture.kubelet.pods[key])
    // Only a record's last write is an echo, and a forgotten record's is news again.
    fixture.kubelet.noteWrite(of: runtime, version: "900001")
    fixture.kubelet.noteWrite(of: runtime, version: "900002")
    #expect(fixture.kubelet.echoes == [Prehashed(ownDigest: 900_002)])
    fixture.kubelet.forget(key)
    #expect(fixture.kubelet.echoes.isEmpty)
    #expect(runtime.writtenRevision == nil)
  }
}

extension ImageCatalog {
  /// A pull's duration from the node's name and the image, hashed here: what the kubelet's
  /// kept hashes must give.
  static func pullMilliseconds(bytes: Int64?, node: String, image: ImageReference, attempt: Int, seed: UInt64) -> Int64 {
    pullMilliseconds(
      bytes: bytes, nodeHash: SeededRandom.stableHash(node), imageHash: SeededRandom.stableHash(image.fullName),
      attempt: attempt, seed: seed)
  }
}
