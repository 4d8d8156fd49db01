import ClusterEngine
import Dashboard
import Foundation
import KubeAPI
import KubeModel
import Testing

/// The dashboard's describe pane against the real `kubectl describe`, object by object, on
/// the demo cluster after a service, a pod with environment, volumes and probes, a rolling
/// update, an autoscaler and a cordon: every node, pod, deployment, replica set, daemon set,
/// stateful set, job, cron job, autoscaler, disruption budget, priority class, namespace, service, endpoints, config map, secret,
/// claim, volume and storage class must read the same, line for line (a node's with its lease, which the
/// pane reads when it opens).
@Suite(
  .serialized,
  .enabled(if: KubectlHarness.kubectlPath != nil, "kubectl is not installed: the describe comparison is skipped"))
struct DescribeMatchesKubectlTests {
  static let detailedPod = """
    apiVersion: v1
    kind: ConfigMap
    metadata:
      name: site
    data:
      index.html: hello
      app.conf: |
        a=1
        b=2
    ---
    apiVersion: v1
    kind: Secret
    metadata: {name: creds}
    stringData: {user: admin, password: s3cret}
    ---
    apiVersion: batch/v1
    kind: Job
    metadata: {name: pi}
    spec:
      template:
        spec:
          restartPolicy: Never
          containers:
          - {name: pi, image: busybox, command: [sh, -c, "echo 3.14"]}
    ---
    apiVersion: batch/v1
    kind: CronJob
    metadata: {name: tick}
    spec:
      schedule: "*/5 * * * *"
      jobTemplate:
        spec:
          template:
            spec:
              restartPolicy: OnFailure
              containers:
              - {name: tick, image: busybox, command: [date]}
    ---
    apiVersion: apps/v1
    kind: StatefulSet
    metadata: {name: db}
    spec:
      serviceName: db
      replicas: 2
      selector: {matchLabels: {app: db}}
      template:
        metadata: {labels: {app: db}}
        spec:
          containers:
          - {name: redis, image: redis:7.2}
      volumeClaimTemplates:
      - metadata: {name: data, labels: {app: db}}
        spec:
          accessModes: [ReadWriteOnce]
          resources: {requests: {storage: 1Gi}}
    ---
    apiVersion: policy/v1
    kind: PodDisruptionBudget
    metadata: {name: web-budget}
    spec:
      minAvailable: 1
      selector: {matchLabels: {app: webserver}}
    ---
    apiVersion: policy/v1
    kind: PodDisruptionBudget
    metadata: {name: db-budget}
    spec:
      maxUnavailable: 50%
      selector: {matchLabels: {app: db}}
    ---
    apiVersion: scheduling.k8s.io/v1
    kind: PriorityClass
    metadata: {name: demo-high, annotations: {team: platform}}
    value: 1000
    description: for the preemption demo
    preemptionPolicy: Never
    ---
    apiVersion: v1
    kind: PersistentVolumeClaim
    metadata: {name: waiting}
    spec:
      accessModes: [ReadWriteOnce]
      resources: {requests: {storage: 2Gi}}
    ---
    apiVersion: v1
    kind: Pod
    metadata:
      name: detailed
      labels: {app: detailed, tier: web}
      annotations: {team: platform}
    spec:
      containers:
      - name: web
        image: nginx:1.25
        command: ["nginx", "-g", "daemon off;"]
        ports:
        - {containerPort: 80, name: http}
        - {containerPort: 443, name: https}
        env:
        - {name: MODE, value: demo}
        - name: POD_NAME
          valueFrom: {fieldRef: {fieldPath: metadata.name}}
        - name: GREETING
          valueFrom: {configMapKeyRef: {name: site, key: index.html}}
        - name: CPU_LIMIT
          valueFrom: {resourceFieldRef: {resource: limits.cpu}}
        - name: MEMORY_REQUEST_MI
          valueFrom: {resourceFieldRef: {resource: requests.memory, divisor: 1Mi}}
        - name: STORAGE_LIMIT
          valueFrom: {resourceFieldRef: {resource: limits.memory, containerName: web}}
        resources:
          requests: {cpu: 250m, memory: 64Mi}
          limits: {cpu: 500m, memory: 128Mi}
        livenessProbe:
          exec: {command: [cat, /etc/hostname]}
          periodSeconds: 5
        readinessProbe:
          tcpSocket: {port: 80}
        volumeMounts:
        - {name: pages, mountPath: /usr/share/nginx/html, readOnly: true}
        - {name: scratch, mountPath: /tmp}
      volumes:
      - name: pages
        configMap: {name: site}
      - name: scratch
        emptyDir: {}
      nodeSelector: {gpu: "true"}
      tolerations:
      - {key: gpu, operator: Equal, value: "true", effect: NoSchedule}
    """

  @Test func theDashboardDescribesAsKubectlDoes() async throws {
    try await KubectlAcceptanceTests.withDemo(settle: 40) { cluster, kubectl in
      let manifest = try await kubectl.run(["apply", "-f", "-"], stdin: Self.detailedPod)
      KubectlAcceptanceTests.ok(manifest, "apply")
      KubectlAcceptanceTests.ok(try await kubectl.run(["expose", "deployment", "webserver", "--port=80"]), "expose")
      KubectlAcceptanceTests.ok(try await kubectl.run(["set", "image", "deployment/webserver", "nginx=nginx:1.16"]), "set image")
      KubectlAcceptanceTests.ok(try await kubectl.run(["cordon", "worker-3"]), "cordon")
      let autoscale = ["autoscale", "deployment", "webserver", "--cpu-percent=50", "--min=1", "--max=5"]
      KubectlAcceptanceTests.ok(try await kubectl.run(autoscale), "autoscale")
      cluster.step(by: 60)
      let cache = try await Self.cache(of: cluster)
      let objects: [(kind: String, object: any KubeObject)] =
        cache.nodes.all.map { ("node", $0) } + cache.pods.all.map { ("pod", $0) }
        + cache.deployments.all.map { ("deployment", $0) } + cache.services.all.map { ("service", $0) }
        + cache.replicaSets.all.map { ("replicaset", $0) } + cache.daemonSets.all.map { ("daemonset", $0) }
        + cache.statefulSets.all.map { ("statefulset", $0) } + cache.jobs.all.map { ("job", $0) }
        + cache.cronJobs.all.map { ("cronjob", $0) } + cache.configMaps.all.map { ("configmap", $0) }
        + cache.secrets.all.map { ("secret", $0) } + cache.autoscalers.all.map { ("hpa", $0) }
        + cache.claims.all.map { ("pvc", $0) } + cache.volumes.all.map { ("pv", $0) }
        + cache.storageClasses.all.map { ("storageclass", $0) } + cache.budgets.all.map { ("pdb", $0) }
        + cache.priorityClasses.all.map { ("priorityclass", $0) } + cache.endpoints.all.map { ("endpoints", $0) }
        + cache.namespaces.all.map { ("namespace", $0) }
        // Kinds without a describer of their own in kubectl: its generic one.
        + cache.events.all.filter { $0.involvedObject.kind == "Pod" || $0.involvedObject.kind == "Node" }.prefix(6).map { ("event", $0) }
        + (try await cluster.list(Lease.self, namespace: nil, options: ListOptions()).items.prefix(2).map { ("lease", $0) })
      for (kind, object) in objects { try await Self.compare(object, kind, cache: cache, cluster: cluster, kubectl: kubectl) }
      #expect(objects.count > 25)
      #expect(objects.filter { $0.kind == "event" }.count == 6 && objects.filter { $0.kind == "lease" }.count == 2)
    }
  }

  /// kubectl's describe of `object` beside the dashboard's; the first differing line fails.
  static func compare(
    _ object: any KubeObject, _ kind: String, cache: InformerCache, cluster: EmbeddedCluster, kubectl: KubectlHarness,
    sourceLocation: SourceLocation = #_sourceLocation
  ) async throws {
    var arguments = ["describe", kind, object.name]
    if type(of: object).resource.namespaced { arguments += ["-n", object.namespace] }
    let result = try await kubectl.run(arguments, environment: ["TZ": "UTC"])
    KubectlAcceptanceTests.ok(result, arguments.joined(separator: " "), sourceLocation: sourceLocation)
    // Ages count from kubectl's clock: the dashboard's are read at the same moment.
    let now = Time(seconds: Int64(Date().timeIntervalSince1970))
    var expected = result.1.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    if expected.last == "" { expected.removeLast() }
    let lease = object is Node ? try await cluster.get(Lease.self, namespace: "kube-node-lease", name: object.name) : nil
    var actual = Describer.describe(object, cache: cache, now: now, lease: lease)
    if object is ConfigMap || object is Secret {
      // kubectl prints a config map's and a secret's keys in Go's map order, which changes
      // from run to run (the dashboard sorts them): the lines are compared as sets.
      expected.sort()
      actual.sort()
    }
    let first = zip(expected, actual).enumerated().first { $0.element.0 != $0.element.1 }?.offset
    let differs = first != nil || expected.count != actual.count
    let at = first ?? min(expected.count, actual.count)
    #expect(
      !differs,
      """
      \(kind) \(object.name): line \(at + 1) differs
        kubectl:   \(at < expected.count ? "\"\(expected[at])\"" : "(ends)")
        dashboard: \(at < actual.count ? "\"\(actual[at])\"" : "(ends)")
      """, sourceLocation: sourceLocation)
  }

  /// The dashboard's cache holding what the cluster holds now.
  static func cache(of cluster: EmbeddedCluster) async throws -> InformerCache {
    let cache = InformerCache()
    func all<T: KubeObject>(_ type: T.Type) async throws -> [T] {
      try await cluster.list(type, namespace: nil, options: ListOptions()).items
    }
    cache.load(nodes: try await all(Node.self), pods: try await all(Pod.self))
    _ = cache.deployments.replace(with: try await all(Deployment.self), tick: 0)
    _ = cache.replicaSets.replace(with: try await all(ReplicaSet.self), tick: 0)
    _ = cache.daemonSets.replace(with: try await all(DaemonSet.self), tick: 0)
    _ = cache.statefulSets.replace(with: try await all(StatefulSet.self), tick: 0)
    _ = cache.jobs.replace(with: try await all(Job.self), tick: 0)
    _ = cache.cronJobs.replace(with: try await all(CronJob.self), tick: 0)
    _ = cache.budgets.replace(with: try await all(PodDisruptionBudget.self), tick: 0)
    _ = cache.priorityClasses.replace(with: try await all(PriorityClass.self), tick: 0)
    _ = cache.endpoints.replace(with: try await all(Endpoints.self), tick: 0)
    _ = cache.namespaces.replace(with: try await all(Namespace.self), tick: 0)
    _ = cache.configMaps.replace(with: try await all(ConfigMap.self), tick: 0)
    _ = cache.secrets.replace(with: try await all(Secret.self), tick: 0)
    _ = cache.autoscalers.replace(with: try await all(HorizontalPodAutoscaler.self), tick: 0)
    _ = cache.claims.replace(with: try await all(PersistentVolumeClaim.self), tick: 0)
    _ = cache.volumes.replace(with: try await all(PersistentVolume.self), tick: 0)
    _ = cache.storageClasses.replace(with: try await all(StorageClass.self), tick: 0)
    _ = cache.services.replace(with: try await all(Service.self), tick: 0)
    _ = cache.endpoints.replace(with: try await all(Endpoints.self), tick: 0)
    _ = cache.events.replace(with: try await all(Event.self), tick: 0)
    return cache
  }
}
