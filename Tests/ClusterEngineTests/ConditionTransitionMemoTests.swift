import KubeModel
import Testing

@testable import ClusterEngine

/// The kubelet's memo of built condition lists: it answers only for a list equal to the one
/// it was built from, the same owned values and the same second.
@Suite struct ConditionTransitionMemoTests {
  private let stored = [PodCondition(type: "PodScheduled", status: "True", lastTransitionTime: Time(seconds: 10))]
  private let owned = OwnedConditions(sandboxReady: false, initialized: true, terminal: false, unready: "waiting")

  private func key(_ stored: [PodCondition], owned: OwnedConditions? = nil, now: Int64 = 20) -> ConditionTransitionMemo.Key {
    ConditionTransitionMemo.Key(
      stored: ConditionList(stored), owned: owned ?? self.owned, incomplete: nil, now: Time(seconds: now), startTime: Time(seconds: 10))
  }

  @Test func anEqualKeyReusesTheBuiltList() {
    var memo = ConditionTransitionMemo()
    var builds = 0
    let built = [PodCondition(type: "Ready", status: "False")]
    let first = memo.list(for: key(stored)) {
      builds += 1
      return built
    }
    let second = memo.list(for: key(stored)) {
      builds += 1
      return []
    }
    #expect(builds == 1 && first == built && second == built)
  }

  @Test func anotherListTimeOrValueIsBuiltAgain() {
    var memo = ConditionTransitionMemo()
    var builds = 0
    func build() -> [PodCondition] {
      builds += 1
      return []
    }
    _ = memo.list(for: key(stored), build)
    // Equal contents in another storage: the same list.
    var copy = stored
    copy.append(stored[0])
    copy.removeLast()
    _ = memo.list(for: key(copy), build)
    // A list of the same shape that differs in a text.
    _ = memo.list(for: key([PodCondition(type: "PodScheduled", status: "Fals", lastTransitionTime: Time(seconds: 10))]), build)
    _ = memo.list(for: key(stored, now: 21), build)
    _ = memo.list(for: key(stored, owned: OwnedConditions(sandboxReady: true, initialized: true, terminal: false, unready: "waiting")), build)
    _ = memo.list(for: key(stored, owned: OwnedConditions(sandboxReady: false, initialized: true, terminal: false, unready: nil)), build)
    #expect(builds == 5)
  }

  @Test func messagesOfOneLengthAreKeptApart() {
    var memo = ConditionTransitionMemo()
    let waiting = memo.list(for: key(stored)) { [PodCondition(type: "Ready", status: "False", message: "waiting")] }
    // `waiting` and `pending` hash alike (by length); the key compares them in full.
    let pendingOwned = OwnedConditions(sandboxReady: false, initialized: true, terminal: false, unready: "pending")
    let pending = memo.list(for: key(stored, owned: pendingOwned)) { [PodCondition(type: "Ready", status: "False", message: "pending")] }
    #expect(waiting[0].message == "waiting" && pending[0].message == "pending")
    #expect(memo.list(for: key(stored)) { [] } == waiting)
    #expect(memo.count == 2)
  }

  @Test func pastItsLimitItStartsOver() {
    var memo = ConditionTransitionMemo(limit: 2)
    for second in 0..<3 { _ = memo.list(for: key(stored, now: Int64(second))) { [] } }
    #expect(memo.count == 1)
  }

  @Test func listsDifferingInAnyFieldAreNotTheSame() {
    let base = PodCondition(type: "Ready", status: "False", reason: "r", message: "m", lastTransitionTime: Time(seconds: 1))
    var variants: [PodCondition] = []
    for change in 0..<7 {
      var condition = base
      switch change {
      case 0: condition.type = "Initialized"
      case 1: condition.status = "True"
      case 2: condition.observedGeneration = 2
      case 3: condition.lastProbeTime = Time(seconds: 1)
      case 4: condition.lastTransitionTime = Time(seconds: 2)
      case 5: condition.reason = nil
      default: condition.message = "n"
      }
      variants.append(condition)
    }
    for variant in variants { #expect(!ConditionList.same([base], [variant]) && base != variant) }
    // `same` names each field: a field added to PodCondition must be compared there too.
    #expect(
      Mirror(reflecting: PodCondition()).children.count == variants.count,
      "PodCondition has a field ConditionList.same does not compare")
    let copy = PodCondition(type: "Ready", status: "False", reason: "r", message: "m", lastTransitionTime: Time(seconds: 1))
    #expect(ConditionList.same([base, base], [copy, copy]))
  }
}
