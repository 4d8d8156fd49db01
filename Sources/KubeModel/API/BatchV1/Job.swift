/// A job (`batch/v1 Job`): runs pods until a number of them complete.
public struct Job: KubeObject {
  public static let resource = ResourceType.jobs
  public var apiVersion: String? = "batch/v1"
  public var kind: String? = "Job"
  public var metadata = ObjectMeta()
  public var spec: JobSpec?
  public var status: JobStatus?
  public init() {}
}

/// The desired state of a job.
public struct JobSpec: Codable, Hashable, Sendable {
  public var parallelism: Int32?
  public var completions: Int32?
  public var activeDeadlineSeconds: Int64?
  public var podFailurePolicy: JSONValue?
  public var successPolicy: JSONValue?
  public var backoffLimit: Int32?
  public var backoffLimitPerIndex: Int32?
  public var maxFailedIndexes: Int32?
  public var selector: LabelSelector?
  public var manualSelector: Bool?
  public var template: PodTemplateSpec?
  public var ttlSecondsAfterFinished: Int32?
  /// `NonIndexed` (default) or `Indexed`.
  public var completionMode: String?
  public var suspend: Bool?
  public var podReplacementPolicy: String?
  public var managedBy: String?
  public init() {}
}

/// What is observed about a job.
public struct JobStatus: Codable, Hashable, Sendable {
  public var conditions: [JobCondition]?
  public var startTime: Time?
  public var completionTime: Time?
  public var active: Int32?
  public var succeeded: Int32?
  public var failed: Int32?
  public var terminating: Int32?
  public var completedIndexes: String?
  public var failedIndexes: String?
  public var uncountedTerminatedPods: JSONValue?
  public var ready: Int32?
  public init() {}
}

/// A condition of a job: `Complete`, `Failed`, `Suspended`, …
public struct JobCondition: Codable, Hashable, Sendable {
  public var type: String?
  public var status: String?
  public var lastProbeTime: Time?
  public var lastTransitionTime: Time?
  public var reason: String?
  public var message: String?
  public init() {}
}

/// A cron job (`batch/v1 CronJob`): creates jobs on a schedule.
public struct CronJob: KubeObject {
  public static let resource = ResourceType.cronjobs
  public var apiVersion: String? = "batch/v1"
  public var kind: String? = "CronJob"
  public var metadata = ObjectMeta()
  public var spec: CronJobSpec?
  public var status: CronJobStatus?
  public init() {}
}

/// The schedule and job template of a cron job.
public struct CronJobSpec: Codable, Hashable, Sendable {
  public var schedule: String?
  public var timeZone: String?
  public var startingDeadlineSeconds: Int64?
  /// `Allow` (default), `Forbid` or `Replace`.
  public var concurrencyPolicy: String?
  public var suspend: Bool?
  public var jobTemplate: JobTemplateSpec?
  public var successfulJobsHistoryLimit: Int32?
  public var failedJobsHistoryLimit: Int32?
  public init() {}
}

/// The metadata and spec of the jobs a cron job makes.
public struct JobTemplateSpec: Codable, Hashable, Sendable {
  public var metadata: ObjectMeta?
  public var spec: JobSpec?
  public init() {}
}

/// What is observed about a cron job.
public struct CronJobStatus: Codable, Hashable, Sendable {
  public var active: [ObjectReference]?
  public var lastScheduleTime: Time?
  public var lastSuccessfulTime: Time?
  public init() {}
}
