import KubeModel

/// Graceful termination: a pod with `deletionTimestamp` has its containers stopped
/// (SIGTERM, then SIGKILL when the grace period ends), and once they have exited the
/// kubelet finishes the deletion with a zero grace period.
extension Kubelet {
  func beginTermination(_ runtime: PodRuntime, pod: Pod) {
    let grace = pod.metadata.deletionGracePeriodSeconds ?? runtime.gracePeriod
    var until = now
    func stopAll(_ containers: inout [ContainerRuntime]) {
      for index in containers.indices {
        switch containers[index].stage {
        case .running(var instance):
          event(runtime, container: containers[index].name, isInit: containers[index].isInit, "Killing",
            "Stopping container \(containers[index].name)")
          stop(&instance, profile: containers[index].profile, grace: grace, at: now)
          containers[index].stage = .running(instance)
          until = max(until, instance.exitAt ?? now)
        case .exited(let restartAt, _) where restartAt != nil:
          containers[index].stage = .exited(restartAt: nil, backOffAt: nil)
        case .pulling, .pullFailed, .configFailed:
          containers[index].stage = .waiting
        default:
          break
        }
      }
    }
    stopAll(&runtime.initContainers)
    stopAll(&runtime.containers)
    runtime.terminatingUntil = until
  }

  /// Removes the pod object now that its containers are gone.
  func finishDeletion(_ pod: Pod) {
    guard cluster.store.get(Pod.self, namespace: pod.namespace, name: pod.name)?.metadata.uid == pod.metadata.uid else { return }
    _ = try? cluster.api.delete(Pod.self, namespace: pod.namespace, name: pod.name, options: DeleteOptions(gracePeriodSeconds: 0))
  }
}
