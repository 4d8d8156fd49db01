import KubeModel
import Testing

@testable import ClusterEngine

@Suite struct JobControllerTests {
  func job(_ fixture: StudyGuideFixture, completions: Int32? = 1, parallelism: Int32 = 1, backoffLimit: Int32? = nil,
    deadline: Int64? = nil, restartPolicy: String = "Never") throws -> Job
  {
    var job = Job()
    job.metadata = ObjectMeta(name: "pi", namespace: "default")
    var spec = JobSpec()
    spec.completions = completions
    spec.parallelism = parallelism
    spec.backoffLimit = backoffLimit
    spec.activeDeadlineSeconds = deadline
    var template = PodTemplateSpec()
    template.spec = PodSpec(containers: [Container(name: "pi", image: "perl:5.34")])
    template.spec?.restartPolicy = restartPolicy
    spec.template = template
    job.spec = spec
    return try fixture.api.create(job)
  }

  func status(_ fixture: StudyGuideFixture) throws -> JobStatus? {
    try fixture.api.get(Job.self, namespace: "default", name: "pi").status
  }

  func activePods(_ fixture: StudyGuideFixture) -> [Pod] {
    fixture.pods(["job-name": "pi"]).filter(PodChecks.isActive)
  }

  @Test func runsCompletionsWithParallelism() throws {
    let fixture = try StudyGuideFixture([JobController()])
    let created = try job(fixture, completions: 3, parallelism: 2)
    let uid = try #require(created.metadata.uid)
    #expect(created.spec?.selector?.matchLabels == ["batch.kubernetes.io/controller-uid": uid])
    // A Job without labels of its own shows its template's, generated ones included.
    #expect(created.metadata.labels?["batch.kubernetes.io/job-name"] == "pi")
    #expect(created.metadata.labels?["controller-uid"] == uid)
    fixture.cluster.settle()
    var pods = activePods(fixture)
    #expect(pods.count == 2)
    #expect(pods.first?.metadata.labels?["controller-uid"] == uid)
    #expect(pods.first?.metadata.labels?["batch.kubernetes.io/job-name"] == "pi")
    #expect(pods.first?.metadata.controllerRef?.kind == "Job")
    #expect(pods.first?.name.hasPrefix("pi-") == true)
    #expect(try status(fixture)?.active == 2)
    #expect(try status(fixture)?.startTime == fixture.cluster.clock.now)
    try fixture.start(pods[0].name, ip: "10.244.0.1")
    fixture.cluster.settle()
    #expect(try status(fixture)?.ready == 1)
    fixture.cluster.advance(by: 5)
    try fixture.finish(pods[0].name, "Succeeded")
    fixture.cluster.settle()
    pods = activePods(fixture)
    #expect(pods.count == 2)
    #expect(try status(fixture)?.succeeded == 1)
    for pod in pods { try fixture.finish(pod.name, "Succeeded") }
    fixture.cluster.settle()
    let final = try #require(try status(fixture))
    #expect(final.succeeded == 3)
    // Zero counters are left out, as the API leaves them; the pointer ones stay.
    #expect(final.active == nil && final.failed == nil)
    #expect(final.ready == 0 && final.terminating == 0 && final.uncountedTerminatedPods == .emptyObject)
    #expect(final.completionTime == fixture.cluster.clock.now)
    #expect(final.conditions?.map(\.type) == ["SuccessCriteriaMet", "Complete"])
    #expect(fixture.messages("Completed") == ["Job completed"])
    #expect(fixture.events("SuccessfulCreate", about: "pi").count == 3)
  }

  @Test func failedPodsAreReplacedAfterADoublingBackOff() throws {
    let fixture = try StudyGuideFixture([JobController()])
    try job(fixture, backoffLimit: 2)
    fixture.cluster.settle()
    for (failure, delay) in [(1, 10.0), (2, 20.0)] {
      let pod = try #require(activePods(fixture).first)
      try fixture.finish(pod.name, "Failed")
      fixture.cluster.settle()
      #expect(activePods(fixture).isEmpty)
      #expect(try status(fixture)?.failed == Int32(failure))
      fixture.cluster.advance(by: delay - 1)
      #expect(activePods(fixture).isEmpty)
      fixture.cluster.advance(by: 1)
      #expect(activePods(fixture).count == 1)
    }
    let last = try #require(activePods(fixture).first)
    try fixture.finish(last.name, "Failed")
    fixture.cluster.settle()
    let failed = try #require(try status(fixture)?.conditions?.last)
    #expect(failed.type == "Failed")
    #expect(failed.reason == "BackoffLimitExceeded")
    #expect(failed.message == "Job has reached the specified backoff limit")
    #expect(try status(fixture)?.failed == 3)
    #expect(fixture.messages("BackoffLimitExceeded") == ["Job has reached the specified backoff limit"])
    fixture.cluster.advance(by: 60)
    #expect(activePods(fixture).isEmpty)
  }

  @Test func activeDeadlineEndsTheJob() throws {
    let fixture = try StudyGuideFixture([JobController()])
    try job(fixture, deadline: 30)
    fixture.cluster.settle()
    let pod = try #require(activePods(fixture).first)
    try fixture.start(pod.name, ip: "10.244.0.1")
    fixture.cluster.advance(by: 29)
    #expect(try status(fixture)?.conditions == nil)
    fixture.cluster.advance(by: 1)
    let condition = try #require(try status(fixture)?.conditions?.last)
    #expect(condition.reason == "DeadlineExceeded")
    #expect(condition.message == "Job was active longer than specified deadline")
    #expect(try fixture.api.get(Pod.self, namespace: "default", name: pod.name).metadata.deletionTimestamp != nil)
    #expect(fixture.messages("SuccessfulDelete") == ["Deleted pod: \(pod.name)"])
  }

  @Test func containerRestartsCountWithOnFailure() throws {
    let fixture = try StudyGuideFixture([JobController()])
    try job(fixture, backoffLimit: 3, restartPolicy: "OnFailure")
    fixture.cluster.settle()
    let pod = try #require(activePods(fixture).first)
    try fixture.start(pod.name, ip: "10.244.0.1")
    for restarts in Int32(1)...3 {
      try fixture.api.modify(Pod.self, namespace: "default", name: pod.name, status: true) { pod in
        var container = ContainerStatus()
        container.name = "pi"
        container.restartCount = restarts
        pod.status?.containerStatuses = [container]
      }
      fixture.cluster.settle()
    }
    #expect(try status(fixture)?.conditions?.last?.reason == "BackoffLimitExceeded")
  }
}
