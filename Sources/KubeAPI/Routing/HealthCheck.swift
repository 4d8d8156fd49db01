import KubeModel

/// kube-apiserver's health endpoints: `/healthz`, `/livez` and `/readyz`.
///
/// Healthy, each says `ok`, or with `?verbose` lists its checks (`[+]etcd ok`, …) and ends
/// `readyz check passed`. A failed check (etcd without quorum, in the simulated control
/// plane) turns the answer into that list, the check marked `[-]… failed: reason
/// withheld`, ending `… check failed`, with status 500, verbose or not.
enum HealthCheck {
  enum Endpoint: String {
    case healthz, livez, readyz
  }

  /// The checks of `endpoint` in the order kube-apiserver lists them.
  static func checks(_ endpoint: Endpoint) -> [String] {
    var checks = ["ping", "log", "etcd"]
    if endpoint == .readyz { checks += ["etcd-readiness", "informer-sync"] }
    checks += [
      "poststarthook/start-apiserver-admission-initializer", "poststarthook/generic-apiserver-start-informers",
      "poststarthook/priority-and-fairness-config-consumer", "poststarthook/priority-and-fairness-filter",
      "poststarthook/storage-object-count-tracker-hook", "poststarthook/start-apiextensions-informers",
      "poststarthook/start-apiextensions-controllers", "poststarthook/crd-informer-synced",
      "poststarthook/start-system-namespaces-controller", "poststarthook/start-cluster-authentication-info-controller",
      "poststarthook/start-kube-apiserver-identity-lease-controller",
      "poststarthook/start-kube-apiserver-identity-lease-garbage-collector",
      "poststarthook/start-legacy-token-tracking-controller", "poststarthook/start-service-ip-repair-controllers",
      "poststarthook/rbac/bootstrap-roles", "poststarthook/scheduling/bootstrap-system-priority-classes",
      "poststarthook/priority-and-fairness-config-producer", "poststarthook/bootstrap-controller",
      "poststarthook/start-kube-aggregator-informers", "poststarthook/apiservice-status-local-available-controller",
      "poststarthook/apiservice-status-remote-available-controller", "poststarthook/apiservice-registration-controller",
      "poststarthook/apiservice-discovery-controller", "poststarthook/kube-apiserver-autoregistration",
      "autoregister-completion", "poststarthook/apiservice-openapi-controller", "poststarthook/apiservice-openapiv3-controller",
    ]
    if endpoint == .readyz { checks.append("shutdown") }
    return checks
  }

  static func response(_ endpoint: Endpoint, verbose: Bool, etcdHealthy: Bool) -> HTTPResponse {
    let failing: Set<String> = etcdHealthy ? [] : ["etcd", "etcd-readiness"]
    guard verbose || !failing.isEmpty else { return .text("ok") }
    var lines = checks(endpoint).map { check in failing.contains(check) ? "[-]\(check) failed: reason withheld" : "[+]\(check) ok" }
    lines.append("\(endpoint.rawValue) check \(failing.isEmpty ? "passed" : "failed")")
    return .text(lines.joined(separator: "\n") + "\n", status: failing.isEmpty ? 200 : 500)
  }
}
