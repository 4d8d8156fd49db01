import KubeModel
import Testing

@testable import ClusterEngine

/// The scheduler's memo of the last pod compiled: a copy of that pod compiles to the same
/// info with its own key and uid; any pod that differs in what `PodInfo` reads is compiled anew.
@Suite struct PodInfoMemoTests {
  private static func template() -> Pod {
    var pod = SchedulerEquivalenceTests.pod("web-1", cpu: 250, memory: 1 << 28)
    pod.metadata.labels = ["app": "web"]
    pod.metadata.uid = "uid-1"
    pod.spec?.topologySpreadConstraints = [
      TopologySpreadConstraint(
        maxSkew: 1, topologyKey: "kubernetes.io/hostname", whenUnsatisfiable: "ScheduleAnyway", matchLabels: ["app": "web"])
    ]
    return pod
  }

  /// `pod` as another copy of the same template: the same spec storage, its own name and uid.
  private static func copy(of pod: Pod, name: String) -> Pod {
    var copy = pod
    copy.metadata.name = name
    copy.metadata.uid = "uid-\(name)"
    return copy
  }

  /// Whether two infos agree on what the scheduler reads of them.
  private static func same(_ lhs: PodInfo, _ rhs: PodInfo) -> Bool {
    lhs.key == rhs.key && lhs.uid == rhs.uid && lhs.labels == rhs.labels && lhs.requested == rhs.requested
      && lhs.nonZeroCPU == rhs.nonZeroCPU && lhs.softSpread.count == rhs.softSpread.count
      && lhs.softSpreadIsSystemDefault == rhs.softSpreadIsSystemDefault && lhs.images == rhs.images
      && lhs.counterKeys == rhs.counterKeys && lhs.priority == rhs.priority
  }

  private static func fresh(_ pod: Pod, _ selector: Selector? = nil) -> PodInfo {
    var defaults = SystemDefaultSpreadMemo()
    return PodInfo(pod, defaultSpreadSelector: selector, systemDefaults: &defaults)
  }

  @Test func aCopyOfTheLastPodTakesItsInfoWithItsOwnKeyAndUID() {
    var memo = PodInfoMemo()
    var defaults = SystemDefaultSpreadMemo()
    let first = Self.template()
    _ = memo.info(for: first, defaultSpreadSelector: nil, systemDefaults: &defaults)
    let second = Self.copy(of: first, name: "web-2")
    #expect(second.sharesSpec(with: first))
    let info = memo.info(for: second, defaultSpreadSelector: nil, systemDefaults: &defaults)
    #expect(info.key == ObjectKey(namespace: "default", name: "web-2"))
    #expect(info.uid == "uid-web-2")
    #expect(Self.same(info, Self.fresh(second)))
  }

  @Test func aPodThatDiffersInWhatTheInfoReadsIsCompiledAnew() throws {
    var memo = PodInfoMemo()
    var defaults = SystemDefaultSpreadMemo()
    let first = Self.template()
    _ = memo.info(for: first, defaultSpreadSelector: nil, systemDefaults: &defaults)

    var relabelled = Self.copy(of: first, name: "web-2")
    relabelled.metadata.labels = ["app": "db"]
    let byLabels = memo.info(for: relabelled, defaultSpreadSelector: nil, systemDefaults: &defaults)
    #expect(byLabels.labels == ["app": "db"] && Self.same(byLabels, Self.fresh(relabelled)))

    var moved = Self.copy(of: relabelled, name: "web-3")
    moved.metadata.namespace = "other"
    let byNamespace = memo.info(for: moved, defaultSpreadSelector: nil, systemDefaults: &defaults)
    #expect(byNamespace.key.namespace == "other" && Self.same(byNamespace, Self.fresh(moved)))

    var resized = Self.copy(of: moved, name: "web-4")
    resized.spec?.containers?[0].resources?.requests?["cpu"] = .milli(900)
    #expect(!resized.sharesSpec(with: moved))
    let bySpec = memo.info(for: resized, defaultSpreadSelector: nil, systemDefaults: &defaults)
    #expect(bySpec.requested.milliCPU == 900 && Self.same(bySpec, Self.fresh(resized)))

    // An equal spec in other storage is compiled again, to the same info.
    var rebuilt = Self.copy(of: resized, name: "web-5")
    rebuilt.spec = resized.spec
    #expect(Self.same(memo.info(for: rebuilt, defaultSpreadSelector: nil, systemDefaults: &defaults), Self.fresh(rebuilt)))
  }

  @Test func anotherDefaultSpreadSelectorIsCompiledAnew() {
    var memo = PodInfoMemo()
    var defaults = SystemDefaultSpreadMemo()
    var first = Self.template()
    first.spec?.topologySpreadConstraints = nil
    let none = memo.info(for: first, defaultSpreadSelector: nil, systemDefaults: &defaults)
    #expect(none.softSpread.isEmpty)
    let selector = Selector(matchingLabels: ["app": "web"])
    let second = Self.copy(of: first, name: "web-2")
    let info = memo.info(for: second, defaultSpreadSelector: selector, systemDefaults: &defaults)
    #expect(info.softSpreadIsSystemDefault && !info.softSpread.isEmpty)
    #expect(Self.same(info, Self.fresh(second, selector)))
  }
}
