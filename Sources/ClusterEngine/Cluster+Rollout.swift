import KubeModel

/// `kubectl rollout` and `kubectl scale` on the embedded cluster, with kubectl's messages.
/// They change objects through the API server; the controllers do the rest as time runs.
extension Cluster {
  /// `kubectl rollout restart`: stamps `kubectl.kubernetes.io/restartedAt` on the pod template.
  @discardableResult
  public func rolloutRestart(namespace: String, name: String) throws(Status) -> String {
    let deployment = try api.get(Deployment.self, namespace: namespace, name: name)
    if deployment.spec?.paused == true {
      throw Status.badRequest(
        "deployments.apps \"\(name)\" can't restart paused deployment (run rollout resume first)")
    }
    let stamp = clock.now.description
    try api.modify(Deployment.self, namespace: namespace, name: name) { object in
      var metadata = object.spec?.template?.metadata ?? ObjectMeta()
      metadata.annotations = (metadata.annotations ?? [:]).merging(["kubectl.kubernetes.io/restartedAt": stamp]) { $1 }
      object.spec?.template?.metadata = metadata
    }
    return "deployment.apps/\(name) restarted"
  }

  /// `kubectl rollout pause`.
  @discardableResult
  public func rolloutPause(namespace: String, name: String) throws(Status) -> String {
    try setPaused(true, namespace: namespace, name: name)
  }

  /// `kubectl rollout resume`.
  @discardableResult
  public func rolloutResume(namespace: String, name: String) throws(Status) -> String {
    try setPaused(false, namespace: namespace, name: name)
  }

  private func setPaused(_ paused: Bool, namespace: String, name: String) throws(Status) -> String {
    let deployment = try api.get(Deployment.self, namespace: namespace, name: name)
    if (deployment.spec?.paused == true) == paused {
      throw Status.badRequest("deployments.apps \"\(name)\" \(paused ? "is already paused" : "is not paused")")
    }
    try api.modify(Deployment.self, namespace: namespace, name: name) { $0.spec?.paused = paused ? true : nil }
    return "deployment.apps/\(name) \(paused ? "paused" : "resumed")"
  }

  /// `kubectl rollout history`: every revision of the Deployment's ReplicaSets and its
  /// change cause, oldest first.
  public func rolloutHistory(namespace: String, name: String) throws(Status) -> [(revision: Int, changeCause: String?)] {
    let deployment = try api.get(Deployment.self, namespace: namespace, name: name)
    var causes: [Int: String?] = [:]
    for set in ownedReplicaSets(deployment) {
      guard let revision = DeploymentUtil.revision(set) else { continue }
      causes[Int(revision)] = set.metadata.annotations?[DeploymentUtil.changeCauseAnnotation]
    }
    return causes.keys.sorted().map { (revision: $0, changeCause: causes[$0] ?? nil) }
  }

  /// `kubectl rollout undo [--to-revision=N]`: copies that revision's template (the
  /// previous one when `toRevision` is 0) back into the Deployment.
  @discardableResult
  public func rolloutUndo(namespace: String, name: String, toRevision: Int = 0) throws(Status) -> String {
    let deployment = try api.get(Deployment.self, namespace: namespace, name: name)
    if deployment.spec?.paused == true {
      throw Status.badRequest(
        "you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again")
    }
    let target = try replicaSet(of: deployment, revision: Int64(toRevision))
    if DeploymentUtil.equalIgnoringHash(target.spec?.template, deployment.spec?.template) {
      return "deployment.apps/\(name) skipped rollback (current template already matches revision \(toRevision))"
    }
    var template = target.spec?.template ?? PodTemplateSpec()
    var labels = template.metadata?.labels ?? [:]
    labels[podTemplateHashLabel] = nil
    template.metadata?.labels = labels.isEmpty ? nil : labels
    var annotations: [String: String] = [:]
    for (key, value) in deployment.metadata.annotations ?? [:] where DeploymentUtil.skippedAnnotations.contains(key) {
      annotations[key] = value
    }
    for (key, value) in target.metadata.annotations ?? [:] where !DeploymentUtil.skippedAnnotations.contains(key) {
      annotations[key] = value
    }
    try api.modify(Deployment.self, namespace: namespace, name: name) { object in
      object.spec?.template = template
      object.metadata.annotations = annotations.isEmpty ? nil : annotations
    }
    return "deployment.apps/\(name) rolled back"
  }

  /// `kubectl rollout status`: one line of where the rollout stands; a rollout past its
  /// progress deadline is an error.
  public func rolloutStatus(namespace: String, name: String) throws(Status) -> String {
    let deployment = try api.get(Deployment.self, namespace: namespace, name: name)
    let status = deployment.status
    guard (deployment.metadata.generation ?? 0) <= (status?.observedGeneration ?? 0) else {
      return "Waiting for deployment spec update to be observed..."
    }
    if DeploymentUtil.condition(status, "Progressing")?.reason == DeploymentUtil.timedOutReason {
      throw Status.badRequest("deployment \"\(name)\" exceeded its progress deadline")
    }
    let desired = deployment.spec?.replicas ?? 1
    let updated = status?.updatedReplicas ?? 0
    let replicas = status?.replicas ?? 0
    let available = status?.availableReplicas ?? 0
    if updated < desired {
      return "Waiting for deployment \"\(name)\" rollout to finish: \(updated) out of \(desired) new replicas have been updated..."
    }
    if replicas > updated {
      return "Waiting for deployment \"\(name)\" rollout to finish: \(replicas - updated) old replicas are pending termination..."
    }
    if available < updated {
      return "Waiting for deployment \"\(name)\" rollout to finish: \(available) of \(updated) updated replicas are available..."
    }
    return "deployment \"\(name)\" successfully rolled out"
  }

  /// `kubectl scale`: sets the replicas of a Deployment, ReplicaSet or StatefulSet.
  @discardableResult
  public func scale(_ resource: ResourceType, namespace: String, name: String, replicas: Int32) throws(Status) -> String {
    try api.setScale(resource, namespace: namespace, name: name, replicas: replicas)
    return "\(resource.singular)\(resource.group.isEmpty ? "" : ".\(resource.group)")/\(name) scaled"
  }

  private func ownedReplicaSets(_ deployment: Deployment) -> [ReplicaSet] {
    api.list(ReplicaSet.self, namespace: deployment.namespace).filter {
      $0.metadata.controllerRef?.uid == deployment.metadata.uid
    }
  }

  /// The ReplicaSet of `revision`, or of the previous revision when it is 0 (kubectl's
  /// `deploymentRevision`).
  private func replicaSet(of deployment: Deployment, revision: Int64) throws(Status) -> ReplicaSet {
    var latest: (Int64, ReplicaSet)?
    var previous: (Int64, ReplicaSet)?
    for set in ownedReplicaSets(deployment) {
      guard let version = DeploymentUtil.revision(set) else { continue }
      if revision > 0 {
        if version == revision { return set }
        continue
      }
      if version > (latest?.0 ?? -1) {
        previous = latest
        latest = (version, set)
      } else if version > (previous?.0 ?? -1) {
        previous = (version, set)
      }
    }
    if revision > 0 { throw Status.badRequest("unable to find specified revision \(revision) in history") }
    guard let previous else {
      throw Status.badRequest("no rollout history found for deployment \"\(deployment.name)\"")
    }
    return previous.1
  }
}
