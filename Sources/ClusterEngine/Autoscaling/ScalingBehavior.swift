import Foundation
import KubeModel

/// One HPA's memory of recent recommendations and scale events, and the rules that turn a
/// metric's proposal into the replica count to set (`normalizeDesiredReplicas…` in
/// `podautoscaler/horizontal.go`): stabilisation windows, then rate limits, then bounds,
/// each reported as the `AbleToScale` / `ScalingLimited` reason and message.
struct ScalingBehavior {
  /// Without `spec.behavior`: 300 s scale-down stabilisation, scale up at most to
  /// max(2 × current, 4) per sync.
  static let downscaleStabilisationWindow: Int64 = 300 * 1_000_000

  struct Recommendation {
    var replicas: Int32
    var micros: Int64
  }

  struct ScaleEvent {
    var change: Int32
    var micros: Int64
  }

  /// A condition to set: type, status, reason, message.
  struct ConditionUpdate: Hashable {
    var type: String
    var status: String
    var reason: String
    var message: String
  }

  var recommendations: [Recommendation] = []
  var scaleUpEvents: [ScaleEvent] = []
  var scaleDownEvents: [ScaleEvent] = []

  /// Upstream's default rules (`GenerateHPAScaleUpRules` / `GenerateHPAScaleDownRules`) filled
  /// into what the spec gives.
  static func rules(_ given: HPAScalingRules?, scaleUp: Bool) -> HPAScalingRules {
    var rules = given ?? HPAScalingRules()
    if rules.stabilizationWindowSeconds == nil { rules.stabilizationWindowSeconds = scaleUp ? 0 : 300 }
    if rules.selectPolicy == nil { rules.selectPolicy = "Max" }
    if rules.policies == nil || rules.policies?.isEmpty == true {
      func policy(_ type: String, _ value: Int32) -> HPAScalingPolicy {
        var policy = HPAScalingPolicy()
        policy.type = type
        policy.value = value
        policy.periodSeconds = 15
        return policy
      }
      rules.policies = scaleUp ? [policy("Pods", 4), policy("Percent", 100)] : [policy("Percent", 100)]
    }
    return rules
  }

  // MARK: Without behavior

  /// `normalizeDesiredReplicas`: the spec has no `behavior`.
  mutating func normalize(
    current: Int32, desired: Int32, min minimum: Int32, max maximum: Int32, now: Int64
  ) -> (replicas: Int32, conditions: [ConditionUpdate]) {
    var highest = desired
    var oldIndex: Int?
    for (index, recommendation) in recommendations.enumerated() {
      if recommendation.micros < now - Self.downscaleStabilisationWindow {
        oldIndex = index
      } else if recommendation.replicas > highest {
        highest = recommendation.replicas
      }
    }
    store(Recommendation(replicas: desired, micros: now), replacing: oldIndex)
    var conditions = [
      highest != desired
        ? ConditionUpdate(
          type: "AbleToScale", status: "True", reason: "ScaleDownStabilized",
          message: "recent recommendations were higher than current one, applying the highest recent recommendation")
        : ConditionUpdate(
          type: "AbleToScale", status: "True", reason: "ReadyForNewScale", message: "recommended size matches current size")
    ]
    let scaleUpLimit = Swift.max(2 * current, 4)
    var limit: (replicas: Int32, reason: String, message: String)
    if maximum > scaleUpLimit {
      limit = (scaleUpLimit, "ScaleUpLimit", "the desired replica count is increasing faster than the maximum scale rate")
    } else {
      limit = (maximum, "TooManyReplicas", "the desired replica count is more than the maximum replica count")
    }
    var result = highest
    var reason = "DesiredWithinRange"
    var message = "the desired count is within the acceptable range"
    if highest < minimum {
      (result, reason, message) = (minimum, "TooFewReplicas", "the desired replica count is less than the minimum replica count")
    } else if highest > limit.replicas {
      (result, reason, message) = limit
    }
    conditions.append(
      ConditionUpdate(type: "ScalingLimited", status: result == highest ? "False" : "True", reason: reason, message: message))
    return (result, conditions)
  }

  // MARK: With behavior

  /// `normalizeDesiredReplicasWithBehaviors`.
  mutating func normalize(
    current: Int32, desired: Int32, min minimum: Int32, max maximum: Int32, behavior: HorizontalPodAutoscalerBehavior,
    now: Int64
  ) -> (replicas: Int32, conditions: [ConditionUpdate]) {
    let up = Self.rules(behavior.scaleUp, scaleUp: true)
    let down = Self.rules(behavior.scaleDown, scaleUp: false)
    let downWindow = Int64(down.stabilizationWindowSeconds ?? 300) * 1_000_000
    // Stabilise: the lowest recent recommendation going up, the highest going down.
    let upCutoff = now - Int64(up.stabilizationWindowSeconds ?? 0) * 1_000_000
    let downCutoff = now - downWindow
    var upRecommendation = desired
    var downRecommendation = desired
    var oldIndex: Int?
    for (index, recommendation) in recommendations.enumerated() {
      if recommendation.micros > upCutoff { upRecommendation = Swift.min(recommendation.replicas, upRecommendation) }
      if recommendation.micros > downCutoff { downRecommendation = Swift.max(recommendation.replicas, downRecommendation) }
      if recommendation.micros < upCutoff && recommendation.micros < downCutoff { oldIndex = index }
    }
    var stabilized = current
    if stabilized < upRecommendation { stabilized = upRecommendation }
    if stabilized > downRecommendation { stabilized = downRecommendation }
    store(Recommendation(replicas: desired, micros: now), replacing: oldIndex)
    var conditions: [ConditionUpdate] = []
    if stabilized != desired {
      conditions.append(
        desired >= current
          ? ConditionUpdate(
            type: "AbleToScale", status: "True", reason: "ScaleUpStabilized",
            message: "recent recommendations were lower than current one, applying the lowest recent recommendation")
          : ConditionUpdate(
            type: "AbleToScale", status: "True", reason: "ScaleDownStabilized",
            message: "recent recommendations were higher than current one, applying the highest recent recommendation"))
    } else {
      conditions.append(
        ConditionUpdate(
          type: "AbleToScale", status: "True", reason: "ReadyForNewScale", message: "recommended size matches current size"))
    }
    // Rate limits and bounds.
    var result = stabilized
    var reason = "DesiredWithinRange"
    var message = "the desired count is within the acceptable range"
    if stabilized > current {
      let limit = Swift.max(limit(current: current, rules: up, now: now, up: true), current)
      let allowed = Swift.min(maximum, limit)
      let (why, text) =
        maximum > limit
        ? ("ScaleUpLimit", "the desired replica count is increasing faster than the maximum scale rate")
        : ("TooManyReplicas", "the desired replica count is more than the maximum replica count")
      if stabilized > allowed { (result, reason, message) = (allowed, why, text) }
    } else if stabilized < current {
      let limit = Swift.min(limit(current: current, rules: down, now: now, up: false), current)
      let allowed = Swift.max(minimum, limit)
      let (why, text) =
        minimum < limit
        ? ("ScaleDownLimit", "the desired replica count is decreasing faster than the maximum scale rate")
        : ("TooFewReplicas", "the desired replica count is less than the minimum replica count")
      if stabilized < allowed { (result, reason, message) = (allowed, why, text) }
    }
    conditions.append(
      ConditionUpdate(type: "ScalingLimited", status: result == stabilized ? "False" : "True", reason: reason, message: message))
    return (result, conditions)
  }

  /// Remembers a rescale for the rate limits (`storeScaleEvent`).
  mutating func recordScale(from current: Int32, to desired: Int32, now: Int64) {
    let horizon = now - 30 * 60 * 1_000_000
    if desired > current {
      scaleUpEvents.removeAll { $0.micros < horizon }
      scaleUpEvents.append(ScaleEvent(change: desired - current, micros: now))
    } else if desired < current {
      scaleDownEvents.removeAll { $0.micros < horizon }
      scaleDownEvents.append(ScaleEvent(change: current - desired, micros: now))
    }
  }

  private mutating func store(_ recommendation: Recommendation, replacing index: Int?) {
    if let index { recommendations[index] = recommendation } else { recommendations.append(recommendation) }
  }

  private func change(in events: [ScaleEvent], periodSeconds: Int32?, now: Int64) -> Int32 {
    let cutoff = now - Int64(periodSeconds ?? 15) * 1_000_000
    return events.filter { $0.micros > cutoff }.reduce(0) { $0 + $1.change }
  }

  /// `calculateScaleUpLimitWithScalingRules` / `calculateScaleDownLimitWithBehaviors`: the
  /// bound each policy allows from the replicas at the start of its period, the largest
  /// (selectPolicy Max) or smallest change (Min) chosen.
  private func limit(current: Int32, rules: HPAScalingRules, now: Int64, up: Bool) -> Int32 {
    if rules.selectPolicy == "Disabled" { return current }
    let largestChange = rules.selectPolicy != "Min"
    // Going up the largest change is the highest bound; going down, the lowest.
    let pickHigher = largestChange == up
    var result: Int32 = pickHigher ? .min : .max
    for policy in rules.policies ?? [] {
      let start =
        current - change(in: scaleUpEvents, periodSeconds: policy.periodSeconds, now: now)
        + change(in: scaleDownEvents, periodSeconds: policy.periodSeconds, now: now)
      let value = policy.value ?? 0
      let proposed: Int32
      if policy.type == "Pods" {
        proposed = up ? start + value : start - value
      } else if up {
        proposed = Int32((Double(start) * (1 + Double(value) / 100)).rounded(.up))
      } else {
        proposed = Int32(Double(start) * (1 - Double(value) / 100))
      }
      result = pickHigher ? Swift.max(result, proposed) : Swift.min(result, proposed)
    }
    return result
  }
}
