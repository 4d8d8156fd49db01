import KubeModel

/// kube-controller-manager's service account controller: every namespace that is not
/// terminating has a ServiceAccount named `default`, created with the namespace and again
/// if it is deleted.
public final class ServiceAccountController: ClusterComponent {
  static let defaultName = "default"

  private unowned var cluster: Cluster?
  private var queue: Set<String> = []

  public init() {}

  public func attach(to cluster: Cluster) {
    self.cluster = cluster
    for namespace in cluster.store.all(Namespace.self) { queue.insert(namespace.name) }
  }

  public var observedKinds: [any KubeObject.Type]? { [Namespace.self, ServiceAccount.self] }

  public var hasPendingWork: Bool { !queue.isEmpty }

  public func observe(_ event: StoreEvent) {
    if event.type == .added, let namespace = event.object(as: Namespace.self) {
      queue.insert(namespace.name)
    } else if event.type == .deleted, let account = event.object(as: ServiceAccount.self), account.name == Self.defaultName {
      queue.insert(account.namespace)
    }
  }

  public func reconcile() {
    guard let cluster else { return }
    for name in queue.sorted() {
      guard let namespace = cluster.store.get(Namespace.self, name: name), namespace.metadata.deletionTimestamp == nil,
        cluster.store.get(ServiceAccount.self, namespace: name, name: Self.defaultName) == nil
      else { continue }
      var account = ServiceAccount()
      account.metadata = ObjectMeta(name: Self.defaultName)
      account.metadata.namespace = name
      _ = try? cluster.api.create(account)
    }
    queue.removeAll()
  }
}
