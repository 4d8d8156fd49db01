import KubeModel

/// The ConfigMaps and Secrets a container needs before it can start. A missing one (or a
/// missing key) holds the container back as the kubelet does: an env reference gives
/// `CreateContainerConfigError` with the lookup's message, a volume leaves the pod in
/// `ContainerCreating` with `FailedMount` events. An environment is built again on the pod
/// worker's back-off (10 s); a volume on the volume manager's, which doubles from 0.5 s to
/// 2 min 2 s between failed attempts. Either way the container starts once the object appears.
extension Kubelet {
  /// The pod worker's back-off after a failed sync (`backOffPeriod`, 10 s).
  static let configRetryMicros: Int64 = 10_000_000
  /// The volume manager's first wait after a failed mount, doubled on each failure in a row
  /// (`initialDurationBeforeRetry`).
  static let mountRetryInitialMicros: Int64 = 500_000
  /// Its longest wait (`maxDurationBeforeRetry`, 2 min 2 s).
  static let mountRetryMaximumMicros: Int64 = 122_000_000

  /// The wait after the `failures`-th failed mount in a row.
  static func mountRetryMicros(afterFailures failures: Int32) -> Int64 {
    let doublings = max(Int(failures) - 1, 0)
    guard doublings < 16 else { return mountRetryMaximumMicros }
    return min(mountRetryInitialMicros << Int64(doublings), mountRetryMaximumMicros)
  }

  /// Checks the container's environment (`env`, `envFrom`) after its image is present;
  /// returns true, with the container waiting in CreateContainerConfigError, when it
  /// cannot be built.
  func blockedByConfig(_ container: inout ContainerRuntime, in runtime: PodRuntime) -> Bool {
    guard container.spec.envFrom?.isEmpty == false || container.spec.env?.contains(where: { $0.valueFrom != nil }) == true,
      let pod = cluster.store.get(Pod.self, runtime.key)
    else { return false }
    do throws(ConfigError) {
      container.startedEnvironment = try ContainerConfig.environment(pod: pod, container: container.spec, store: cluster.store)
      return false
    } catch {
      let message = error.description
      container.stage = .configFailed(reason: "CreateContainerConfigError", message: message, retryAt: now + Self.configRetryMicros)
      event(runtime, container: container.name, isInit: container.isInit, type: "Warning", "Failed", "Error: \(message)")
      return true
    }
  }

  /// Checks that the ConfigMap and Secret volumes the container mounts can be set up;
  /// returns true, with a `FailedMount` event, when one cannot.
  func blockedByMount(_ container: inout ContainerRuntime, in runtime: PodRuntime) -> Bool {
    guard let mounts = container.spec.volumeMounts, !mounts.isEmpty,
      let pod = cluster.store.get(Pod.self, runtime.key),
      let failure = mountFailure(pod: pod, mounted: Set(mounts.compactMap(\.name)))
    else {
      container.mountFailures = 0
      return false
    }
    container.mountFailures += 1
    let retry = Self.mountRetryMicros(afterFailures: container.mountFailures)
    container.stage = .configFailed(reason: nil, message: failure, retryAt: now + retry)
    event(runtime, container: nil, type: "Warning", "FailedMount", failure)
    return true
  }

  /// `MountVolume.SetUp failed for volume "config" : configmap "app-config" not found`, or
  /// nil when every ConfigMap and Secret volume in `mounted` can be set up.
  func mountFailure(pod: Pod, mounted: Set<String>) -> String? {
    let namespace = pod.metadata.namespace ?? "default"
    for volume in pod.spec?.volumes ?? [] {
      guard let name = volume.name, mounted.contains(name) else { continue }
      var problem: String?
      if let source = volume.configMap, let mapName = source.name, source.optional != true {
        if let map = cluster.store.get(ConfigMap.self, namespace: namespace, name: mapName) {
          let keys = Set((map.data ?? [:]).keys).union((map.binaryData ?? [:]).keys)
          if let missing = (source.items ?? []).compactMap(\.key).first(where: { !keys.contains($0) }) {
            problem = "configmap references non-existent config key: \(missing)"
          }
        } else {
          problem = ConfigError.configMapNotFound(name: mapName).description
        }
      } else if let source = volume.secret, let secretName = source.secretName, source.optional != true {
        if let secret = cluster.store.get(Secret.self, namespace: namespace, name: secretName) {
          let keys = Set(ContainerConfig.decoded(secret).keys)
          if let missing = (source.items ?? []).compactMap(\.key).first(where: { !keys.contains($0) }) {
            problem = "references non-existent secret key: \(missing)"
          }
        } else {
          problem = ConfigError.secretNotFound(name: secretName).description
        }
      }
      if let problem { return "MountVolume.SetUp failed for volume \"\(name)\" : \(problem)" }
    }
    return nil
  }
}
