import KubeModel

/// kube-controller-manager's horizontal pod autoscaler (autoscaling/v2): every 15 s it
/// reads the target's scale, the usage of its pods and their requests, computes the
/// replicas each metric asks for (ratio to target, 10 % tolerance, missing and unready
/// pods as upstream), stabilises and rate-limits the result, sets `spec.replicas` of the
/// Deployment, ReplicaSet or StatefulSet through the API server, and reports status,
/// conditions and events (`SuccessfulRescale`, `New size: 4; reason: cpu resource
/// utilization (percentage of request) above target`).
///
/// Usage comes from `usageSource` (the kubelets' workload model once wired in), else from
/// `SimulatedPodUsage` (idle usage plus `ServiceTraffic`).
public final class HorizontalPodAutoscalerController: ClusterComponent {
  /// `--horizontal-pod-autoscaler-sync-period`.
  public static let syncPeriod = 15.0
  static let component = "horizontal-pod-autoscaler"

  /// Where pod usage is read; nil uses `SimulatedPodUsage`.
  public var usageSource: (any PodUsageSource)?
  /// `--horizontal-pod-autoscaler-tolerance`.
  public var tolerance = 0.1

  private unowned var cluster: Cluster?
  private var queue = OwnerSyncQueue()
  private var behaviors: [ObjectKey: ScalingBehavior] = [:]
  private var fallbackUsage: SimulatedPodUsage?

  public init() {}

  public func attach(to cluster: Cluster) {
    self.cluster = cluster
    PodLabelIndex.install(on: cluster.store)
    scheduleResync(cluster)
  }

  private func scheduleResync(_ cluster: Cluster) {
    cluster.schedule(after: Self.syncPeriod) { [unowned self] cluster in
      for hpa in cluster.store.all(HorizontalPodAutoscaler.self) { self.queue.insert(ObjectKey(of: hpa)) }
      self.scheduleResync(cluster)
    }
  }

  /// Autoscalers are synced on the 15 s resync only (upstream enqueues a new or changed
  /// one rate-limited, which is the same period).
  public var observedKinds: [any KubeObject.Type]? { [HorizontalPodAutoscaler.self] }

  public func observe(_ event: StoreEvent) {
    guard event.type == .deleted, let hpa = event.object(as: HorizontalPodAutoscaler.self) else { return }
    behaviors[ObjectKey(of: hpa)] = nil
    queue.remove(ObjectKey(of: hpa))
  }

  public var hasPendingWork: Bool { !queue.isEmpty }

  public func reconcile() {
    for key in queue.drain() { sync(key) }
  }

  // MARK: Sync

  private func sync(_ key: ObjectKey) {
    guard let cluster, var hpa = cluster.store.get(HorizontalPodAutoscaler.self, key), let spec = hpa.spec else { return }
    let original = hpa
    let now = cluster.clock.epochSeconds * 1_000_000 + cluster.clock.micros
    let reference = spec.scaleTargetRef ?? CrossVersionObjectReference()
    guard let target = ScaleTarget.read(reference, namespace: key.namespace, store: cluster.store) else {
      let resource = ScaleTarget.resourceName(reference.kind)
      let message = "\(resource) \"\(reference.name ?? "")\" not found"
      set(&hpa, "AbleToScale", "False", "FailedGetScale", "the HPA controller was unable to get the target's current scale: \(message)")
      cluster.api.recordEvent(about: hpa, type: "Warning", reason: "FailedGetScale", message: message, component: Self.component)
      write(hpa, original)
      return
    }
    set(&hpa, "AbleToScale", "True", "SucceededGetScale", "the HPA controller was able to get the target's current scale")
    let current = target.replicas
    let minimum = spec.minReplicas ?? 1
    let maximum = spec.maxReplicas ?? minimum
    var desired: Int32 = 0
    var rescaleReason = ""
    var metricStatuses: [MetricStatus] = []
    var rescale = true
    if current == 0 && minimum != 0 {
      rescale = false
      set(&hpa, "ScalingActive", "False", "ScalingDisabled", "scaling is disabled since the replica count of the target is zero")
    } else if current > maximum {
      rescaleReason = "Current number of replicas above Spec.MaxReplicas"
      desired = maximum
    } else if current < minimum {
      rescaleReason = "Current number of replicas below Spec.MinReplicas"
      desired = minimum
    } else {
      let pods = PodLabelIndex.pods(matching: target.selector, namespace: key.namespace, store: cluster.store)
      let computed = computeReplicas(&hpa, current: current, pods: pods, now: now)
      metricStatuses = computed.statuses
      guard let proposal = computed.replicas else {
        hpa.status = status(of: hpa, current: current, desired: hpa.status?.desiredReplicas ?? current, metrics: metricStatuses)
        if let error = computed.error {
          cluster.api.recordEvent(
            about: hpa, type: "Warning", reason: "FailedComputeMetricsReplicas", message: error, component: Self.component)
        }
        write(hpa, original)
        return
      }
      desired = max(desired, proposal)
      if desired > current { rescaleReason = "\(computed.metric) above target" }
      if desired < current { rescaleReason = "All metrics below target" }
      var behavior = behaviors[key] ?? ScalingBehavior()
      let normalized =
        spec.behavior.map {
          behavior.normalize(current: current, desired: desired, min: minimum, max: maximum, behavior: $0, now: now)
        } ?? behavior.normalize(current: current, desired: desired, min: minimum, max: maximum, now: now)
      behaviors[key] = behavior
      for condition in normalized.conditions {
        set(&hpa, condition.type, condition.status, condition.reason, condition.message)
      }
      desired = normalized.replicas
      rescale = desired != current
    }
    if rescale {
      do {
        try target.scale(to: desired, api: cluster.api)
      } catch {
        cluster.api.recordEvent(
          about: hpa, type: "Warning", reason: "FailedRescale",
          message: "New size: \(desired); reason: \(rescaleReason); error: \(error.message ?? "")", component: Self.component)
        set(&hpa, "AbleToScale", "False", "FailedUpdateScale", "the HPA controller was unable to update the target scale: \(error.message ?? "")")
        hpa.status = status(of: hpa, current: current, desired: hpa.status?.desiredReplicas ?? current, metrics: metricStatuses)
        write(hpa, original)
        return
      }
      set(&hpa, "AbleToScale", "True", "SucceededRescale", "the HPA controller was able to update the target scale to \(desired)")
      cluster.api.recordEvent(
        about: hpa, reason: "SuccessfulRescale", message: "New size: \(desired); reason: \(rescaleReason)",
        component: Self.component)
      behaviors[key, default: ScalingBehavior()].recordScale(from: current, to: desired, now: now)
    } else {
      desired = current
    }
    hpa.status = status(of: hpa, current: current, desired: desired, metrics: metricStatuses)
    if rescale { hpa.status?.lastScaleTime = cluster.clock.now }
    write(hpa, original)
  }

  /// `computeReplicasForMetrics`: the largest proposal of the valid metrics, or the first
  /// error when every metric failed (or some failed and the rest would scale down).
  private func computeReplicas(_ hpa: inout HorizontalPodAutoscaler, current: Int32, pods: [Pod], now: Int64)
    -> (replicas: Int32?, metric: String, statuses: [MetricStatus], error: String?)
  {
    guard let cluster else { return (nil, "", [], nil) }
    let specs = hpa.spec?.metrics ?? []
    var statuses: [MetricStatus] = []
    var replicas: Int32 = 0
    var metric = ""
    var invalid = 0
    var firstError: (condition: String, message: String)?
    let calculator = ReplicaCalculator(tolerance: tolerance, now: now)
    let usage: any PodUsageSource = usageSource ?? fallback(cluster)
    for spec in specs {
      guard spec.type == "Resource", let resource = spec.resource?.name, let target = spec.resource?.target else {
        invalid += 1
        if firstError == nil {
          firstError = ("", "failed to get \(spec.type ?? "") metric value: metric type is not supported by this simulation")
        }
        statuses.append(MetricStatus())
        continue
      }
      var metrics: [String: Int64] = [:]
      for pod in pods {
        guard let sample = usage.podUsage(namespace: pod.namespace, pod: pod.name) else { continue }
        let value = resource == "cpu" ? sample.cpuMillicores : sample.memoryBytes * 1000
        metrics[pod.name] = Int64(value.rounded())
      }
      do throws(ReplicaCalculator.Failure) {
        let byValue = target.averageValue != nil
        if !byValue && target.averageUtilization == nil {
          throw ReplicaCalculator.Failure(
            message:
              "invalid resource metric source: neither an average utilization target nor an average value (usage) target was set"
          )
        }
        let proposal: ReplicaCalculator.Proposal
        do throws(ReplicaCalculator.Failure) {
          proposal = try calculator.replicas(
            current: current, targetUtilization: byValue ? nil : target.averageUtilization,
            targetAverage: target.averageValue?.milliValue, resource: resource, pods: pods, metrics: metrics)
        } catch {
          throw ReplicaCalculator.Failure(message: "failed to get \(resource) \(byValue ? "usage" : "utilization"): \(error.message)")
        }
        statuses.append(
          .resource(resource, averageValue: Quantity.milli(proposal.average), averageUtilization: proposal.utilization))
        let name = byValue ? "\(resource) resource" : "\(resource) resource utilization (percentage of request)"
        if replicas == 0 || proposal.replicas > replicas {
          replicas = proposal.replicas
          metric = name
        }
      } catch {
        cluster.api.recordEvent(
          about: hpa, type: "Warning", reason: "FailedGetResourceMetric", message: error.message, component: Self.component)
        invalid += 1
        if firstError == nil {
          firstError = (
            "the HPA was unable to compute the replica count: \(error.message)",
            "failed to get \(resource) resource metric value: \(error.message)"
          )
        }
        statuses.append(MetricStatus())
      }
    }
    let error = firstError.map { "invalid metrics (\(invalid) invalid out of \(specs.count)), first error is: \($0.message)" }
    if invalid >= specs.count || (invalid > 0 && replicas < current) {
      if let firstError, !firstError.condition.isEmpty {
        set(&hpa, "ScalingActive", "False", "FailedGetResourceMetric", firstError.condition)
      }
      return (nil, "", statuses.filter { $0.type != nil }, error)
    }
    set(&hpa, "ScalingActive", "True", "ValidMetricFound", "the HPA was able to successfully calculate a replica count from \(metric)")
    return (replicas, metric, statuses.filter { $0.type != nil }, nil)
  }

  private func fallback(_ cluster: Cluster) -> SimulatedPodUsage {
    if let fallbackUsage { return fallbackUsage }
    let created = SimulatedPodUsage(cluster: cluster)
    fallbackUsage = created
    return created
  }

  // MARK: Status

  private func status(of hpa: HorizontalPodAutoscaler, current: Int32, desired: Int32, metrics: [MetricStatus])
    -> HorizontalPodAutoscalerStatus
  {
    var status = HorizontalPodAutoscalerStatus()
    status.observedGeneration = hpa.metadata.generation
    status.currentReplicas = current
    status.desiredReplicas = desired
    status.lastScaleTime = hpa.status?.lastScaleTime
    status.currentMetrics = metrics.isEmpty ? nil : metrics
    status.conditions = hpa.status?.conditions
    return status
  }

  /// Sets a condition, keeping its transition time when the status does not change.
  private func set(_ hpa: inout HorizontalPodAutoscaler, _ type: String, _ status: String, _ reason: String, _ message: String) {
    var conditions = hpa.status?.conditions ?? []
    var condition = HorizontalPodAutoscalerCondition()
    condition.type = type
    condition.status = status
    condition.reason = reason
    condition.message = message
    if let index = conditions.firstIndex(where: { $0.type == type }) {
      condition.lastTransitionTime =
        conditions[index].status == status ? conditions[index].lastTransitionTime : cluster?.clock.now
      conditions[index] = condition
    } else {
      condition.lastTransitionTime = cluster?.clock.now
      conditions.append(condition)
    }
    if hpa.status == nil { hpa.status = HorizontalPodAutoscalerStatus() }
    hpa.status?.conditions = conditions
  }

  private func write(_ hpa: HorizontalPodAutoscaler, _ original: HorizontalPodAutoscaler) {
    guard hpa.status != original.status else { return }
    _ = try? cluster?.api.updateStatus(hpa)
  }
}
