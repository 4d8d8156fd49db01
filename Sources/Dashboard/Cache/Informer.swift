import KubeModel

/// Background list-then-watch loops that feed an `InformerCache` through an `Inbox`.
///
/// Each kind gets one task: list, post the list, then watch from the list's revision and post
/// each event. A watch that ends (or expires) is re-listed after a short pause. Metrics and
/// the simulation clock are polled. Cancel the returned tasks to stop.
public enum Informer {
  /// Starts every informer and poller; returns the tasks.
  public static func start(client: any ClusterClient, inbox: Inbox<InformerCache>) -> [Task<Void, Never>] {
    var tasks: [Task<Void, Never>] = []
    tasks.append(watch(Pod.self, client, inbox, replace: { $0.replacePods($1) }, apply: { $0.applyPod($1, $2) }))
    tasks.append(watch(Node.self, client, inbox, \.nodes))
    tasks.append(watch(Namespace.self, client, inbox, \.namespaces))
    tasks.append(watch(Deployment.self, client, inbox, \.deployments))
    tasks.append(watch(ReplicaSet.self, client, inbox, \.replicaSets))
    tasks.append(watch(DaemonSet.self, client, inbox, \.daemonSets))
    tasks.append(watch(StatefulSet.self, client, inbox, \.statefulSets))
    tasks.append(watch(Service.self, client, inbox, \.services))
    tasks.append(watch(Endpoints.self, client, inbox, \.endpoints))
    tasks.append(watch(Event.self, client, inbox, \.events))
    tasks.append(watch(Job.self, client, inbox, \.jobs))
    tasks.append(watch(CronJob.self, client, inbox, \.cronJobs))
    tasks.append(watch(HorizontalPodAutoscaler.self, client, inbox, \.autoscalers))
    tasks.append(watch(PodDisruptionBudget.self, client, inbox, \.budgets))
    tasks.append(watch(PriorityClass.self, client, inbox, \.priorityClasses))
    tasks.append(watch(ConfigMap.self, client, inbox, \.configMaps))
    tasks.append(watch(Secret.self, client, inbox, \.secrets))
    tasks.append(watch(PersistentVolumeClaim.self, client, inbox, \.claims))
    tasks.append(watch(PersistentVolume.self, client, inbox, \.volumes))
    tasks.append(watch(StorageClass.self, client, inbox, \.storageClasses))
    tasks.append(pollMetrics(client, inbox))
    return tasks
  }

  private static func watch<T: KubeObject>(
    _ type: T.Type, _ client: any ClusterClient, _ inbox: Inbox<InformerCache>,
    _ store: ReferenceWritableKeyPath<InformerCache, ObjectStore<T>>
  ) -> Task<Void, Never> {
    nonisolated(unsafe) let path = store
    return watch(
      type, client, inbox,
      replace: { cache, items in cache[keyPath: path].replace(with: items, tick: cache.tick) },
      apply: { cache, kind, object in cache[keyPath: path].apply(kind, object, tick: cache.tick) })
  }

  private static func watch<T: KubeObject>(
    _ type: T.Type, _ client: any ClusterClient, _ inbox: Inbox<InformerCache>,
    replace: @escaping @Sendable (InformerCache, [T]) -> Void,
    apply: @escaping @Sendable (InformerCache, WatchEventType, T) -> Void
  ) -> Task<Void, Never> {
    Task.detached {
      while !Task.isCancelled {
        do {
          let list = try await client.list(type, namespace: nil, options: ListOptions())
          let items = list.items
          inbox.post { replace($0, items) }
          let options = ListOptions(resourceVersion: list.metadata.resourceVersion)
          for try await event in client.watch(type, namespace: nil, options: options) {
            if Task.isCancelled { return }
            inbox.post { apply($0, event.type, event.object) }
          }
        } catch {
          // A kind the cluster does not serve, or an expired watch: list again later.
        }
        try? await Task.sleep(for: .seconds(1))
      }
    }
  }

  private static func pollMetrics(_ client: any ClusterClient, _ inbox: Inbox<InformerCache>) -> Task<Void, Never> {
    Task.detached {
      while !Task.isCancelled {
        if let nodes = try? await client.nodeMetrics() {
          let usage = Dictionary(nodes.map { ($0.name, ResourceTotals.usage($0.usage)) }, uniquingKeysWith: { a, _ in a })
          inbox.post { $0.nodeUsage = usage }
        }
        if let pods = try? await client.podMetrics(namespace: nil) {
          var usage: [String: ResourceTotals] = [:]
          for pod in pods {
            var total = ResourceTotals()
            for container in pod.containers ?? [] { total.add(ResourceTotals.usage(container.usage)) }
            usage[pod.qualifiedName] = total
          }
          let snapshot = usage
          inbox.post { $0.podUsage = snapshot }
        }
        try? await Task.sleep(for: .seconds(2))
      }
    }
  }
}
