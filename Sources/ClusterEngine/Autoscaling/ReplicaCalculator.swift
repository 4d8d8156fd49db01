import Foundation
import KubeModel

/// The HPA's replica calculator (`podautoscaler/replica_calculator.go`): from the pods of
/// the target and their metrics, the replica count a resource metric asks for.
///
/// Pure: metrics are in milli-units (millicores, milli-bytes) keyed by pod name, times in
/// epoch microseconds.
struct ReplicaCalculator {
  /// Pods still starting are unready for this long (`--horizontal-pod-autoscaler-cpu-initialization-period`).
  static let cpuInitializationPeriod: Int64 = 300 * 1_000_000
  /// `--horizontal-pod-autoscaler-initial-readiness-delay`.
  static let initialReadinessDelay: Int64 = 30 * 1_000_000
  /// The metrics window metrics-server reports.
  static let metricWindow: Int64 = 10 * 1_000_000

  var tolerance = 0.1
  var now: Int64

  /// A proposal: replicas, the utilisation (percent of requests, for Utilization targets)
  /// and the average raw value (milli-units).
  struct Proposal: Hashable {
    var replicas: Int32
    var utilization: Int32?
    var average: Int64
  }

  /// Why no proposal could be made, in upstream's words.
  struct Failure: Error, Hashable {
    var message: String
  }

  func isWithinTolerance(_ ratio: Double) -> Bool { abs(1 - ratio) <= tolerance }

  /// `groupPods`: ready pods counted, unready (pending, starting, not ready), missing (no
  /// metrics) and ignored (deleted, failed) pods named.
  func group(_ pods: [Pod], metrics: [String: Int64], resource: String)
    -> (ready: Int, unready: Set<String>, missing: Set<String>, ignored: Set<String>)
  {
    var ready = 0
    var unready = Set<String>()
    var missing = Set<String>()
    var ignored = Set<String>()
    for pod in pods {
      if pod.metadata.deletionTimestamp != nil || pod.status?.phase == "Failed" {
        ignored.insert(pod.name)
        continue
      }
      if pod.status?.phase == "Pending" {
        unready.insert(pod.name)
        continue
      }
      guard metrics[pod.name] != nil else {
        missing.insert(pod.name)
        continue
      }
      if resource == "cpu" {
        let condition = pod.status?.condition("Ready")
        var isUnready: Bool
        if let condition, let start = pod.status?.startTime {
          let startMicros = start.seconds * 1_000_000
          let transition = (condition.lastTransitionTime?.seconds ?? 0) * 1_000_000
          if startMicros + Self.cpuInitializationPeriod > now {
            isUnready = condition.status == "False" || now < transition + Self.metricWindow
          } else {
            isUnready = condition.status == "False" && startMicros + Self.initialReadinessDelay > transition
          }
        } else {
          isUnready = true
        }
        if isUnready {
          unready.insert(pod.name)
          continue
        }
      }
      ready += 1
    }
    return (ready, unready, missing, ignored)
  }

  /// Each pod's request of `resource` (milli-units), or the missing-request failure.
  func requests(_ pods: [Pod], resource: String) throws(Failure) -> [String: Int64] {
    var requests: [String: Int64] = [:]
    for pod in pods {
      var total: Int64 = 0
      for container in pod.spec?.containers ?? [] {
        guard let request = container.resources?.requests?[resource] else {
          throw Failure(message: "missing request for \(resource) in container \(container.name ?? "") of Pod \(pod.name)")
        }
        total += request.milliValue
      }
      requests[pod.name] = total
    }
    return requests
  }

  /// `GetResourceReplicas` (target utilisation in percent) or `GetRawResourceReplicas`
  /// (target average value in milli-units).
  func replicas(
    current: Int32, targetUtilization: Int32?, targetAverage: Int64?, resource: String, pods: [Pod],
    metrics allMetrics: [String: Int64]
  ) throws(Failure) -> Proposal {
    let podNames = Set(pods.map(\.name))
    var metrics = allMetrics.filter { podNames.contains($0.key) }
    guard !metrics.isEmpty else {
      throw Failure(message: "unable to get metrics for resource \(resource): no metrics returned from resource metrics API")
    }
    guard !pods.isEmpty else { throw Failure(message: "no pods returned by selector while calculating replica count") }
    let groups = group(pods, metrics: metrics, resource: resource)
    for name in groups.ignored.union(groups.unready) { metrics[name] = nil }
    guard !metrics.isEmpty else {
      throw Failure(message: "did not receive metrics for targeted pods (pods might be unready)")
    }
    let requests = targetUtilization == nil ? [:] : try self.requests(pods, resource: resource)
    func ratio(_ metrics: [String: Int64]) throws(Failure) -> (ratio: Double, utilization: Int32?, average: Int64) {
      if let targetUtilization {
        var used: Int64 = 0
        var requested: Int64 = 0
        var count: Int64 = 0
        for (name, value) in metrics {
          guard let request = requests[name] else { continue }
          used += value
          requested += request
          count += 1
        }
        guard requested > 0 else { throw Failure(message: "no metrics returned matched known pods") }
        let utilization = Int32(used * 100 / requested)
        return (Double(utilization) / Double(targetUtilization), utilization, used / count)
      }
      let average = metrics.values.reduce(0, +) / Int64(metrics.count)
      return (Double(average) / Double(max(targetAverage ?? 1, 1)), nil, average)
    }
    let first = try ratio(metrics)
    let scaleUpWithUnready = !groups.unready.isEmpty && first.ratio > 1
    if !scaleUpWithUnready && groups.missing.isEmpty {
      if isWithinTolerance(first.ratio) { return Proposal(replicas: current, utilization: first.utilization, average: first.average) }
      let replicas = Int32((first.ratio * Double(groups.ready)).rounded(.up))
      return Proposal(replicas: replicas, utilization: first.utilization, average: first.average)
    }
    if !groups.missing.isEmpty {
      for name in groups.missing {
        if first.ratio < 1 {
          if let targetUtilization {
            metrics[name] = (requests[name] ?? 0) * Int64(max(100, targetUtilization)) / 100
          } else {
            metrics[name] = targetAverage ?? 0
          }
        } else if first.ratio > 1 {
          metrics[name] = 0
        }
      }
    }
    if scaleUpWithUnready { for name in groups.unready { metrics[name] = 0 } }
    let second = try ratio(metrics)
    let unchanged = Proposal(replicas: current, utilization: first.utilization, average: first.average)
    if isWithinTolerance(second.ratio) || (first.ratio < 1 && second.ratio > 1) || (first.ratio > 1 && second.ratio < 1) {
      return unchanged
    }
    let replicas = Int32((second.ratio * Double(metrics.count)).rounded(.up))
    if (second.ratio < 1 && replicas > current) || (second.ratio > 1 && replicas < current) { return unchanged }
    return Proposal(replicas: replicas, utilization: first.utilization, average: first.average)
  }
}
