import KubeModel

@testable import ClusterEngine

/// The study guide's steps on the demo cluster, as a student types them.
enum StudyGuideDemo {
  /// `kubectl expose deployment webserver --port 80`.
  static func exposeWebserver(_ cluster: Cluster) throws {
    try expose(cluster, name: "webserver", selector: ["app": "webserver"], targetPort: .int(80))
  }

  /// `kubectl expose deployment NAME --port 80` for a deployment whose pods carry `selector`.
  static func expose(_ cluster: Cluster, name: String, selector: [String: String], targetPort: IntOrString? = nil) throws {
    var service = Service()
    service.metadata = ObjectMeta(name: name, namespace: "default", labels: selector)
    var spec = ServiceSpec()
    spec.selector = selector
    spec.ports = [ServicePort(port: 80, targetPort: targetPort)]
    service.spec = spec
    try cluster.api.create(service)
  }

  /// `kubectl autoscale deployment webserver --min=2 --max=10 [--cpu-percent=P]`.
  static func autoscaleWebserver(_ cluster: Cluster, cpuPercent: Int32?) throws {
    try autoscale(cluster, deployment: "webserver", min: 2, max: 10, cpuPercent: cpuPercent)
  }

  /// `kubectl autoscale deployment NAME --min=MIN --max=MAX [--cpu-percent=P]`.
  static func autoscale(_ cluster: Cluster, deployment: String, min: Int32, max: Int32, cpuPercent: Int32?) throws {
    var hpa = HorizontalPodAutoscaler()
    hpa.metadata = ObjectMeta(name: deployment, namespace: "default")
    var spec = HorizontalPodAutoscalerSpec()
    spec.scaleTargetRef = CrossVersionObjectReference(kind: "Deployment", name: deployment, apiVersion: "apps/v1")
    spec.minReplicas = min
    spec.maxReplicas = max
    if let cpuPercent { spec.metrics = [.cpuUtilization(cpuPercent)] }
    hpa.spec = spec
    try cluster.api.create(hpa)
  }
}
