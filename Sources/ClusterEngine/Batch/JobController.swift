import KubeModel

/// kube-controller-manager's Job controller (NonIndexed jobs): runs up to `parallelism`
/// pods until `completions` succeed, replaces failed pods after a back-off of 10 s doubling
/// per consecutive failure (capped at 10 min, `MaxJobPodFailureBackOff`), fails the job
/// with `BackoffLimitExceeded` past `backoffLimit` (failed pods with restartPolicy Never,
/// container restarts with OnFailure) or `DeadlineExceeded` past `activeDeadlineSeconds`,
/// and reports active/ready/succeeded/failed, start and completion times and conditions.
///
/// It also does the API server's part for new Jobs (as an admission plugin): the
/// `batch.kubernetes.io/controller-uid` selector and the `job-name` / `controller-uid`
/// labels on the pod template.
public final class JobController: ClusterComponent, AdmissionPlugin {
  static let component = "job-controller"
  static let initialBackoff: Int64 = 10 * 1_000_000
  static let maxBackoff: Int64 = 600 * 1_000_000

  private unowned var cluster: Cluster?
  private var queue = OwnerSyncQueue()
  /// Pods already counted as succeeded or failed, by job UID.
  private var counted: [String: Set<String>] = [:]
  /// Consecutive failures since the last success and when the last one was seen, by job UID.
  private var backoff: [String: (failures: Int, last: Int64)] = [:]
  /// Job UIDs whose deadline or back-off wake-up is already on the clock, with its time.
  private var wakeups: [String: Int64] = [:]

  public init() {}

  public func attach(to cluster: Cluster) {
    self.cluster = cluster
    cluster.api.admissionPlugins.append(self)
    PodLabelIndex.installOwnerIndex(on: cluster.store)
    for job in cluster.store.all(Job.self) {
      guard let uid = job.metadata.uid else { continue }
      queue.noteOwner(job, deleted: false)
      counted[uid] = Set(
        PodLabelIndex.pods(ownedBy: uid, store: cluster.store).filter(PodChecks.isTerminal).compactMap(\.metadata.uid))
    }
  }

  // MARK: Admission

  public func admit<T: KubeObject>(_ object: inout T, old: T?, dryRun: Bool) throws(Status) {
    // The kind first: every write passes here, and `old == nil` on an unspecialised `T?`
    // copies the object to test it.
    guard var job = exactly(object, as: Job.self), old == nil, let uid = job.metadata.uid else { return }
    guard job.spec?.manualSelector != true else { return }
    let labels = [
      "batch.kubernetes.io/controller-uid": uid, "batch.kubernetes.io/job-name": job.name, "controller-uid": uid,
      "job-name": job.name,
    ]
    if job.spec?.selector == nil { job.spec?.selector = LabelSelector(matchLabels: ["batch.kubernetes.io/controller-uid": uid]) }
    var template = job.spec?.template ?? PodTemplateSpec()
    var metadata = template.metadata ?? ObjectMeta()
    metadata.labels = (metadata.labels ?? [:]).merging(labels) { current, _ in current }
    template.metadata = metadata
    job.spec?.template = template
    // A Job without labels of its own shows its template's (upstream's defaulting copies
    // them, generated ones included, whenever the Job is read).
    if (job.metadata.labels ?? [:]).isEmpty { job.metadata.labels = metadata.labels }
    if let typed = exactly(job, as: T.self) { object = typed }
  }

  // MARK: Events

  public var observedKinds: [any KubeObject.Type]? { [Job.self, Pod.self] }

  public func observe(_ event: StoreEvent) {
    // A pod can only queue a Job that exists: without one, skip the pod's copy.
    if event.commonKind == .pod, !queue.hasOwners { return }
    switch event.object {
    case let job as Job:
      queue.noteOwner(job, deleted: event.type == .deleted)
      if event.type == .deleted, let uid = job.metadata.uid {
        counted[uid] = nil
        backoff[uid] = nil
        wakeups[uid] = nil
      }
    case let pod as Pod:
      queue.noteOwned(pod, kind: "Job")
    default:
      break
    }
  }

  public var hasPendingWork: Bool { !queue.isEmpty }

  public func reconcile() {
    for key in queue.drain() { sync(key) }
  }

  // MARK: Sync

  private func sync(_ key: ObjectKey) {
    guard let cluster, let job = cluster.store.get(Job.self, key), let uid = job.metadata.uid, let spec = job.spec else {
      return
    }
    let conditions = job.status?.conditions ?? []
    if conditions.contains(where: { ($0.type == "Complete" || $0.type == "Failed") && $0.status == "True" }) { return }
    if spec.suspend == true { return }
    let now = cluster.clock.epochSeconds * 1_000_000 + cluster.clock.micros
    var status = job.status ?? JobStatus()
    if status.startTime == nil { status.startTime = cluster.clock.now }
    let pods = PodLabelIndex.pods(ownedBy: uid, store: cluster.store)
    var active = pods.filter(PodChecks.isActive)
    var seen = counted[uid] ?? []
    var newFailures = 0
    var succeeded = status.succeeded ?? 0
    var failed = status.failed ?? 0
    for pod in pods where PodChecks.isTerminal(pod) {
      guard let podUID = pod.metadata.uid, !seen.contains(podUID) else { continue }
      seen.insert(podUID)
      if pod.status?.phase == "Succeeded" {
        succeeded += 1
        backoff[uid] = nil
      } else {
        failed += 1
        newFailures += 1
      }
    }
    counted[uid] = seen
    if newFailures > 0 {
      backoff[uid] = ((backoff[uid]?.failures ?? 0) + newFailures, now)
    }
    // Counters left out when zero, as the API's omitempty leaves them.
    status.succeeded = succeeded == 0 ? nil : succeeded
    status.failed = failed == 0 ? nil : failed
    // Finished?
    var finished: (type: String, reason: String, message: String)?
    let limit = spec.backoffLimit ?? 6
    if let completions = spec.completions, succeeded >= completions {
      finished = ("Complete", "CompletionsReached", "Reached expected number of succeeded pods")
    } else if spec.completions == nil, succeeded > 0, active.isEmpty {
      finished = ("Complete", "CompletionsReached", "Reached expected number of succeeded pods")
    } else if failed > limit || Self.restartsExceed(limit, spec: spec, pods: active) {
      finished = ("Failed", "BackoffLimitExceeded", "Job has reached the specified backoff limit")
    } else if let deadline = spec.activeDeadlineSeconds, let start = status.startTime,
      cluster.clock.seconds(since: start) >= Double(deadline)
    {
      finished = ("Failed", "DeadlineExceeded", "Job was active longer than specified deadline")
    }
    if let finished {
      for pod in active { deletePod(pod, of: job) }
      active = []
      var conditions = status.conditions ?? []
      let first = finished.type == "Complete" ? "SuccessCriteriaMet" : "FailureTarget"
      for type in [first, finished.type] {
        var condition = JobCondition()
        condition.type = type
        condition.status = "True"
        condition.reason = finished.reason
        condition.message = finished.message
        condition.lastProbeTime = cluster.clock.now
        condition.lastTransitionTime = cluster.clock.now
        conditions.append(condition)
      }
      status.conditions = conditions
      if finished.type == "Complete" {
        status.completionTime = cluster.clock.now
        cluster.api.recordEvent(about: job, reason: "Completed", message: "Job completed", component: Self.component)
      } else {
        cluster.api.recordEvent(
          about: job, type: "Warning", reason: finished.reason, message: finished.message, component: Self.component)
      }
    } else {
      active = manage(job, active: active, succeeded: succeeded, now: now)
      if let deadline = spec.activeDeadlineSeconds, let start = status.startTime {
        wake(key, uid: uid, at: (start.seconds + deadline) * 1_000_000)
      }
    }
    status.active = active.isEmpty ? nil : Int32(active.count)
    status.ready = Int32(active.filter(PodChecks.isReady).count)
    // Pods being deleted count apart (the pod replacement policy waits for them); the
    // controller counts finished pods at once, so none is ever left uncounted.
    status.terminating = 0
    if status.uncountedTerminatedPods == nil { status.uncountedTerminatedPods = .emptyObject }
    guard status != job.status else { return }
    var updated = job
    updated.status = status
    _ = try? cluster.api.updateStatus(updated)
  }

  /// `manageJob`: creates or deletes pods so `active` matches what the job wants, unless
  /// the failure back-off still runs. Returns the active pods after the change.
  private func manage(_ job: Job, active: [Pod], succeeded: Int32, now: Int64) -> [Pod] {
    guard let cluster, let spec = job.spec, let uid = job.metadata.uid else { return active }
    let parallelism = spec.parallelism ?? 1
    var want: Int32
    if let completions = spec.completions {
      want = max(min(completions - succeeded, parallelism), 0)
    } else {
      want = succeeded > 0 ? Int32(active.count) : parallelism
    }
    var result = active
    if Int32(active.count) > want {
      let excess = active.sorted { ($0.status?.phase == "Running" ? 1 : 0, $0.name) < ($1.status?.phase == "Running" ? 1 : 0, $1.name) }
      for pod in excess.prefix(active.count - Int(want)) {
        deletePod(pod, of: job)
        result.removeAll { $0.name == pod.name }
      }
      return result
    }
    guard Int32(active.count) < want else { return result }
    if let record = backoff[uid], record.failures > 0 {
      let delay = min(Self.initialBackoff << Int64(min(record.failures - 1, 30)), Self.maxBackoff)
      let remaining = record.last + delay - now
      if remaining > 0 {
        wake(ObjectKey(of: job), uid: uid, at: now + remaining)
        return result
      }
    }
    for _ in 0..<(Int(want) - active.count) {
      var pod = Pod()
      pod.metadata.namespace = job.namespace
      pod.metadata.generateName = "\(job.name)-"
      pod.metadata.labels = spec.template?.metadata?.labels
      pod.metadata.annotations = spec.template?.metadata?.annotations
      pod.metadata.ownerReferences = [
        OwnerReference(
          apiVersion: "batch/v1", kind: "Job", name: job.name, uid: uid, controller: true, blockOwnerDeletion: true)
      ]
      pod.spec = spec.template?.spec
      guard let created = try? cluster.api.create(pod) else { break }
      cluster.api.recordEvent(
        about: job, reason: "SuccessfulCreate", message: "Created pod: \(created.name)", component: Self.component)
      result.append(created)
    }
    return result
  }

  /// Syncs the job again at epoch microseconds `micros`, unless an earlier wake-up is set.
  private func wake(_ key: ObjectKey, uid: String, at micros: Int64) {
    guard let cluster else { return }
    let now = cluster.clock.epochSeconds * 1_000_000 + cluster.clock.micros
    if let pending = wakeups[uid], pending > now, pending <= micros { return }
    wakeups[uid] = micros
    cluster.schedule(after: Double(max(micros - now, 0)) / 1_000_000) { [unowned self] _ in
      if self.wakeups[uid] == micros { self.wakeups[uid] = nil }
      self.queue.insert(key)
    }
  }

  private func deletePod(_ pod: Pod, of job: Job) {
    guard let cluster, (try? cluster.api.delete(Pod.self, namespace: pod.namespace, name: pod.name)) != nil else { return }
    cluster.api.recordEvent(about: job, reason: "SuccessfulDelete", message: "Deleted pod: \(pod.name)", component: Self.component)
  }

  /// `pastBackoffLimitOnFailure`: with restartPolicy OnFailure, container restarts of the
  /// running and pending pods count against the limit.
  static func restartsExceed(_ limit: Int32, spec: JobSpec, pods: [Pod]) -> Bool {
    guard spec.template?.spec?.restartPolicy == "OnFailure" else { return false }
    var restarts: Int32 = 0
    for pod in pods where pod.status?.phase == "Running" || pod.status?.phase == "Pending" {
      for status in (pod.status?.initContainerStatuses ?? []) + (pod.status?.containerStatuses ?? []) {
        restarts += status.restartCount ?? 0
      }
    }
    return limit == 0 ? restarts > 0 : restarts >= limit
  }
}
