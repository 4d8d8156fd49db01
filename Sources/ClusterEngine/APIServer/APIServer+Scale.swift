import KubeModel

/// The `scale` subresource (`autoscaling/v1 Scale`) of Deployments, ReplicaSets and
/// StatefulSets.
extension APIServer {
  /// The Scale of a workload: desired and current replicas and its selector as a string.
  public func scale(_ resource: ResourceType, namespace: String, name: String) throws(Status) -> Scale {
    switch resource {
    case .deployments:
      let object = try get(Deployment.self, namespace: namespace, name: name)
      return Self.scale(object, replicas: object.spec?.replicas, current: object.status?.replicas, object.spec?.selector)
    case .replicasets:
      let object = try get(ReplicaSet.self, namespace: namespace, name: name)
      return Self.scale(object, replicas: object.spec?.replicas, current: object.status?.replicas, object.spec?.selector)
    case .statefulsets:
      let object = try get(StatefulSet.self, namespace: namespace, name: name)
      return Self.scale(object, replicas: object.spec?.replicas, current: object.status?.replicas, object.spec?.selector)
    default:
      throw Status(message: "the server could not find the requested resource", reason: .notFound, code: 404)
    }
  }

  /// Sets a workload's desired replicas through its Scale. A set `resourceVersion` that is
  /// not the workload's is a Conflict.
  @discardableResult
  public func setScale(
    _ resource: ResourceType, namespace: String, name: String, replicas: Int32, resourceVersion: String? = nil,
    dryRun: Bool = false
  ) throws(Status) -> Scale {
    guard replicas >= 0 else {
      throw Status.invalid(
        .scales, name: name,
        errors: [
          ValidationError(
            .invalid, field: FieldPath("spec", "replicas"), badValue: .integer(Int64(replicas)),
            detail: "must be greater than or equal to 0")
        ])
    }
    switch resource {
    case .deployments:
      let written = try setReplicas(Deployment.self, namespace, name, resourceVersion, dryRun) { $0.spec?.replicas = replicas }
      return Self.scale(written, replicas: written.spec?.replicas, current: written.status?.replicas, written.spec?.selector)
    case .replicasets:
      let written = try setReplicas(ReplicaSet.self, namespace, name, resourceVersion, dryRun) { $0.spec?.replicas = replicas }
      return Self.scale(written, replicas: written.spec?.replicas, current: written.status?.replicas, written.spec?.selector)
    case .statefulsets:
      let written = try setReplicas(StatefulSet.self, namespace, name, resourceVersion, dryRun) { $0.spec?.replicas = replicas }
      return Self.scale(written, replicas: written.spec?.replicas, current: written.status?.replicas, written.spec?.selector)
    default:
      throw Status(message: "the server could not find the requested resource", reason: .notFound, code: 404)
    }
  }

  private func setReplicas<T: KubeObject>(
    _ type: T.Type, _ namespace: String, _ name: String, _ resourceVersion: String?, _ dryRun: Bool, _ change: (inout T) -> Void
  ) throws(Status) -> T {
    var object = try get(T.self, namespace: namespace, name: name)
    if let resourceVersion, !resourceVersion.isEmpty, resourceVersion != object.metadata.resourceVersion {
      throw Status.conflict(T.resource, name: name)
    }
    change(&object)
    return try update(object, dryRun: dryRun)
  }

  private static func scale<T: KubeObject>(_ object: T, replicas: Int32?, current: Int32?, _ selector: LabelSelector?) -> Scale {
    var scale = Scale()
    scale.metadata.name = object.metadata.name
    scale.metadata.namespace = object.metadata.namespace
    scale.metadata.uid = object.metadata.uid
    scale.metadata.resourceVersion = object.metadata.resourceVersion
    scale.metadata.creationTimestamp = object.metadata.creationTimestamp
    scale.spec = ScaleSpec(replicas: replicas ?? 0)
    let selectorText = selector.flatMap { try? Selector($0) }?.description
    scale.status = ScaleStatus(replicas: current ?? 0, selector: selectorText)
    return scale
  }
}
