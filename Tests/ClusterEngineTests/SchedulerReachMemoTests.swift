import KubeModel
import Testing

@testable import ClusterEngine

/// The scheduler's per-workload memos of counters and constraints: each must answer exactly
/// what computing afresh would, and follow the changes of what it remembers.
@Suite struct SchedulerReachMemoTests {
  private func pod(_ name: String, namespace: String = "default", labels: [String: String]) -> Pod {
    var pod = Pod()
    pod.metadata = ObjectMeta(name: name, namespace: namespace, labels: labels)
    pod.spec = PodSpec(containers: [Container(name: "c", image: "nginx")])
    return pod
  }

  private func matcher(_ labels: [String: String], namespaceSelector: Selector? = nil) -> TermMatcher {
    TermMatcher(
      selector: Selector(matchingLabels: labels), namespaces: namespaceSelector == nil ? ["default"] : [],
      namespaceSelector: namespaceSelector, excludesTerminating: false)
  }

  private func add(_ cache: SchedulerCache, _ name: String, labels: [String: String], slot: Int, namespace: String = "default") {
    let key = ObjectKey(namespace: namespace, name: name)
    cache.addPod(key, CachedPod(PodInfo(pod(name, namespace: namespace, labels: labels)), slot: slot, assumed: false))
  }

  @Test func podsWithTheLastLabelsReachACounterMadeAfterThem() {
    let cache = SchedulerCache()
    let slot = cache.slot(for: "n1")
    let first = cache.counter([matcher(["app": "web"])])
    add(cache, "a", labels: ["app": "web"], slot: slot)
    #expect(first.total == 1)
    // A counter made now counts the pods already cached, and the next pod with the same labels.
    let second = cache.counter([matcher(["app": "web"]), matcher(["app": "web"])])
    add(cache, "b", labels: ["app": "web"], slot: slot)
    #expect(first.total == 2 && second.total == 2)
    add(cache, "c", labels: ["app": "db"], slot: slot)
    #expect(first.total == 2 && second.total == 2)
    cache.removePod(ObjectKey(namespace: "default", name: "b"))
    #expect(first.total == 1 && second.total == 1)
  }

  @Test func aReleasedCounterIsNoLongerReached() {
    let cache = SchedulerCache()
    let slot = cache.slot(for: "n1")
    let key = [matcher(["app": "web"])]
    cache.retain([key])
    let released = cache.counter(key)
    add(cache, "a", labels: ["app": "web"], slot: slot)
    cache.release([key])
    add(cache, "b", labels: ["app": "web"], slot: slot)
    #expect(released.total == 1)
    let fresh = cache.counter(key)
    #expect(fresh !== released && fresh.total == 2)
    add(cache, "c", labels: ["app": "web"], slot: slot)
    #expect(fresh.total == 3 && released.total == 1)
  }

  @Test func namespaceLabelsChangeWhatTheLastLabelsReach() {
    let cache = SchedulerCache()
    let slot = cache.slot(for: "n1")
    let counter = cache.counter([matcher(["app": "web"], namespaceSelector: Selector(matchingLabels: ["team": "a"]))])
    add(cache, "a", labels: ["app": "web"], slot: slot, namespace: "shop")
    #expect(counter.total == 0)
    cache.namespaceLabels["shop"] = ["team": "a"]
    add(cache, "b", labels: ["app": "web"], slot: slot, namespace: "shop")
    #expect(counter.total == 1)
    // The same labels in another namespace are tested again.
    add(cache, "c", labels: ["app": "web"], slot: slot, namespace: "other")
    #expect(counter.total == 1)
  }

  @Test func systemDefaultsAreReusedOnlyForTheSameSelectorAndNamespace() {
    var memo = SystemDefaultSpreadMemo()
    let web = Selector(matchingLabels: ["app": "web"])
    let first = memo.constraints(selector: web, namespace: "default")
    let fresh = SpreadConstraint.systemDefaults(selector: web, namespace: "default")
    #expect(first.map(\.matcher) == fresh.map(\.matcher) && first.map(\.topologyKey) == fresh.map(\.topologyKey))
    #expect(first.map(\.maxSkew) == [3, 5] && first.map(\.isHostname) == [true, false])
    #expect(first.map(\.counterKey) == fresh.map { [$0.matcher] })
    let again = memo.constraints(selector: Selector(matchingLabels: ["app": "web"]), namespace: "default")
    #expect(again.map(\.matcher) == first.map(\.matcher))
    let db = memo.constraints(selector: Selector(matchingLabels: ["app": "db"]), namespace: "default")
    #expect(db[0].matcher.selector == Selector(matchingLabels: ["app": "db"]))
    let elsewhere = memo.constraints(selector: web, namespace: "shop")
    #expect(elsewhere[0].matcher.namespaces == ["shop"])
  }

  @Test func aPodsCounterKeysAreItsTermsMatchers() {
    var memo = SystemDefaultSpreadMemo()
    let selector = Selector(matchingLabels: ["app": "web"])
    let info = PodInfo(pod("a", labels: ["app": "web"]), defaultSpreadSelector: selector, systemDefaults: &memo)
    #expect(info.counterKeys == info.softSpread.map { [$0.matcher] })
    #expect(PodInfo(pod("b", labels: ["app": "web"])).counterKeys.isEmpty)
  }

  @Test func theScheduledMessageReadsAsTheInterpolation() {
    for (namespace, name, node) in [("default", "web-7d9f-x2k4p", "node-00042"), ("é", "pod", "n"), ("", "", "")] {
      let message = Scheduler.assignedMessage(namespace: namespace, name: name, node: node)
      #expect(message == "Successfully assigned \(namespace)/\(name) to \(node)")
    }
  }
}
