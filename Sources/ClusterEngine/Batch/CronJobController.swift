import Foundation
import KubeModel

/// kube-controller-manager's CronJob controller (v2): at each scheduled time (UTC or
/// `spec.timeZone`) it creates the Job `<cronjob>-<scheduledTime.Unix()/60>` from the
/// template, honouring `suspend`, `startingDeadlineSeconds` and the concurrency policy
/// (Allow, Forbid, Replace); it tracks active jobs, records `lastScheduleTime` and
/// `lastSuccessfulTime`, and keeps 3 successful and 1 failed finished jobs by default.
public final class CronJobController: ClusterComponent {
  static let component = "cronjob-controller"
  static let ownerIndex = "jobs.controller-uid"
  static let scheduledAnnotation = "batch.kubernetes.io/cronjob-scheduled-timestamp"

  private unowned var cluster: Cluster?
  private var queue = OwnerSyncQueue()
  private var wakeups: [ObjectKey: Int64] = [:]

  public init() {}

  public func attach(to cluster: Cluster) {
    self.cluster = cluster
    cluster.store.addIndex(Job.self, Self.ownerIndex) { job in job.metadata.controllerRef.map { [$0.uid] } ?? [] }
    for cronJob in cluster.store.all(CronJob.self) { queue.noteOwner(cronJob, deleted: false) }
  }

  public var observedKinds: [any KubeObject.Type]? { [CronJob.self, Job.self] }

  public func observe(_ event: StoreEvent) {
    switch event.object {
    case let cronJob as CronJob:
      queue.noteOwner(cronJob, deleted: event.type == .deleted)
      if event.type == .deleted { wakeups[ObjectKey(of: cronJob)] = nil }
    case let job as Job:
      queue.noteOwned(job, kind: "CronJob")
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
    guard let cluster, var cronJob = cluster.store.get(CronJob.self, key), let uid = cronJob.metadata.uid,
      let spec = cronJob.spec
    else { return }
    let original = cronJob
    let nowSeconds = cluster.clock.epochSeconds + cluster.clock.micros / 1_000_000
    let jobs = cluster.store.objects(Job.self, index: Self.ownerIndex, value: uid)
    let byName = Dictionary(jobs.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    var status = cronJob.status ?? CronJobStatus()
    // Reconcile the active list with the jobs that exist.
    var active: [ObjectReference] = []
    for reference in status.active ?? [] {
      guard let job = byName[reference.name ?? ""], job.metadata.uid == reference.uid else { continue }
      if let finished = Self.finishedType(job) {
        cluster.api.recordEvent(
          about: cronJob, reason: "SawCompletedJob", message: "Saw completed job: \(job.name), status: \(finished)",
          component: Self.component)
        if finished == "Complete", let completion = job.status?.completionTime,
          status.lastSuccessfulTime.map({ $0 < completion }) ?? true
        {
          status.lastSuccessfulTime = completion
        }
        continue
      }
      active.append(reference)
    }
    for job in jobs where Self.finishedType(job) == nil && !active.contains(where: { $0.uid == job.metadata.uid }) {
      active.append(Self.reference(to: job))
    }
    status.active = active.isEmpty ? nil : active
    cronJob.status = status
    defer {
      if cronJob.status != original.status { _ = try? cluster.api.updateStatus(cronJob) }
      cleanUpFinishedJobs(cronJob, jobs: jobs)
    }
    guard cronJob.metadata.deletionTimestamp == nil, spec.suspend != true else { return }
    guard let schedule = try? CronSchedule(parsing: spec.schedule ?? "") else {
      cluster.api.recordEvent(
        about: cronJob, type: "Warning", reason: "UnparseableSchedule",
        message: "unparseable schedule: \"\(spec.schedule ?? "")\"", component: Self.component)
      return
    }
    let zone = spec.timeZone.flatMap { TimeZone(identifier: $0) }
    // `mostRecentScheduleTime`.
    var earliest = status.lastScheduleTime?.seconds ?? cronJob.metadata.creationTimestamp?.seconds ?? nowSeconds
    if let deadline = spec.startingDeadlineSeconds { earliest = max(earliest, nowSeconds - deadline) }
    guard let first = schedule.next(after: earliest, timeZone: zone) else { return }
    guard first <= nowSeconds else {
      wake(key, atSeconds: first)
      return
    }
    var scheduled = first
    if let second = schedule.next(after: first, timeZone: zone), second <= nowSeconds {
      let between = second - first
      let missed = (nowSeconds - first) / between + 1
      scheduled = first + (missed - 1) * between
      if missed > 100 {
        cluster.api.recordEvent(
          about: cronJob, type: "Warning", reason: "TooManyMissedTimes",
          message:
            "too many missed start times: \(missed). Set or decrease .spec.startingDeadlineSeconds or check clock skew",
          component: Self.component)
      }
    }
    if let next = schedule.next(after: nowSeconds, timeZone: zone) { wake(key, atSeconds: next) }
    if let deadline = spec.startingDeadlineSeconds, scheduled + deadline < nowSeconds {
      cluster.api.recordEvent(
        about: cronJob, type: "Warning", reason: "MissSchedule",
        message: "Missed scheduled time to start a job: \(Self.rfc1123(scheduled, zone))", component: Self.component)
      return
    }
    let name = "\(cronJob.name)-\(scheduled / 60)"
    if active.contains(where: { $0.name == name }) || byName[name] != nil { return }
    switch spec.concurrencyPolicy ?? "Allow" {
    case "Forbid" where !active.isEmpty:
      cluster.api.recordEvent(
        about: cronJob, reason: "JobAlreadyActive",
        message: "Not starting job because prior execution is running and concurrency policy is Forbid",
        component: Self.component)
      return
    case "Replace":
      for reference in active {
        guard let jobName = reference.name,
          (try? cluster.api.delete(
            Job.self, namespace: key.namespace, name: jobName, options: DeleteOptions(propagationPolicy: "Background")))
            != nil
        else { continue }
        cluster.api.recordEvent(
          about: cronJob, reason: "SuccessfulDelete", message: "Deleted job \(jobName)", component: Self.component)
      }
      active = []
    default:
      break
    }
    var job = Job()
    job.metadata = spec.jobTemplate?.metadata ?? ObjectMeta()
    job.metadata.name = name
    job.metadata.namespace = key.namespace
    job.metadata.generateName = nil
    job.metadata.annotations = (job.metadata.annotations ?? [:]).merging(
      [Self.scheduledAnnotation: Self.rfc3339(scheduled, zone)], uniquingKeysWith: { current, _ in current })
    job.metadata.ownerReferences = [
      OwnerReference(
        apiVersion: "batch/v1", kind: "CronJob", name: cronJob.name, uid: uid, controller: true, blockOwnerDeletion: true)
    ]
    job.spec = spec.jobTemplate?.spec
    do {
      let created = try cluster.api.create(job)
      cluster.api.recordEvent(
        about: cronJob, reason: "SuccessfulCreate", message: "Created job \(created.name)", component: Self.component)
      active.append(Self.reference(to: created))
    } catch {
      cluster.api.recordEvent(
        about: cronJob, type: "Warning", reason: "FailedCreate", message: "Error creating job: \(error.message ?? "")",
        component: Self.component)
      return
    }
    cronJob.status?.active = active
    cronJob.status?.lastScheduleTime = Time(seconds: scheduled)
  }

  /// Deletes the oldest finished jobs beyond the history limits (3 successful, 1 failed).
  private func cleanUpFinishedJobs(_ cronJob: CronJob, jobs: [Job]) {
    guard let cluster, let spec = cronJob.spec else { return }
    for (type, limit) in [("Complete", spec.successfulJobsHistoryLimit ?? 3), ("Failed", spec.failedJobsHistoryLimit ?? 1)] {
      let finished = jobs.filter { Self.finishedType($0) == type }.sorted {
        ($0.status?.startTime?.seconds ?? 0, $0.name) < ($1.status?.startTime?.seconds ?? 0, $1.name)
      }
      for job in finished.prefix(max(finished.count - Int(limit), 0)) {
        guard
          (try? cluster.api.delete(
            Job.self, namespace: job.namespace, name: job.name, options: DeleteOptions(propagationPolicy: "Background")))
            != nil
        else { continue }
        cluster.api.recordEvent(
          about: cronJob, reason: "SuccessfulDelete", message: "Deleted job \(job.name)", component: Self.component)
      }
    }
  }

  private func wake(_ key: ObjectKey, atSeconds seconds: Int64) {
    guard let cluster else { return }
    let micros = seconds * 1_000_000 + 100_000
    let now = cluster.clock.epochSeconds * 1_000_000 + cluster.clock.micros
    if let pending = wakeups[key], pending > now, pending <= micros { return }
    wakeups[key] = micros
    cluster.schedule(after: Double(micros - now) / 1_000_000) { [unowned self] _ in
      if self.wakeups[key] == micros { self.wakeups[key] = nil }
      self.queue.insert(key)
    }
  }

  /// `Complete` or `Failed` when the job has finished.
  static func finishedType(_ job: Job) -> String? {
    job.status?.conditions?.first { ($0.type == "Complete" || $0.type == "Failed") && $0.status == "True" }?.type
  }

  static func reference(to job: Job) -> ObjectReference {
    var reference = ObjectReference()
    reference.kind = "Job"
    reference.namespace = job.metadata.namespace
    reference.name = job.metadata.name
    reference.uid = job.metadata.uid
    reference.apiVersion = "batch/v1"
    reference.resourceVersion = job.metadata.resourceVersion
    return reference
  }

  static func rfc3339(_ seconds: Int64, _ zone: TimeZone?) -> String {
    format(seconds, zone, "yyyy-MM-dd'T'HH:mm:ssXXXXX")
  }

  static func rfc1123(_ seconds: Int64, _ zone: TimeZone?) -> String {
    format(seconds, zone, "EEE, dd MMM yyyy HH:mm:ss Z")
  }

  private static func format(_ seconds: Int64, _ zone: TimeZone?, _ pattern: String) -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = zone ?? TimeZone(identifier: "UTC")
    formatter.dateFormat = pattern
    return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
  }
}
