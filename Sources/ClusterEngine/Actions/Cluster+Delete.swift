import KubeModel

/// `kubectl delete` and `kubectl set image`.
extension Cluster {
  /// Deletes an object as `kubectl delete` does (pods terminate gracefully) and returns
  /// kubectl's line: `pod "nginx" deleted`, `deployment.apps "web" deleted`.
  @discardableResult
  public func delete(
    _ resource: ResourceType, namespace: String? = nil, name: String, options: DeleteOptions = DeleteOptions()
  ) throws(ActionError) -> String {
    guard let type = KubeObjectTypes.type(for: resource) else {
      throw .refused("the server doesn't have a resource type \"\(resource.plural)\"")
    }
    return try deleteObject(type, namespace: namespace, name: name, options: options)
  }

  private func deleteObject<T: KubeObject>(
    _ type: T.Type, namespace: String?, name: String, options: DeleteOptions
  ) throws(ActionError) -> String {
    do {
      try api.delete(T.self, namespace: EmbeddedCluster.namespace(T.self, namespace), name: name, options: options)
    } catch {
      throw .server(error)
    }
    return "\(T.resource.singularGroupName) \"\(name)\" deleted"
  }

  /// Sets container images as `kubectl set image` does: `images` maps container names (or
  /// `*` for every container) to images, in the pod or the pod template of a workload.
  /// Returns `deployment.apps/web image updated`, or nothing when no image changed.
  @discardableResult
  public func setImage(
    _ resource: ResourceType, namespace: String? = nil, name: String, images: [String: String]
  ) throws(ActionError) -> [String] {
    guard let type = KubeObjectTypes.type(for: resource) else {
      throw .refused("the server doesn't have a resource type \"\(resource.plural)\"")
    }
    return try setImages(type, namespace: namespace, name: name, images: images)
  }

  private func setImages<T: KubeObject>(
    _ type: T.Type, namespace: String?, name: String, images: [String: String]
  ) throws(ActionError) -> [String] {
    let namespace = EmbeddedCluster.namespace(T.self, namespace)
    var object: T
    do { object = try api.get(T.self, namespace: namespace, name: name) } catch { throw .server(error) }
    let original = object
    var unmatched = Set(images.keys.filter { $0 != "*" })
    let hasTemplate = PodTemplateAccess.edit(&object) { spec in
      for list in [\PodSpec.initContainers, \PodSpec.containers] {
        guard var containers = spec[keyPath: list] else { continue }
        for index in containers.indices {
          let containerName = containers[index].name ?? ""
          guard let image = images[containerName] ?? images["*"] else { continue }
          containers[index].image = image
          unmatched.remove(containerName)
        }
        spec[keyPath: list] = containers
      }
    }
    guard hasTemplate else { throw .refused("\(T.resource.kubectlName(name)) has no pod template") }
    if let missing = unmatched.sorted().first { throw .refused("unable to find container named \"\(missing)\"") }
    guard object != original else { return [] }
    do { try api.update(object) } catch { throw .server(error) }
    return ["\(T.resource.kubectlName(name)) image updated"]
  }
}

extension ResourceType {
  /// The name kubectl's delete output gives the kind: `pod`, `deployment.apps`.
  var singularGroupName: String { group.isEmpty ? singular : "\(singular).\(group)" }
}

/// Reaches the pod spec of a pod, or the pod template of a workload.
enum PodTemplateAccess {
  /// Runs `change` on the object's pod spec; false when the kind has none.
  static func edit<T: KubeObject>(_ object: inout T, _ change: (inout PodSpec) -> Void) -> Bool {
    func edit(_ template: inout PodTemplateSpec?) {
      var value = template ?? PodTemplateSpec()
      var spec = value.spec ?? PodSpec()
      change(&spec)
      value.spec = spec
      template = value
    }
    /// The object with the template at `spec.template` edited.
    func templated<O, S>(_ object: O, _ specPath: WritableKeyPath<O, S?>, _ empty: S, _ path: WritableKeyPath<S, PodTemplateSpec?>) -> O {
      var object = object
      var spec = object[keyPath: specPath] ?? empty
      edit(&spec[keyPath: path])
      object[keyPath: specPath] = spec
      return object
    }
    let edited: any KubeObject
    switch object {
    case var pod as Pod:
      var spec = pod.spec ?? PodSpec()
      change(&spec)
      pod.spec = spec
      edited = pod
    case let deployment as Deployment: edited = templated(deployment, \.spec, DeploymentSpec(), \.template)
    case let set as ReplicaSet: edited = templated(set, \.spec, ReplicaSetSpec(), \.template)
    case let set as DaemonSet: edited = templated(set, \.spec, DaemonSetSpec(), \.template)
    case let set as StatefulSet: edited = templated(set, \.spec, StatefulSetSpec(), \.template)
    case let job as Job: edited = templated(job, \.spec, JobSpec(), \.template)
    case var cronJob as CronJob:
      var spec = cronJob.spec ?? CronJobSpec()
      var jobTemplate = spec.jobTemplate ?? JobTemplateSpec()
      var jobSpec = jobTemplate.spec ?? JobSpec()
      edit(&jobSpec.template)
      jobTemplate.spec = jobSpec
      spec.jobTemplate = jobTemplate
      cronJob.spec = spec
      edited = cronJob
    default:
      return false
    }
    guard let result = edited as? T else { return false }
    object = result
    return true
  }
}
