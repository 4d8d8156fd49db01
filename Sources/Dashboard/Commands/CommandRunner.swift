import Foundation
import KubeModel

/// Carries out kubectl verbs against a `ClusterClient`, checking everything that can be
/// checked before the first write so that a failing command changes nothing.
public enum CommandRunner {
  /// Runs a command (not a view switch) and returns kubectl's output lines.
  ///
  /// - Parameters:
  ///   - defaultNamespace: the namespace when the command names none.
  ///   - now: the cluster time, for `rollout restart`.
  public static func run(
    _ command: Command, client: any ClusterClient, defaultNamespace: String, now: Time
  ) async throws -> [String] {
    func ns(_ namespace: String?) -> String { namespace ?? defaultNamespace }
    switch command {
    case .view, .quit, .theme:
      return []
    case .cordon(let node), .uncordon(let node):
      let cordon = { if case .cordon = command { return true } else { return false } }()
      let current = try await client.get(Node.self, namespace: nil, name: node)
      if (current.spec?.unschedulable ?? false) == cordon {
        return [cordonLine(node, cordon: cordon, already: true)]
      }
      _ = try await client.setUnschedulable(node: node, cordon)
      return [cordonLine(node, cordon: cordon, already: false)]
    case .drain(let node, let options):
      _ = try await client.get(Node.self, namespace: nil, name: node)
      return try await client.drain(node: node, options: options).lines
    case .label(let request):
      return try await label(request, client: client, namespace: ns(request.namespace))
    case .scale(let resource, let name, let namespace, let replicas):
      _ = try await client.scale(resource, namespace: ns(namespace), name: name, replicas: replicas)
      return ["\(resource.singularQualified)/\(name) scaled"]
    case .run(let name, let namespace, let image, let labels, let port):
      let pod = ObjectBuilder.pod(name: name, namespace: ns(namespace), image: image, labels: labels, port: port)
      _ = try await client.create(pod, dryRun: true)
      _ = try await client.create(pod, dryRun: false)
      return ["pod/\(name) created"]
    case .createDeployment(let name, let namespace, let images, let replicas, let port):
      let deployment = ObjectBuilder.deployment(
        name: name, namespace: ns(namespace), images: images, replicas: replicas, port: port)
      _ = try await client.create(deployment, dryRun: true)
      _ = try await client.create(deployment, dryRun: false)
      return ["deployment.apps/\(name) created"]
    case .expose(let request):
      return try await expose(request, client: client, namespace: ns(request.namespace))
    case .apply(let file):
      return try await apply(file: file, client: client, defaultNamespace: defaultNamespace)
    case .delete(let resource, let names, let namespace):
      guard let type = KubeObjectTypes.type(for: resource) else {
        throw CommandError("error: the server doesn't have a resource type \"\(resource.plural)\"")
      }
      let namespace = resource.namespaced ? ns(namespace) : nil
      for name in names { try await exists(type, client: client, namespace: namespace, name: name) }
      var lines: [String] = []
      for name in names {
        try await remove(type, client: client, namespace: namespace, name: name)
        lines.append("\(resource.singularQualified) \"\(name)\" deleted")
      }
      return lines
    case .rolloutRestart(let name, let namespace):
      _ = try await client.patch(
        Deployment.self, namespace: ns(namespace), name: name, patch: ObjectBuilder.restartPatch(at: now.description))
      return ["deployment.apps/\(name) restarted"]
    case .rolloutUndo(let name, let namespace, let revision):
      return try await undo(name: name, namespace: ns(namespace), toRevision: revision, client: client)
    case .rollout, .setImage, .autoscale, .load, .etcd, .createJobFromCronJob:
      return try await runStudyGuide(command, client: client, defaultNamespace: defaultNamespace)
    }
  }

  private static func label(_ request: LabelRequest, client: any ClusterClient, namespace: String) async throws -> [String] {
    guard let type = KubeObjectTypes.type(for: request.resource) else {
      throw CommandError("error: the server doesn't have a resource type \"\(request.resource.plural)\"")
    }
    let scoped = request.resource.namespaced ? namespace : nil
    let current = try await labels(of: type, client: client, namespace: scoped, name: request.name)
    var changes: [String: String?] = [:]
    for (key, value) in request.changes {
      if let value, let old = current[key], old != value, !request.overwrite {
        throw CommandError("error: '\(key)' already has a value (\(old)), and --overwrite is false")
      }
      if value == nil && current[key] == nil {
        continue
      }
      if let value, current[key] == value { continue }
      changes[key] = value
    }
    let id = "\(request.resource.singularQualified)/\(request.name)"
    guard !changes.isEmpty else { return ["\(id) not labeled"] }
    try await patch(type, client: client, namespace: scoped, name: request.name, patch: ObjectBuilder.labelPatch(changes))
    return ["\(id) labeled"]
  }

  private static func expose(_ request: ExposeRequest, client: any ClusterClient, namespace: String) async throws -> [String] {
    var selector: [String: String] = [:]
    var ports: [Int32] = []
    switch request.resource {
    case .deployments:
      let deployment = try await client.get(Deployment.self, namespace: namespace, name: request.name)
      selector = deployment.spec?.selector?.matchLabels ?? [:]
      ports = (deployment.spec?.template?.spec?.containers ?? []).flatMap { $0.ports ?? [] }.compactMap(\.containerPort)
    case .replicasets:
      let set = try await client.get(ReplicaSet.self, namespace: namespace, name: request.name)
      selector = set.spec?.selector?.matchLabels ?? [:]
      ports = (set.spec?.template?.spec?.containers ?? []).flatMap { $0.ports ?? [] }.compactMap(\.containerPort)
    case .pods:
      let pod = try await client.get(Pod.self, namespace: namespace, name: request.name)
      selector = pod.labels
      ports = (pod.spec?.containers ?? []).flatMap { $0.ports ?? [] }.compactMap(\.containerPort)
    default:
      let service = try await client.get(Service.self, namespace: namespace, name: request.name)
      selector = service.spec?.selector ?? [:]
      ports = (service.spec?.ports ?? []).compactMap(\.port)
    }
    guard !selector.isEmpty else {
      throw CommandError("error: couldn't retrieve selectors via --selector flag or introspection")
    }
    guard let port = request.port ?? ports.first else {
      throw CommandError("error: couldn't find port via --port flag or introspection")
    }
    let name = request.serviceName ?? request.name
    let service = ObjectBuilder.service(
      name: name, namespace: namespace, selector: selector, port: port, targetPort: request.targetPort, type: request.type)
    _ = try await client.create(service, dryRun: true)
    _ = try await client.create(service, dryRun: false)
    return ["service/\(name) exposed"]
  }

  private static func apply(file: String, client: any ClusterClient, defaultNamespace: String) async throws -> [String] {
    let text: String
    do {
      text = try String(contentsOfFile: file, encoding: .utf8)
    } catch {
      throw CommandError("error: the path \"\(file)\" does not exist")
    }
    let documents: [ManifestDocument]
    do {
      documents = try Manifest.decode(text, file: file)
    } catch {
      throw CommandError("error: \(error)")
    }
    guard !documents.isEmpty else { throw CommandError("error: no objects passed to apply") }
    var plans: [(document: ManifestDocument, exists: Bool)] = []
    for document in documents {
      let exists = try await check(document.object, client: client, defaultNamespace: defaultNamespace)
      plans.append((document, exists))
    }
    var lines: [String] = []
    for plan in plans {
      let configured = try await store(plan.document.object, exists: plan.exists, client: client, defaultNamespace: defaultNamespace)
      let id = "\(plan.document.resource.singularQualified)/\(plan.document.object.name)"
      lines.append("\(id) \(configured ? "configured" : (plan.exists ? "unchanged" : "created"))")
    }
    return lines
  }

  /// Whether the object exists; validates a new object with a dry run.
  private static func check<T: KubeObject>(_ object: T, client: any ClusterClient, defaultNamespace: String) async throws -> Bool {
    var object = object
    if T.resource.namespaced && object.metadata.namespace == nil { object.metadata.namespace = defaultNamespace }
    do {
      _ = try await client.get(T.self, namespace: object.metadata.namespace, name: object.name)
      return true
    } catch let status as Status where status.reason == .notFound {
      _ = try await client.create(object, dryRun: true)
      return false
    }
  }

  /// Creates or replaces the object; returns true when an existing object changed.
  private static func store<T: KubeObject>(
    _ object: T, exists: Bool, client: any ClusterClient, defaultNamespace: String
  ) async throws -> Bool {
    var object = object
    if T.resource.namespaced && object.metadata.namespace == nil { object.metadata.namespace = defaultNamespace }
    guard exists else {
      _ = try await client.create(object, dryRun: false)
      return false
    }
    let current = try await client.get(T.self, namespace: object.metadata.namespace, name: object.name)
    object.metadata.resourceVersion = current.metadata.resourceVersion
    object.metadata.uid = current.metadata.uid
    object.metadata.creationTimestamp = current.metadata.creationTimestamp
    let updated = try await client.update(object)
    return updated.metadata.resourceVersion != current.metadata.resourceVersion
  }

  private static func undo(name: String, namespace: String, toRevision: Int?, client: any ClusterClient) async throws -> [String] {
    let deployment = try await client.get(Deployment.self, namespace: namespace, name: name)
    let sets = try await client.list(ReplicaSet.self, namespace: namespace, options: ListOptions()).items
      .filter { $0.metadata.controllerRef?.uid == deployment.metadata.uid }
    let key = "deployment.kubernetes.io/revision"
    let revisions = sets.compactMap { set in set.metadata.annotations?[key].flatMap(Int.init).map { ($0, set) } }
      .sorted { $0.0 > $1.0 }
    let target: ReplicaSet?
    if let toRevision {
      target = revisions.first { $0.0 == toRevision }?.1
      guard target != nil else { throw CommandError("error: unable to find specified revision \(toRevision) in history") }
    } else {
      target = revisions.dropFirst().first?.1
    }
    guard let target, var template = target.spec?.template else {
      throw CommandError("error: no rollout history found for deployment \"\(name)\"")
    }
    template.metadata?.labels?["pod-template-hash"] = nil
    var updated = deployment
    updated.spec?.template = template
    _ = try await client.update(updated)
    return ["deployment.apps/\(name) rolled back"]
  }

  private static func exists<T: KubeObject>(_ type: T.Type, client: any ClusterClient, namespace: String?, name: String) async throws {
    _ = try await client.get(type, namespace: namespace, name: name)
  }

  private static func remove<T: KubeObject>(_ type: T.Type, client: any ClusterClient, namespace: String?, name: String) async throws {
    try await client.delete(type, namespace: namespace, name: name, options: DeleteOptions())
  }

  private static func labels<T: KubeObject>(
    of type: T.Type, client: any ClusterClient, namespace: String?, name: String
  ) async throws -> [String: String] {
    try await client.get(type, namespace: namespace, name: name).labels
  }

  private static func patch<T: KubeObject>(
    _ type: T.Type, client: any ClusterClient, namespace: String?, name: String, patch: Patch
  ) async throws {
    _ = try await client.patch(type, namespace: namespace, name: name, patch: patch)
  }
}

extension ResourceType {
  /// `deployment.apps`, `pod`: how kubectl names one object of this type in its output.
  public var singularQualified: String { group.isEmpty ? singular : "\(singular).\(group)" }
}
