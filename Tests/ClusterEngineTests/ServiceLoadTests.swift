import KubeModel
import Testing

@testable import ClusterEngine

/// `:load svc/webserver 300rps` on the demo cluster: traffic raises the CPU of the pods
/// behind the service, the HPA scales up by upstream's formula, and scales back down only
/// after the 300 s stabilisation window once the load stops.
@Suite struct ServiceLoadTests {
  /// The demo cluster after `kubectl expose deployment webserver --port 80` and
  /// `kubectl autoscale deployment webserver --cpu-percent=50 --min=2 --max=10`.
  func demo() throws -> Cluster {
    let cluster = try ClusterFactory.make()
    try StudyGuideDemo.exposeWebserver(cluster)
    try StudyGuideDemo.autoscaleWebserver(cluster, cpuPercent: 50)
    // Past the HPA's 5 min CPU initialisation period, so every pod's usage counts.
    cluster.advance(by: 360)
    return cluster
  }

  func replicas(_ cluster: Cluster) -> Int32 {
    cluster.store.get(Deployment.self, namespace: "default", name: "webserver")?.spec?.replicas ?? -1
  }

  func hpa(_ cluster: Cluster) -> HorizontalPodAutoscaler? {
    cluster.store.get(HorizontalPodAutoscaler.self, namespace: "default", name: "webserver")
  }

  @Test func loadIsRefusedForAMissingServiceOrABadRate() throws {
    let cluster = try ClusterFactory.make()
    #expect(throws: Status.notFound(.services, name: "webserver")) {
      try cluster.setServiceLoad(namespace: "default", service: "webserver", requestsPerSecond: 300)
    }
    try StudyGuideDemo.exposeWebserver(cluster)
    #expect(throws: Status.notFound(.services, name: "nope")) {
      try cluster.setServiceLoad(namespace: "default", service: "nope", requestsPerSecond: 10)
    }
    do {
      try cluster.setServiceLoad(namespace: "default", service: "webserver", requestsPerSecond: -1)
      Issue.record("a negative rate must be refused")
    } catch {
      #expect(error.message == "invalid request rate -1.0: it must be 0 or more requests per second")
    }
  }

  @Test func loadRaisesPodCPUAndTheAutoscalerFollowsTheFormula() throws {
    let cluster = try demo()
    #expect(replicas(cluster) == 2)
    let kubelet = try #require(cluster.component(Kubelet.self))
    let pods = cluster.store.list(Pod.self, namespace: "default").filter { $0.labels["app"] == "webserver" }.map(\.name)
    let idle = pods.map { kubelet.podUsage(namespace: "default", pod: $0)?.cpuMillicores ?? 0 }
    try cluster.setServiceLoad(namespace: "default", service: "webserver", requestsPerSecond: 300)
    let status = try cluster.serviceLoadStatus(namespace: "default", service: "webserver")
    #expect(status.requestsPerSecond == 300)
    #expect(status.endpoints.map(\.pod) == pods.sorted())
    #expect(status.endpoints.map(\.requestsPerSecond) == [150, 150])
    cluster.advance(by: 1)
    let loaded = pods.map { kubelet.podUsage(namespace: "default", pod: $0)?.cpuMillicores ?? 0 }
    for (before, after) in zip(idle, loaded) { #expect(after > before + 100) }
    // The last ten requests went to the two pods in turn.
    let answers = try cluster.serviceLoadStatus(namespace: "default", service: "webserver").recentAnswers
    #expect(answers.count == 10)
    #expect(Set(answers.map(\.pod)) == Set(pods))
    #expect(zip(answers, answers.dropFirst()).allSatisfy { $0.pod != $1.pod })

    // Every rescale follows desired = ceil(utilisation / 50 % × current), at most
    // upstream's limit without `behavior` (max(2 × current, 4) per sync), at most maxReplicas.
    var rescales = 0
    for _ in 0..<16 {
      let before = replicas(cluster)
      cluster.advance(by: 15)
      let after = replicas(cluster)
      guard after != before, let status = hpa(cluster)?.status else { continue }
      rescales += 1
      let utilization = try #require(status.currentMetrics?.first?.resource?.current?.averageUtilization)
      let ratio = Double(utilization) / 50
      let formula = Int32((ratio * Double(before)).rounded(.up))
      let limit = max(before * 2, 4)
      #expect(after == min(formula, limit, 10), "utilisation \(utilization)% at \(before) replicas gave \(after)")
    }
    #expect(rescales >= 1)
    let scaled = replicas(cluster)
    #expect(scaled > 2)
    let settled = try #require(hpa(cluster)?.status?.currentMetrics?.first?.resource?.current?.averageUtilization)
    // Settled: within the 10 % tolerance, or where the formula gives the count it has
    // (ceil(44 / 50 × 8) is 8 again), or at maxReplicas.
    let ratio = Double(settled) / 50
    let fixedPoint = Int32((ratio * Double(scaled)).rounded(.up)) == scaled
    #expect(abs(ratio - 1) <= 0.1 || fixedPoint || scaled == 10, "settled at \(settled)% with \(scaled) replicas")
    #expect(
      cluster.store.all(Event.self).contains {
        $0.reason == "SuccessfulRescale"
          && $0.message?.hasSuffix("reason: cpu resource utilization (percentage of request) above target") == true
      })

    // Load off: the recommendation drops at once, but the 300 s window holds the highest one.
    try cluster.setServiceLoad(namespace: "default", service: "webserver", requestsPerSecond: 0)
    cluster.advance(by: 285)
    #expect(replicas(cluster) == scaled)
    cluster.advance(by: 45)
    #expect(replicas(cluster) == 2)
    #expect(
      cluster.store.all(Event.self).contains {
        $0.reason == "SuccessfulRescale" && $0.message == "New size: 2; reason: All metrics below target"
      })
  }
}

/// The autoscaling walkthrough of the Kubernetes documentation, as its commands run it:
/// php-apache behind a service, an HPA at 50 % CPU, and a load generator whose shell loop
/// requests the service as fast as it can.
@Suite struct LoadGeneratorTests {
  @Test func aPodRequestingAServiceInALoopLoadsItsPodsAndTheAutoscalerScalesOutThenBackIn() throws {
    let cluster = try ClusterFactory.make()
    var container = Container(name: "php-apache", image: "registry.k8s.io/hpa-example")
    container.resources = ResourceRequirements(requests: ["cpu": Quantity.milli(200)], limits: ["cpu": Quantity.milli(500)])
    container.ports = [ContainerPort(containerPort: 80)]
    var deployment = Deployment()
    deployment.metadata = ObjectMeta(name: "php-apache", namespace: "default")
    var spec = DeploymentSpec()
    spec.replicas = 1
    spec.selector = LabelSelector(matchLabels: ["run": "php-apache"])
    spec.template = PodTemplateSpec(metadata: ObjectMeta(labels: ["run": "php-apache"]), spec: PodSpec(containers: [container]))
    deployment.spec = spec
    try cluster.api.create(deployment)
    try StudyGuideDemo.expose(cluster, name: "php-apache", selector: ["run": "php-apache"])
    try StudyGuideDemo.autoscale(cluster, deployment: "php-apache", min: 1, max: 10, cpuPercent: 50)
    cluster.advance(by: 360)
    func replicas() -> Int32 { cluster.store.get(Deployment.self, namespace: "default", name: "php-apache")?.spec?.replicas ?? -1 }
    #expect(replicas() == 1)

    // kubectl run load-generator --image=busybox:1.28 --restart=Never -- /bin/sh -c "while sleep 0.01; do wget -q -O- http://php-apache; done"
    var generator = Container(name: "load-generator", image: "busybox:1.28")
    generator.command = ["/bin/sh", "-c", "while sleep 0.01; do wget -q -O- http://php-apache; done"]
    var podSpec = PodSpec(containers: [generator])
    podSpec.restartPolicy = "Never"
    try cluster.api.create(Pod(metadata: ObjectMeta(name: "load-generator", namespace: "default", labels: ["run": "load-generator"]), spec: podSpec))
    cluster.advance(by: 30)
    let traffic = try #require(cluster.component(ServiceTraffic.self))
    // One request each 10 ms of sleep and 10 ms of answer.
    #expect(abs(traffic.requestsPerSecond(namespace: "default", service: "php-apache") - 50) < 0.001)
    // Its log is the page's answer, once a round.
    let kubelet = try #require(cluster.component(Kubelet.self))
    let log = try kubelet.logs(namespace: "default", pod: "load-generator")
    #expect(log.count >= 20 && log.allSatisfy { $0 == "OK!" }, "\(log.prefix(5))")
    cluster.advance(by: 240)
    let scaled = replicas()
    #expect(scaled >= 4)
    #expect(
      cluster.store.all(Event.self).contains {
        $0.reason == "SuccessfulRescale" && $0.message?.hasSuffix("above target") == true
      })

    // Ctrl-C and --rm: the generator is deleted, the load stops, and the HPA scales back
    // in once its 5 min stabilisation window has passed.
    try cluster.api.delete(Pod.self, namespace: "default", name: "load-generator")
    cluster.advance(by: 60)
    #expect(traffic.requestsPerSecond(namespace: "default", service: "php-apache") == 0)
    #expect(replicas() == scaled)
    cluster.advance(by: 300)
    #expect(replicas() == 1)
  }
}
