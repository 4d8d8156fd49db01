import KubeModel

/// Builds the objects kubectl's generators build: `run` pods, `create deployment`
/// deployments, `expose` services, and the patches of `label` and `rollout restart`.
public enum ObjectBuilder {
  /// The container name kubectl derives from an image: the last path part without tag or digest.
  public static func containerName(forImage image: String) -> String {
    var base = image.split(separator: "/").last.map(String.init) ?? image
    if let at = base.firstIndex(of: "@") { base = String(base[..<at]) }
    if let colon = base.firstIndex(of: ":") { base = String(base[..<colon]) }
    return base
  }

  /// `kubectl run NAME --image=IMG`.
  public static func pod(name: String, namespace: String, image: String, labels: [String: String], port: Int32?) -> Pod {
    var container = Container(name: name, image: image)
    if let port { container.ports = [ContainerPort(containerPort: port)] }
    var pod = Pod(metadata: ObjectMeta(name: name, namespace: namespace, labels: labels), spec: PodSpec(containers: [container]))
    pod.spec?.restartPolicy = "Always"
    return pod
  }

  /// `kubectl create deployment NAME --image=IMG [--replicas=N] [--port=P]`.
  public static func deployment(name: String, namespace: String, images: [String], replicas: Int32, port: Int32?) -> Deployment {
    let labels = ["app": name]
    var containers = images.map { Container(name: containerName(forImage: $0), image: $0) }
    if let port, !containers.isEmpty { containers[0].ports = [ContainerPort(containerPort: port)] }
    var deployment = Deployment()
    deployment.metadata = ObjectMeta(name: name, namespace: namespace, labels: labels)
    var spec = DeploymentSpec()
    spec.replicas = replicas
    spec.selector = LabelSelector(matchLabels: labels)
    var template = PodTemplateSpec()
    template.metadata = ObjectMeta(labels: labels)
    template.spec = PodSpec(containers: containers)
    spec.template = template
    deployment.spec = spec
    return deployment
  }

  /// `kubectl expose`: a service selecting `selector`, on `port`, to `targetPort`.
  public static func service(
    name: String, namespace: String, selector: [String: String], port: Int32, targetPort: String?, type: String?
  ) -> Service {
    var service = Service()
    service.metadata = ObjectMeta(name: name, namespace: namespace, labels: selector)
    var spec = ServiceSpec()
    spec.selector = selector
    let target: IntOrString = targetPort.map { text in Int(text).map { .int($0) } ?? .string(text) } ?? .int(Int(port))
    spec.ports = [ServicePort(port: port, targetPort: target)]
    spec.type = type ?? "ClusterIP"
    service.spec = spec
    return service
  }

  /// A merge patch setting (value) or removing (nil) labels.
  public static func labelPatch(_ changes: [String: String?]) -> Patch {
    var labels = JSONValue.emptyObject
    for (key, value) in changes.sorted(by: { $0.key < $1.key }) {
      labels[key] = value.map { JSONValue.string($0) } ?? .null
    }
    return Patch(.merge, .object(["metadata": .object(["labels": labels])]))
  }

  /// The patch of `kubectl rollout restart`: a new `restartedAt` annotation on the template.
  public static func restartPatch(at time: String) -> Patch {
    Patch(
      .strategicMerge,
      .object([
        "spec": .object([
          "template": .object([
            "metadata": .object(["annotations": .object(["kubectl.kubernetes.io/restartedAt": .string(time)])])
          ])
        ])
      ]))
  }
}
