import KubeModel
import Testing

@testable import ClusterEngine

/// Usage set by hand, per pod.
final class FixedPodUsage: PodUsageSource {
  var cpu: [String: Double] = [:]
  func podUsage(namespace: String, pod: String) -> PodUsage? {
    cpu[pod].map { PodUsage(cpuMillicores: $0, memoryBytes: 8 * 1_048_576) }
  }
}

@Suite struct HorizontalPodAutoscalerTests {
  let usage = FixedPodUsage()
  let controller = HorizontalPodAutoscalerController()

  func cluster(replicas: Int32, ready: Int? = nil, maxReplicas: Int32 = 10, behavior: HorizontalPodAutoscalerBehavior? = nil)
    throws -> StudyGuideFixture
  {
    controller.usageSource = usage
    let fixture = try StudyGuideFixture([controller])
    try fixture.createDeployment("web", replicas: replicas)
    try addPods(fixture, 0..<Int(replicas), ready: ready)
    var hpa = HorizontalPodAutoscaler()
    hpa.metadata = ObjectMeta(name: "web", namespace: "default")
    var hpaSpec = HorizontalPodAutoscalerSpec()
    hpaSpec.scaleTargetRef = CrossVersionObjectReference(kind: "Deployment", name: "web", apiVersion: "apps/v1")
    hpaSpec.minReplicas = 1
    hpaSpec.maxReplicas = maxReplicas
    var metric = MetricSpec()
    metric.type = "Resource"
    var resource = ResourceMetricSource()
    resource.name = "cpu"
    var target = MetricTarget()
    target.type = "Utilization"
    target.averageUtilization = 50
    resource.target = target
    metric.resource = resource
    hpaSpec.metrics = [metric]
    hpaSpec.behavior = behavior
    hpa.spec = hpaSpec
    try fixture.api.create(hpa)
    return fixture
  }

  func addPods(_ fixture: StudyGuideFixture, _ range: Range<Int>, ready: Int? = nil) throws {
    for index in range {
      try fixture.createPod("web-\(index)", labels: ["app": "web"])
      if index < (ready ?? Int.max) { try fixture.start("web-\(index)", ip: "10.244.0.\(index + 1)") }
    }
  }

  func setCPU(_ millicores: Double, pods: Int) {
    for index in 0..<pods { usage.cpu["web-\(index)"] = millicores }
  }

  func replicas(_ fixture: StudyGuideFixture) throws -> Int32? {
    try fixture.api.get(Deployment.self, namespace: "default", name: "web").spec?.replicas
  }

  func hpa(_ fixture: StudyGuideFixture) throws -> HorizontalPodAutoscaler {
    try fixture.api.get(HorizontalPodAutoscaler.self, namespace: "default", name: "web")
  }

  func condition(_ fixture: StudyGuideFixture, _ type: String) throws -> HorizontalPodAutoscalerCondition? {
    try hpa(fixture).status?.conditions?.first { $0.type == type }
  }

  @Test func scalesUpByTheFormulaOnTheSyncPeriod() throws {
    let fixture = try cluster(replicas: 4)
    setCPU(90, pods: 4)
    fixture.cluster.advance(by: 14)
    #expect(try replicas(fixture) == 4)
    fixture.cluster.advance(by: 1)
    // 90 % against 50 %: ceil(4 × 1.8) = 8, within max(2 × 4, 4).
    #expect(try replicas(fixture) == 8)
    #expect(
      fixture.messages("SuccessfulRescale") == ["New size: 8; reason: cpu resource utilization (percentage of request) above target"])
    let status = try #require(try hpa(fixture).status)
    #expect(status.currentReplicas == 4)
    #expect(status.desiredReplicas == 8)
    #expect(status.currentMetrics?.first?.resource?.current?.averageUtilization == 90)
    #expect(status.currentMetrics?.first?.resource?.current?.averageValue == Quantity.milli(90))
    #expect(status.lastScaleTime == fixture.cluster.clock.now)
    #expect(try condition(fixture, "AbleToScale")?.reason == "SucceededRescale")
    #expect(try condition(fixture, "AbleToScale")?.message == "the HPA controller was able to update the target scale to 8")
    #expect(
      try condition(fixture, "ScalingActive")?.message
        == "the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)")
    #expect(try condition(fixture, "ScalingLimited")?.reason == "DesiredWithinRange")
  }

  @Test func scaleUpIsLimitedAndBounded() throws {
    let fixture = try cluster(replicas: 4)
    setCPU(150, pods: 4)
    fixture.cluster.advance(by: 15)
    // ceil(4 × 3) = 12, limited to max(2 × 4, 4) = 8.
    #expect(try replicas(fixture) == 8)
    #expect(try condition(fixture, "ScalingLimited")?.status == "True")
    #expect(try condition(fixture, "ScalingLimited")?.reason == "ScaleUpLimit")
    #expect(
      try condition(fixture, "ScalingLimited")?.message
        == "the desired replica count is increasing faster than the maximum scale rate")
    fixture.cluster.advance(by: 15)
    // 4 ready pods still at 300 %: 12, now within the limit but above maxReplicas 10.
    #expect(try replicas(fixture) == 10)
    #expect(try condition(fixture, "ScalingLimited")?.reason == "TooManyReplicas")
  }

  @Test func behaviorPoliciesAllowFourPodsOrDoubleEveryFifteenSeconds() throws {
    let fixture = try cluster(replicas: 1, maxReplicas: 20, behavior: HorizontalPodAutoscalerBehavior())
    setCPU(500, pods: 1)
    fixture.cluster.advance(by: 15)
    // ceil(1 × 10) = 10, limited to max(1 + 4, 1 × 2) = 5.
    #expect(try replicas(fixture) == 5)
    #expect(try condition(fixture, "ScalingLimited")?.reason == "ScaleUpLimit")
    fixture.cluster.advance(by: 15)
    // The previous period's events have left the 15 s window: max(5 + 4, 10) = 10.
    #expect(try replicas(fixture) == 10)
    #expect(fixture.messages("SuccessfulRescale").count == 2)
  }

  @Test func changesWithinTheToleranceAreIgnored() throws {
    let fixture = try cluster(replicas: 4)
    setCPU(54, pods: 4)
    fixture.cluster.advance(by: 30)
    #expect(try replicas(fixture) == 4)
    #expect(fixture.events("SuccessfulRescale").isEmpty)
    #expect(try hpa(fixture).status?.desiredReplicas == 4)
    #expect(try condition(fixture, "AbleToScale")?.reason == "ReadyForNewScale")
  }

  @Test func scaleDownWaitsForTheStabilisationWindow() throws {
    let fixture = try cluster(replicas: 4)
    setCPU(90, pods: 4)
    fixture.cluster.advance(by: 15)
    #expect(try replicas(fixture) == 8)
    try addPods(fixture, 4..<8)
    setCPU(10, pods: 8)
    fixture.cluster.advance(by: 15)
    // 10 % wants ceil(8 × 0.2) = 2, but 8 was recommended within 300 s.
    #expect(try replicas(fixture) == 8)
    #expect(try condition(fixture, "AbleToScale")?.reason == "ScaleDownStabilized")
    fixture.cluster.advance(by: 285)
    #expect(try replicas(fixture) == 8)
    fixture.cluster.advance(by: 15)
    #expect(try replicas(fixture) == 2)
    #expect(fixture.messages("SuccessfulRescale").last == "New size: 2; reason: All metrics below target")
  }

  @Test func unreadyPodsCountAsZeroWhenScalingUp() throws {
    let fixture = try cluster(replicas: 4, ready: 2)
    setCPU(100, pods: 2)
    fixture.cluster.advance(by: 15)
    // Ready pods at 200 %, but with the two pending pods at 0 the ratio is 1.0: no change.
    #expect(try replicas(fixture) == 4)
    #expect(try hpa(fixture).status?.currentMetrics?.first?.resource?.current?.averageUtilization == 100)
  }

  @Test func missingTargetAndMetricsAreReported() throws {
    let fixture = try cluster(replicas: 2)
    fixture.cluster.advance(by: 15)
    #expect(
      try condition(fixture, "ScalingActive")?.message
        == "the HPA was unable to compute the replica count: failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API"
    )
    #expect(
      fixture.messages("FailedComputeMetricsReplicas")
        == [
          "invalid metrics (1 invalid out of 1), first error is: failed to get cpu resource metric value: failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API"
        ])
    try fixture.api.delete(Deployment.self, namespace: "default", name: "web")
    fixture.cluster.advance(by: 15)
    #expect(try condition(fixture, "AbleToScale")?.status == "False")
    #expect(
      try condition(fixture, "AbleToScale")?.message
        == "the HPA controller was unable to get the target's current scale: deployments.apps \"web\" not found")
  }

  @Test func trafficDrivesTheSimulatedUsage() throws {
    let traffic = ServiceTraffic()
    let proxyFixture = try StudyGuideFixture([EndpointsController(), traffic, controller])
    let fixture = proxyFixture
    try fixture.createDeployment("web", replicas: 4)
    var service = Service()
    service.metadata = ObjectMeta(name: "web", namespace: "default")
    service.spec = ServiceSpec()
    service.spec?.selector = ["app": "web"]
    service.spec?.ports = [ServicePort(port: 80)]
    try fixture.api.create(service)
    try addPods(fixture, 0..<4)
    var hpa = HorizontalPodAutoscaler()
    hpa.metadata = ObjectMeta(name: "web", namespace: "default")
    hpa.spec = HorizontalPodAutoscalerSpec()
    hpa.spec?.scaleTargetRef = CrossVersionObjectReference(kind: "Deployment", name: "web")
    hpa.spec?.maxReplicas = 10
    try fixture.api.create(hpa)
    fixture.cluster.settle()
    traffic.setLoad(namespace: "default", service: "web", requestsPerSecond: 400)
    fixture.cluster.advance(by: 15)
    let model = SimulatedPodUsage(cluster: fixture.cluster)
    let used = (0..<4).map { Int64((model.podUsage(namespace: "default", pod: "web-\($0)")?.cpuMillicores ?? 0).rounded()) }
    let utilization = Int32(used.reduce(0, +) * 100 / 400)
    // Default target 80 %: 100 rps per pod at about 1m per request.
    let expected = Int32((Double(utilization) / 80 * 4).rounded(.up))
    #expect(utilization > 90)
    #expect(try replicas(fixture) == min(expected, 8))
  }
}
