import Foundation
import KubeModel

/// Fills in what the API server defaults on create and update, as upstream's defaulting
/// functions and admission plugins (DefaultTolerationSeconds) do.
public protocol APIDefaulting {
  /// Applies the API's defaults in place.
  mutating func applyDefaults()
}

extension Pod: APIDefaulting {
  public mutating func applyDefaults() {
    var spec = self.spec ?? PodSpec()
    spec.applyDefaults()
    spec.applyPodOnlyDefaults()
    spec.addDefaultTolerations()
    self.spec = spec
    var status = self.status ?? PodStatus()
    if status.phase == nil { status.phase = "Pending" }
    if status.qosClass == nil { status.qosClass = spec.qosClass }
    self.status = status
  }
}

extension PodSpec {
  /// Pod spec defaults (`SetDefaults_PodSpec`), also applied to every workload's pod template.
  public mutating func applyDefaults() {
    if restartPolicy == nil { restartPolicy = "Always" }
    if terminationGracePeriodSeconds == nil { terminationGracePeriodSeconds = 30 }
    if dnsPolicy == nil { dnsPolicy = "ClusterFirst" }
    if schedulerName == nil { schedulerName = "default-scheduler" }
    if securityContext == nil { securityContext = .emptyObject }
    // Pods from a template that was defaulted already keep sharing its arrays.
    if containers?.contains(where: \.needsDefaults) == true { containers = containers?.map { $0.withDefaults() } }
    if initContainers?.contains(where: \.needsDefaults) == true {
      initContainers = initContainers?.map { $0.withDefaults() }
    }
  }

  /// What pods get and templates do not: the service account admission plugin's fields,
  /// `SetDefaults_Pod`'s service links, and requests taken from limits. (The priority
  /// admission plugin's fields are the API server's: they read the stored classes.)
  mutating func applyPodOnlyDefaults() {
    if serviceAccountName == nil { serviceAccountName = "default" }
    if serviceAccount == nil { serviceAccount = serviceAccountName }
    if enableServiceLinks == nil { enableServiceLinks = true }
    if containers?.contains(where: \.lacksRequestsForLimits) == true {
      containers = containers?.map { $0.withRequestsFromLimits() }
    }
    if initContainers?.contains(where: \.lacksRequestsForLimits) == true {
      initContainers = initContainers?.map { $0.withRequestsFromLimits() }
    }
  }

  /// The DefaultTolerationSeconds admission plugin: pods (not templates) tolerate
  /// not-ready and unreachable nodes for 300 s unless they say otherwise.
  mutating func addDefaultTolerations() {
    guard let existing = self.tolerations else {
      // The common case: every such pod shares one array.
      self.tolerations = defaultTolerations
      return
    }
    var tolerations = existing
    for key in ["node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"]
    where !tolerations.contains(where: { ($0.key == key || $0.key == nil) && ($0.effect == "NoExecute" || $0.effect == nil) }) {
      tolerations.append(Toleration(key: key, operator: "Exists", effect: "NoExecute", tolerationSeconds: 300))
    }
    self.tolerations = tolerations
  }

  /// `Guaranteed`, `Burstable` or `BestEffort`, as the API computes it from requests and limits.
  public var qosClass: String {
    let all = (containers ?? []) + (initContainers ?? [])
    var anyRequestOrLimit = false
    var guaranteed = true
    for container in all {
      let requests = container.resources?.requests ?? [:]
      let limits = container.resources?.limits ?? [:]
      for name in ["cpu", "memory"] {
        let request = requests[name]
        let limit = limits[name]
        if (request.map { !$0.isZero } ?? false) || (limit.map { !$0.isZero } ?? false) { anyRequestOrLimit = true }
        guard let limit, !limit.isZero else {
          guaranteed = false
          continue
        }
        if let request, request != limit { guaranteed = false }
      }
    }
    if !anyRequestOrLimit { return "BestEffort" }
    return guaranteed ? "Guaranteed" : "Burstable"
  }
}

/// What `addDefaultTolerations` gives a pod that lists no tolerations.
private let defaultTolerations = ["node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"].map {
  Toleration(key: $0, operator: "Exists", effect: "NoExecute", tolerationSeconds: 300)
}

extension Container {
  /// Whether `withDefaults()` would change anything.
  var needsDefaults: Bool {
    if terminationMessagePath == nil || terminationMessagePolicy == nil || imagePullPolicy == nil || resources == nil {
      return true
    }
    if livenessProbe?.needsDefaults == true || readinessProbe?.needsDefaults == true || startupProbe?.needsDefaults == true {
      return true
    }
    return ports?.contains(where: { $0.protocol == nil }) == true
  }

  /// The container with API defaults filled in.
  func withDefaults() -> Container {
    var container = self
    if container.terminationMessagePath == nil { container.terminationMessagePath = "/dev/termination-log" }
    if container.terminationMessagePolicy == nil { container.terminationMessagePolicy = "File" }
    if container.imagePullPolicy == nil {
      let image = container.image ?? ""
      let tag = image.split(separator: "/").last.flatMap { $0.split(separator: ":", maxSplits: 1).dropFirst().first }
      container.imagePullPolicy = (tag == nil || tag == "latest") && !image.contains("@") ? "Always" : "IfNotPresent"
    }
    container.ports = container.ports?.map {
      var port = $0
      if port.protocol == nil { port.protocol = "TCP" }
      return port
    }
    if container.resources == nil { container.resources = ResourceRequirements() }
    container.livenessProbe = container.livenessProbe?.withDefaults()
    container.readinessProbe = container.readinessProbe?.withDefaults()
    container.startupProbe = container.startupProbe?.withDefaults()
    return container
  }

  /// Whether a limit has no request beside it.
  var lacksRequestsForLimits: Bool {
    resources?.limits?.keys.contains { resources?.requests?[$0] == nil } ?? false
  }

  /// Limits without requests: the request defaults to the limit (pods only).
  func withRequestsFromLimits() -> Container {
    var container = self
    guard let limits = container.resources?.limits else { return container }
    var requests = container.resources?.requests ?? [:]
    for (name, limit) in limits where requests[name] == nil { requests[name] = limit }
    if !requests.isEmpty { container.resources?.requests = requests }
    return container
  }
}

extension Probe {
  /// Whether `withDefaults()` would change anything.
  var needsDefaults: Bool {
    timeoutSeconds == nil || periodSeconds == nil || successThreshold == nil || failureThreshold == nil
      || (httpGet.map { $0.path == nil || $0.scheme == nil } ?? false)
  }

  /// `SetDefaults_Probe` and `SetDefaults_HTTPGetAction`: a 1 s timeout, every 10 s, one
  /// success and three failures in a row; an HTTP GET of `/`.
  func withDefaults() -> Probe {
    var probe = self
    if (probe.timeoutSeconds ?? 0) == 0 { probe.timeoutSeconds = 1 }
    if (probe.periodSeconds ?? 0) == 0 { probe.periodSeconds = 10 }
    if (probe.successThreshold ?? 0) == 0 { probe.successThreshold = 1 }
    if (probe.failureThreshold ?? 0) == 0 { probe.failureThreshold = 3 }
    if var action = probe.httpGet {
      if (action.path ?? "").isEmpty { action.path = "/" }
      if (action.scheme ?? "").isEmpty { action.scheme = "HTTP" }
      probe.httpGet = action
    }
    return probe
  }
}

extension PodTemplateSpec {
  mutating func applyDefaults() {
    var spec = self.spec ?? PodSpec()
    spec.applyDefaults()
    self.spec = spec
    if metadata == nil { metadata = ObjectMeta() }
  }
}

extension Deployment: APIDefaulting {
  public mutating func applyDefaults() {
    var spec = self.spec ?? DeploymentSpec()
    if spec.replicas == nil { spec.replicas = 1 }
    var strategy = spec.strategy ?? DeploymentStrategy()
    if strategy.type == nil { strategy.type = "RollingUpdate" }
    if strategy.type == "RollingUpdate" {
      var rolling = strategy.rollingUpdate ?? RollingUpdateDeployment()
      if rolling.maxSurge == nil { rolling.maxSurge = .string("25%") }
      if rolling.maxUnavailable == nil { rolling.maxUnavailable = .string("25%") }
      strategy.rollingUpdate = rolling
    }
    spec.strategy = strategy
    if spec.revisionHistoryLimit == nil { spec.revisionHistoryLimit = 10 }
    if spec.progressDeadlineSeconds == nil { spec.progressDeadlineSeconds = 600 }
    var template = spec.template ?? PodTemplateSpec()
    template.applyDefaults()
    spec.template = template
    self.spec = spec
  }
}

extension ReplicaSet: APIDefaulting {
  public mutating func applyDefaults() {
    var spec = self.spec ?? ReplicaSetSpec()
    if spec.replicas == nil { spec.replicas = 1 }
    var template = spec.template ?? PodTemplateSpec()
    template.applyDefaults()
    spec.template = template
    self.spec = spec
  }
}

extension DaemonSet: APIDefaulting {
  public mutating func applyDefaults() {
    var spec = self.spec ?? DaemonSetSpec()
    var strategy = spec.updateStrategy ?? DaemonSetUpdateStrategy()
    if strategy.type == nil { strategy.type = "RollingUpdate" }
    if strategy.type == "RollingUpdate", strategy.rollingUpdate == nil {
      strategy.rollingUpdate = RollingUpdateDeployment(maxUnavailable: .int(1), maxSurge: .int(0))
    }
    spec.updateStrategy = strategy
    if spec.revisionHistoryLimit == nil { spec.revisionHistoryLimit = 10 }
    var template = spec.template ?? PodTemplateSpec()
    template.applyDefaults()
    spec.template = template
    self.spec = spec
  }
}

extension StatefulSet: APIDefaulting {
  public mutating func applyDefaults() {
    var spec = self.spec ?? StatefulSetSpec()
    if spec.replicas == nil { spec.replicas = 1 }
    if spec.podManagementPolicy == nil { spec.podManagementPolicy = "OrderedReady" }
    if spec.revisionHistoryLimit == nil { spec.revisionHistoryLimit = 10 }
    var strategy = spec.updateStrategy ?? StatefulSetUpdateStrategy()
    if strategy.type == nil { strategy.type = "RollingUpdate" }
    if strategy.type == "RollingUpdate" {
      var rolling = strategy.rollingUpdate ?? RollingUpdateStatefulSet()
      if rolling.partition == nil { rolling.partition = 0 }
      strategy.rollingUpdate = rolling
    }
    spec.updateStrategy = strategy
    if spec.persistentVolumeClaimRetentionPolicy == nil {
      spec.persistentVolumeClaimRetentionPolicy = .object(["whenDeleted": .string("Retain"), "whenScaled": .string("Retain")])
    }
    var template = spec.template ?? PodTemplateSpec()
    template.applyDefaults()
    spec.template = template
    self.spec = spec
  }
}

extension Job: APIDefaulting {
  public mutating func applyDefaults() {
    var spec = self.spec ?? JobSpec()
    if spec.completions == nil && spec.parallelism == nil { spec.completions = 1 }
    if spec.parallelism == nil { spec.parallelism = 1 }
    if spec.backoffLimit == nil { spec.backoffLimit = 6 }
    if spec.completionMode == nil { spec.completionMode = "NonIndexed" }
    if spec.suspend == nil { spec.suspend = false }
    // Failed pods are replaced once they are gone, unless a pod failure policy says otherwise.
    if spec.podReplacementPolicy == nil { spec.podReplacementPolicy = spec.podFailurePolicy == nil ? "TerminatingOrFailed" : "Failed" }
    var template = spec.template ?? PodTemplateSpec()
    template.applyDefaults()
    if template.spec?.restartPolicy == "Always" { template.spec?.restartPolicy = nil }
    spec.template = template
    self.spec = spec
  }
}

extension CronJob: APIDefaulting {
  public mutating func applyDefaults() {
    var spec = self.spec ?? CronJobSpec()
    if spec.concurrencyPolicy == nil { spec.concurrencyPolicy = "Allow" }
    if spec.suspend == nil { spec.suspend = false }
    if spec.successfulJobsHistoryLimit == nil { spec.successfulJobsHistoryLimit = 3 }
    if spec.failedJobsHistoryLimit == nil { spec.failedJobsHistoryLimit = 1 }
    // The job template's pod template takes the pod defaults, as any pod template does.
    if var template = spec.jobTemplate?.spec?.template {
      template.applyDefaults()
      spec.jobTemplate?.spec?.template = template
    }
    self.spec = spec
  }
}

extension Service: APIDefaulting {
  public mutating func applyDefaults() {
    var spec = self.spec ?? ServiceSpec()
    if spec.type == nil { spec.type = "ClusterIP" }
    if spec.sessionAffinity == nil { spec.sessionAffinity = "None" }
    if spec.sessionAffinity == "ClientIP", spec.sessionAffinityConfig == nil {
      spec.sessionAffinityConfig = .object(["clientIP": .object(["timeoutSeconds": .int(10_800)])])
    }
    if spec.type == "NodePort" || spec.type == "LoadBalancer", spec.externalTrafficPolicy == nil {
      spec.externalTrafficPolicy = "Cluster"
    }
    if spec.type == "LoadBalancer", spec.allocateLoadBalancerNodePorts == nil { spec.allocateLoadBalancerNodePorts = true }
    if spec.type != "ExternalName" {
      if spec.ipFamilies == nil { spec.ipFamilies = ["IPv4"] }
      if spec.ipFamilyPolicy == nil { spec.ipFamilyPolicy = "SingleStack" }
      if spec.internalTrafficPolicy == nil { spec.internalTrafficPolicy = "Cluster" }
    }
    spec.ports = spec.ports?.map {
      var port = $0
      if port.protocol == nil { port.protocol = "TCP" }
      if port.targetPort == nil, let number = port.port { port.targetPort = .int(Int(number)) }
      return port
    }
    self.spec = spec
    if status == nil { status = ServiceStatus() }
    if status?.loadBalancer == nil { status?.loadBalancer = LoadBalancerStatus() }
  }
}

extension Namespace: APIDefaulting {
  public mutating func applyDefaults() {
    if spec == nil { spec = NamespaceSpec() }
    if spec?.finalizers == nil { spec?.finalizers = ["kubernetes"] }
    if status?.phase == nil { status = NamespaceStatus(phase: "Active") }
    var labels = metadata.labels ?? [:]
    labels["kubernetes.io/metadata.name"] = metadata.name
    metadata.labels = labels
  }
}

extension HorizontalPodAutoscaler: APIDefaulting {
  public mutating func applyDefaults() {
    var spec = self.spec ?? HorizontalPodAutoscalerSpec()
    if spec.minReplicas == nil { spec.minReplicas = 1 }
    if spec.metrics == nil || spec.metrics?.isEmpty == true {
      spec.metrics = [.cpuUtilization(HorizontalPodAutoscaler.defaultCPUUtilization)]
    }
    self.spec = spec
  }
}

extension PersistentVolume: APIDefaulting {
  public mutating func applyDefaults() {
    if spec?.persistentVolumeReclaimPolicy == nil { spec?.persistentVolumeReclaimPolicy = "Retain" }
    if spec?.volumeMode == nil { spec?.volumeMode = "Filesystem" }
    if status?.phase == nil {
      var status = PersistentVolumeStatus()
      status.phase = "Pending"
      self.status = status
    }
  }
}

extension PersistentVolumeClaim: APIDefaulting {
  public mutating func applyDefaults() {
    if spec?.volumeMode == nil { spec?.volumeMode = "Filesystem" }
    if status?.phase == nil {
      var status = PersistentVolumeClaimStatus()
      status.phase = "Pending"
      self.status = status
    }
  }
}

extension Secret: APIDefaulting {
  public mutating func applyDefaults() {
    if type == nil { type = "Opaque" }
    // stringData is write-only: merged into data (base64) on write.
    if let stringData {
      var data = self.data ?? [:]
      for (key, value) in stringData { data[key] = Data(value.utf8).base64EncodedString() }
      self.data = data
      self.stringData = nil
    }
  }
}

extension PriorityClass: APIDefaulting {
  /// `SetDefaults_PriorityClass`: pods of a class preempt lower priorities unless it says `Never`.
  public mutating func applyDefaults() {
    if preemptionPolicy == nil { preemptionPolicy = "PreemptLowerPriority" }
  }
}
