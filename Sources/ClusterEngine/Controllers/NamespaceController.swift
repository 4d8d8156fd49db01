import KubeModel

/// kube-controller-manager's namespace controller: empties a terminating namespace of
/// every namespaced object, waits until the last one is gone (pods terminate gracefully),
/// then removes the `kubernetes` finalizer so the namespace itself goes.
///
/// After one sweep it counts what remains from watch events instead of listing again.
public final class NamespaceController: ClusterComponent {
  static let finalizer = "kubernetes"

  unowned var cluster: Cluster?
  var queue: Set<String> = []
  /// Objects left in each swept namespace.
  var remaining: [String: Int] = [:]
  /// The store revision each namespace was swept at; earlier events are already counted.
  var sweptAt: [String: Int64] = [:]
  /// Objects created in a swept namespace since (events keep arriving), to delete too.
  var latecomers: [String: [(ResourceType, ObjectKey)]] = [:]

  public init() {}

  public func attach(to cluster: Cluster) {
    self.cluster = cluster
    for namespace in cluster.store.all(Namespace.self) where namespace.metadata.deletionTimestamp != nil {
      queue.insert(namespace.name)
    }
  }

  public var hasPendingWork: Bool { !queue.isEmpty }

  public func observe(_ event: StoreEvent) {
    if let namespace = event.object(as: Namespace.self) {
      if event.type == .deleted {
        remaining[namespace.name] = nil
        sweptAt[namespace.name] = nil
        latecomers[namespace.name] = nil
      } else if namespace.metadata.deletionTimestamp != nil {
        queue.insert(namespace.name)
      }
      return
    }
    // Reading the namespace copies the object's metadata: only when a sweep waits on one.
    guard !sweptAt.isEmpty else { return }
    let namespace = event.object.namespace
    guard let swept = sweptAt[namespace], event.revision > swept else { return }
    switch event.type {
    case .added:
      remaining[namespace, default: 0] += 1
      latecomers[namespace, default: []].append((event.resource, ObjectKey(namespace: namespace, name: event.object.name)))
      queue.insert(namespace)
    case .deleted:
      remaining[namespace, default: 0] -= 1
      if remaining[namespace, default: 0] <= 0 { queue.insert(namespace) }
    default:
      break
    }
  }

  public func reconcile() {
    let names = queue.sorted()
    queue.removeAll()
    for name in names { sync(name) }
  }

  private func sync(_ name: String) {
    guard let cluster, let namespace = cluster.store.get(Namespace.self, name: name),
      namespace.metadata.deletionTimestamp != nil
    else { return }
    if namespace.status?.phase != "Terminating" {
      _ = try? cluster.api.modify(Namespace.self, name: name, status: true) { $0.status?.phase = "Terminating" }
    }
    if sweptAt[name] == nil {
      sweptAt[name] = cluster.store.revision
      var count = 0
      for resource in ResourceType.served where resource.namespaced {
        guard let type = KubeObjectTypes.type(for: resource) else { continue }
        count += sweep(type, namespace: name)
      }
      remaining[name] = count
    } else {
      for (resource, key) in latecomers.removeValue(forKey: name) ?? [] {
        guard let type = KubeObjectTypes.type(for: resource) else { continue }
        delete(type, key)
      }
    }
    guard remaining[name, default: 0] <= 0 else { return }
    _ = try? cluster.api.modify(Namespace.self, name: name) { object in
      // An empty list, not nil: nil would be defaulted back to ["kubernetes"].
      let finalizers = (object.spec?.finalizers ?? []).filter { $0 != Self.finalizer }
      object.spec?.finalizers = finalizers
    }
  }

  /// Deletes every object of `T` in the namespace; returns how many there were.
  private func sweep<T: KubeObject>(_ type: T.Type, namespace: String) -> Int {
    guard let cluster else { return 0 }
    let objects = cluster.store.list(T.self, namespace: namespace)
    for object in objects where object.metadata.deletionTimestamp == nil { delete(T.self, object.key) }
    return objects.count
  }

  private func delete<T: KubeObject>(_ type: T.Type, _ key: ObjectKey) {
    _ = try? cluster?.api.delete(
      T.self, namespace: key.namespace, name: key.name, options: DeleteOptions(propagationPolicy: "Background"))
  }
}
