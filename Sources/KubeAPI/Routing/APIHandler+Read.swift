import KubeModel

extension APIHandler {
  func list(_ resource: ResourceType, namespace: String?, _ request: HTTPRequest) async throws -> HTTPResponse {
    guard TableEncoding.wantsTable(request.header("Accept")) else {
      // A `PodList`-style document, encoded straight from the typed objects.
      return try await adapter.listResponse(resource, namespace: namespace, options: listOptions(request))
    }
    let (objects, metadata) = try await adapter.list(resource, namespace: namespace, options: listOptions(request))
    return .json(
      TableEncoding.table(
        resource: resource, objects: objects, now: clock(), resourceVersion: metadata.resourceVersion,
        continueToken: metadata.continue, include: includeObject(request)))
  }

  /// A `PodList`-style document of type-erased objects (what a collection delete answers).
  func listJSON(_ resource: ResourceType, objects: [any KubeObject], metadata: ListMeta) -> JSONValue {
    var items: [JSONValue] = []
    items.reserveCapacity(objects.count)
    for object in objects { items.append((try? ValueEncoder.encode(object)) ?? .null) }
    return [
      "kind": .string(resource.kind + "List"), "apiVersion": .string(resource.apiVersion),
      "metadata": (try? ValueEncoder.encode(metadata)) ?? .emptyObject, "items": .array(items),
    ]
  }

  func get(_ resource: ResourceType, namespace: String?, name: String, _ request: HTTPRequest) async throws -> HTTPResponse {
    objectResponse(try await adapter.get(resource, namespace: namespace, name: name), resource, request)
  }

  /// One object as the request asks for it: a Table for `kubectl get` (ages counted to
  /// `now`, the cluster's time when not given), else the object.
  func objectResponse(_ object: any KubeObject, _ resource: ResourceType, _ request: HTTPRequest, now: Time? = nil)
    -> HTTPResponse
  {
    if TableEncoding.wantsTable(request.header("Accept")) {
      return .json(
        TableEncoding.table(
          resource: resource, objects: [object], now: now ?? clock(), resourceVersion: object.metadata.resourceVersion,
          include: includeObject(request)))
    }
    return .object(object)
  }

  /// The autoscaling/v1 Scale of a scalable object.
  func scale(of object: any KubeObject) -> Scale {
    var scale = Scale()
    scale.metadata = ObjectMeta(name: object.metadata.name, namespace: object.metadata.namespace)
    scale.metadata.uid = object.metadata.uid
    scale.metadata.resourceVersion = object.metadata.resourceVersion
    scale.metadata.creationTimestamp = object.metadata.creationTimestamp
    var desired: Int32?
    var current: Int32?
    var selector: LabelSelector?
    switch object {
    case let deployment as Deployment:
      (desired, current, selector) = (deployment.spec?.replicas, deployment.status?.replicas, deployment.spec?.selector)
    case let replicaSet as ReplicaSet:
      (desired, current, selector) = (replicaSet.spec?.replicas, replicaSet.status?.replicas, replicaSet.spec?.selector)
    case let statefulSet as StatefulSet:
      (desired, current, selector) = (statefulSet.spec?.replicas, statefulSet.status?.replicas, statefulSet.spec?.selector)
    default:
      break
    }
    scale.spec = ScaleSpec(replicas: desired ?? 0)
    let selectorText = selector.flatMap { try? Selector($0) }.map(\.description) ?? ""
    scale.status = ScaleStatus(replicas: current ?? 0, selector: selectorText)
    return scale
  }

  func logs(namespace: String, pod: String, _ request: HTTPRequest) async throws -> HTTPResponse {
    let options = LogOptions(
      container: request.parameter("container"), previous: request.flag("previous"),
      tailLines: request.parameter("tailLines").flatMap(Int.init),
      sinceSeconds: request.parameter("sinceSeconds").flatMap(Int.init), timestamps: request.flag("timestamps"))
    if request.flag("follow") {
      let source = client.followLogs(namespace: namespace, pod: pod, options: options)
      // Surface errors (a pod that does not exist) before committing to a stream.
      _ = try await client.logs(namespace: namespace, pod: pod, options: LogOptions(container: options.container, tailLines: 0))
      let chunks = AsyncStream<[UInt8]> { continuation in
        let task = Task {
          do {
            for try await line in source { continuation.yield(Array((line + "\n").utf8)) }
          } catch {}
          continuation.finish()
        }
        continuation.onTermination = { _ in task.cancel() }
      }
      return .stream(status: 200, headers: [("Content-Type", "text/plain")], chunks: chunks)
    }
    let lines = try await client.logs(namespace: namespace, pod: pod, options: options)
    return .text(lines.map { $0 + "\n" }.joined())
  }

  func metrics(_ address: ResourcePath, _ request: HTTPRequest) async throws -> HTTPResponse {
    switch address.resource {
    case "nodes":
      var items = try await client.nodeMetrics()
      if let name = address.name {
        guard let item = items.first(where: { $0.name == name }) else { throw Status.notFound(.nodemetrics, name: name) }
        return .object(item)
      }
      if let selector = request.parameter("labelSelector"), !selector.isEmpty, let parsed = try? Selector(parsing: selector) {
        items = items.filter { parsed.matches($0.metadata.labels) }
      }
      return .json([
        "kind": "NodeMetricsList", "apiVersion": "metrics.k8s.io/v1beta1", "metadata": .emptyObject,
        "items": .array(items.map { (try? ValueEncoder.encode($0)) ?? .null }),
      ])
    case "pods":
      var items = try await client.podMetrics(namespace: address.namespace)
      if let name = address.name {
        guard let item = items.first(where: { $0.name == name }) else { throw Status.notFound(.podmetrics, name: name) }
        return .object(item)
      }
      if let selector = request.parameter("labelSelector"), !selector.isEmpty, let parsed = try? Selector(parsing: selector) {
        items = items.filter { parsed.matches($0.metadata.labels) }
      }
      return .json([
        "kind": "PodMetricsList", "apiVersion": "metrics.k8s.io/v1beta1", "metadata": .emptyObject,
        "items": .array(items.map { (try? ValueEncoder.encode($0)) ?? .null }),
      ])
    default:
      return .status(notFoundPath(address.resource ?? ""))
    }
  }
}
