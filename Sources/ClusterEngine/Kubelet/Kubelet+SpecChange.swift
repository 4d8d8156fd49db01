import KubeModel

/// A running pod's spec may change in one way only: a container's image (`kubectl edit
/// pod`, `kubectl set image pod/…`). The kubelet sees the container's definition hash
/// change, kills the container with `Container NAME definition changed, will be
/// restarted` and starts it again from the new image, whatever the restart policy; its
/// RESTARTS count goes up by one. A container still waiting, pulling or backing off simply
/// uses the new image at its next start, at once (the back-off was for the old definition).
extension Kubelet {
  /// Applies image changes of `pod`'s app containers to its runtime; true if any changed.
  @discardableResult
  func applySpecChanges(_ runtime: PodRuntime, pod: Pod) -> Bool {
    // Validation keeps the container list as it was but for images, so each runtime's
    // place in the pod's list is still its place: one image comparison per container.
    let specs = pod.spec?.containers ?? []
    var changed = false
    for index in runtime.containers.indices {
      let position = runtime.containers[index].specIndex
      guard position < specs.count, specs[position].image != runtime.containers[index].spec.image else { continue }
      changed = true
      redefine(&runtime.containers[index], as: specs, position, in: runtime)
    }
    return changed
  }

  private func redefine(_ container: inout ContainerRuntime, as specs: [Container], _ position: Int, in runtime: PodRuntime) {
    let oldProfile = container.profile
    let spec = specs[position]
    container.specs = specs
    container.specIndex = position
    container.shape = shapes.shape(of: spec, seed: cluster.configuration.seed)
    container.imagePresent = false
    container.pullAttempts = 0
    container.pullBackoff = nil
    container.crashBackoff = nil
    container.pullBackOffAnnounced = false
    container.crashBackOffAnnounced = false
    switch container.stage {
    case .running(var instance):
      guard !instance.stopping else {
        instance.replaced = true
        container.stage = .running(instance)
        return
      }
      event(runtime, container: container.name, "Killing", "Container \(container.name) definition changed, will be restarted")
      stop(&instance, profile: oldProfile, grace: runtime.gracePeriod, at: now)
      instance.replaced = true
      container.stage = .running(instance)
    case .pulling, .pullFailed, .configFailed:
      container.stage = .waiting
    case .exited(let restartAt, _):
      if restartAt != nil { container.stage = .exited(restartAt: now, backOffAt: nil) }
    case .waiting:
      break
    }
  }
}
