import KubeModel

/// The scale subresource of a workload (`autoscaling/v1 Scale`): its replicas and pod
/// selector, for Deployments, ReplicaSets and StatefulSets.
struct ScaleTarget {
  var kind: String
  var namespace: String
  var name: String
  var replicas: Int32
  var selector: Selector

  /// The resource name a kind's errors use (`deployments.apps`).
  static func resourceName(_ kind: String?) -> String {
    switch kind {
    case "Deployment": return ResourceType.deployments.groupResource
    case "ReplicaSet": return ResourceType.replicasets.groupResource
    case "StatefulSet": return ResourceType.statefulsets.groupResource
    default: return (kind ?? "").lowercased()
    }
  }

  /// Reads the scale of the workload `reference` names.
  static func read(_ reference: CrossVersionObjectReference, namespace: String, store: ObjectStore) -> ScaleTarget? {
    let name = reference.name ?? ""
    func make(_ replicas: Int32?, _ selector: LabelSelector?) -> ScaleTarget {
      let parsed = selector.flatMap { try? Selector($0) } ?? .nothing
      return ScaleTarget(kind: reference.kind ?? "", namespace: namespace, name: name, replicas: replicas ?? 1, selector: parsed)
    }
    switch reference.kind {
    case "Deployment":
      return store.get(Deployment.self, namespace: namespace, name: name).map { make($0.spec?.replicas, $0.spec?.selector) }
    case "ReplicaSet":
      return store.get(ReplicaSet.self, namespace: namespace, name: name).map { make($0.spec?.replicas, $0.spec?.selector) }
    case "StatefulSet":
      return store.get(StatefulSet.self, namespace: namespace, name: name).map { make($0.spec?.replicas, $0.spec?.selector) }
    default:
      return nil
    }
  }

  /// Sets the workload's `spec.replicas` through the API server.
  func scale(to replicas: Int32, api: APIServer) throws(Status) {
    switch kind {
    case "Deployment":
      try api.modify(Deployment.self, namespace: namespace, name: name) { $0.spec?.replicas = replicas }
    case "ReplicaSet":
      try api.modify(ReplicaSet.self, namespace: namespace, name: name) { $0.spec?.replicas = replicas }
    case "StatefulSet":
      try api.modify(StatefulSet.self, namespace: namespace, name: name) { $0.spec?.replicas = replicas }
    default:
      throw Status.notFound(.scales, name: name)
    }
  }
}
