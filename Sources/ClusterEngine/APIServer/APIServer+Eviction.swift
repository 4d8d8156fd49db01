import KubeModel

/// The `pods/eviction` subresource (`policy/v1 Eviction`): deletes a pod unless that would
/// violate its PodDisruptionBudget, as upstream's `EvictionREST`.
extension APIServer {
  /// The most pods a budget may list as being disrupted before evictions are refused.
  static let maxDisruptedPods = 2000

  /// Evicts a pod. A budget without disruptions to spare refuses with 429 `Cannot evict pod
  /// as it would violate the pod's disruption budget.`; a pod covered by more than one
  /// budget is a 500. Finished, pending and terminating pods are deleted without a check.
  @discardableResult
  public func evict(namespace: String, pod name: String, deleteOptions: DeleteOptions? = nil) throws(Status) -> Status {
    let options = deleteOptions ?? DeleteOptions()
    let dryRun = options.dryRun?.contains("All") == true
    let pod = try get(Pod.self, namespace: namespace, name: name)
    let phase = pod.status?.phase
    if phase == "Succeeded" || phase == "Failed" || phase == "Pending" || pod.metadata.deletionTimestamp != nil {
      try deleteEvicted(pod, options: options, dryRun: dryRun)
      return .success()
    }
    let budgets = list(PodDisruptionBudget.self, namespace: namespace).filter { budget in
      guard let selector = budget.spec?.selector, let parsed = try? Selector(selector) else { return false }
      return parsed.matches(pod.metadata.labels)
    }
    if budgets.count > 1 {
      throw Status(
        message: "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.",
        code: 500)
    }
    if let budget = budgets.first {
      let status = budget.status ?? PodDisruptionBudgetStatus()
      let unhealthyMayGo =
        !pod.isReady
        && (budget.spec?.unhealthyPodEvictionPolicy == "AlwaysAllow"
          || ((status.currentHealthy ?? 0) >= (status.desiredHealthy ?? 0) && (status.desiredHealthy ?? 0) > 0))
      if !unhealthyMayGo { try checkAndDecrement(budget, pod: name, dryRun: dryRun) }
    }
    try deleteEvicted(pod, options: options, dryRun: dryRun)
    return .success()
  }

  /// Takes one disruption from the budget and records the pod as disrupted (`checkAndDecrement`).
  private func checkAndDecrement(_ budget: PodDisruptionBudget, pod: String, dryRun: Bool) throws(Status) {
    var status = budget.status ?? PodDisruptionBudgetStatus()
    let refusal = "Cannot evict pod as it would violate the pod's disruption budget."
    if (status.observedGeneration ?? 0) < (budget.metadata.generation ?? 0) {
      throw Self.budgetRefusal(
        refusal, cause: "The disruption budget \(budget.name) is still being processed by the server.", retryAfter: 10)
    }
    let allowed = status.disruptionsAllowed ?? 0
    if allowed < 0 {
      throw Status.forbidden(.poddisruptionbudgets, name: budget.name, "pdb disruptions allowed is negative")
    }
    if (status.disruptedPods?.count ?? 0) > Self.maxDisruptedPods {
      throw Status.forbidden(
        .poddisruptionbudgets, name: budget.name,
        "DisruptedPods map too big - too many evictions not confirmed by PDB controller")
    }
    if allowed == 0 {
      throw Self.budgetRefusal(
        refusal,
        cause: "The disruption budget \(budget.name) needs \(status.desiredHealthy ?? 0) healthy pods and has \(status.currentHealthy ?? 0) currently",
        retryAfter: 0)
    }
    status.disruptionsAllowed = allowed - 1
    if status.disruptionsAllowed == 0 { DisruptionController.updateDisruptionAllowedCondition(&status, now: cluster.clock.now) }
    if dryRun { return }
    var disrupted = status.disruptedPods ?? [:]
    disrupted[pod] = cluster.clock.now
    status.disruptedPods = disrupted
    var updated = budget
    updated.status = status
    try updateStatus(updated)
  }

  private static func budgetRefusal(_ message: String, cause: String, retryAfter: Int) -> Status {
    Status(
      message: message, reason: .tooManyRequests,
      details: StatusDetails(causes: [StatusCause(reason: "DisruptionBudget", message: cause)], retryAfterSeconds: retryAfter),
      code: 429)
  }

  /// Marks the pod with the DisruptionTarget condition, then deletes it (`addConditionAndDeletePod`).
  private func deleteEvicted(_ pod: Pod, options: DeleteOptions, dryRun: Bool) throws(Status) {
    if dryRun { return }
    if pod.metadata.deletionTimestamp == nil,
      let marked = PodChecks.markedForDisruption(
        pod, reason: "EvictionByEvictionAPI", message: "Eviction API: evicting", at: cluster.clock.now)
    {
      try updateStatus(marked)
    }
    try delete(Pod.self, namespace: pod.namespace, name: pod.name, options: options)
  }
}
