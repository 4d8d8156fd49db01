import Foundation
import KubeModel
import Testing

@testable import ClusterEngine

@Suite struct CronJobControllerTests {
  /// 2026-01-01T00:00:00Z, the fixture's virtual time zero.
  static let epoch: Int64 = 1_767_225_600

  /// A CronJob running a busybox container that restarts on failure.
  static func make(name: String, schedule: String, policy: String? = nil, timeZone: String? = nil) -> CronJob {
    var cronJob = CronJob()
    cronJob.metadata = ObjectMeta(name: name, namespace: "default")
    var spec = CronJobSpec()
    spec.schedule = schedule
    spec.concurrencyPolicy = policy
    spec.timeZone = timeZone
    var template = JobTemplateSpec()
    template.spec = JobSpec()
    template.spec?.template = PodTemplateSpec()
    template.spec?.template?.spec = PodSpec(containers: [Container(name: name, image: "busybox")])
    template.spec?.template?.spec?.restartPolicy = "OnFailure"
    spec.jobTemplate = template
    cronJob.spec = spec
    return cronJob
  }

  func cronJob(_ fixture: StudyGuideFixture, schedule: String, policy: String? = nil, timeZone: String? = nil) throws {
    try fixture.api.create(Self.make(name: "hello", schedule: schedule, policy: policy, timeZone: timeZone))
  }

  func jobNames(_ fixture: StudyGuideFixture) -> [String] {
    fixture.api.list(Job.self, namespace: "default").map(\.name)
  }

  func complete(_ fixture: StudyGuideFixture, _ name: String, _ type: String = "Complete") throws {
    try fixture.api.modify(Job.self, namespace: "default", name: name, status: true) { job in
      var condition = JobCondition()
      condition.type = type
      condition.status = "True"
      if job.status == nil { job.status = JobStatus() }
      job.status?.conditions = [condition]
      job.status?.startTime = job.metadata.creationTimestamp
      if type == "Complete" { job.status?.completionTime = fixture.cluster.clock.now }
    }
  }

  func cronStatus(_ fixture: StudyGuideFixture) throws -> CronJobStatus? {
    try fixture.api.get(CronJob.self, namespace: "default", name: "hello").status
  }

  @Test func nextRunTimes() throws {
    let hourly = try CronSchedule(parsing: "@hourly")
    #expect(hourly.next(after: Self.epoch) == Self.epoch + 3600)
    #expect(hourly.next(after: Self.epoch + 59) == Self.epoch + 3600)
    let quarter = try CronSchedule(parsing: "*/15 9-17 * * 1-5")
    // 2026-01-01 is a Thursday: 09:00 that day.
    #expect(quarter.next(after: Self.epoch) == Self.epoch + 9 * 3600)
    // Friday 17:45 → Monday 09:00.
    let friday = Self.epoch + 86400 + 17 * 3600 + 45 * 60
    #expect(quarter.next(after: friday) == Self.epoch + 4 * 86400 + 9 * 3600)
    let tokyo = try CronSchedule(parsing: "0 9 * * *")
    #expect(tokyo.next(after: Self.epoch, timeZone: TimeZone(identifier: "Asia/Tokyo")) == Self.epoch + 86400)
    #expect(try CronSchedule(parsing: "0 0 31 2 *").next(after: Self.epoch) == nil)
  }

  @Test func hourlyJobsOverAVirtualDayKeepTheirHistory() throws {
    let fixture = try StudyGuideFixture([CronJobController()])
    try cronJob(fixture, schedule: "@hourly")
    fixture.cluster.advance(by: 3600)
    #expect(jobNames(fixture).isEmpty)
    // The controller wakes 100 ms after the scheduled time, as upstream requeues.
    fixture.cluster.advance(by: 0.1)
    #expect(jobNames(fixture) == ["hello-\((Self.epoch + 3600) / 60)"])
    #expect(jobNames(fixture) == ["hello-29453820"])
    let first = try fixture.api.get(Job.self, namespace: "default", name: "hello-29453820")
    #expect(first.metadata.annotations?["batch.kubernetes.io/cronjob-scheduled-timestamp"] == "2026-01-01T01:00:00Z")
    #expect(first.metadata.controllerRef?.kind == "CronJob")
    #expect(try cronStatus(fixture)?.active?.map(\.name) == ["hello-29453820"])
    #expect(try cronStatus(fixture)?.lastScheduleTime == Time(seconds: Self.epoch + 3600))
    for hour in 1...23 {
      try complete(fixture, "hello-\((Self.epoch + Int64(hour) * 3600) / 60)")
      fixture.cluster.advance(by: 3600)
    }
    // Events live an hour (--event-ttl): the last hour's are left.
    #expect(fixture.messages("SuccessfulCreate", about: "hello").last == "Created job hello-\((Self.epoch + 24 * 3600) / 60)")
    // Three finished jobs are kept, plus the one running.
    #expect(jobNames(fixture) == (21...24).map { "hello-\((Self.epoch + Int64($0) * 3600) / 60)" })
    #expect(try cronStatus(fixture)?.lastSuccessfulTime == Time(seconds: Self.epoch + 23 * 3600))
    #expect(fixture.messages("SawCompletedJob").last == "Saw completed job: hello-29455140, status: Complete")
    #expect(fixture.messages("SuccessfulDelete").last == "Deleted job hello-29454960")
  }

  @Test func forbidSkipsAndReplaceReplaces() throws {
    let forbid = try StudyGuideFixture([CronJobController()])
    try cronJob(forbid, schedule: "*/5 * * * *", policy: "Forbid")
    forbid.cluster.advance(by: 601)
    #expect(jobNames(forbid) == ["hello-\((Self.epoch + 300) / 60)"])
    #expect(
      forbid.messages("JobAlreadyActive") == ["Not starting job because prior execution is running and concurrency policy is Forbid"])

    let replace = try StudyGuideFixture([CronJobController()])
    try cronJob(replace, schedule: "*/5 * * * *", policy: "Replace")
    replace.cluster.advance(by: 601)
    #expect(jobNames(replace) == ["hello-\((Self.epoch + 600) / 60)"])
    #expect(replace.messages("SuccessfulDelete") == ["Deleted job hello-\((Self.epoch + 300) / 60)"])
  }

  @Test func tooManyMissedStartTimesAreReported() throws {
    let fixture = try StudyGuideFixture()
    try cronJob(fixture, schedule: "* * * * *")
    fixture.cluster.advance(by: 12_000)
    fixture.cluster.install(CronJobController())
    fixture.cluster.settle()
    #expect(
      fixture.messages("TooManyMissedTimes")
        == ["too many missed start times: 200. Set or decrease .spec.startingDeadlineSeconds or check clock skew"])
    #expect(jobNames(fixture) == ["hello-\((Self.epoch + 12_000) / 60)"])
  }
}
