import KubeModel

/// Calls a `ClusterClient`'s typed methods for a resource known only at run time.
struct ClientAdapter: Sendable {
  let client: any ClusterClient

  func type(of resource: ResourceType) throws(Status) -> any KubeObject.Type {
    guard let type = KubeObjectTypes.type(for: resource) else {
      throw Status.notFound(resource, name: "")
    }
    return type
  }

  func list(_ resource: ResourceType, namespace: String?, options: ListOptions) async throws
    -> (objects: [any KubeObject], metadata: ListMeta)
  {
    func typed<T: KubeObject>(_ type: T.Type) async throws -> ([any KubeObject], ListMeta) {
      let list = try await client.list(T.self, namespace: namespace, options: options)
      return (list.items, list.metadata)
    }
    if resource == .horizontalpodautoscalersV1 {
      let list = try await client.list(HorizontalPodAutoscaler.self, namespace: namespace, options: options)
      return (list.items.map(HorizontalPodAutoscalerV1.init), list.metadata)
    }
    let objectType = try type(of: resource)
    let (objects, metadata) = try await typed(objectType)
    return (objects, metadata)
  }

  /// A list document (`PodList`, …) of `resource`, encoded from the typed objects without
  /// erasing them, and streamed when large.
  func listResponse(_ resource: ResourceType, namespace: String?, options: ListOptions) async throws -> HTTPResponse {
    func typed<T: KubeObject>(_ type: T.Type) async throws -> HTTPResponse {
      let list = try await client.list(T.self, namespace: namespace, options: options)
      let encoding = ListEncoding(
        kind: resource.kind + "List", apiVersion: resource.apiVersion, items: list.items, metadata: list.metadata)
      return encoding.response()
    }
    if resource == .horizontalpodautoscalersV1 {
      let list = try await client.list(HorizontalPodAutoscaler.self, namespace: namespace, options: options)
      let encoding = ListEncoding(
        kind: resource.kind + "List", apiVersion: resource.apiVersion, items: list.items.map(HorizontalPodAutoscalerV1.init),
        metadata: list.metadata)
      return encoding.response()
    }
    let objectType = try type(of: resource)
    return try await typed(objectType)
  }

  func get(_ resource: ResourceType, namespace: String?, name: String) async throws -> any KubeObject {
    func typed<T: KubeObject>(_ type: T.Type) async throws -> any KubeObject {
      try await client.get(T.self, namespace: namespace, name: name)
    }
    if resource == .horizontalpodautoscalersV1 {
      return HorizontalPodAutoscalerV1(try await client.get(HorizontalPodAutoscaler.self, namespace: namespace, name: name))
    }
    let objectType = try type(of: resource)
    return try await typed(objectType)
  }

  /// `get` from a client that answers without suspending; nil when it is busy.
  func readIfAvailable(
    _ reader: any ImmediateReads, _ resource: ResourceType, namespace: String?, name: String
  ) throws(Status) -> (object: any KubeObject, now: Time)? {
    func typed<T: KubeObject>(_ type: T.Type) throws(Status) -> (object: any KubeObject, now: Time)? {
      try reader.readIfAvailable(T.self, namespace: namespace, name: name).map { ($0.object, $0.now) }
    }
    if resource == .horizontalpodautoscalersV1 {
      return try reader.readIfAvailable(HorizontalPodAutoscaler.self, namespace: namespace, name: name).map {
        (HorizontalPodAutoscalerV1($0.object), $0.now)
      }
    }
    let objectType = try type(of: resource)
    return try typed(objectType)
  }

  func create(_ object: any KubeObject, dryRun: Bool) async throws -> any KubeObject {
    func typed<T: KubeObject>(_ object: T) async throws -> any KubeObject {
      try await client.create(object, dryRun: dryRun)
    }
    if let older = object as? HorizontalPodAutoscalerV1 {
      return HorizontalPodAutoscalerV1(try await client.create(older.v2, dryRun: dryRun))
    }
    return try await typed(object)
  }

  func update(_ object: any KubeObject, dryRun: Bool) async throws -> any KubeObject {
    func typed<T: KubeObject>(_ object: T) async throws -> any KubeObject {
      try await client.update(object, dryRun: dryRun)
    }
    if let older = object as? HorizontalPodAutoscalerV1 {
      return HorizontalPodAutoscalerV1(try await client.update(AutoscalingV1.updated(older, from: try await stored(older)), dryRun: dryRun))
    }
    return try await typed(object)
  }

  func patch(_ resource: ResourceType, namespace: String?, name: String, patch: Patch, dryRun: Bool) async throws -> any KubeObject {
    func typed<T: KubeObject>(_ type: T.Type) async throws -> any KubeObject {
      try await client.patch(T.self, namespace: namespace, name: name, patch: patch, dryRun: dryRun)
    }
    if resource == .horizontalpodautoscalersV1 {
      // Applied to the v1 form, then stored as an update of the v2 one.
      let current = try await client.get(HorizontalPodAutoscaler.self, namespace: namespace, name: name)
      let patched = try AutoscalingV1.patched(HorizontalPodAutoscalerV1(current), with: patch)
      return HorizontalPodAutoscalerV1(try await client.update(AutoscalingV1.updated(patched, from: current), dryRun: dryRun))
    }
    let objectType = try type(of: resource)
    return try await typed(objectType)
  }

  func delete(_ resource: ResourceType, namespace: String?, name: String, options: DeleteOptions) async throws {
    func typed<T: KubeObject>(_ type: T.Type) async throws {
      try await client.delete(T.self, namespace: namespace, name: name, options: options)
    }
    if resource == .horizontalpodautoscalersV1 {
      return try await typed(HorizontalPodAutoscaler.self)
    }
    let objectType = try type(of: resource)
    try await typed(objectType)
  }

  /// The stored (v2) form of an autoscaler a v1 write names.
  private func stored(_ older: HorizontalPodAutoscalerV1) async throws -> HorizontalPodAutoscaler {
    try await client.get(HorizontalPodAutoscaler.self, namespace: older.metadata.namespace, name: older.name)
  }
}
