import KubeModel

@testable import ClusterEngine

/// The study guide's steps on the demo cluster, as a student types them.
enum StudyGuideDemo {
  /// `kubectl expose deployment webserver --port 80`.
  static func exposeWebserver(_ cluster: Cluster) throws {
    var service = Service()
    service.metadata = ObjectMeta(name: "webserver", namespace: "default", labels: ["app": "webserver"])
    var spec = ServiceSpec()
    spec.selector = ["app": "webserver"]
    spec.ports = [ServicePort(port: 80, targetPort: .int(80))]
    service.spec = spec
    try cluster.api.create(service)
  }

  /// `kubectl autoscale deployment webserver --min=2 --max=10 [--cpu-percent=P]`.
  static func autoscaleWebserver(_ cluster: Cluster, cpuPercent: Int32?) throws {
    var hpa = HorizontalPodAutoscaler()
    hpa.metadata = ObjectMeta(name: "webserver", namespace: "default")
    var spec = HorizontalPodAutoscalerSpec()
    spec.scaleTargetRef = CrossVersionObjectReference(kind: "Deployment", name: "webserver", apiVersion: "apps/v1")
    spec.minReplicas = 2
    spec.maxReplicas = 10
    if let cpuPercent { spec.metrics = [.cpuUtilization(cpuPercent)] }
    hpa.spec = spec
    try cluster.api.create(hpa)
  }
}
